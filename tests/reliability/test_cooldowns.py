"""Per-member cooldowns on expensive commands: one mechanism (bot/ui/cooldowns.py), simulated time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from bot.app import Roundtable, create_bot
from bot.settings import Settings
from tests.conftest import DatabaseFactory, World
from tests.limits_check import all_problems

COOLDOWN = 30

# Every expensive command, with options that make it do its (costly) work or fail politely.
EXPENSIVE: list[tuple[str, dict[str, Any]]] = [
    ("ask", {"question": "Why does France object to a NATO office in Tokyo?"}),
    ("map group", {}),
    ("map me", {}),
    ("stance summary", {"motion": "1"}),
    ("poll results", {}),
]


@pytest.fixture
def make_bot(settings: Settings, database_factory: DatabaseFactory) -> Callable[[], Roundtable]:
    cooled = replace(settings, cooldown_seconds=COOLDOWN)
    return lambda: create_bot(cooled, db=database_factory(), always_sync=True)


def _text(result: Any) -> str:
    messages = [m for m in [result.response, *result.followups] if m is not None]
    return " ".join(m.content for m in messages)


def _refused(result: Any) -> bool:
    return "try again in" in _text(result)


async def test_second_ask_within_the_window_is_refused_then_allowed(world: World) -> None:
    question = EXPENSIVE[0][1]
    first = await world.alice.slash(world.channel, "ask", **question)
    assert not _refused(first)
    second = await world.alice.slash(world.channel, "ask", **question)
    assert second.ephemeral
    assert second.response.content == f"Slow down a little: try again in {COOLDOWN} s."
    await world.env.advance_time(10)
    third = await world.alice.slash(world.channel, "ask", **question)
    assert third.response.content == f"Slow down a little: try again in {COOLDOWN - 10} s."
    await world.env.advance_time(COOLDOWN - 10)
    assert not _refused(await world.alice.slash(world.channel, "ask", **question))
    assert not all_problems(world.env.http_requests)


async def test_other_members_and_other_guilds_are_not_held_up(world: World) -> None:
    question = EXPENSIVE[0][1]
    assert not _refused(await world.alice.slash(world.channel, "ask", **question))
    assert _refused(await world.alice.slash(world.channel, "ask", **question))
    assert not _refused(await world.bob.slash(world.channel, "ask", **question))
    other = world.env.create_guild("Other Group")
    channel = other.create_text_channel("general")
    alice_there = other.add_member(world.alice.user)
    assert not _refused(await alice_there.slash(channel, "ask", **question))


@pytest.mark.parametrize("name, options", EXPENSIVE, ids=[n for n, _ in EXPENSIVE])
async def test_every_expensive_command_is_cooled_down(
    world: World, name: str, options: dict[str, Any]
) -> None:
    await world.alice.slash(world.channel, name, **options)
    world.take_errors()
    again = await world.alice.slash(world.channel, name, **options)
    assert again.ephemeral and _refused(again), _text(again)
    # A member's wait in one bucket does not block another bucket.
    assert not _refused(await world.alice.slash(world.channel, "motions"))


async def test_map_group_and_map_me_share_one_wait(world: World) -> None:
    await world.alice.slash(world.channel, "map group")
    assert _refused(await world.alice.slash(world.channel, "map me"))


async def test_cooldowns_follow_the_simulated_clock_across_a_restart(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    """Cooldowns live in the process: a restarted bot starts without any."""
    await world.alice.slash(world.channel, "map group")
    await world.env.restart_bot(make_bot())
    assert not _refused(await world.alice.slash(world.channel, "map group"))


async def test_zero_seconds_turns_cooldowns_off(world: World) -> None:
    """The other tests' bots (tests/conftest.py) run with cooldown_seconds=0."""
    bot = world.env.bot
    bot.settings = replace(bot.settings, cooldown_seconds=0)  # type: ignore[attr-defined]
    for _ in range(3):
        assert not _refused(await world.alice.slash(world.channel, "map group"))
