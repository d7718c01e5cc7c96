"""The identity registry on SQLite and PostgreSQL: stable ids, platforms kept apart by sign, races
between units of work, id collisions, names."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError

from bot.db import Database
from bot.models import GuildConfig, Identity
from bot.services import identities
from tests.conftest import DatabaseFactory

T0 = datetime(2026, 1, 1, tzinfo=UTC)
SNOWFLAKE = 1_234_567_890_123_456_789


async def _rows(db: Database) -> list[tuple[int, str, str, str, str | None]]:
    async with db.unit_of_work() as s:
        query = select(Identity.id, Identity.platform, Identity.kind, Identity.external_id, Identity.name)
        return [tuple(row) for row in (await s.execute(query.order_by(Identity.id)))]  # type: ignore[misc]


async def test_get_or_create_is_stable_and_keeps_the_latest_name(database: Database) -> None:
    async with database.unit_of_work() as s:
        team = await identities.internal_id(s, "slack", "space", "T0123ABC", name="Reading Group", now=T0)
        again = await identities.internal_id(s, "slack", "space", "T0123ABC")
    async with database.unit_of_work() as s:
        later = await identities.internal_id(s, "slack", "space", "T0123ABC", name="Reading Group 2")
        unnamed_call = await identities.internal_id(s, "slack", "space", "T0123ABC")
        assert await identities.external_id(s, team) == ("slack", "space", "T0123ABC")
    assert team < 0
    assert team == again == later == unnamed_call
    # A name given once stays until another is given; a call without one does not clear it.
    assert await _rows(database) == [(team, "slack", "space", "T0123ABC", "Reading Group 2")]


async def test_the_same_string_on_two_platforms_or_of_two_kinds_gets_different_ids(
    database: Database,
) -> None:
    async with database.unit_of_work() as s:
        slack = await identities.internal_id(s, "slack", "member", "U024BE7LH")
        matrix = await identities.internal_id(s, "matrix", "member", "U024BE7LH")
        channel = await identities.internal_id(s, "slack", "channel", "U024BE7LH")
        assert await identities.platform_of_space(
            s, await identities.internal_id(s, "matrix", "space", "T1")
        ) == ("matrix")
    assert len({slack, matrix, channel}) == 3
    assert all(i < 0 for i in (slack, matrix, channel))


async def test_a_discord_id_is_its_snowflake_and_recorded_only_with_a_name(database: Database) -> None:
    async with database.unit_of_work() as s:
        assert await identities.internal_id(s, "discord", "space", str(SNOWFLAKE)) == SNOWFLAKE
    assert await _rows(database) == []
    async with database.unit_of_work() as s:
        assert (
            await identities.internal_id(s, "discord", "space", str(SNOWFLAKE), name="Study Group")
            == SNOWFLAKE
        )
        # A channel sharing its guild's id (old guilds' first channel): same id, first kind kept.
        assert (
            await identities.internal_id(s, "discord", "channel", str(SNOWFLAKE), name="general") == SNOWFLAKE
        )
        assert (
            await identities.internal_id(s, "discord", "space", str(SNOWFLAKE), name="Renamed") == SNOWFLAKE
        )
        assert await identities.platform_of_space(s, SNOWFLAKE) == "discord"
    assert await _rows(database) == [(SNOWFLAKE, "discord", "space", str(SNOWFLAKE), "Renamed")]
    assert identities.platform_of_id(SNOWFLAKE) == "discord"
    assert identities.platform_of_id(-5) is None


async def test_unknown_ids_and_bad_arguments_are_refused(database: Database) -> None:
    async with database.unit_of_work() as s:
        with pytest.raises(LookupError):
            await identities.external_id(s, -42)
        with pytest.raises(LookupError):
            await identities.platform_of_space(s, -42)
        member = await identities.internal_id(s, "slack", "member", "U1")
        with pytest.raises(LookupError):  # a member is not a space
            await identities.platform_of_space(s, member)
        for platform, kind, external in (
            ("slack", "user", "U1"),
            ("slack", "member", ""),
            ("slack", "member", "x" * 256),
            ("discord", "member", "U1"),
            ("discord", "member", "-5"),
        ):
            with pytest.raises(ValueError):
                await identities.internal_id(s, platform, kind, external)


async def test_the_database_keeps_each_sign_to_its_platforms(database: Database) -> None:
    for row in (
        {"id": 5, "platform": "slack", "kind": "space", "external_id": "T5"},
        {"id": -5, "platform": "discord", "kind": "space", "external_id": "5"},
    ):
        with pytest.raises(IntegrityError, match=r"(?i)check constraint"):
            async with database.unit_of_work() as s:
                await s.execute(insert(Identity).values(**row, created_at=T0))
    assert await _rows(database) == []


@pytest.fixture
def draws(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The registry's random draws, made to follow a list (``randbelow`` returns them in turn)."""
    planned: list[int] = []
    real = identities.secrets.randbelow

    def randbelow(n: int) -> int:
        return planned.pop(0) if planned else real(n)

    monkeypatch.setattr(identities.secrets, "randbelow", randbelow)
    yield planned


async def test_a_drawn_id_already_taken_is_drawn_again_in_the_same_transaction(
    database: Database, draws: list[int]
) -> None:
    async with database.unit_of_work() as s:
        draws.extend([6, 6, 8])  # ids -7, -7 (taken by then), -9
        first = await identities.internal_id(s, "slack", "space", "T1")
        second = await identities.internal_id(s, "slack", "space", "T2")
        # The collision did not spoil the transaction (PostgreSQL aborts one on an error).
        s.add(GuildConfig(guild_id=second, created_at=T0))
    assert (first, second) == (-7, -9)
    assert draws == []
    assert [r[:4] for r in await _rows(database)] == [
        (-9, "slack", "space", "T2"),
        (-7, "slack", "space", "T1"),
    ]
    async with database.unit_of_work() as s:
        assert await s.get(GuildConfig, -9) is not None


async def test_two_units_of_work_racing_for_one_external_id_get_one_id(
    database: Database, database_factory: DatabaseFactory, backend: str
) -> None:
    """On PostgreSQL both transactions are open before either asks (two processes' connections):
    the second insert waits for the first to commit, does nothing, and reads the winner's row.
    SQLite has one writer at a time (this process's units of work take turns), so there the two
    run one after the other."""
    other = database_factory()
    barrier = asyncio.Barrier(2) if backend == "postgres" else None

    async def ask(db: Database, guild: int) -> int:
        async with db.unit_of_work() as s:
            if barrier is not None:
                await s.execute(text("SELECT 1"))
                await barrier.wait()
            got = await identities.internal_id(s, "slack", "member", "W012A3CDE", name=f"n{guild}")
            s.add(GuildConfig(guild_id=guild, created_at=T0))  # the caller's transaction goes on
            return got

    try:
        if backend == "postgres":
            ids = await asyncio.gather(ask(database, 1), ask(other, 2))
        else:
            ids = await asyncio.gather(ask(database, 1), ask(database, 2))
    finally:
        await other.dispose()
    assert ids[0] == ids[1] < 0
    async with database.unit_of_work() as s:
        assert (await s.execute(select(func.count()).select_from(Identity))).scalar_one() == 1
        assert (await s.execute(select(func.count()).select_from(GuildConfig))).scalar_one() == 2


async def test_names_are_looked_up_in_one_call_for_many_ids(database: Database) -> None:
    async with database.unit_of_work() as s:
        alice = await identities.internal_id(s, "slack", "member", "U1", name="alice")
        nameless = await identities.internal_id(s, "slack", "member", "U2")
        bob = await identities.internal_id(s, "discord", "member", "901234567890123402", name="bob")
    async with database.unit_of_work() as s:
        unknown = list(range(-1200, -1000))  # more ids than one IN list holds
        found = await identities.names(s, [alice, nameless, bob, 77, alice, *unknown])
        assert await identities.names(s, []) == {}
    assert found == {alice: "alice", bob: "bob"}
