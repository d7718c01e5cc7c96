"""One scenario, two front ends: the same member actions driven through SimCord (Discord) or the
Slack simulator (signed requests to the real Bolt app), read back as a member would see them.

A scenario written against ``Front`` runs on both (tests/slack/test_stances.py); what differs is
only how a command is typed, how a reply is read and how a member is named in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.db import Database
from bot.services import identities
from slack_app.simulator import Result, SlackSimulator, buttons
from tests.cogs.positions_cog_support import buttons as discord_buttons
from tests.cogs.positions_cog_support import text_of
from tests.conftest import World

_MARKS = re.compile(r"\\(?=[^\w\s])|\*\*|\*|_(?=\S)|(?<=\S)_|`")


def plain(text: str) -> str:
    """A reply's words without bold, italics, code marks or escaping backslashes (they differ)."""
    return _MARKS.sub("", text)


@dataclass
class Seen:
    """What the member saw come back: the words, whether only they saw it, and its buttons."""

    text: str
    private: bool
    buttons: dict[str, str] = field(default_factory=dict)
    source: Any = None

    @property
    def words(self) -> str:
        return plain(self.text)


class Front(Protocol):
    name: str

    async def run(self, who: str, command: str, /, **options: str) -> Seen: ...

    async def press(self, member: str, seen: Seen, label: str) -> Seen: ...

    def shown_as(self, member: str) -> str:
        """How a reply names ``member`` (a mention Discord renders, or the name on Slack)."""
        ...

    async def member_id(self, member: str) -> int: ...

    @property
    def db(self) -> Database: ...


class DiscordFront:
    name = "discord"

    def __init__(self, world: World) -> None:
        self.world = world
        self.members = {"alice": world.alice, "bob": world.bob, "moderator": world.moderator}

    def _member(self, name: str) -> Any:
        if name not in self.members:
            self.members[name] = self.world.member(name)
        return self.members[name]

    async def run(self, who: str, command: str, /, **options: str) -> Seen:
        values: dict[str, Any] = {
            k: self._member(v.removeprefix("@")) if k == "member" else v for k, v in options.items()
        }
        result = await self._member(who).slash(self.world.channel, command, **values)
        message = result.followups[0] if result.followups else result.response
        labels = {b["label"]: b["custom_id"] for b in discord_buttons(message)}
        return Seen(text_of(message), bool(message.ephemeral), labels, message)

    async def press(self, member: str, seen: Seen, label: str) -> Seen:
        actor = self._member(member)
        pressed = await actor.click(seen.source, label=label)
        if pressed.ephemeral and pressed.response is not None:
            # A private message edited in place (the next /vote card) keeps its buttons.
            labels = {b["label"]: b["custom_id"] for b in discord_buttons(pressed.response)}
            return Seen(text_of(pressed.response), True, labels, pressed.response)
        [edited] = [m for m in self.world.channel.history(viewer=actor) if m.id == seen.source.id]
        labels = {b["label"]: b["custom_id"] for b in discord_buttons(edited)}
        return Seen(text_of(edited), seen.private, labels, edited)

    def shown_as(self, member: str) -> str:
        return f"<@{self._member(member).id}>"

    async def member_id(self, member: str) -> int:
        return int(self._member(member).id)

    @property
    def db(self) -> Database:
        return self.world.env.bot.db


def _slack_text(command: str, options: dict[str, str], sim: SlackSimulator) -> tuple[str, str]:
    name, _, sub = command.partition(" ")
    parts = [sub] if sub else []
    items = list(options.items())
    for index, (key, value) in enumerate(items):
        if key == "member":
            value = f"<@{sim.member(value.removeprefix('@'))}|{value.removeprefix('@')}>"
        last = index == len(items) - 1
        parts.append(
            f'{key}:"{value}"' if " " in value and not last and '"' not in value else f"{key}:{value}"
        )
    return name, " ".join(parts)


class SlackFront:
    name = "slack"

    def __init__(self, sim: SlackSimulator) -> None:
        self.sim = sim

    @staticmethod
    def seen(result: Result) -> Seen:
        private = any(r.get("response_type") == "ephemeral" for r in result.replies) or all(
            r["kind"] == "edit" for r in result.replies
        )
        found: dict[str, str] = {}
        for reply in result.replies:
            found.update(buttons(reply))
        return Seen(result.text(), private, found, result)

    async def run(self, who: str, command: str, /, **options: str) -> Seen:
        name, text = _slack_text(command, options, self.sim)
        return self.seen(await self.sim.command(who, name, text))

    async def press(self, member: str, seen: Seen, label: str) -> Seen:
        return self.seen(await self.sim.press(member, seen.buttons[label]))

    def shown_as(self, member: str) -> str:
        return member

    async def member_id(self, member: str) -> int:
        async with self.sim.host.db.unit_of_work() as session:
            return await identities.internal_id(session, "slack", "member", self.sim.member(member))

    @property
    def db(self) -> Database:
        return self.sim.host.db
