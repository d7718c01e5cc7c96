"""Poll rules on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, inspect, select

from bot.db import Database
from bot.errors import NotAllowed, NotFound, Refused, UserError
from bot.models import Job, Motion, Poll, PollVote, StanceEvent
from bot.packs import discover_packs, load_pack
from bot.services import content, polls
from bot.services.polls.reading import lock_poll_to_read
from bot.services.voter_keys import vote_secret, voter_key
from bot.settings import ROOT

T0 = datetime(2026, 1, 1, tzinfo=UTC)
GUILD = 1 << 22
OTHER_GUILD = 2 << 22
CHANNEL = 77
CREATOR = 500


async def _seed(db: Database) -> Motion:
    packs = [load_pack(folder) for folder in discover_packs(ROOT / "data" / "packs")]
    async with db.unit_of_work() as s:
        await content.sync_packs(s, packs, T0)
        return (await s.execute(select(Motion).where(Motion.number == 1))).scalar_one()


async def _poll(db: Database, **kwargs: Any) -> Poll:
    fields: dict[str, Any] = {
        "guild_id": GUILD,
        "channel_id": CHANNEL,
        "creator_id": CREATOR,
        "question": "Tea or coffee?",
        "options": "Tea; Coffee; Neither",
        "motion": None,
        "multiple": False,
        "anonymous": False,
        "hide_results": False,
        "minutes": None,
        "hash_key": None,
        "now": T0,
    }
    fields.update(kwargs)
    async with db.unit_of_work() as s:
        return await polls.create_poll(s, **fields)


async def _vote(
    db: Database,
    poll: Poll,
    user: int,
    option: int,
    *,
    at: datetime = T0,
    guild: int = GUILD,
    hash_key: str | None = None,
) -> polls.VoteResult:
    result: polls.VoteResult = await db.run(
        polls.cast_vote,
        poll_id=poll.id,
        guild_id=guild,
        user_id=user,
        option_index=option,
        hash_key=hash_key,
        now=at,
    )
    return result


async def _votes(db: Database, poll: Poll) -> list[PollVote]:
    async with db.unit_of_work() as s:
        rows = await s.execute(select(PollVote).where(PollVote.poll_id == poll.id).order_by(PollVote.id))
        return list(rows.scalars())


# ---------------------------------------------------------------- input


def test_options_are_split_on_semicolons_and_trimmed() -> None:
    assert polls.parse_options(" Tea ;  Coffee;; Neither  ") == ["Tea", "Coffee", "Neither"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("Tea", "at least 2 options"),
        ("Tea, Coffee", "Separate them with semicolons"),
        ("; ;", "at least 2 options"),
        ("; ".join(f"o{i}" for i in range(26)), "at most 25 options (you gave 26)"),
        ("Tea; " + "x" * 81, "under 80 characters"),
        ("Tea; tea", "appears twice"),
    ],
)
def test_bad_options_get_friendly_errors(raw: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        polls.parse_options(raw)
    assert message in caught.value.message


def test_twenty_five_options_of_eighty_characters_are_fine() -> None:
    options = [f"{i:02d}" + "x" * 78 for i in range(25)]
    assert polls.parse_options("; ".join(options)) == options


def test_stance_words_map_to_values() -> None:
    assert [polls.stance_of(w) for w in polls.STANCE_OPTIONS] == [2, 1, 0, -1, -2]
    assert [polls.stance_of(w) for w in ("Yes!", "FOR", "no", "Against", "strongly  agree")] == [
        1,
        1,
        -1,
        -1,
        2,
    ]
    assert polls.stance_of("Maybe") is None


async def test_a_motion_poll_without_options_offers_the_five_stances(database: Database) -> None:
    motion = await _seed(database)
    poll = await _poll(database, options=None, motion=motion)
    assert poll.options == ["Strongly agree", "Agree", "Undecided", "Disagree", "Strongly disagree"]
    assert poll.motion_id == motion.id


async def test_motion_poll_options_must_name_stances_and_be_single_choice(database: Database) -> None:
    motion = await _seed(database)
    ok = await _poll(database, options="Yes; No; Undecided", motion=motion)
    assert ok.options == ["Yes", "No", "Undecided"]
    with pytest.raises(UserError) as caught:
        await _poll(database, options="Yes; Maybe", motion=motion)
    assert "'Maybe' doesn't name a stance" in caught.value.message
    with pytest.raises(UserError, match="single choice"):
        await _poll(database, options=None, motion=motion, multiple=True)


async def test_a_poll_without_options_or_motion_is_refused(database: Database) -> None:
    with pytest.raises(UserError, match="at least two options"):
        await _poll(database, options=None)
    with pytest.raises(UserError, match="1 minute to 7 days"):
        await _poll(database, minutes=0)
    with pytest.raises(UserError, match="question"):
        await _poll(database, question="   ")


# ---------------------------------------------------------------- voting


async def test_single_choice_vote_then_change_keeps_one_row(database: Database) -> None:
    poll = await _poll(database)
    first = await _vote(database, poll, 10, 0)
    assert (first.action, first.option, first.chosen) == ("added", "Tea", ["Tea"])
    again = await _vote(database, poll, 10, 0)
    assert again.action == "unchanged"
    changed = await _vote(database, poll, 10, 1, at=T0 + timedelta(minutes=1))
    assert (changed.action, changed.previous, changed.option) == ("changed", "Tea", "Coffee")
    assert changed.state.tally.counts == [0, 1, 0]
    rows = await _votes(database, poll)
    assert [(r.option_index, r.voter_key, r.user_id) for r in rows] == [(1, "10", 10)]


async def test_multiple_choice_clicks_toggle_options(database: Database) -> None:
    poll = await _poll(database, multiple=True)
    await _vote(database, poll, 10, 0)
    added = await _vote(database, poll, 10, 2)
    assert (added.action, added.chosen) == ("added", ["Tea", "Neither"])
    removed = await _vote(database, poll, 10, 0)
    assert (removed.action, removed.chosen) == ("removed", ["Neither"])
    other = await _vote(database, poll, 11, 2)
    assert other.state.tally.counts == [0, 0, 2]
    assert other.state.tally.voters == 2


async def test_anonymous_votes_keep_only_a_keyed_hash(database: Database) -> None:
    poll = await _poll(database, anonymous=True, multiple=True)
    await _vote(database, poll, 10, 0, at=T0 + timedelta(minutes=5))
    await _vote(database, poll, 10, 1, at=T0 + timedelta(minutes=6))
    await _vote(database, poll, 11, 1, at=T0 + timedelta(minutes=7))
    rows = await _votes(database, poll)
    assert [r.user_id for r in rows] == [None, None, None]
    assert all(len(r.voter_key) == 64 and r.voter_key not in ("10", "11") for r in rows)
    # The click time is not kept either: it could be matched against other tables.
    assert {r.created_at for r in rows} == {poll.created_at}
    async with database.unit_of_work() as s:
        secret = await vote_secret(s, None)
    assert {r.voter_key for r in rows} == {voter_key(secret, poll.id, 10), voter_key(secret, poll.id, 11)}
    # The same member gets a different key in another poll.
    assert voter_key(secret, poll.id + 1, 10) != voter_key(secret, poll.id, 10)


async def test_votes_are_refused_once_closed_or_past_the_closing_time(database: Database) -> None:
    poll = await _poll(database, minutes=10)
    await _vote(database, poll, 10, 0)
    # The timer has not run yet, but the closing time has passed.
    with pytest.raises(Refused) as caught:
        await _vote(database, poll, 11, 0, at=T0 + timedelta(minutes=10))
    assert caught.value.reason == "poll.closed"
    async with database.unit_of_work() as s:
        closed = await polls.close_poll(s, poll.id, GUILD, now=T0 + timedelta(minutes=1), cancel_job=True)
    assert closed is not None
    with pytest.raises(Refused) as caught:
        await _vote(database, poll, 11, 0, at=T0 + timedelta(minutes=2))
    assert caught.value.reason == "poll.closed"
    assert caught.value.message == (
        f"Poll #{poll.id} is closed: votes are no longer counted. /poll results shows how it ended."
    )
    assert len(await _votes(database, poll)) == 1


async def test_a_timed_poll_schedules_one_close_job_that_a_manual_close_cancels(database: Database) -> None:
    poll = await _poll(database, minutes=10)
    async with database.unit_of_work() as s:
        job = (await s.execute(select(Job).where(Job.dedupe_key == f"poll-close:{poll.id}"))).scalar_one()
        assert (job.kind, job.payload, job.due_at) == (
            "poll-close",
            {"poll_id": poll.id},
            T0 + timedelta(minutes=10),
        )
    async with database.unit_of_work() as s:
        state = await polls.close_by_member(s, poll, user_id=CREATOR, moderator=False, now=T0)
        assert state.poll.closed_at == T0
    async with database.unit_of_work() as s:
        assert (await s.get(Job, job.id)).status == "cancelled"  # type: ignore[union-attr]
        # A second close does nothing (the timer's handler relies on this).
        assert await polls.close_poll(s, poll.id, GUILD, now=T0, cancel_job=False) is None


async def test_only_the_creator_or_a_moderator_may_close(database: Database) -> None:
    poll = await _poll(database)
    async with database.unit_of_work() as s:
        with pytest.raises(NotAllowed):
            await polls.close_by_member(s, poll, user_id=999, moderator=False, now=T0)
    async with database.unit_of_work() as s:
        await polls.close_by_member(s, poll, user_id=999, moderator=True, now=T0)
    async with database.unit_of_work() as s:
        with pytest.raises(Refused) as caught:
            await polls.close_by_member(s, poll, user_id=CREATOR, moderator=False, now=T0)
        assert caught.value.reason == "poll.already-closed"


async def test_other_guilds_cannot_see_or_vote_on_a_poll(database: Database) -> None:
    poll = await _poll(database)
    with pytest.raises(NotFound):
        await _vote(database, poll, 10, 0, guild=OTHER_GUILD)
    async with database.unit_of_work() as s:
        with pytest.raises(Refused) as caught:
            await polls.resolve_poll(s, OTHER_GUILD, str(poll.id))
        assert caught.value.reason == "poll.missing"
        with pytest.raises(Refused) as caught:
            await polls.resolve_poll(s, OTHER_GUILD, None)
        assert caught.value.reason == "poll.none-yet"
        assert await polls.poll_choices(s, OTHER_GUILD, "") == []
        assert await polls.open_polls(s, OTHER_GUILD) == []


async def test_a_vote_reads_its_poll_under_the_lock_as_every_writer_does(database: Database) -> None:
    poll = await _poll(database, multiple=True, max_choices=2, anonymous=True, minutes=30)
    keys = [attribute.key for attribute in inspect(Poll).column_attrs]
    async with database.unit_of_work() as s:
        locked = await polls.lock_poll(s, poll.id, GUILD)
        expected = {key: getattr(locked, key) for key in keys}
    async with database.unit_of_work() as s:
        read = await lock_poll_to_read(s, poll.id, GUILD)
        assert inspect(read).detached and read not in s
        assert {key: getattr(read, key) for key in keys} == expected
        read.question = "Changed?"  # detached: writes nothing
    async with database.unit_of_work() as s:
        assert (await polls.get_poll(s, GUILD, poll.id)).question == "Tea or coffee?"
        with pytest.raises(NotFound):
            await lock_poll_to_read(s, poll.id, OTHER_GUILD)
        with pytest.raises(NotFound):
            await lock_poll_to_read(s, poll.id + 1000, GUILD)


async def test_polls_are_found_by_number_or_words_and_the_latest_by_default(database: Database) -> None:
    tea = await _poll(database)
    office = await _poll(database, question="Should NATO open a Tokyo office?", options="Yes; No")
    async with database.unit_of_work() as s:
        assert (await polls.resolve_poll(s, GUILD, f"#{tea.id}")).id == tea.id
        assert (await polls.resolve_poll(s, GUILD, "tokyo office")).id == office.id
        assert (await polls.resolve_poll(s, GUILD, None)).id == office.id
        assert [p.id for p in await polls.poll_choices(s, GUILD, "coffee")][:1] == [tea.id]
        await polls.close_poll(s, office.id, GUILD, now=T0, cancel_job=True)
    async with database.unit_of_work() as s:
        assert (await polls.resolve_poll(s, GUILD, None, open_only=True)).id == tea.id
        assert [o.poll.id for o in await polls.open_polls(s, GUILD)] == [tea.id]


# ---------------------------------------------------------------- the ledger


async def _stance_events(db: Database) -> list[tuple[int, int, str, int | None]]:
    async with db.unit_of_work() as s:
        rows = await s.execute(select(StanceEvent).order_by(StanceEvent.id))
        return [(e.user_id, e.value, e.source, e.ref_id) for e in rows.scalars()]


async def test_a_motion_poll_records_each_vote_as_a_stance(database: Database) -> None:
    motion = await _seed(database)
    poll = await _poll(database, options="Yes; No; Undecided", motion=motion)
    await _vote(database, poll, 10, 0)
    await _vote(database, poll, 10, 1)
    await _vote(database, poll, 11, 2)
    assert await _stance_events(database) == [
        (10, 1, "poll", poll.id),
        (10, -1, "poll", poll.id),
        (11, 0, "poll", poll.id),
    ]


async def test_an_anonymous_motion_poll_records_no_stance(database: Database) -> None:
    motion = await _seed(database)
    poll = await _poll(database, options=None, motion=motion, anonymous=True, hide_results=True)
    await _vote(database, poll, 10, 0)
    async with database.unit_of_work() as s:
        await polls.close_poll(s, poll.id, GUILD, now=T0, cancel_job=True)
    assert await _stance_events(database) == []


async def test_a_hidden_motion_poll_records_stances_at_the_close(database: Database) -> None:
    motion = await _seed(database)
    poll = await _poll(database, options=None, motion=motion, hide_results=True)
    await _vote(database, poll, 10, 0)
    await _vote(database, poll, 11, 4)
    assert await _stance_events(database) == []  # the ledger is public; these results are not yet
    async with database.unit_of_work() as s:
        await polls.close_poll(s, poll.id, GUILD, now=T0 + timedelta(hours=1), cancel_job=True)
    assert sorted(await _stance_events(database)) == [(10, 2, "poll", poll.id), (11, -2, "poll", poll.id)]


# ---------------------------------------------------------------- results and export


async def test_hidden_results_are_for_the_creator_and_moderators_until_the_close(database: Database) -> None:
    poll = await _poll(database, hide_results=True)
    with pytest.raises(Refused) as refused:
        polls.require_visible(poll, viewer_id=CREATOR + 1, moderator=False)
    assert refused.value.reason == "poll.results-hidden"
    polls.require_visible(poll, viewer_id=CREATOR, moderator=False)
    polls.require_visible(poll, viewer_id=CREATOR + 1, moderator=True)
    async with database.unit_of_work() as s:
        closed = await polls.close_poll(s, poll.id, GUILD, now=T0, cancel_job=True)
    assert closed is not None
    polls.require_visible(closed, viewer_id=CREATOR + 1, moderator=False)


async def test_creator_only_results_stay_private_after_the_close(database: Database) -> None:
    poll = await _poll(database, results="creator")
    async with database.unit_of_work() as s:
        closed = await polls.close_poll(s, poll.id, GUILD, now=T0, cancel_job=True)
    assert closed is not None
    with pytest.raises(Refused):
        polls.require_visible(closed, viewer_id=CREATOR + 1, moderator=False)
    polls.require_visible(closed, viewer_id=CREATOR, moderator=False)


async def test_percentages_are_shares_of_voters(database: Database) -> None:
    poll = await _poll(database, multiple=True)
    for user, option in [(1, 0), (1, 1), (2, 0), (3, 2), (4, 0)]:
        await _vote(database, poll, user, option)
    async with database.unit_of_work() as s:
        tally = await polls.tally(s, poll)
    assert (tally.counts, tally.voters, tally.votes) == ([3, 1, 1], 4, 5)
    assert [tally.percent(i) for i in range(3)] == [75.0, 25.0, 25.0]
    assert tally.leaders == [0]


async def test_export_lists_voters_only_for_polls_that_are_not_anonymous(database: Database) -> None:
    public = await _poll(database, options="=SUM(A1); Coffee")
    secret = await _poll(database, anonymous=True)
    for poll in (public, secret):
        await _vote(database, poll, 10, 0)
        await _vote(database, poll, 11, 1)
    async with database.unit_of_work() as s:
        public_csv = polls.export_csv(
            await polls.export(s, public, viewer_id=public.creator_id, moderator=False, hash_key=None),
            {10: "alice"},
        )
        secret_csv = polls.export_csv(
            await polls.export(s, secret, viewer_id=secret.creator_id, moderator=True, hash_key=None),
            {10: "alice"},
        )
    rows = list(csv.DictReader(io.StringIO(public_csv)))
    assert [(r["option"], r["voter_id"], r["voter"]) for r in rows] == [
        ("'=SUM(A1)", "10", "alice"),
        ("Coffee", "11", ""),
    ]
    secret_rows = list(csv.DictReader(io.StringIO(secret_csv)))
    assert list(secret_rows[0]) == ["poll", "option_number", "option", "votes", "percent_of_voters"]
    assert [(r["option"], r["votes"]) for r in secret_rows] == [
        ("Tea", "1"),
        ("Coffee", "1"),
        ("Neither", "0"),
    ]
    assert "10" not in secret_csv.replace(f"{secret.id},", "") and "alice" not in secret_csv


# ---------------------------------------------------------------- concurrency


@pytest.mark.parametrize("anonymous", [False, True])
async def test_two_hundred_votes_at_once_are_all_counted_once(database: Database, anonymous: bool) -> None:
    poll = await _poll(database, anonymous=anonymous, options="; ".join(f"Option {i}" for i in range(5)))
    voters = range(1000, 1200)
    results = await asyncio.gather(*(_vote(database, poll, user, user % 5) for user in voters))
    assert all(r.action == "added" for r in results)
    async with database.unit_of_work() as s:
        tally = await polls.tally(s, poll)
        rows = (
            await s.execute(select(func.count()).select_from(PollVote).where(PollVote.poll_id == poll.id))
        ).scalar_one()
    assert (tally.voters, tally.votes, rows) == (200, 200, 200)
    assert tally.counts == [40] * 5
    # Each vote answers with the counts read under the poll's lock plus its own: one vote more each.
    assert sorted(r.state.tally.voters for r in results) == list(range(1, 201))
    assert all(r.state.tally.votes == r.state.tally.voters for r in results)


async def test_one_member_clicking_every_option_at_once_keeps_one_single_choice_vote(
    database: Database,
) -> None:
    poll = await _poll(database, options="; ".join(f"Option {i}" for i in range(10)))
    results = await asyncio.gather(*(_vote(database, poll, 42, option) for option in range(10)))
    rows = await _votes(database, poll)
    assert len(rows) == 1 and rows[0].user_id == 42
    assert all((r.state.tally.voters, r.state.tally.votes) == (1, 1) for r in results)
    assert sorted(r.action for r in results) == ["added"] + ["changed"] * 9


# ------------------------------------------------- the counts a vote answers with


async def _tally(db: Database, poll: Poll) -> polls.Tally:
    async with db.unit_of_work() as s:
        return await polls.tally(s, poll)


@pytest.mark.parametrize(("anonymous", "hash_key"), [(False, None), (True, None), (True, "configured")])
async def test_every_vote_answers_with_the_counts_a_fresh_read_gives(
    database: Database, anonymous: bool, hash_key: str | None
) -> None:
    """A vote counts its poll under the lock and adds its own change (voting.cast_vote): the
    answer must be what reading the poll afterwards gives, for every kind of click."""
    single = await _poll(database, anonymous=anonymous)
    multiple = await _poll(database, anonymous=anonymous, multiple=True, max_choices=2)
    clicks = [
        (single, 10, 0, "added"),
        (single, 10, 0, "unchanged"),
        (single, 11, 0, "added"),
        (single, 10, 1, "changed"),
        (single, 11, 2, "changed"),
        (single, 12, 2, "added"),
        (multiple, 10, 0, "added"),
        (multiple, 10, 1, "added"),
        (multiple, 11, 1, "added"),
        (multiple, 10, 0, "removed"),
        (multiple, 10, 1, "removed"),  # 10 holds none now: one voter fewer
        (multiple, 11, 0, "added"),
        (multiple, 10, 2, "added"),
    ]

    for poll, user, option, action in clicks:
        result = await _vote(database, poll, user, option, hash_key=hash_key)
        assert result.action == action, (poll.multiple, user, option)
        assert result.state.tally == await _tally(database, poll), (poll.multiple, user, option)
    assert (await _tally(database, single)).counts == [0, 1, 2]
    assert await _tally(database, multiple) == polls.Tally(counts=[1, 1, 1], voters=2)
    with pytest.raises(Refused):  # 11 holds two of at most two
        await _vote(database, multiple, 11, 2, hash_key=hash_key)
    if anonymous:
        async with database.unit_of_work() as s:
            secret = await vote_secret(s, hash_key)
        keys = {r.voter_key for r in await _votes(database, single)}
        assert keys == {voter_key(secret, single.id, user) for user in (10, 11, 12)}


async def test_a_member_holding_two_single_choice_votes_keeps_the_oldest_when_changing(
    database: Database,
) -> None:
    poll = await _poll(database)
    async with database.unit_of_work() as s:
        for index in (2, 0):  # somehow two rows: the oldest (option 2) is kept and moved
            s.add(PollVote(poll_id=poll.id, option_index=index, voter_key="10", user_id=10, created_at=T0))
            await s.flush()
    await _vote(database, poll, 11, 0)
    changed = await _vote(database, poll, 10, 1, at=T0 + timedelta(minutes=1))
    assert (changed.action, changed.previous, changed.chosen) == ("changed", "Neither", ["Coffee"])
    assert changed.state.tally == await _tally(database, poll) == polls.Tally(counts=[1, 1, 0], voters=2)
    rows = await _votes(database, poll)
    assert [(r.option_index, r.user_id, r.created_at) for r in rows] == [
        (1, 10, T0 + timedelta(minutes=1)),
        (0, 11, T0),
    ]
