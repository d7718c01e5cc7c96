"""Revision 0010 on real rows: hide_results becomes results_mode, the new columns start empty, and
the downgrade turns every mode but live back into hide_results (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from bot.dbcopy import head_revision
from tests.conftest import DatabaseFactory

pytestmark = pytest.mark.empty_database

T0 = datetime(2026, 1, 1, tzinfo=UTC)
GUILD = 1 << 22


async def _rows(db: Any, query: str) -> list[tuple[Any, ...]]:
    async with db.unit_of_work() as s:
        return [tuple(r) for r in (await s.execute(sa.text(query))).all()]


async def test_0010_turns_hide_results_into_results_mode_and_back(database_factory: DatabaseFactory) -> None:
    db = database_factory()
    try:
        await db.upgrade("0009")
        async with db.unit_of_work() as s:
            for poll_id, hidden in ((1, False), (2, True)):
                await s.execute(
                    sa.text(
                        "INSERT INTO polls (id, guild_id, channel_id, creator_id, question, options, "
                        "multiple, anonymous, hide_results, created_at) "
                        "VALUES (:id, :g, 5, 7, :q, :o, :m, :a, :h, :t)"
                    ),
                    {
                        "id": poll_id,
                        "g": GUILD,
                        "q": f"Poll {poll_id}?",
                        "o": '["Yes", "No"]',
                        "m": False,
                        "a": hidden,
                        "h": hidden,
                        "t": T0,
                    },
                )
            await s.execute(
                sa.text(
                    "INSERT INTO poll_votes (id, poll_id, option_index, voter_key, user_id, created_at) "
                    "VALUES (1, 1, 0, '9', 9, :t)"
                ),
                {"t": T0},
            )

        await db.upgrade("0010")
        assert await _rows(
            db,
            "SELECT id, results_mode, ranked, member_options, max_choices, option_authors, opens_at, "
            "remind_minutes, reminded_at FROM polls ORDER BY id",
        ) == [
            (1, "live", False, False, None, None, None, None, None),
            (2, "after_close", False, False, None, None, None, None, None),
        ]
        assert await _rows(db, "SELECT id, option_index, rank FROM poll_votes") == [(1, 0, None)]

        # A creator-only poll and a ranked vote, made at 0010, then taken back to 0009.
        async with db.unit_of_work() as s:
            await s.execute(
                sa.text(
                    "INSERT INTO polls (id, guild_id, channel_id, creator_id, question, options, multiple, "
                    "anonymous, results_mode, ranked, member_options, created_at) "
                    "VALUES (3, :g, 5, 7, 'Mine?', '[\"A\", \"B\"]', :f, :f, 'creator', :t, :f, :at)"
                ),
                {"g": GUILD, "f": False, "t": True, "at": T0},
            )
            await s.execute(
                sa.text(
                    "INSERT INTO poll_votes (id, poll_id, option_index, rank, voter_key, user_id, "
                    "created_at) VALUES (2, 3, 1, 1, '9', 9, :t)"
                ),
                {"t": T0},
            )
        await db.downgrade("0009")
        assert await _rows(db, "SELECT id, hide_results FROM polls ORDER BY id") == [
            (1, False),
            (2, True),
            (3, True),  # creator-only is the nearest 0009 has: hidden until the close
        ]
        async with db.connect() as conn:
            columns = await conn.run_sync(
                lambda c: {col["name"] for col in sa.inspect(c).get_columns("polls")}
            )
        assert "results_mode" not in columns and "ranked" not in columns

        await db.upgrade()
        assert await db.current_revision() == head_revision(db.url)
        assert await _rows(db, "SELECT id, results_mode FROM polls ORDER BY id") == [
            (1, "live"),
            (2, "after_close"),
            (3, "after_close"),
        ]
    finally:
        await db.dispose()
