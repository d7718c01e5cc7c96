"""Text from members, cleaned once at the boundary, for every front end.

Control characters mean nothing in chat, and some break storage: PostgreSQL refuses U+0000 in
text (SQLite stores it, and such a file then cannot be copied to PostgreSQL), and a lone
surrogate cannot be encoded at all. ``clean_text`` drops them (NUL, the other C0 and C1
controls except tab and newline, DEL, lone surrogates, and the reply's moment markers) and
turns a carriage return into a newline; every other character, emoji and right-to-left marks
included, stays. Each front end passes every text value it receives through ``clean_payload``
before its handlers read it (Discord: ``bot.app.Roundtable.dispatch``); ``db copy`` cleans what
older versions stored.
"""

from __future__ import annotations

import re
from typing import Any

# ... and the two private-use characters that mark a moment in a reply (bot/replies/moments.py),
# which only the bot writes.
_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue020\ue021]")


def clean_text(text: str) -> str:
    """``text`` without control characters (tab and newline kept; CR LF and CR become newlines)."""
    if text.isprintable():  # the common case, in one fast check
        return text
    return _DROP.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_value(value: Any) -> Any:
    """``value`` with every string in it cleaned (lists and dicts walked: JSON columns)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    if isinstance(value, dict):
        return {key: clean_value(item) for key, item in value.items()}
    return value


def clean_payload(payload: Any) -> None:
    """Clean, in place, every ``value`` / ``values`` string of an incoming event's payload
    (options of commands and autocomplete, text inputs of forms, choices of select menus)."""
    if isinstance(payload, dict):
        for key, item in payload.items():
            if key in ("value", "values") and isinstance(item, str | list):
                payload[key] = clean_value(item)
            else:
                clean_payload(item)
    elif isinstance(payload, list):
        for item in payload:
            clean_payload(item)
