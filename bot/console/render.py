"""The console's human-readable output: a :class:`Reply` as text a person reads.

Discord shows ``<@id>`` as the member's name and ``<t:unix:style>`` as a date in the reader's
zone; the text mode does the same (names from the simulated server, dates in UTC, relative
times against the simulated clock). ``--json`` keeps the markup exactly as the bot sent it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.console.reply import Reply, walk_components
from bot.text import plural

_MARKUP = re.compile(
    r"<@!?(?P<user>\d+)>|<@&(?P<role>\d+)>|<#(?P<channel>\d+)>"
    r"|<t:(?P<unix>-?\d+)(?::(?P<style>[tTdDfFR]))?>|</(?P<command>[^:>\n]+):\d+>"
    r"|<a?(?P<emoji>:\w+:)\d+>"
)
_UNITS = (("year", 365 * 86400), ("month", 30 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60))


@dataclass(frozen=True)
class Names:
    """How the text mode names what markup points at; an unknown id never shows as a number."""

    user: Callable[[int], str | None]
    role: Callable[[int], str | None]
    channel: Callable[[int], str | None]
    now: Callable[[], datetime]


def relative(moment: datetime, now: datetime) -> str:
    """ "in 5 minutes", "2 hours ago", as Discord's ``:R`` style says it."""
    seconds = (moment - now).total_seconds()
    size = abs(seconds)
    if size < 45:
        return "in a few seconds" if seconds > 0 else "a few seconds ago"
    for unit, length in _UNITS:
        if size >= length * 0.95:
            amount = plural(max(1, round(size / length)), unit)
            return f"in {amount}" if seconds > 0 else f"{amount} ago"
    return "in a minute" if seconds > 0 else "a minute ago"  # pragma: no cover - the loop ends at minutes


def timestamp(unix: int, style: str, now: datetime) -> str:
    moment = datetime.fromtimestamp(unix, UTC)
    day = f"{moment.day} {moment:%B %Y}"
    if style == "t":
        return f"{moment:%H:%M} UTC"
    if style == "T":
        return f"{moment:%H:%M:%S} UTC"
    if style == "d":
        return f"{moment:%Y-%m-%d}"
    if style == "D":
        return day
    if style == "F":
        return f"{moment:%A}, {day} {moment:%H:%M} UTC"
    if style == "R":
        return f"{relative(moment, now)} ({day} {moment:%H:%M} UTC)"
    return f"{day} {moment:%H:%M} UTC"


def readable(text: str, names: Names | None) -> str:
    """``text`` with mentions as ``@name`` and timestamps as dates."""
    if names is None or "<" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        if match["user"]:
            return f"@{names.user(int(match['user'])) or 'unknown member'}"
        if match["role"]:
            return f"@{names.role(int(match['role'])) or 'unknown role'}"
        if match["channel"]:
            return f"#{names.channel(int(match['channel'])) or 'unknown channel'}"
        if match["unix"]:
            return timestamp(int(match["unix"]), match["style"] or "f", names.now())
        if match["command"]:
            return f"/{match['command']}"
        return match["emoji"]

    return _MARKUP.sub(one, text)


def render_text(reply: Reply, names: Names | None = None) -> str:
    """One reply as the console prints it. Without ``names`` the markup is left as sent."""
    if reply.kind == "error":
        return f"! {reply.content}"
    who = f" (only @{reply.member} sees this)" if reply.ephemeral else ""
    lines = [f"[{reply.kind}{who}]"] if reply.kind != "message" or reply.member else []
    if reply.kind == "modal":
        labels = [
            str(c.get("label", c.get("custom_id")))
            for c in walk_components(reply.components)
            if c.get("type") == 4
        ]
        return f"[form: {reply.content}] fields: {', '.join(labels)}  (answer with :submit field:value ...)"

    def text(value: str) -> str:
        return readable(value, names)

    if reply.content:
        lines.append(text(reply.content))
    for embed in reply.embeds:
        if embed.get("author", {}).get("name"):
            lines.append(f"┌ {text(embed['author']['name'])}")
        if embed.get("title"):
            lines.append(f"┌ {text(embed['title'])}")
        if embed.get("description"):
            lines.extend(f"│ {line}" for line in text(embed["description"]).splitlines())
        for f in embed.get("fields", []):
            lines.append(f"│ ▸ {text(f['name'])}")
            lines.extend(f"│   {line}" for line in text(f["value"]).splitlines())
        if embed.get("footer", {}).get("text"):
            lines.append(f"└ {text(embed['footer']['text'])}")
    buttons = [
        f"[{c.get('label') or c.get('custom_id')}]"
        if c.get("type") == 2
        else f"<select {c.get('custom_id')}>"
        for c in walk_components(reply.components)
        if c.get("type") in (2, 3, 5, 6, 7, 8)
    ]
    if buttons:
        lines.append(" ".join(buttons))
    if reply.files and reply.paths is not None:
        lines.extend(
            f"(file: {name} saved to {path})" for name, path in zip(reply.files, reply.paths, strict=True)
        )
    elif reply.files:
        lines.append(f"(files: {', '.join(reply.files)})")
    return "\n".join(lines)
