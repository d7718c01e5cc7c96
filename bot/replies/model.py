"""The neutral reply model: the shape of an embed, which both platforms can show natively.

Text uses one small markup, the one Discord shows: ``**bold**``, ``*italic*``, ``__underline__``,
`` `code` ``, ``> quote`` lines and ``[label](url)`` links. Member text inside it is escaped with
``bot.ui.markdown.escaped`` (a backslash before each markup character), so a renderer can tell our
markup from a member's. The Slack renderer translates the markup to mrkdwn and escapes ``&``,
``<`` and ``>`` everywhere, so nothing a member typed can ping or link.

Why this and not a richer model: every reply Roundtable shows is already an embed-like card with
buttons; a model with exactly that shape renders to discord.py without change (Discord behaviour
stays the same) and to Block Kit section, fields, context and actions blocks one to one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ButtonStyle = Literal["primary", "secondary", "success", "danger"]


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Button:
    """A press runs ``action`` (a namespaced id such as ``roundtable:who:asean``)."""

    label: str
    action: str
    style: ButtonStyle = "secondary"
    disabled: bool = False
    emoji: str | None = None


@dataclass(frozen=True)
class Option:
    label: str
    value: str
    description: str | None = None


@dataclass(frozen=True)
class Select:
    action: str
    options: tuple[Option, ...]
    placeholder: str | None = None


Control = Button | Select


@dataclass(frozen=True)
class Attachment:
    """A file (a chart, an export); ``description`` is its alt text."""

    filename: str
    data: bytes
    description: str | None = None


@dataclass
class Card:
    """One embed-shaped block of a reply."""

    title: str | None = None
    description: str | None = None
    colour: int | None = None
    fields: list[Field] = field(default_factory=list)
    footer: str | None = None
    url: str | None = None
    # The filename of one of the reply's attachments, shown inside the card.
    image: str | None = None

    def add_field(self, name: str, value: str, *, inline: bool = False) -> Card:
        self.fields.append(Field(name, value, inline))
        return self


@dataclass
class Reply:
    """Everything one message shows. ``private``: only the member who acted sees it."""

    text: str | None = None
    cards: list[Card] = field(default_factory=list)
    rows: list[list[Control]] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)
    private: bool = False
