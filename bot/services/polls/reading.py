"""Reading polls: their counts, their state as a renderer needs it, and finding one by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import Select, Update, and_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, make_transient_to_detached

from bot.errors import NotFound, Refused
from bot.models import Motion, Poll, PollVote
from bot.services import identities, resolve
from bot.services.polls.ranked import Runoff, instant_runoff
from bot.services.polls.rules import counts_public, may_see_counts


@dataclass(frozen=True)
class Tally:
    counts: list[int]
    voters: int

    @property
    def votes(self) -> int:
        return sum(self.counts)

    def percent(self, index: int) -> float:
        """Share of voters who chose this option (for multiple choice the shares add up past 100)."""
        return 100.0 * self.counts[index] / self.voters if self.voters else 0.0

    @property
    def leaders(self) -> list[int]:
        top = max(self.counts, default=0)
        return [i for i, count in enumerate(self.counts) if count == top] if top else []


@dataclass(frozen=True)
class PollState:
    """A poll, its motion (when linked) and its counts: all a renderer needs."""

    poll: Poll
    tally: Tally
    motion: Motion | None
    # A ranked poll's instant-runoff count (its tally holds the first preferences).
    runoff: Runoff | None = None
    # Who added an option (index -> display name), for options members added to a named poll.
    credits: dict[int, str] = field(default_factory=dict)

    @property
    def results_visible(self) -> bool:
        """Whether everyone may see the counts now (rules.counts_public)."""
        return results_visible(self.poll)

    @property
    def records_stances(self) -> bool:
        """Votes go to the public ledger: a named motion poll whose results are ever public."""
        poll = self.poll
        return poll.motion_id is not None and not poll.anonymous and poll.results_mode != "creator"


def is_closed(poll: Poll, now: datetime) -> bool:
    """Closed, or past its closing time even if the timer has not run yet."""
    return poll.closed_at is not None or (poll.closes_at is not None and now >= poll.closes_at)


def results_visible(poll: Poll) -> bool:
    """Whether everyone may see the counts now (rules.counts_public)."""
    return counts_public(poll)


@cache
def _tally_query() -> Select[tuple[int, int, int]]:
    """Votes per option, and distinct voters, in one query (built on first use, then kept: every
    vote runs it)."""
    voter = aliased(PollVote)
    return (
        select(
            PollVote.option_index,
            func.count(),
            select(func.count(func.distinct(voter.voter_key)))
            .where(voter.poll_id == bindparam("poll_id"))
            .scalar_subquery(),
        )
        .where(PollVote.poll_id == bindparam("poll_id"))
        .group_by(PollVote.option_index)
    )


async def ballots(session: AsyncSession, poll: Poll) -> list[tuple[int, ...]]:
    """A ranked poll's ballots: each member's options, best first (in no particular member order)."""
    found = await session.execute(
        select(PollVote.voter_key, PollVote.option_index)
        .where(PollVote.poll_id == poll.id)
        .order_by(PollVote.voter_key, PollVote.rank, PollVote.id)
    )
    by_voter: dict[str, list[int]] = {}
    for key, index in found.tuples():
        by_voter.setdefault(key, []).append(index)
    return [tuple(order) for order in by_voter.values()]


def _first_preferences(poll: Poll, cast: list[tuple[int, ...]]) -> Tally:
    counts = [0] * len(poll.options)
    for ballot in cast:
        if ballot and 0 <= ballot[0] < len(counts):
            counts[ballot[0]] += 1
    return Tally(counts=counts, voters=len(cast))


async def tally(session: AsyncSession, poll: Poll) -> Tally:
    """Votes per option (a ranked poll: first preferences) and how many members voted."""
    if poll.ranked:
        return _first_preferences(poll, await ballots(session, poll))
    counts = [0] * len(poll.options)
    voters = 0
    for index, count, distinct_voters in await session.execute(_tally_query(), {"poll_id": poll.id}):
        voters = distinct_voters
        if 0 <= index < len(counts):
            counts[index] = count
    return Tally(counts=counts, voters=voters)


async def state(session: AsyncSession, poll: Poll, *, counted: Tally | None = None) -> PollState:
    """The poll as a renderer needs it; ``counted``: its tally when the caller knows it already
    (a vote counts its poll under the poll's lock, voting._read_votes)."""
    motion = await session.get(Motion, poll.motion_id) if poll.motion_id is not None else None
    authors = _authors(poll)
    names = await identities.names(session, set(authors.values())) if authors and not poll.anonymous else {}
    credits = _credits(poll, names)
    if poll.ranked:
        return _ranked_state(poll, await ballots(session, poll), motion, credits)
    if counted is None:
        counted = await tally(session, poll)
    return PollState(poll=poll, tally=counted, motion=motion, credits=credits)


def _ranked_state(
    poll: Poll, cast: list[tuple[int, ...]], motion: Motion | None, credits: dict[int, str]
) -> PollState:
    """A ranked poll's state from its ballots: first preferences, and the instant-runoff count."""
    return PollState(
        poll=poll,
        tally=_first_preferences(poll, cast),
        motion=motion,
        runoff=instant_runoff(cast, len(poll.options)),
        credits=credits,
    )


def _authors(poll: Poll) -> dict[int, int]:
    """Option index -> the identity id of the member who added it."""
    return {i: int(a) for i, a in enumerate(poll.option_authors or []) if a is not None}


def _credits(poll: Poll, names: dict[int, str]) -> dict[int, str]:
    """Option index -> who added it, by name (none on an anonymous poll)."""
    if poll.anonymous:
        return {}
    return {i: names.get(author, "a member") for i, author in _authors(poll).items()}


async def states(session: AsyncSession, polls: list[Poll]) -> list[PollState]:
    """``state`` of each poll, read together: a few queries for the whole list (the votes grouped
    by poll, the ballots of ranked ones, the motions, the option authors' names) instead of a few
    for each poll (``/poll list closed:true``)."""
    if not polls:
        return []
    ids = [poll.id for poll in polls]
    counts: dict[int, dict[int, int]] = {}
    found = await session.execute(
        select(PollVote.poll_id, PollVote.option_index, func.count())
        .where(PollVote.poll_id.in_(ids))
        .group_by(PollVote.poll_id, PollVote.option_index)
    )
    for poll_id, index, count in found.tuples():
        counts.setdefault(poll_id, {})[index] = count
    distinct = await session.execute(
        select(PollVote.poll_id, func.count(func.distinct(PollVote.voter_key)))
        .where(PollVote.poll_id.in_(ids))
        .group_by(PollVote.poll_id)
    )
    voters = {poll_id: count for poll_id, count in distinct.tuples()}
    ranked = [poll.id for poll in polls if poll.ranked]
    cast: dict[int, dict[str, list[int]]] = {}
    if ranked:
        rows = await session.execute(
            select(PollVote.poll_id, PollVote.voter_key, PollVote.option_index)
            .where(PollVote.poll_id.in_(ranked))
            .order_by(PollVote.poll_id, PollVote.voter_key, PollVote.rank, PollVote.id)
        )
        for poll_id, key, index in rows.tuples():
            cast.setdefault(poll_id, {}).setdefault(key, []).append(index)
    motion_ids = {poll.motion_id for poll in polls if poll.motion_id is not None}
    motions = (
        {m.id: m for m in (await session.scalars(select(Motion).where(Motion.id.in_(motion_ids)))).all()}
        if motion_ids
        else {}
    )
    authors = {a for poll in polls if not poll.anonymous for a in _authors(poll).values()}
    names = await identities.names(session, authors) if authors else {}
    result: list[PollState] = []
    for poll in polls:
        credits = _credits(poll, names)
        motion = motions.get(poll.motion_id) if poll.motion_id is not None else None
        if poll.ranked:
            ballots_cast = [tuple(order) for order in cast.get(poll.id, {}).values()]
            result.append(_ranked_state(poll, ballots_cast, motion, credits))
            continue
        by_option = counts.get(poll.id, {})
        tallied = Tally([by_option.get(i, 0) for i in range(len(poll.options))], voters.get(poll.id, 0))
        result.append(PollState(poll=poll, tally=tallied, motion=motion, credits=credits))
    return result


async def get_poll(session: AsyncSession, guild_id: int, poll_id: int) -> Poll:
    """A poll by id, only in its own guild."""
    poll = await session.get(Poll, poll_id)
    if poll is None or poll.guild_id != guild_id:
        raise Refused("poll.missing", number=poll_id)
    return poll


async def resolve_poll(
    session: AsyncSession,
    guild_id: int,
    raw: str | None,
    *,
    open_only: bool = False,
    results_only: bool = False,
    viewer_id: int | None = None,
) -> Poll:
    """A poll named by id (``12`` or ``#12``) or words of its question (resolve.pick's rule);
    none named: the latest (with ``results_only``, the latest whose results everyone, or
    ``viewer_id`` as its creator, may see, if any)."""
    query = select(Poll).where(Poll.guild_id == guild_id)
    if open_only:
        query = query.where(Poll.closed_at.is_(None))
    text = (raw or "").strip()
    if not text:
        newest = query.order_by(Poll.id.desc()).limit(1)
        latest = None
        if results_only:
            seen = newest.where(
                or_(
                    Poll.results_mode == "live",
                    and_(Poll.results_mode == "after_close", Poll.closed_at.is_not(None)),
                    Poll.creator_id == (viewer_id if viewer_id is not None else 0),
                )
            )
            latest = (await session.execute(seen)).scalar_one_or_none()
        if latest is None:  # none whose results show: the newest, which says why it does not
            latest = (await session.execute(newest)).scalar_one_or_none()
        if latest is None:
            raise Refused("poll.none-yet", open_only=open_only)
        return latest
    number = resolve.number(text)
    if number is not None:
        return await get_poll(session, guild_id, number)
    candidates = list((await session.execute(query.order_by(Poll.id.desc()).limit(200))).scalars())
    try:
        return resolve.pick(
            text,
            candidates,
            title=lambda p: p.question,
            key=lambda p: str(p.id),
            label=lambda p: f"#{p.id} {p.question}",
            kind="poll",
            missing="no-match",
        )
    except NotFound:
        raise Refused("poll.no-match", typed=text[:80]) from None


async def poll_choices(
    session: AsyncSession, guild_id: int, typed: str, *, open_only: bool = False, limit: int = 25
) -> list[Poll]:
    """The guild's polls that best match what a member typed (for autocomplete), newest first."""
    query = select(Poll).where(Poll.guild_id == guild_id)
    if open_only:
        query = query.where(Poll.closed_at.is_(None))
    polls = list((await session.execute(query.order_by(Poll.id.desc()).limit(200))).scalars())
    return resolve.matching(typed, polls, number=lambda p: p.id, title=lambda p: p.question, limit=limit)


@dataclass(frozen=True)
class OpenPoll:
    poll: Poll
    voters: int


async def open_polls(session: AsyncSession, guild_id: int) -> list[OpenPoll]:
    """The guild's open polls, newest first, with how many members voted in each."""
    polls = list(
        (
            await session.execute(
                select(Poll)
                .where(Poll.guild_id == guild_id, Poll.closed_at.is_(None))
                .order_by(Poll.id.desc())
            )
        ).scalars()
    )
    if not polls:
        return []
    found = await session.execute(
        select(PollVote.poll_id, func.count(func.distinct(PollVote.voter_key)))
        .where(PollVote.poll_id.in_([p.id for p in polls]))
        .group_by(PollVote.poll_id)
    )
    counts: dict[int, int] = {poll_id: voters for poll_id, voters in found.tuples()}
    return [OpenPoll(poll=p, voters=counts.get(p.id, 0)) for p in polls]


def require_visible(poll: Poll, *, viewer_id: int, moderator: bool) -> None:
    """Counts for everyone when they are public; for the creator and moderators in every mode."""
    if not may_see_counts(poll, viewer_id=viewer_id, moderator=moderator):
        raise Refused("poll.results-hidden", number=poll.id, mode=poll.results_mode)


# Writing the row's id to itself takes the row's write lock (PostgreSQL) or the database's
# (SQLite) and returns the poll as it is now, in one statement.
@cache
def _lock_statement() -> Update:
    return (
        update(Poll)
        .where(Poll.id == bindparam("poll_id"))
        .values(id=Poll.id)
        .returning(Poll)
        .execution_options(synchronize_session=False, populate_existing=True)
    )


async def lock_poll(session: AsyncSession, poll_id: int, guild_id: int) -> Poll:
    """Serialise writers on this poll (votes, closes), then read it fresh."""
    poll = (await session.execute(_lock_statement(), {"poll_id": poll_id})).scalar_one_or_none()
    if poll is None or poll.guild_id != guild_id:
        raise NotFound("This poll no longer exists.")
    return poll


@cache
def _lock_row_statement() -> tuple[Update, tuple[str, ...]]:
    """lock_poll's statement in Core: the same SQL, the poll's columns in the order of its
    attributes' names (returned with them)."""
    attributes = Poll.__mapper__.column_attrs
    table = Poll.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("poll_id"))
        .values(id=table.c.id)
        .returning(*(attribute.columns[0] for attribute in attributes))
    )
    return statement, tuple(attribute.key for attribute in attributes)


async def lock_poll_to_read(session: AsyncSession, poll_id: int, guild_id: int) -> Poll:
    """lock_poll for a writer that only reads the poll (a vote): the same lock and the same fresh
    read, but the poll comes back detached (not in the session), as it would be once the unit of
    work ends, so changing it writes nothing. Loading it through the ORM cost more than the
    statement itself (docs/benchmarks.md, floors.vote_vs_ping_db)."""
    statement, keys = _lock_row_statement()
    row = (await session.execute(statement, {"poll_id": poll_id})).one_or_none()
    if row is None or row.guild_id != guild_id:
        raise NotFound("This poll no longer exists.")
    poll = Poll(**dict(zip(keys, row, strict=True)))
    make_transient_to_detached(poll)
    return poll
