"""Migrations: upgrade an empty database, downgrade to base, upgrade again; models and history agree."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from bot import __version__
from bot.db import WRITTEN_BY, Database, alembic_config, code_revisions
from bot.dbcopy import head_revision
from bot.models import Base, Debate, Identity, MemberSettings, Motion, PackRow, PendingChoice, Poll, PollVote
from bot.services.privacy import FORGOTTEN_MEMBER
from tests import test_db_copy as group
from tests.conftest import DatabaseFactory

# These tests migrate databases themselves: each starts from an empty one.
pytestmark = pytest.mark.empty_database


def _tables(sync_conn: Any) -> set[str]:
    return set(inspect(sync_conn).get_table_names()) - {"alembic_version"}


def _diff(sync_conn: Any) -> list[Any]:
    context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def test_upgrade_downgrade_upgrade(database_factory: DatabaseFactory) -> None:
    db = database_factory()
    try:
        await db.upgrade()
        head = await db.current_revision()
        assert head is not None
        async with db.connect() as conn:
            assert await conn.run_sync(_tables) == set(Base.metadata.tables)
        await db.downgrade("base")
        assert await db.current_revision() is None
        async with db.connect() as conn:
            assert await conn.run_sync(_tables) == set()
        await db.upgrade()
        assert await db.current_revision() == head
        async with db.connect() as conn:
            # Every model change has a migration: autogenerate finds nothing left to do.
            assert await conn.run_sync(_diff) == []
    finally:
        await db.dispose()


def test_the_revisions_read_from_the_files_are_alembics() -> None:
    """Start reads the head from alembic/versions as text (bot.db.code_revisions), not Alembic."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revisions, head = code_revisions()
    assert head is not None
    assert head == scripts.get_current_head()
    assert revisions == {script.revision for script in scripts.walk_revisions()}


async def _written_by(db: Database) -> str | None:
    async with db.connect() as conn:
        query = sa.text("SELECT value FROM app_meta WHERE key = :key")
        return (await conn.execute(query, {"key": WRITTEN_BY})).scalar_one_or_none()


async def test_behind_or_noted_by_another_release_is_upgraded(database_factory: DatabaseFactory) -> None:
    db = database_factory()
    try:
        await db.upgrade()
        _, head = code_revisions()
        previous = (await db.current_revision(), head)
        await db.downgrade("-1")
        assert await db.current_revision() not in previous  # one revision behind, not empty
        await db.upgrade()
        assert await db.current_revision() == head
        # At head but noted by another release: the full path notes this one.
        async with db.engine.begin() as conn:
            update = sa.text("UPDATE app_meta SET value = :value WHERE key = :key")
            await conn.execute(update, {"key": WRITTEN_BY, "value": "0.0.1"})
        await db.upgrade()
        assert await _written_by(db) == __version__
        assert await db.current_revision() == head
    finally:
        await db.dispose()


# ---------------------------------------------------------------- revisions that add constraints

T0 = datetime(2026, 1, 1, tzinfo=UTC)
GUILD, CHANNEL, OTHER_CHANNEL = 111, 222, 333


def _insert_at_0001(model: type, row: dict[str, object]) -> tuple[Any, dict[str, object]]:
    """An INSERT of just ``row``'s columns: the model's table has columns later revisions add
    (and Python defaults for them), which a database at 0001 does not have yet."""
    table = model.__table__  # type: ignore[attr-defined]
    columns = [sa.column(name, table.c[name].type) for name in row]
    at_0001 = sa.table(table.name, sa.column("id", table.c.id.type), *columns)
    return sa.insert(at_0001).returning(at_0001.c.id), row


async def _rows_the_races_left(db: Database) -> dict[str, int]:
    """At revision 0001: two open debates in one channel, and two guild motions sharing #5 (what
    the races that 0002 and 0003 close could leave)."""
    motion = {
        "title": "A motion of the guild",
        "context": "c",
        "paragraphs": [1],
        "sides_for": [],
        "sides_against": [],
        "status": "approved",
        "retired": False,
        "created_at": T0,
    }
    debate = {
        "guild_id": GUILD,
        "moderator_id": 1,
        "phase": "pre-vote",
        "rounds": [],
        "speech_seconds": 60,
        "assign": "volunteer",
        "speech_index": -1,
        "created_at": T0,
    }
    async with db.unit_of_work() as s:
        pack = (
            await s.execute(
                *_insert_at_0001(
                    PackRow,
                    {
                        "slug": "p",
                        "title": "P",
                        "summary": "s",
                        "author": "a",
                        "publication": "p",
                        "paragraph_count": 1,
                        "position": 0,
                        "content_hash": "",
                        "loaded_at": T0,
                    },
                )
            )
        ).scalar_one()
        ids = {}
        for name, number in (("first", 5), ("second", 5), ("third", 7)):
            ids[name] = (
                await s.execute(
                    *_insert_at_0001(Motion, {**motion, "pack_id": pack, "guild_id": GUILD, "number": number})
                )
            ).scalar_one()
        for name, channel in (("older", CHANNEL), ("newer", CHANNEL), ("elsewhere", OTHER_CHANNEL)):
            ids[name] = (
                await s.execute(
                    *_insert_at_0001(Debate, {**debate, "motion_id": ids["first"], "channel_id": channel})
                )
            ).scalar_one()
    return ids


async def test_revisions_adding_unique_indexes_repair_what_would_violate_them(
    database_factory: DatabaseFactory, caplog: pytest.LogCaptureFixture
) -> None:
    db = database_factory()
    try:
        await db.upgrade("0001")
        ids = await _rows_the_races_left(db)
        with caplog.at_level(logging.WARNING, logger="alembic.runtime.migration"):
            await db.upgrade()  # failed on the unique index before the repair
        assert await db.current_revision() == head_revision(db.url)
        async with db.unit_of_work() as s:
            phases = dict((await s.execute(select(Debate.id, Debate.phase))).tuples().all())
            numbers = dict((await s.execute(select(Motion.id, Motion.number))).tuples().all())
            closed_at = (
                await s.execute(select(Debate.closed_at).where(Debate.id == ids["older"]))
            ).scalar_one()
        assert phases == {ids["older"]: "closed", ids["newer"]: "pre-vote", ids["elsewhere"]: "pre-vote"}
        assert closed_at is not None
        assert numbers == {ids["first"]: 5, ids["second"]: 8, ids["third"]: 7}
        logged = caplog.text
        assert f"debate {ids['older']} " in logged and f"motion {ids['second']} " in logged
    finally:
        await db.dispose()


# ---------------------------------------------------------------- 0008: the registry of identities

OTHER_GUILD, DAVE, EVE = 1_234_567_890_123_456_790, 901_234_567_890_123_404, 901_234_567_890_123_405


async def _discord_rows_at_0007(db: Database) -> None:
    """tests/test_db_copy's study group (stances, polls, a debate, timers, settings), a second
    guild with a member's settings and a waiting question, a named poll vote, and a debate whose
    moderator asked to be forgotten (member id 0, no identity)."""
    await group.seed_discord(db)
    async with db.unit_of_work() as s:
        s.add(MemberSettings(guild_id=OTHER_GUILD, user_id=EVE, private=False, updated_at=T0))
        s.add(
            PendingChoice(
                token="t",
                guild_id=OTHER_GUILD,
                user_id=DAVE,
                command="stance set",
                option="motion",
                arguments={},
                candidates=[],
                created_at=T0,
            )
        )
        poll = Poll(
            guild_id=group.GUILD,
            channel_id=group.CHANNEL,
            creator_id=group.ALICE,
            question="q",
            options=["a"],
            created_at=T0,
        )
        s.add(poll)
        await s.flush()
        s.add(PollVote(poll_id=poll.id, option_index=0, voter_key=str(DAVE), user_id=DAVE, created_at=T0))
        motion = (await s.execute(select(Motion.id).limit(1))).scalar_one()
        s.add(
            Debate(
                guild_id=group.GUILD,
                channel_id=OTHER_CHANNEL,
                motion_id=motion,
                moderator_id=FORGOTTEN_MEMBER,
                phase="closed",
                rounds=[],
                speech_seconds=60,
                created_at=T0,
            )
        )


def _reflected(sync_conn: Any) -> sa.MetaData:
    meta = sa.MetaData()
    meta.reflect(sync_conn)
    return meta


async def _every_row(
    db: Database, skip: str, columns: dict[str, list[str]] | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the database has now (but ``skip``), read through the schema
    the database has (reflected), with ``columns`` of each table when given (those a revision had)."""
    async with db.connect() as conn:
        meta = await conn.run_sync(_reflected)
        rows: dict[str, list[tuple[Any, ...]]] = {}
        for table in meta.sorted_tables:
            if table.name == skip or table.name == "alembic_version":
                continue
            names = columns[table.name] if columns is not None else [c.name for c in table.columns]
            query = sa.select(*(table.c[n] for n in names)).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in await conn.execute(query)]
        return rows


async def _columns(db: Database) -> dict[str, list[str]]:
    async with db.connect() as conn:
        meta = await conn.run_sync(_reflected)
    return {table.name: [c.name for c in table.columns] for table in meta.sorted_tables}


async def test_0008_records_every_discord_guild_and_member_and_changes_no_row(
    database_factory: DatabaseFactory,
) -> None:
    db = database_factory()
    try:
        # Filled through today's models, then taken back to 0007 (the models have columns later
        # revisions add), so 0008 meets the rows a database at 0007 held.
        await db.upgrade()
        await _discord_rows_at_0007(db)
        await db.downgrade("0007")
        at_0007 = await _columns(db)
        at_head = {table.name: {c.name for c in table.columns} for table in Base.metadata.sorted_tables}
        # The columns 0007 had that are still there (0010 turns hide_results into results_mode).
        kept = {
            name: [c for c in columns if c in at_head.get(name, columns)] for name, columns in at_0007.items()
        }
        before = await _every_row(db, skip="identities", columns=kept)
        await db.upgrade()
        assert await db.current_revision() == head_revision(db.url)
        after = await _every_row(db, skip="identities", columns={**await _columns(db), **kept})
        assert {name: rows for name, rows in after.items() if name in before} == before
        async with db.unit_of_work() as s:
            rows = (
                await s.execute(select(Identity.id, Identity.platform, Identity.kind, Identity.external_id))
            ).all()
            created = set((await s.execute(select(Identity.created_at))).scalars())
        assert {(i, kind) for i, _, kind, _ in rows} == {
            (group.GUILD, "space"),
            (OTHER_GUILD, "space"),
            *((member, "member") for member in (group.ALICE, group.BOB, group.CAROL, DAVE, EVE)),
        }
        assert all(platform == "discord" and external == str(i) for i, platform, _, external in rows)
        assert all(c is not None and c.tzinfo is not None for c in created)

        # The database keeps each sign to its platforms.
        for row in ((5, "slack"), (-5, "discord")):
            with pytest.raises(sa.exc.IntegrityError):
                async with db.unit_of_work() as s:
                    await s.execute(
                        sa.insert(Identity).values(
                            id=row[0], platform=row[1], kind="space", external_id="T5", created_at=T0
                        )
                    )

        await db.downgrade("0007")
        async with db.connect() as conn:
            assert "identities" not in await conn.run_sync(_tables)
        assert await _every_row(db, skip="identities", columns=kept) == before
    finally:
        await db.dispose()
