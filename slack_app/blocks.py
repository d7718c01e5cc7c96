"""Neutral replies (bot/replies/model.py) rendered to Block Kit, inside Slack's limits.

Every piece of text is escaped first (``&``, ``<``, ``>``: Slack's rule), so ``<!channel>``,
``<!here>`` or ``<@U…>`` typed by a member is shown as text and pings nobody; only then is our own
markup turned into mrkdwn (``**b**`` to ``*b*``, ``*i*`` to ``_i_``, ``[label](url)`` to
``<url|label>``). A member's markup characters arrive backslash-escaped (``\\*``) and are shown
as typed, followed by a zero-width space so that Slack does not pair them into formatting. A
moment (bot/replies/moments.py) becomes Slack's date, shown in each reader's time zone, with the
UTC text as its fallback; plain text shows the fallback.
"""

from __future__ import annotations

import re
from typing import Any

from bot.replies import moments
from bot.replies.model import Button, Card, Control, Reply, Select
from bot.text import clip
from slack_app import limits

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BACKSLASHED = re.compile(r"\\([\\*_~`|>\[\]()#:-])")
_HOLD = "\ue000"  # private use: stands for an escaped character while markup is converted
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_UNDERLINE = re.compile(r"__(?=\S)(.+?)(?<=\S)__")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_STYLES = {"primary": "primary", "danger": "danger", "success": "primary"}


def escape(text: str) -> str:
    """Slack's three escapes: nothing in ``text`` can ping, link or mention."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def mrkdwn(text: str | None) -> str:
    """Our markup (with members' text backslash-escaped in it) as Slack mrkdwn, escaped."""
    if not text:
        return ""
    held: list[str] = []

    def hold(match: re.Match[str]) -> str:
        held.append(match.group(1))
        return _HOLD

    out = _BACKSLASHED.sub(hold, text)
    out = escape(out)
    out = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", out)
    out = _BOLD.sub(lambda m: f"\x00{m.group(1)}\x00", out)
    out = _UNDERLINE.sub(lambda m: m.group(1), out)
    out = _ITALIC.sub(lambda m: f"_{m.group(1)}_", out)
    out = out.replace("\x00", "*")
    chars = iter(held)
    out = re.sub(_HOLD, lambda _m: _shown(next(chars)), out)
    return moments.MARKER.sub(_date, out)  # last: a date's format has underscores


# How Slack shows a moment in the reader's time zone ("Jan 1, 2026 at 9:30 AM", "today at ...").
_DATE_FORMATS = {"d": "{date_short_pretty}", "f": "{date_short_pretty} at {time}"}


def _date(match: re.Match[str]) -> str:
    unix, style = int(match.group(1)), match.group(2)
    shown = _DATE_FORMATS.get(style, _DATE_FORMATS["f"])
    return f"<!date^{unix}^{shown}|{escape(moments.fallback(unix, style))}>"


def _shown(char: str) -> str:
    """A member's markup character as typed; one Slack could pair into formatting is kept apart."""
    char = escape(char)
    return char + "\u200b" if char in "*_~`" else char


def plain(text: str | None) -> str:
    """Plain text (headers, buttons, options): our markup and backslashes removed, escaped."""
    if not text:
        return ""
    out = _BACKSLASHED.sub(lambda m: m.group(1), re.sub(r"\*\*|__", "", text))
    return escape(moments.as_fallback(out))


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, limits.SECTION_TEXT)}}


def _chunks(text: str, size: int) -> list[str]:
    """``text`` in pieces of at most ``size`` characters, cut at line ends where possible."""
    pieces: list[str] = []
    while len(text) > size:
        cut = text.rfind("\n", 0, size)
        cut = cut if cut > size // 2 else size
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    if text:
        pieces.append(text)
    return pieces


def card_blocks(card: Card) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if card.title:
        title = clip(plain(card.title), limits.HEADER)
        if card.url:
            blocks.append(_section(f"*<{card.url}|{title}>*"))
        else:
            blocks.append({"type": "header", "text": {"type": "plain_text", "text": title, "emoji": True}})
    if card.description:
        blocks.extend(_section(piece) for piece in _chunks(mrkdwn(card.description), limits.SECTION_TEXT))
    inline: list[dict[str, Any]] = []

    def flush() -> None:
        for start in range(0, len(inline), limits.SECTION_FIELDS):
            blocks.append({"type": "section", "fields": inline[start : start + limits.SECTION_FIELDS]})
        inline.clear()

    for f in card.fields:
        name = mrkdwn(f.name).strip()
        value = mrkdwn(f.value)
        if f.inline:
            inline.append({"type": "mrkdwn", "text": clip(f"*{name}*\n{value}", limits.FIELD_TEXT)})
            continue
        flush()
        blocks.extend(_section(piece) for piece in _chunks(f"*{name}*\n{value}", limits.SECTION_TEXT))
    flush()
    if card.footer:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(mrkdwn(card.footer), 3000)}]}
        )
    return blocks


def control_element(control: Control) -> dict[str, Any]:
    if isinstance(control, Button):
        label = plain(control.label)
        if control.emoji:
            label = f"{control.emoji} {label}"
        element: dict[str, Any] = {
            "type": "button",
            "text": {"type": "plain_text", "text": clip(label, limits.BUTTON_TEXT) or "·", "emoji": True},
            "action_id": control.action[: limits.ACTION_ID],
            "value": control.action[: limits.BUTTON_VALUE],
        }
        style = _STYLES.get(control.style)
        if style:
            element["style"] = style
        return element
    select: Select = control
    return {
        "type": "static_select",
        "action_id": select.action[: limits.ACTION_ID],
        "placeholder": {
            "type": "plain_text",
            "text": clip(plain(select.placeholder or "Choose…"), limits.PLACEHOLDER),
        },
        "options": [
            {
                "text": {"type": "plain_text", "text": clip(plain(o.label), limits.OPTION_TEXT) or "·"},
                "value": o.value[: limits.OPTION_VALUE],
            }
            for o in select.options[: limits.SELECT_OPTIONS]
        ],
    }


def control_blocks(rows: list[list[Control]]) -> list[dict[str, Any]]:
    """One actions block per row. Slack shows no disabled buttons: a disabled one is left out."""
    blocks = []
    for row in rows:
        elements = [control_element(c) for c in row if not (isinstance(c, Button) and c.disabled)]
        if elements:
            blocks.append({"type": "actions", "elements": elements[: limits.ACTIONS_ELEMENTS]})
    return blocks


def _text_length(block: dict[str, Any]) -> int:
    total = 0
    stack: list[Any] = [block]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("text"), str):
                total += len(item["text"])
            stack.extend(v for k, v in item.items() if k != "text" or not isinstance(v, str))
        elif isinstance(item, list):
            stack.extend(item)
    return total


SHORTENED = {"type": "context", "elements": [{"type": "mrkdwn", "text": "_(shortened to fit Slack)_"}]}


def fit(blocks: list[dict[str, Any]], *, limit: int = limits.BLOCKS) -> list[dict[str, Any]]:
    """At most ``limit`` blocks and about 11,000 characters of text, keeping the controls."""
    controls = [b for b in blocks if b["type"] == "actions"][-5:]
    content = [b for b in blocks if b["type"] != "actions"]
    budget = limits.BLOCKS_TEXT - sum(_text_length(b) for b in controls)
    room = limit - len(controls)
    kept: list[dict[str, Any]] = []
    used = 0
    for block in content:
        size = _text_length(block)
        if len(kept) >= room - 1 or used + size > budget:
            kept.append(SHORTENED)
            break
        kept.append(block)
        used += size
    return kept + controls


def fallback(reply: Reply) -> str:
    """The message's ``text``: what a notification shows (plain, escaped, short)."""
    parts = [reply.text or ""]
    for card in reply.cards[:1]:
        parts += [card.title or "", card.description or ""]
    text = "\n".join(p for p in parts if p)
    return clip(mrkdwn(text), limits.TEXT) or "Roundtable"


def message(reply: Reply) -> dict[str, Any]:
    """``text`` and ``blocks`` for chat.postMessage, chat.update, a response or an ack."""
    blocks: list[dict[str, Any]] = []
    if reply.text:
        blocks.extend(_section(piece) for piece in _chunks(mrkdwn(reply.text), limits.SECTION_TEXT))
    for i, card in enumerate(reply.cards):
        if i:
            blocks.append({"type": "divider"})
        blocks.extend(card_blocks(card))
    blocks.extend(control_blocks(reply.rows))
    return {"text": fallback(reply), "blocks": fit(blocks)}
