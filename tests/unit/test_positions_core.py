"""The ledger's core write, shared by stances, polls, debates and /vote."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.errors import UserError
from bot.models import Stance, StanceEvent
from bot.services import positions
from tests.positions_support import seed_motions

T0 = datetime(2026, 1, 1, tzinfo=UTC)


async def _motion(db: Database) -> int:
    (motion_id,) = await seed_motions(db, 1)
    return motion_id


async def test_every_change_is_kept_and_the_latest_is_current(database: Database) -> None:
    motion_id = await _motion(database)
    for minutes, value, source in (
        (0, 1, positions.SELF),
        (5, -2, positions.POLL),
        (9, 0, positions.DEBATE_PRE),
    ):
        async with database.unit_of_work() as s:
            await positions.record_stance(
                s,
                guild_id=7,
                user_id=1,
                motion_id=motion_id,
                value=value,
                source=source,
                now=T0 + timedelta(minutes=minutes),
            )
    async with database.unit_of_work() as s:
        events = list((await s.execute(select(StanceEvent).order_by(StanceEvent.id))).scalars())
        current = list((await s.execute(select(Stance))).scalars())
    assert [(e.value, e.source) for e in events] == [(1, "self"), (-2, "poll"), (0, "debate-pre")]
    assert [(c.user_id, c.value, c.source, c.updated_at) for c in current] == [
        (1, 0, "debate-pre", T0 + timedelta(minutes=9))
    ]


async def test_bad_values_are_user_errors(database: Database) -> None:
    motion_id = await _motion(database)
    async with database.unit_of_work() as s:
        with pytest.raises(UserError):
            await positions.record_stance(
                s, guild_id=7, user_id=1, motion_id=motion_id, value=3, source=positions.SELF, now=T0
            )
        with pytest.raises(UserError, match="under 1000"):
            await positions.record_stance(
                s,
                guild_id=7,
                user_id=1,
                motion_id=motion_id,
                value=1,
                source=positions.SELF,
                now=T0,
                reason="x" * 1001,
            )
