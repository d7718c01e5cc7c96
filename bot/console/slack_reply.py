"""What the Slack console shows of a reply: one ``SlackReply`` per message, its text as a member
reads it, and its controls (bot/console/slack.py keeps the session)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_CONTROLS = ("button", "static_select", "external_select", "users_select", "overflow", "radio_buttons")


@dataclass
class SlackReply:
    """One Slack message (or form) the console reports: ``--json`` prints :meth:`as_json`."""

    kind: str
    member: str
    ephemeral: bool
    text: str
    blocks: list[dict[str, Any]]
    files: list[str] = field(default_factory=list)
    input: str | None = None
    # Where each of ``files`` was saved (``--files DIR``); None when the console saves none.
    paths: list[str] | None = None
    # A form's title, and the message's own ``text`` (Slack's escapes kept), for the text mode.
    title: str = ""
    raw_text: str = ""

    def as_json(self) -> dict[str, Any]:
        files: list[dict[str, str]] = (
            [{"filename": name} for name in self.files]
            if self.paths is None
            else [{"filename": name, "path": path} for name, path in zip(self.files, self.paths, strict=True)]
        )
        return {
            "input": self.input,
            "kind": self.kind,
            "member": self.member,
            "ephemeral": self.ephemeral,
            "text": self.text,
            "blocks": self.blocks,
            "files": files,
        }


def unescape(text: str) -> str:
    """Slack's three escapes undone: the characters as a member reads them."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain_text(part: Any) -> str:
    return str(part.get("text", "")) if isinstance(part, dict) else ""


def block_lines(block: dict[str, Any]) -> list[tuple[str, str]]:
    """What a member reads of one block, as (role, mrkdwn) pairs: role is header, text, field,
    context or image. Controls are left out (see :func:`controls`)."""
    kind = block.get("type")
    if kind == "header":
        return [("header", plain_text(block.get("text")))]
    if kind == "section":
        out = [("text", plain_text(block.get("text")))] if block.get("text") else []
        return out + [("field", plain_text(f)) for f in block.get("fields") or []]
    if kind == "context":
        return [("context", plain_text(e) or str(e.get("alt_text", ""))) for e in block.get("elements") or []]
    if kind == "image":
        return [("image", str(block.get("alt_text", "")))]
    if kind == "input":
        return [("field", plain_text(block.get("label")))]
    return []


def read_text(text: str, blocks: list[dict[str, Any]]) -> str:
    """The message as a member reads it: its blocks' text in order (mrkdwn, Slack's escapes
    undone), or the plain ``text`` when it has no blocks."""
    lines = [line for block in blocks for _role, line in block_lines(block) if line]
    return unescape("\n".join(lines) if lines else text)


def controls(blocks: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """Every interactive element of ``blocks``: actions blocks' elements and section accessories."""
    for block in blocks:
        if block.get("type") == "actions":
            yield from block.get("elements") or []
        accessory = block.get("accessory")
        if isinstance(accessory, dict) and accessory.get("type") in _CONTROLS:
            yield accessory


def is_private(payload: dict[str, Any]) -> bool:
    """A command's answer is ephemeral unless it says in_channel (Slack's default)."""
    return payload.get("response_type") != "in_channel"


def bare_label(label: str) -> str:
    """A label without the symbols around its words ("Next ▶" -> "next")."""
    return re.sub(r"^\W+|\W+$", "", label).casefold()
