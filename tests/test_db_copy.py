"""``python -m bot db copy --to <URL>``: a SQLite database with data, copied into an empty database.

The target is PostgreSQL when TEST_DATABASE_URL is set (the ``postgres`` backend) and another
SQLite file otherwise, so the round trip runs on every configured backend.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, select, text

from bot import dbcopy
from bot.__main__ import main
from bot.app import load_packs
from bot.db import Database
from bot.models import (
    Debate,
    DebateArgument,
    DebateParticipant,
    DebateVote,
    MemberSettings,
    Motion,
    Poll,
    PollVote,
    StanceEvent,
)
from bot.services import content, guilds, identities, jobs, positions
from bot.services.voter_keys import vote_secret, voter_key
from bot.settings import Settings
from tests.conftest import PACKS, PG_URL, DatabaseFactory
from tests.reliability.pg_fresh import fresh_database

# These tests migrate databases themselves: each starts from an empty one.
pytestmark = pytest.mark.empty_database

T0 = datetime(2026, 1, 1, tzinfo=UTC)
# Real snowflakes are 63-bit: they must survive as BIGINT.
GUILD = 1_234_567_890_123_456_789
ALICE, BOB, CAROL = 901_234_567_890_123_401, 901_234_567_890_123_402, 901_234_567_890_123_403
CHANNEL = 1_111_111_111_111_111_111

# Every table the seed below fills; the round trip must cover each one.
SEEDED = {
    "app_meta",
    "debate_arguments",
    "debate_participants",
    "debate_votes",
    "debates",
    "guild_configs",
    "identities",
    "jobs",
    "member_settings",
    "motions",
    "pack_actors",
    "pack_paragraphs",
    "packs",
    "poll_votes",
    "polls",
    "stance_events",
    "stances",
}


# A Slack workspace and a member of it, in the registry of other platforms' ids.
SLACK_TEAM, SLACK_MEMBER = "T0123ABCD", "U024BE7LH"


async def seed(db: Database) -> None:
    """``seed_discord``, and the registry of ids: a Slack workspace and member, a Discord member's name."""
    await seed_discord(db)
    async with db.unit_of_work() as s:
        team = await identities.internal_id(s, "slack", "space", SLACK_TEAM, name="Reading Group", now=T0)
        member = await identities.internal_id(s, "slack", "member", SLACK_MEMBER, name="ana", now=T0)
        await identities.internal_id(s, "discord", "member", str(ALICE), name="alice", now=T0)
        await positions.record_stance(
            s, guild_id=team, user_id=member, motion_id=1, value=1, source=positions.SELF, now=T0
        )


async def seed_discord(db: Database) -> None:
    """A study group's month: the pack, a guild motion, stances, an anonymous poll, a debate, timers.

    Only tables a database at revision 0007 already has (tests/test_migrations.py seeds one)."""
    packs = load_packs(replace(Settings.from_env({}), packs_dir=PACKS))
    async with db.unit_of_work() as s:
        await content.sync_packs(s, packs, T0)
        config = await guilds.get_config(s, GUILD, T0)
        config.moderator_role_id = 987_654_321_098_765_432
        s.add(MemberSettings(guild_id=GUILD, user_id=CAROL, private=True, updated_at=T0))
        pack = (await content.list_packs(s))[0]
        own = Motion(
            pack_id=pack.id,
            guild_id=GUILD,
            number=99,
            title="Our own motion",
            context="Proposed by a member.",
            paragraphs=[1],
            sides_for=["yes"],
            sides_against=["no"],
            status="approved",
            proposed_by=ALICE,
            created_at=T0,
        )
        s.add(own)
        await s.flush()
        motions = list((await s.execute(select(Motion).order_by(Motion.id))).scalars())
        for day, (user, value) in enumerate([(ALICE, 2), (BOB, -1), (CAROL, 0), (ALICE, 1), (BOB, -2)]):
            await positions.record_stance(
                s,
                guild_id=GUILD,
                user_id=user,
                motion_id=motions[day % 3].id,
                value=value,
                source=positions.SELF,
                now=T0 + timedelta(days=day, microseconds=123_456),
                reason=f"Reason «{day}» — with unicode" if day % 2 else None,
            )
        poll = Poll(
            guild_id=GUILD,
            channel_id=CHANNEL,
            message_id=2_222_222_222_222_222_222,
            creator_id=ALICE,
            question="Should NATO open a Tokyo office?",
            options=["Yes", "No", "Not yet"],
            multiple=False,
            anonymous=True,
            results_mode="live",
            motion_id=own.id,
            closes_at=T0 + timedelta(days=7),
            created_at=T0,
        )
        s.add(poll)
        await s.flush()
        secret = await vote_secret(s, None)
        for option, user in enumerate((ALICE, BOB, CAROL)):
            s.add(
                PollVote(
                    poll_id=poll.id,
                    option_index=option,
                    voter_key=voter_key(secret, poll.id, user),
                    created_at=T0,
                )
            )
        debate = Debate(
            guild_id=GUILD,
            channel_id=CHANNEL,
            motion_id=motions[0].id,
            moderator_id=BOB,
            phase="speeches",
            rounds=["opening", "rebuttal"],
            speech_seconds=120,
            speech_index=1,
            speech_ends_at=T0 + timedelta(minutes=4),
            paused_remaining=12.5,
            result={"pre": {"for": 1, "against": 1}},
            created_at=T0,
        )
        s.add(debate)
        await s.flush()
        s.add_all(
            [
                DebateParticipant(debate_id=debate.id, user_id=ALICE, side="for", joined_at=T0),
                DebateParticipant(debate_id=debate.id, user_id=BOB, side="against", joined_at=T0),
                DebateVote(
                    debate_id=debate.id, user_id=CAROL, phase="pre", choice="undecided", created_at=T0
                ),
                DebateArgument(
                    debate_id=debate.id,
                    user_id=ALICE,
                    side="for",
                    round_name="opening",
                    speech_index=0,
                    text="Deterrence is indivisible.",
                    created_at=T0,
                ),
            ]
        )
        await jobs.schedule(
            s,
            guild_id=GUILD,
            kind="poll-close",
            due_at=poll.closes_at,  # type: ignore[arg-type]
            now=T0,
            payload={"poll_id": poll.id},
            dedupe_key=f"poll-close:{poll.id}",
        )
        await jobs.schedule(s, guild_id=GUILD, kind="debate-speech", due_at=T0, now=T0, payload={"debate": 1})


async def table_rows(db: Database, table: Table) -> list[tuple[Any, ...]]:
    async with db.connect() as conn:
        result = await conn.execute(select(table).order_by(*table.primary_key.columns))
        return [tuple(row) for row in result]


@pytest.fixture
async def source(tmp_path: Path) -> AsyncIterator[Database]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'group.db'}")
    await db.upgrade()
    await seed(db)
    yield db
    await db.dispose()


@pytest.fixture
async def target(database_factory: DatabaseFactory) -> AsyncIterator[Database]:
    """An empty database (no tables) on the backend under test."""
    db = database_factory()
    yield db
    await db.dispose()


async def test_round_trip_keeps_every_row_and_new_rows_get_fresh_ids(
    source: Database, target: Database
) -> None:
    reported: list[dbcopy.TableCount] = []
    counts = await dbcopy.copy_database(source, target, batch_size=7, progress=reported.append)

    assert reported == counts
    assert [c.table for c in counts] == [t.name for t in dbcopy.tables()]
    by_table = {c.table: c for c in counts}
    assert {name for name, c in by_table.items() if c.source > 0} >= SEEDED
    assert all(c.source == c.target for c in counts)
    assert by_table["pack_paragraphs"].source > 7  # more than one batch
    assert await target.current_revision() == await source.current_revision()
    for table in dbcopy.tables():
        assert await table_rows(target, table) == await table_rows(source, table), table.name

    # The group carries on, on the new database: ids continue after the copied ones.
    async with target.unit_of_work() as s:
        event_id = await positions.record_stance(
            s,
            guild_id=GUILD,
            user_id=BOB,
            motion_id=1,
            value=2,
            source=positions.SELF,
            now=T0 + timedelta(days=9),
        )
        job = await jobs.schedule(s, guild_id=GUILD, kind="poll-close", due_at=T0, now=T0)
        poll = Poll(
            guild_id=GUILD,
            channel_id=CHANNEL,
            creator_id=BOB,
            question="Again?",
            options=["a", "b"],
            created_at=T0,
        )
        s.add(poll)
        await s.flush()
    # The registry came along: the Slack workspace keeps its id, and its sign.
    async with target.unit_of_work() as s:
        team = await identities.internal_id(s, "slack", "space", SLACK_TEAM)
        assert await identities.external_id(s, team) == ("slack", "space", SLACK_TEAM)
        assert team < 0 and await identities.platform_of_space(s, team) == "slack"
        assert (await identities.names(s, [ALICE]))[ALICE] == "alice"
    assert by_table["identities"].source == 3
    assert event_id == by_table["stance_events"].source + 1
    assert job.id == by_table["jobs"].source + 1
    assert poll.id == by_table["polls"].source + 1
    async with target.unit_of_work() as s:
        history = (
            await s.execute(
                select(StanceEvent.user_id, StanceEvent.value, StanceEvent.created_at)
                .where(StanceEvent.guild_id == GUILD, StanceEvent.user_id == BOB)
                .order_by(StanceEvent.created_at)
            )
        ).all()
    assert [(u, v) for u, v, _ in history] == [(BOB, -1), (BOB, -2), (BOB, 2)]
    assert history[0][2] == T0 + timedelta(days=1, microseconds=123_456)  # aware UTC, microseconds kept


async def test_refuses_a_target_that_holds_data(source: Database, target: Database) -> None:
    await dbcopy.copy_database(source, target)
    before = await table_rows(target, dbcopy.tables()[0])
    with pytest.raises(dbcopy.CopyError, match="not empty"):
        await dbcopy.copy_database(source, target)
    assert await table_rows(target, dbcopy.tables()[0]) == before


async def test_refuses_a_source_that_is_not_migrated(tmp_path: Path, target: Database) -> None:
    bare = Database(f"sqlite+aiosqlite:///{tmp_path / 'bare.db'}")
    try:
        with pytest.raises(dbcopy.CopyError, match="db upgrade"):
            await dbcopy.copy_database(bare, target)
    finally:
        await bare.dispose()
    assert await target.current_revision() is None  # nothing was done to the target


async def test_a_failed_copy_leaves_the_target_empty(
    source: Database, target: Database, backend: str
) -> None:
    if backend != "postgres":
        reason = "" if PG_URL else " (set TEST_DATABASE_URL to run it)"
        pytest.skip(f"SQLite stores over-long strings; only PostgreSQL refuses them{reason}")
    async with source.unit_of_work() as s:  # SQLite does not enforce VARCHAR lengths
        await s.execute(text("UPDATE debate_participants SET side = :long"), {"long": "x" * 40})
    with pytest.raises(dbcopy.CopyError, match="debate_participants"):
        await dbcopy.copy_database(source, target)
    assert await dbcopy._tables_with_rows(target) == []


@pytest.fixture
async def empty_target_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A URL naming a new, empty database (on PostgreSQL a whole database, as an operator would make)."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'target.db'}"
        return
    async with fresh_database() as url:
        yield url


async def test_command_line_reports_counts_per_table(
    source: Database,
    empty_target_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", source.url)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    status = await asyncio.to_thread(main, ["db", "copy", "--to", empty_target_url])
    out = capsys.readouterr().out
    assert status == 0, out
    lines = {line.split()[0]: line.split()[1] for line in out.splitlines() if line.endswith(" rows")}
    async with source.connect() as conn:
        expected = {t.name: str(await dbcopy.count_rows(conn, t)) for t in dbcopy.tables()}
    assert lines == expected
    assert "every count matches the source" in out

    status = await asyncio.to_thread(main, ["db", "copy", "--to", empty_target_url])
    assert status == 1
    assert "Not copied: The target database is not empty" in capsys.readouterr().out


def test_the_report_hides_passwords() -> None:
    assert dbcopy.safe_url("postgresql+asyncpg://rt:s3cret@db.example.org/rt") == (
        "postgresql+asyncpg://rt:***@db.example.org/rt"
    )


async def test_command_line_refuses_a_url_it_cannot_use(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:////tmp/unused.db")
    status = await asyncio.to_thread(main, ["db", "copy", "--to", "postgresql://host/db"])
    assert status == 2
    assert "postgresql+asyncpg://" in capsys.readouterr().out


async def test_stance_history_reads_the_same_after_the_copy(
    tmp_path: Path, database_factory: DatabaseFactory
) -> None:
    """The group's /stance history, as members see it, is the same before and after moving databases."""
    import simcord

    from bot.app import create_bot

    source_url = f"sqlite+aiosqlite:///{tmp_path / 'before.db'}"
    base = replace(Settings.from_env({}), packs_dir=PACKS, cooldown_seconds=0)
    before = create_bot(replace(base, database_url=source_url), always_sync=True)
    async with simcord.run(before) as env:
        guild = env.create_guild("Study Group")
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        bob = guild.add_member(env.create_user("bob"))
        for motion, stance in (
            ("1", "agree"),
            ("2", "disagree"),
            ("1", "strongly agree"),
            ("3", "undecided"),
        ):
            await alice.slash(channel, "stance set", motion=motion, stance=stance, reason=f"on {motion}")
            await env.advance_time(3600)

        async def history() -> list[dict[str, Any]]:
            result = await bob.slash(channel, "stance history", member=alice)
            return [e.to_dict() for e in result.response.embeds]

        shown_before = await history()
        assert "strongly agree" in str(shown_before)

        source, target = Database(source_url), database_factory()
        try:
            counts = await dbcopy.copy_database(source, target)
        finally:
            await source.dispose()
        assert {c.table: c.target for c in counts}["stance_events"] == 4
        # A new process on the copied database, in the same Discord world.
        await env.restart_bot(create_bot(replace(base, database_url=target.url), db=target, always_sync=True))
        assert await history() == shown_before


async def test_text_an_older_version_stored_with_nul_is_cleaned_on_the_way(
    source: Database, target: Database
) -> None:
    """SQLite kept U+0000 and other control characters that older versions stored as sent;
    PostgreSQL refuses NUL, so the copy stopped at that row. It cleans them as the bot now does."""
    async with source.unit_of_work() as s:
        await s.execute(
            text("UPDATE stance_events SET reason = :dirty WHERE id = (SELECT MIN(id) FROM stance_events)"),
            {"dirty": "we\x00ll\x07 said\r\nindeed"},
        )
        await s.execute(text("UPDATE polls SET options = :dirty"), {"dirty": '["Tea\\u0000", "Coffee"]'})
    await dbcopy.copy_database(source, target)
    async with target.unit_of_work() as s:
        reasons = list((await s.execute(select(StanceEvent.reason).order_by(StanceEvent.id))).scalars())
        options = list((await s.execute(select(Poll.options))).scalars())
    assert reasons[0] == "well said\nindeed"
    assert all(o[0] == "Tea" for o in options)


async def test_a_target_already_migrated_is_still_empty(source: Database, target: Database) -> None:
    """`db upgrade` on the new database first (an operator's habit) leaves only the note of which
    Roundtable migrated it; that does not count as data."""
    await target.upgrade()
    counts = await dbcopy.copy_database(source, target)
    assert all(c.source == c.target for c in counts)
