"""The latest stance wins by order of commit, not by wall-clock time: a process whose clock is
behind (clock skew between two shard processes, or the console's clock restarting at its epoch)
writes after another, and the reply, the history and the current stance all agree."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import discord

from bot.app import create_bot
from bot.settings import Settings
from tests.conftest import DatabaseFactory, World


async def test_a_clock_that_steps_back_does_not_reverse_the_history(
    world: World, settings: Settings, database_factory: DatabaseFactory
) -> None:
    first = await world.alice.slash(world.channel, "stance set", motion="1", stance="agree")
    assert "Recorded" in first.response.content
    # Another process, its clock an hour behind, takes over.
    behind = create_bot(
        replace(settings),
        db=database_factory(),
        clock=lambda: discord.utils.utcnow() - timedelta(hours=1),
        always_sync=True,
    )
    await world.env.restart_bot(behind)
    second = await world.alice.slash(world.channel, "stance set", motion="1", stance="disagree")
    assert "agree → **disagree**" in second.response.content
    history = await world.alice.slash(world.channel, "stance history", motion="1")
    shown = "\n".join(e.description or "" for e in history.response.embeds)
    assert "agree → **disagree**" in shown  # the change the reply announced
    assert "disagree → **agree**" not in shown
    third = await world.alice.slash(world.channel, "stance set", motion="1", stance="disagree")
    assert "unchanged" in third.response.content  # the current stance is the later write
