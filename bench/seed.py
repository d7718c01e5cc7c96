"""Seeding at scale with SQLAlchemy Core executemany in big batches (fast), and synthetic packs.

The 999 synthetic guilds are seeded before the bot starts; the measured guild is SimCord's, whose id
exists only once the simulated Discord runs, so its rows are seeded from inside the bot process
(``seed_guild``) with the same shape.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from bench.scale import Scale
from bot.db import Database
from bot.models import GuildConfig, Motion, PackRow, Poll, PollVote, Stance, StanceEvent
from bot.packs import Pack

BATCH = 50_000
# Seeded history lies before SimCord's epoch (2026-01-01), so the bot's own writes are the latest.
HISTORY_START = datetime(2025, 9, 1, tzinfo=UTC)
SYNTHETIC_GUILD_BASE = 900_000_000_000_000_000
SYNTHETIC_USER_BASE = 800_000_000_000_000_000
SOURCES = ("self", "debate-pre", "debate-post", "poll", "vote")
POLL_OPTIONS = ["Tea", "Coffee", "Juice", "Water", "Cocoa"]


def synthetic_guild_ids(scale: Scale) -> list[int]:
    return [SYNTHETIC_GUILD_BASE + i for i in range(1, scale.guilds)]


def synthetic_members(guild_index: int, scale: Scale) -> list[int]:
    return [SYNTHETIC_USER_BASE + guild_index * 1000 + m for m in range(scale.members)]


async def _insert(conn: AsyncConnection, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    total = 0
    while batch := list(itertools.islice(rows, BATCH)):
        await conn.execute(table.insert(), batch)
        total += len(batch)
    return total


async def _pack_motions(db: Database, scale: Scale) -> list[tuple[int, int]]:
    """(id, number) of the first ``scale.motions`` live motions of the default (first) pack: a
    motion the pack retired is no longer one members take stances on."""
    async with db.unit_of_work() as session:
        pack = (
            await session.execute(select(PackRow).order_by(PackRow.position, PackRow.id).limit(1))
        ).scalar_one()
        query = (
            select(Motion.id, Motion.number)
            .where(Motion.pack_id == pack.id, Motion.guild_id.is_(None), Motion.retired.is_(False))
            .order_by(Motion.number)
            .limit(scale.motions)
        )
        return [(motion_id, number) for motion_id, number in (await session.execute(query)).tuples()]


async def pack_motion_ids(db: Database, scale: Scale) -> list[int]:
    return [motion_id for motion_id, _ in await _pack_motions(db, scale)]


async def pack_motion_numbers(db: Database, scale: Scale) -> list[int]:
    """The numbers members type for those motions (``/stance set motion:N``)."""
    return [number for _, number in await _pack_motions(db, scale)]


def _stance_rows(
    guild_id: int, members: Sequence[int], motion_ids: Sequence[int], scale: Scale
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every member's history (``events_per_stance`` events per motion) and the current stance."""
    events: list[dict[str, Any]] = []
    current: list[dict[str, Any]] = []
    for m, user_id in enumerate(members):
        for k in range(scale.motions_per_member):
            motion_id = motion_ids[(m + k) % len(motion_ids)]
            value = 0
            at = HISTORY_START
            for e in range(scale.events_per_stance):
                value = (m + k + e) % 5 - 2
                at = HISTORY_START + timedelta(days=e * 30 + k, minutes=m)
                events.append(
                    {
                        "guild_id": guild_id,
                        "user_id": user_id,
                        "motion_id": motion_id,
                        "value": value,
                        "source": SOURCES[(m + e) % len(SOURCES)],
                        "ref_id": None,
                        "reason": "Seeded for the benchmark (¶3)." if e == 0 and m % 4 == 0 else None,
                        "created_at": at,
                    }
                )
            current.append(
                {
                    "guild_id": guild_id,
                    "user_id": user_id,
                    "motion_id": motion_id,
                    "value": value,
                    "source": SOURCES[(m + scale.events_per_stance - 1) % len(SOURCES)],
                    "updated_at": at,
                }
            )
    return events, current


def _vote_rows(poll_id: int, members: Sequence[int], scale: Scale) -> list[dict[str, Any]]:
    return [
        {
            "poll_id": poll_id,
            "option_index": m % len(POLL_OPTIONS),
            "voter_key": str(user_id),
            "user_id": user_id,
            "created_at": HISTORY_START,
        }
        for m, user_id in enumerate(members[: scale.votes_per_poll])
    ]


async def seed_synthetic_guilds(db: Database, scale: Scale) -> dict[str, int]:
    """Configs, stance history, current stances, one poll with votes, for every guild but SimCord's."""
    motion_ids = await pack_motion_ids(db, scale)
    guilds = synthetic_guild_ids(scale)

    def configs() -> Iterator[dict[str, Any]]:
        for guild_id in guilds:
            yield {
                "guild_id": guild_id,
                "active_pack": None,
                "moderator_role_id": None,
                "members_add_motions": False,
                "created_at": HISTORY_START,
            }

    def stance_parts(part: int) -> Iterator[dict[str, Any]]:
        for index, guild_id in enumerate(guilds, start=1):
            yield from _stance_rows(guild_id, synthetic_members(index, scale), motion_ids, scale)[part]

    def polls() -> Iterator[dict[str, Any]]:
        for index, guild_id in enumerate(guilds, start=1):
            yield {
                "id": index,
                "guild_id": guild_id,
                "channel_id": guild_id + 1,
                "message_id": guild_id + 2,
                "creator_id": synthetic_members(index, scale)[0],
                "question": "What do we drink at the next meeting?",
                "options": POLL_OPTIONS,
                "multiple": False,
                "anonymous": False,
                "motion_id": None,
                "closes_at": None,
                "closed_at": None,
                "created_at": HISTORY_START,
            }

    def votes() -> Iterator[dict[str, Any]]:
        for index, _guild_id in enumerate(guilds, start=1):
            yield from _vote_rows(index, synthetic_members(index, scale), scale)

    counts: dict[str, int] = {}
    async with db.engine.begin() as conn:
        counts["guild_configs"] = await _insert(conn, GuildConfig.__table__, configs())
        counts["polls"] = await _insert(conn, Poll.__table__, polls())
        counts["poll_votes"] = await _insert(conn, PollVote.__table__, votes())
        if conn.dialect.name == "postgresql":
            # The polls came with their ids: move the sequence past them, or the bot's first
            # poll would be given id 1 again (SQLite takes the next rowid by itself).
            await conn.execute(
                text("SELECT setval(pg_get_serial_sequence('polls', 'id'), (SELECT max(id) FROM polls))")
            )
    # Big tables in their own transactions, so a batch never holds the whole history in memory.
    async with db.engine.begin() as conn:
        counts["stance_events"] = await _insert(conn, StanceEvent.__table__, stance_parts(0))
    async with db.engine.begin() as conn:
        counts["stances"] = await _insert(conn, Stance.__table__, stance_parts(1))
    return counts


async def seed_guild(
    db: Database, guild_id: int, members: Sequence[int], poll_id: int, scale: Scale
) -> dict[str, int]:
    """The measured guild's rows, the same shape as every other guild's (its poll already exists)."""
    motion_ids = await pack_motion_ids(db, scale)
    events, current = _stance_rows(guild_id, members, motion_ids, scale)
    votes = _vote_rows(poll_id, members, scale)
    async with db.engine.begin() as conn:
        await conn.execute(StanceEvent.__table__.insert(), events)
        await conn.execute(Stance.__table__.insert(), current)
        await conn.execute(PollVote.__table__.insert(), votes)
    return {"stance_events": len(events), "stances": len(current), "poll_votes": len(votes)}


def synthetic_pack(base: Pack, index: int) -> Pack:
    """A copy of ``base`` under a new id and title: the same work per question, another pack."""
    meta = base.meta.model_copy(
        update={"id": f"bench-pack-{index:04d}", "title": f"{base.meta.title} (benchmark copy {index})"}
    )
    return base.model_copy(update={"meta": meta})
