"""Helpers for the debate cog tests (SimCord, a real database)."""

from __future__ import annotations

import re
from typing import Any

import discord
import simcord
from sqlalchemy import select

from bot.app import Roundtable
from bot.models import Debate
from tests.conftest import World


def bot_of(world: World) -> Roundtable:
    return world.env.bot  # type: ignore[return-value]


async def only_debate(world: World) -> Debate:
    async with bot_of(world).db.unit_of_work() as session:
        return (await session.execute(select(Debate))).scalar_one()


def custom_ids(message: Any) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row["components"]]


def bot_messages(world: World, viewer: simcord.MemberActor) -> list[discord.Message]:
    """The bot's public messages in the channel (ephemeral answers left out)."""
    return [m for m in world.channel.history(viewer=viewer) if m.author.bot and not m.flags.ephemeral]


def latest_with(world: World, viewer: simcord.MemberActor, label: str) -> discord.Message:
    """The newest bot message in the channel that carries a button labelled ``label``."""
    for message in sorted(bot_messages(world, viewer), key=lambda m: m.id, reverse=True):
        labels = [c.label for row in message.components for c in getattr(row, "children", [])]
        if label in labels:
            return message
    raise AssertionError(f"no message with a {label!r} button")


def current(world: World, viewer: simcord.MemberActor, message: discord.Message) -> discord.Message:
    """The message as it is now (after the bot's edits)."""
    for found in world.channel.history(viewer=viewer):
        if found.id == message.id:
            return found
    raise AssertionError(f"message {message.id} is gone")


def assert_no_raw_ids_in_embeds(world: World) -> None:
    """People read names in embeds: never a raw id or a <@id> mention (previews show it raw)."""
    for request in world.env.http_requests:
        payload = request.json
        if not isinstance(payload, dict):
            continue
        data = payload.get("data") if isinstance(payload.get("data"), dict) else payload
        for embed in data.get("embeds") or []:
            text = str(embed)
            assert not re.search(r"<@!?\d+>|\d{17,20}", text), text


async def two_debaters(world: World, **options: Any) -> discord.Message:
    """A debate on motion 1 with Alice For and Bob Against; the board."""
    started = await world.moderator.slash(world.channel, "debate start", motion="1", **options)
    board = started.response
    await world.alice.slash(world.channel, "debate join", side="for")
    await world.bob.slash(world.channel, "debate join", side="against")
    return board
