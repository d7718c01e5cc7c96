"""Faults: Discord REST errors (500, 429) injected with SimCord, and a busy SQLite database.

The database stays consistent, the member is told what happened where Discord lets us, and the
bot never crashes (only discord.HTTPException from the injected faults is raised, and handled).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import discord
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

import bot.db
from bot.app import Roundtable
from bot.models import Job, Poll, PollVote, Stance
from bot.settings import Settings
from tests.conftest import World
from tests.limits_check import all_problems

CALLBACK = "/interactions/*/callback"
MESSAGES = "/channels/*/messages"


def _only_discord_errors(world: World) -> list[BaseException]:
    """The errors the bot raised are the injected Discord failures, nothing else."""
    errors = world.take_errors()
    unexpected = [e for e in errors if not isinstance(getattr(e, "original", e), discord.HTTPException)]
    assert not unexpected, unexpected
    return errors


async def _count(world: World, model: type, *where: object) -> int:
    bot: Roundtable = world.env.bot  # type: ignore[assignment]
    async with bot.db.unit_of_work() as session:
        query = select(func.count()).select_from(model).where(*where)
        return int((await session.execute(query)).scalar_one())


async def _open_poll(world: World, **options: object) -> int:
    result = await world.moderator.slash(
        world.channel, "poll create", question="Lunch?", options="Soup; Salad", **options
    )
    assert result.response is not None and result.response.embeds
    async with world.env.bot.db.unit_of_work() as session:  # type: ignore[attr-defined]
        return int((await session.execute(select(func.max(Poll.id)))).scalar_one())


# ------------------------------------------------------------------------------ Discord REST


@pytest.mark.parametrize("status", [500, 503])
async def test_a_poll_whose_message_cannot_be_posted_is_not_left_behind(world: World, status: int) -> None:
    world.env.inject_error("POST", CALLBACK, status=status)
    await world.moderator.slash(
        world.channel, "poll create", question="Lunch?", options="Soup; Salad", minutes=10
    )
    _only_discord_errors(world)
    assert await _count(world, Poll) == 0
    assert await _count(world, Job, Job.status.in_(["pending", "running"])) == 0
    # The next try works as usual.
    assert await _open_poll(world) > 0
    assert await _count(world, Poll) == 1


async def test_a_vote_whose_message_edit_failed_is_counted_once(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    poll_id = await _open_poll(world, anonymous=True)
    message = world.channel.history(viewer=world.alice)[-1]
    world.env.inject_error("POST", CALLBACK, status=500)
    with caplog.at_level(logging.ERROR, logger="bot.ui.errors"):
        result = await world.alice.click(message, label="Soup")
    _only_discord_errors(world)
    # The log names the component's namespace only: no member id, no full custom id (which with
    # the member would tie an anonymous vote to them).
    logged = [r for r in caplog.records if r.name == "bot.ui.errors"]
    assert logged and "component roundtable:poll" in logged[0].getMessage()
    for record in logged:
        assert str(world.alice.id) not in record.getMessage()
        assert f"roundtable:poll:{poll_id}:" not in record.getMessage()
    assert await _count(world, PollVote, PollVote.poll_id == poll_id) == 1
    # The member is told privately (the handler's second answer got through).
    assert result.acknowledged
    # Clicking again (single choice, same option) changes nothing: still one vote.
    await world.alice.click(message, label="Soup")
    assert await _count(world, PollVote, PollVote.poll_id == poll_id) == 1


async def test_rate_limited_replies_are_retried_not_lost(world: World) -> None:
    world.env.inject_error("POST", CALLBACK, status=429, message="You are being rate limited.")
    result = await world.alice.slash(world.channel, "stance set", motion="1", stance="agree")
    world.take_errors()
    assert await _count(world, Stance) == 1
    assert result.acknowledged


async def test_poll_close_when_discord_fails_to_edit_or_post_still_closes_once(world: World) -> None:
    poll_id = await _open_poll(world, minutes=5)
    world.env.inject_error("PATCH", MESSAGES + "/*", status=500)
    world.env.inject_error("POST", MESSAGES, status=500)
    await world.env.advance_time(5 * 60 + 1)
    _only_discord_errors(world)
    async with world.env.bot.db.unit_of_work() as session:  # type: ignore[attr-defined]
        poll = await session.get(Poll, poll_id)
        assert poll is not None and poll.closed_at is not None
    # The job is done, not retried into a second close: its follow-up failure was only logged.
    assert await _count(world, Job, Job.status == "done") == 1
    # Late votes are refused politely.
    message = next(m for m in world.channel.history(viewer=world.alice) if m.embeds)
    late = await world.alice.click(message, label="Soup")
    assert "closed" in (late.response or late.followups[0]).content
    assert not all_problems(world.env.http_requests)


async def test_a_debate_whose_announcement_failed_is_whole_and_usable(world: World) -> None:
    """The debate row commits with its phase; only the announcement is lost, and /debate status
    (and join, vote) work on it, so nothing is half-made."""
    world.env.inject_error("POST", CALLBACK, status=500)
    await world.moderator.slash(world.channel, "debate start", motion="1")
    _only_discord_errors(world)
    status = await world.alice.slash(world.channel, "debate status")
    embed = status.response.embeds[0]
    assert embed.title and "#1" in embed.title
    assert "Pre-vote" in (embed.description or "")
    joined = await world.alice.slash(world.channel, "debate join", side="for")
    assert joined.acknowledged and not world.take_errors()


# ------------------------------------------------------------------------------ busy database


@contextmanager
def _write_lock(url: str, seconds: float) -> Iterator[None]:
    """A second writer holds SQLite's write lock for ``seconds`` (real time), then lets go."""
    path = make_url(url).database
    holder = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(seconds, holder.rollback)
    timer.start()
    try:
        yield
    finally:
        timer.join()
        holder.close()


@pytest.fixture
def sqlite_only(backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("a file lock held by a second writer is SQLite's kind of busy")


async def test_a_short_lock_is_waited_for(world: World, settings: Settings, sqlite_only: None) -> None:
    with _write_lock(settings.database_url, 1.0):
        result = await world.alice.slash(world.channel, "stance set", motion="1", stance="agree")
    assert "Recorded" in result.response.content
    assert await _count(world, Stance) == 1


async def test_a_long_lock_gets_a_friendly_busy_message(
    world: World,
    settings: Settings,
    make_bot: Callable[[], Roundtable],
    sqlite_only: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A bot whose connections wait 0.3 s instead of 5 s, so the test need not hold a lock for 6 s.
    monkeypatch.setattr(bot.db, "SQLITE_BUSY_TIMEOUT_MS", 300)
    await world.env.restart_bot(make_bot())
    # Longer than the busy timeout times the retries of Database.run (5 x 0.3 s plus back-off).
    with _write_lock(settings.database_url, 3.0):
        result = await world.alice.slash(world.channel, "stance set", motion="1", stance="agree")
    assert result.ephemeral
    assert "database is busy" in result.response.content
    assert await _count(world, Stance) == 0
    again = await world.alice.slash(world.channel, "stance set", motion="1", stance="agree")
    assert "Recorded" in again.response.content
