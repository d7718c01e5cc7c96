"""The Slack console's readable output: a :class:`SlackReply` as a member reads it.

Slack shows ``<@U…>`` as the member's name, ``<#C…>`` as the channel's, ``<url|label>`` as the
label and ``<!date^…|fallback>`` as a date; the text mode does the same (names from the
simulated workspace). ``--json`` keeps the blocks exactly as the app sent them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.console.slack_reply import SlackReply, block_lines, controls, unescape

_ENTITY = re.compile(r"<(?P<body>[^<>\n]+)>")


@dataclass(frozen=True)
class SlackNames:
    """How the text mode names what mrkdwn points at; an unknown id never shows as an id."""

    user: Callable[[str], str | None]
    channel: Callable[[str], str | None]


def readable(text: str, names: SlackNames | None) -> str:
    """mrkdwn as a member reads it: entities as names and labels, Slack's escapes undone."""
    if names is None:
        return unescape(text)

    def one(match: re.Match[str]) -> str:
        body = match["body"]
        target, _, label = body.partition("|")
        if target.startswith("@"):
            return f"@{names.user(target[1:]) or label or 'unknown member'}"
        if target.startswith("#"):
            return f"#{names.channel(target[1:]) or label or 'unknown channel'}"
        if target.startswith("!date^"):
            return label or target
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        return f"{label} ({target})" if label and label != target else target

    return unescape(_ENTITY.sub(one, text))


def render_slack_text(reply: SlackReply, names: SlackNames | None = None) -> str:
    """One reply as the console prints it."""
    if reply.kind == "error":
        return f"! {reply.text}"
    if reply.kind == "modal":
        labels = [unescape(line) for b in reply.blocks for role, line in block_lines(b) if role == "field"]
        problems = reply.text.split("\n", 1)[1] if "\n" in reply.text else ""
        shown = f"[form: {reply.title}] fields: {', '.join(labels)}  (answer with :submit field:value ...)"
        return shown + (f"\n! {problems}" if problems else "")
    who = f" (only @{reply.member} sees this)" if reply.ephemeral and reply.member else ""
    lines = [f"[{reply.kind}{who}]"] if reply.kind != "message" or reply.member else []

    def text(value: str) -> str:
        return readable(value, names)

    marks = {"header": "┌ ", "text": "│ ", "field": "│ ▸ ", "context": "└ ", "image": "│ [image] "}
    for block in reply.blocks:
        if block.get("type") == "divider":
            lines.append("├" + "─" * 20)
        for role, value in block_lines(block):
            if not value:
                continue
            first, *more = text(value).splitlines() or [""]
            lines.append(marks[role] + first)
            indent = "│   " if role == "field" else marks[role] if role != "header" else "│ "
            lines.extend(indent + line for line in more)
    if not reply.blocks and reply.text:
        lines.append(text(reply.raw_text) if reply.raw_text else reply.text)
    buttons = [
        f"[{text(str((c.get('text') or {}).get('text') or c.get('action_id')))}]"
        if c.get("type") == "button"
        else f"<select {c.get('action_id')}>"
        for c in controls(reply.blocks)
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
