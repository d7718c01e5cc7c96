"""A poll's timers and its creator's controls on a real database (SQLite, and PostgreSQL when
TEST_DATABASE_URL is set): the jobs schedule_timers sets, the orphan sweep that must spare a
poll waiting for its start, extend and reopen moving the timers, edits refused after a vote."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.errors import Conflict, UserError
from bot.models import Job, Poll
from bot.services import jobs, polls
from bot.services.polls import managing, schedule
from tests.unit.test_polls import GUILD, T0, _poll, _vote


async def _jobs(db: Database, poll_id: int) -> dict[str, tuple[str, Any]]:
    async with db.unit_of_work() as s:
        found = (await s.execute(select(Job).order_by(Job.id))).scalars()
        return {j.kind: (j.status, j.due_at) for j in found if j.payload.get("poll_id") == poll_id}


def _due(found: dict[str, tuple[str, Any]], kind: str) -> Any:
    status, due = found[kind]
    assert status == "pending", (kind, status)
    return due.replace(tzinfo=T0.tzinfo) if due.tzinfo is None else due


async def test_create_schedules_the_start_the_reminder_and_the_close(database: Database) -> None:
    poll = await _poll(database, opens="30m", duration="2h", remind="15m")
    assert poll.opens_at == T0 + timedelta(minutes=30) and poll.closes_at == T0 + timedelta(minutes=150)
    found = await _jobs(database, poll.id)
    assert _due(found, "poll-open") == T0 + timedelta(minutes=30)
    assert _due(found, "poll-remind") == T0 + timedelta(minutes=135)
    assert _due(found, "poll-close") == T0 + timedelta(minutes=150)


async def test_the_orphan_sweep_spares_a_poll_waiting_for_its_start_even_past_due(database: Database) -> None:
    waiting = await _poll(database, opens="1h")
    orphan = await _poll(database)
    later = T0 + timedelta(hours=3)  # the bot was down when the start fell due
    async with database.unit_of_work() as s:
        removed = await polls.discard_orphans(s, created_before=later - timedelta(minutes=15))
    assert removed == [orphan.id]
    # Once its start has run (or been cancelled) without a message, it is an orphan like any.
    async with database.unit_of_work() as s:
        await jobs.cancel(s, f"poll-open:{waiting.id}")
    async with database.unit_of_work() as s:
        assert await polls.discard_orphans(s, created_before=later) == [waiting.id]
        assert (await s.execute(select(Poll))).scalars().all() == []


async def test_a_reminder_is_marked_once_and_skipped_for_closed_or_unposted_polls(database: Database) -> None:
    poll = await _poll(database, duration="1h", remind="10m")
    job = Job(guild_id=GUILD, kind="poll-remind", payload={"poll_id": poll.id}, due_at=T0, status="running")
    async with database.unit_of_work() as s:
        assert await schedule.remind_due(s, job, now=T0 + timedelta(minutes=50)) is None  # no message
        await polls.set_message(s, poll.id, 123)
    async with database.unit_of_work() as s:
        reminded = await schedule.remind_due(s, job, now=T0 + timedelta(minutes=50))
        assert reminded is not None and reminded.reminded_at == T0 + timedelta(minutes=50)
    async with database.unit_of_work() as s:
        assert await schedule.remind_due(s, job, now=T0 + timedelta(minutes=51)) is None  # once


async def test_extend_and_reopen_move_the_timers(database: Database) -> None:
    poll = await _poll(database, duration="1h", remind="10m")
    async with database.unit_of_work() as s:
        extended, waiting = await managing.extend(s, poll.id, GUILD, raw="30m", now=T0 + timedelta(minutes=5))
    assert waiting and extended.closes_at == T0 + timedelta(minutes=90)
    found = await _jobs(database, poll.id)
    assert _due(found, "poll-close") == T0 + timedelta(minutes=90)
    assert _due(found, "poll-remind") == T0 + timedelta(minutes=80)
    with pytest.raises(UserError, match="at most a week"):
        async with database.unit_of_work() as s:
            await managing.extend(s, poll.id, GUILD, raw="7d", now=T0)
    with pytest.raises(Conflict, match="still open"):
        async with database.unit_of_work() as s:
            await managing.reopen(s, poll.id, GUILD, raw="1h", now=T0)

    async with database.unit_of_work() as s:
        await polls.close_poll(s, poll.id, GUILD, now=T0 + timedelta(minutes=20), cancel_job=True)
    found = await _jobs(database, poll.id)
    assert found["poll-close"][0] == "cancelled" and found["poll-remind"][0] == "cancelled"
    with pytest.raises(Conflict, match="reopen it"):
        async with database.unit_of_work() as s:
            await managing.extend(s, poll.id, GUILD, raw="1h", now=T0)
    async with database.unit_of_work() as s:
        reopened, _ = await managing.reopen(s, poll.id, GUILD, raw="2h", now=T0 + timedelta(minutes=30))
    assert reopened.closed_at is None and reopened.closes_at == T0 + timedelta(minutes=150)
    found = await _jobs(database, poll.id)
    assert _due(found, "poll-close") == T0 + timedelta(minutes=150)
    assert _due(found, "poll-remind") == T0 + timedelta(minutes=140)


async def test_edit_only_before_a_vote(database: Database) -> None:
    poll = await _poll(database)
    async with database.unit_of_work() as s:
        edited = await managing.edit(s, poll.id, GUILD, question="Tea?", options="Tea\nCoffee", now=T0)
    assert edited.question == "Tea?" and edited.options == ["Tea", "Coffee"]
    await _vote(database, edited, 901, 0)
    with pytest.raises(Conflict, match="already has votes"):
        async with database.unit_of_work() as s:
            await managing.edit(s, poll.id, GUILD, question="Other?", options=None, now=T0)
