"""Helpers for positions tests: a seeded pack with motions, and a scan of every member-bearing column."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import String, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import Database
from bot.models import Base, Motion, PackRow
from bot.services import positions

T0 = datetime(2026, 1, 1, tzinfo=UTC)


async def seed_motions(db: Database, count: int = 3, *, slug: str = "p") -> list[int]:
    """A pack with ``count`` motions numbered 1..count; their database ids."""
    async with db.unit_of_work() as s:
        pack = PackRow(
            slug=slug,
            title="A text",
            summary="s",
            author="a",
            publication="p",
            paragraph_count=3,
            content_hash="x",
            loaded_at=T0,
        )
        s.add(pack)
        await s.flush()
        motions = [
            Motion(
                pack_id=pack.id,
                number=n,
                title=f"Motion number {n} about NATO",
                context="c",
                paragraphs=[1],
                sides_for=[],
                sides_against=[],
                created_at=T0,
            )
            for n in range(1, count + 1)
        ]
        s.add_all(motions)
        await s.flush()
        return [m.id for m in motions]


async def stance(
    s: AsyncSession,
    *,
    guild: int,
    user: int,
    motion: int,
    value: int,
    at: datetime,
    source: str = positions.SELF,
    reason: str | None = None,
) -> None:
    await positions.record_stance(
        s, guild_id=guild, user_id=user, motion_id=motion, value=value, source=source, now=at, reason=reason
    )


# Columns that name a member: user ids, voter keys, and the creators of group records.
MEMBER_COLUMNS = ("user_id", "voter_key", "proposed_by", "creator_id", "moderator_id")


async def rows_naming(db: Database, user_id: int, extra_keys: tuple[str, ...] = ()) -> dict[str, int]:
    """Table -> rows in which any member column holds ``user_id`` (or one of ``extra_keys``).

    Scans every table of the schema, so a table added later is covered without editing the test.
    """
    found: dict[str, int] = {}
    async with db.unit_of_work() as s:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if column.name not in MEMBER_COLUMNS:
                    continue
                if isinstance(column.type, String):
                    condition = column.in_([str(user_id), *extra_keys])
                else:
                    condition = column == user_id
                count = len((await s.execute(select(table).where(condition))).all())
                if count:
                    found[f"{table.name}.{column.name}"] = count
    return found


async def count_rows(db: Database) -> dict[str, int]:
    """Rows per table (to show that a delete touched nothing else)."""
    counts = {}
    async with db.unit_of_work() as s:
        names = await s.run_sync(lambda sync: inspect(sync.connection()).get_table_names())
        for name in sorted(names):
            if name == "alembic_version":
                continue
            counts[name] = (await s.execute(text(f'SELECT COUNT(*) FROM "{name}"'))).scalar_one()
    return counts
