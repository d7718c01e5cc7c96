"""What the console reports for each bot message: a :class:`Reply`, and helpers to read a message."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import discord


@dataclass
class Reply:
    kind: str
    member: str
    ephemeral: bool
    content: str
    embeds: list[dict[str, Any]]
    components: list[dict[str, Any]]
    files: list[str]
    allowed_mentions: dict[str, Any] | None
    input: str | None = None
    # Where each of ``files`` was saved (``--files DIR``); None when the console saves none.
    paths: list[str] | None = None

    def as_json(self) -> dict[str, Any]:
        files: list[Any] = (
            self.files
            if self.paths is None
            else [{"filename": name, "path": path} for name, path in zip(self.files, self.paths, strict=True)]
        )
        return {
            "input": self.input,
            "kind": self.kind,
            "member": self.member,
            "ephemeral": self.ephemeral,
            "content": self.content,
            "embeds": self.embeds,
            "components": self.components,
            "files": files,
            "allowed_mentions": self.allowed_mentions,
        }


def payload(data: Mapping[str, Any]) -> dict[str, Any]:
    """discord.py's typed payload (a TypedDict) as the plain dict the console keeps."""
    return dict(data)


def components_of(message: discord.Message) -> list[dict[str, Any]]:
    return [payload(c.to_dict()) for c in message.components]


def embeds_of(message: discord.Message) -> list[dict[str, Any]]:
    return [payload(e.to_dict()) for e in message.embeds]


def file_names(message: discord.Message) -> list[str]:
    return [a.filename for a in message.attachments]


def signature(message: discord.Message) -> str:
    """Everything a reader sees of ``message``, to tell whether an action changed it."""
    return json.dumps(
        [message.content, embeds_of(message), components_of(message), file_names(message)],
        sort_keys=True,
        default=str,
    )


def walk_components(components: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for component in components:
        yield component
        yield from walk_components(component.get("components", []))
        accessory = component.get("accessory")
        if accessory:
            yield accessory


def allowed_mentions_for(requests: list[Any], message: discord.Message) -> dict[str, Any] | None:
    """The allowed_mentions the bot sent with this message (read off the REST calls it made)."""
    for entry in reversed(requests):
        body = entry.json
        if not isinstance(body, dict):
            continue
        nested = body.get("data")
        data: dict[str, Any] = nested if isinstance(nested, dict) else body
        if "allowed_mentions" in data and data.get("content", "") in (message.content, None):
            return data["allowed_mentions"]
    return None
