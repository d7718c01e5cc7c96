"""Polls: creation rules, voting (single or multiple choice, anonymous or not), tallies, closing, export.

Anonymous polls keep no link from a vote to a member beyond what stops double votes: the
voter key is an HMAC of (poll, member) under the installation's secret (bot.services.voter_keys),
``user_id`` stays NULL, the vote carries the poll's creation time instead of the click time,
and no stance goes to the ledger (a ledger entry would name the member).

Every vote starts by writing to its poll's row, so votes on one poll are serialised on both
backends: PostgreSQL locks the row, SQLite takes its write lock before anything is read. That
keeps "one choice per member" true for single-choice polls even when a member clicks twice at
once, and makes a vote and a close never interleave.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.models import Motion, Poll, PollVote
from bot.services import jobs, resolve
from bot.services.positions import POLL, STANCES, private_members, pseudonym, record_stance
from bot.services.spreadsheet import safe_cell as _cell
from bot.services.voter_keys import vote_secret, voter_key

MIN_OPTIONS: Final = 2
MAX_OPTIONS: Final = 25  # 25 buttons in 5 rows of 5
OPTION_LIMIT: Final = 80  # a button label
QUESTION_LIMIT: Final = 256  # an embed title
MAX_MINUTES: Final = 30 * 24 * 60
CLOSE_JOB: Final = "poll-close"

# The five stance labels, in the order a motion poll shows them.
STANCE_OPTIONS: Final = [STANCES[v].capitalize() for v in (2, 1, 0, -1, -2)]
# Words an option of a motion-linked poll may use, and the stance each one records.
STANCE_WORDS: Final[dict[str, int]] = {
    **{label: value for value, label in STANCES.items()},
    "yes": 1,
    "for": 1,
    "no": -1,
    "against": -1,
}

VoteAction = Literal["added", "changed", "removed", "unchanged"]


def close_job_key(poll_id: int) -> str:
    return f"{CLOSE_JOB}:{poll_id}"


# ---------------------------------------------------------------- input rules


def parse_question(raw: str) -> str:
    question = " ".join(raw.split())
    if not question:
        raise UserError("Give the poll a question.")
    if len(question) > QUESTION_LIMIT:
        raise UserError(f"Keep the question under {QUESTION_LIMIT} characters (yours has {len(question)}).")
    return question


def parse_options(raw: str) -> list[str]:
    """``"A; B; C"`` -> ``["A", "B", "C"]``, checked against Discord's limits."""
    options = [" ".join(part.split()) for part in raw.split(";")]
    options = [option for option in options if option]
    if len(options) < MIN_OPTIONS:
        hint = (
            " Separate them with semicolons, like `Yes; No; Not sure`." if "," in raw or not options else ""
        )
        raise UserError(f"A poll needs at least {MIN_OPTIONS} options.{hint}")
    if len(options) > MAX_OPTIONS:
        raise UserError(f"A poll can have at most {MAX_OPTIONS} options (you gave {len(options)}).")
    seen: set[str] = set()
    for option in options:
        if len(option) > OPTION_LIMIT:
            raise UserError(
                f"Keep each option under {OPTION_LIMIT} characters (a button's limit): "
                f"{option[:40]!r}… has {len(option)}."
            )
        if option.casefold() in seen:
            raise UserError(f"The option {option!r} appears twice.")
        seen.add(option.casefold())
    return options


def stance_of(label: str) -> int | None:
    """The stance an option names (``"Strongly agree"`` -> 2, ``"No"`` -> -1), or None."""
    words = " ".join(re.sub(r"[^\w\s]", " ", label.casefold()).split())
    return STANCE_WORDS.get(words)


def stance_values(options: list[str]) -> list[int]:
    """Each option's stance; a clear error when one names none (motion-linked polls)."""
    values = []
    for option in options:
        value = stance_of(option)
        if value is None:
            raise UserError(
                f"The option {option!r} doesn't name a stance. When a poll is linked to a motion, "
                "each option must be one of: strongly agree, agree, undecided, disagree, "
                "strongly disagree (or yes/for, no/against). Leave options empty to get the five stances."
            )
        values.append(value)
    return values


def parse_minutes(minutes: int | None) -> int | None:
    if minutes is None:
        return None
    if not 1 <= minutes <= MAX_MINUTES:
        raise UserError(
            f"A poll can run from 1 minute to {MAX_MINUTES // 1440} days ({MAX_MINUTES} minutes)."
        )
    return minutes


# ---------------------------------------------------------------- reading


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

    @property
    def results_visible(self) -> bool:
        return results_visible(self.poll)

    @property
    def records_stances(self) -> bool:
        return self.poll.motion_id is not None and not self.poll.anonymous


def is_closed(poll: Poll, now: datetime) -> bool:
    """Closed, or past its closing time even if the timer has not run yet."""
    return poll.closed_at is not None or (poll.closes_at is not None and now >= poll.closes_at)


def results_visible(poll: Poll) -> bool:
    """Hidden results stay hidden from everyone, creator and moderators included, until the close."""
    return not poll.hide_results or poll.closed_at is not None


# Built once (every vote runs it): votes per option, and distinct voters, in one query.
_VOTER = aliased(PollVote)
_TALLY = (
    select(
        PollVote.option_index,
        func.count(),
        select(func.count(func.distinct(_VOTER.voter_key)))
        .where(_VOTER.poll_id == bindparam("poll_id"))
        .scalar_subquery(),
    )
    .where(PollVote.poll_id == bindparam("poll_id"))
    .group_by(PollVote.option_index)
)


async def tally(session: AsyncSession, poll: Poll) -> Tally:
    counts = [0] * len(poll.options)
    voters = 0
    for index, count, distinct_voters in await session.execute(_TALLY, {"poll_id": poll.id}):
        voters = distinct_voters
        if 0 <= index < len(counts):
            counts[index] = count
    return Tally(counts=counts, voters=voters)


async def state(session: AsyncSession, poll: Poll) -> PollState:
    motion = await session.get(Motion, poll.motion_id) if poll.motion_id is not None else None
    return PollState(poll=poll, tally=await tally(session, poll), motion=motion)


async def get_poll(session: AsyncSession, guild_id: int, poll_id: int) -> Poll:
    """A poll by id, only in its own guild."""
    poll = await session.get(Poll, poll_id)
    if poll is None or poll.guild_id != guild_id:
        raise NotFound(f"There is no poll #{poll_id} in this server. /poll list shows the open ones.")
    return poll


async def resolve_poll(
    session: AsyncSession,
    guild_id: int,
    raw: str | None,
    *,
    open_only: bool = False,
    results_only: bool = False,
) -> Poll:
    """A poll named by id (``12`` or ``#12``) or words of its question (resolve.pick's rule);
    none named: the latest (with ``results_only``, the latest whose results may be seen, if any)."""
    query = select(Poll).where(Poll.guild_id == guild_id)
    if open_only:
        query = query.where(Poll.closed_at.is_(None))
    text = (raw or "").strip()
    if not text:
        newest = query.order_by(Poll.id.desc()).limit(1)
        latest = None
        if results_only:
            seen = newest.where(or_(Poll.hide_results.is_(False), Poll.closed_at.is_not(None)))
            latest = (await session.execute(seen)).scalar_one_or_none()
        if latest is None:  # none whose results show: the newest, which says why it does not
            latest = (await session.execute(newest)).scalar_one_or_none()
        if latest is None:
            kind = "open polls" if open_only else "polls"
            raise NotFound(f"There are no {kind} in this server yet. Start one with /poll create.")
        return latest
    number = resolve.number(text)
    if number is not None:
        return await get_poll(session, guild_id, number)
    candidates = list((await session.execute(query.order_by(Poll.id.desc()).limit(200))).scalars())
    return resolve.pick(
        text,
        candidates,
        title=lambda p: p.question,
        key=lambda p: str(p.id),
        label=lambda p: f"#{p.id} {p.question}",
        kind="poll",
        missing=f"No poll matches {text[:80]!r}. /poll list shows the open ones.",
    )


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
    counts = dict(
        (
            await session.execute(
                select(PollVote.poll_id, func.count(func.distinct(PollVote.voter_key)))
                .where(PollVote.poll_id.in_([p.id for p in polls]))
                .group_by(PollVote.poll_id)
            )
        ).all()
    )
    return [OpenPoll(poll=p, voters=counts.get(p.id, 0)) for p in polls]


# ---------------------------------------------------------------- writing


async def create_poll(
    session: AsyncSession,
    *,
    guild_id: int,
    channel_id: int,
    creator_id: int,
    question: str,
    options: str | None,
    motion: Motion | None,
    multiple: bool,
    anonymous: bool,
    hide_results: bool,
    minutes: int | None,
    hash_key: str | None,
    now: datetime,
) -> Poll:
    """Check everything, add the poll and (when timed) its close job. Raises UserError on bad input."""
    question = parse_question(question)
    if options is not None and options.strip():
        labels = parse_options(options)
    elif motion is not None:
        labels = list(STANCE_OPTIONS)
    else:
        raise UserError("Give at least two options separated by semicolons, like `Yes; No; Not sure`.")
    if motion is not None:
        stance_values(labels)
        if multiple:
            raise UserError(
                "A poll linked to a motion is single choice: each member holds one stance on a motion."
            )
    minutes = parse_minutes(minutes)
    if anonymous:
        # Create the installation's secret now, not in a race between the first concurrent votes.
        await vote_secret(session, hash_key)
    poll = Poll(
        guild_id=guild_id,
        channel_id=channel_id,
        creator_id=creator_id,
        question=question,
        options=labels,
        multiple=multiple,
        anonymous=anonymous,
        hide_results=hide_results,
        motion_id=motion.id if motion is not None else None,
        closes_at=now + timedelta(minutes=minutes) if minutes else None,
        created_at=now,
    )
    session.add(poll)
    await session.flush()
    if poll.closes_at is not None:
        await jobs.schedule(
            session,
            guild_id=guild_id,
            kind=CLOSE_JOB,
            due_at=poll.closes_at,
            now=now,
            payload={"poll_id": poll.id},
            dedupe_key=close_job_key(poll.id),
        )
    return poll


async def set_message(session: AsyncSession, poll_id: int, message_id: int) -> None:
    await session.execute(
        update(Poll)
        .where(Poll.id == poll_id)
        .values(message_id=message_id)
        .execution_options(synchronize_session=False)
    )


async def discard_unposted(session: AsyncSession, poll_id: int, guild_id: int) -> None:
    """Remove a poll whose message Discord refused to post (nobody could have voted on it),
    with its timed close, so no half-created poll is left behind."""
    poll = await session.get(Poll, poll_id)
    if poll is None or poll.guild_id != guild_id or poll.message_id is not None:
        return
    await jobs.cancel(session, close_job_key(poll_id))
    await session.delete(poll)
    await session.flush()


async def discard_orphans(session: AsyncSession, *, created_before: datetime) -> list[int]:
    """Remove polls created before ``created_before`` that never got their message (the process
    stopped between the poll's commit and posting it, so nobody could vote), with their timers.
    Returns their ids."""
    found = (
        await session.execute(
            select(Poll.id, Poll.guild_id).where(Poll.message_id.is_(None), Poll.created_at < created_before)
        )
    ).all()
    for poll_id, guild_id in found:
        await discard_unposted(session, poll_id, guild_id)
    return [poll_id for poll_id, _guild_id in found]


# Writing the row's id to itself takes the row's write lock (PostgreSQL) or the database's
# (SQLite) and returns the poll as it is now, in one statement.
_LOCK = (
    update(Poll)
    .where(Poll.id == bindparam("poll_id"))
    .values(id=Poll.id)
    .returning(Poll)
    .execution_options(synchronize_session=False, populate_existing=True)
)


async def _lock(session: AsyncSession, poll_id: int, guild_id: int) -> Poll:
    """Serialise writers on this poll (see the module docstring), then read it fresh."""
    poll = (await session.execute(_LOCK, {"poll_id": poll_id})).scalar_one_or_none()
    if poll is None or poll.guild_id != guild_id:
        raise NotFound("This poll no longer exists.")
    return poll


_MINE = select(PollVote).where(
    PollVote.poll_id == bindparam("poll_id"), PollVote.voter_key == bindparam("voter_key")
)


@dataclass(frozen=True)
class VoteResult:
    state: PollState
    action: VoteAction
    option: str
    previous: str | None
    # The member's choices after this vote.
    chosen: list[str]


async def cast_vote(
    session: AsyncSession,
    *,
    poll_id: int,
    guild_id: int,
    user_id: int,
    option_index: int,
    hash_key: str | None,
    now: datetime,
) -> VoteResult:
    """Vote, change a vote (single choice) or toggle an option (multiple choice)."""
    poll = await _lock(session, poll_id, guild_id)
    if is_closed(poll, now):
        raise Conflict(
            f"Poll #{poll.id} is closed: votes are no longer counted. /poll results shows how it ended."
        )
    if not 0 <= option_index < len(poll.options):
        raise NotFound("That option is not on this poll.")
    if poll.anonymous:
        key = voter_key(await vote_secret(session, hash_key), poll.id, user_id)
        stored_user, voted_at = None, poll.created_at
    else:
        key, stored_user, voted_at = str(user_id), user_id, now
    mine = list((await session.execute(_MINE, {"poll_id": poll.id, "voter_key": key})).scalars())
    current = {vote.option_index: vote for vote in mine}
    previous: str | None = None
    if poll.multiple:
        if option_index in current:
            await session.delete(current.pop(option_index))
            action: VoteAction = "removed"
        else:
            current[option_index] = _vote(poll, option_index, key, stored_user, voted_at)
            session.add(current[option_index])
            action = "added"
    elif option_index in current:
        action = "unchanged"
    elif current:
        # One row per member in a single-choice poll: move it to the new option.
        vote = mine[0] if len(mine) == 1 else await _collapse(session, mine)
        previous = poll.options[vote.option_index]
        vote.option_index = option_index
        if not poll.anonymous:
            vote.created_at = now
        current = {option_index: vote}
        action = "changed"
    else:
        current[option_index] = _vote(poll, option_index, key, stored_user, voted_at)
        session.add(current[option_index])
        action = "added"
    await session.flush()
    if action in ("added", "changed") and poll.motion_id is not None and not poll.anonymous:
        if not poll.hide_results:
            # Hidden polls write their stances at the close: the ledger is public, the results are not yet.
            await record_stance(
                session,
                guild_id=poll.guild_id,
                user_id=user_id,
                motion_id=poll.motion_id,
                value=stance_values([poll.options[option_index]])[0],
                source=POLL,
                now=now,
                ref_id=poll.id,
            )
    return VoteResult(
        state=await state(session, poll),
        action=action,
        option=poll.options[option_index],
        previous=previous,
        chosen=[poll.options[i] for i in sorted(current)],
    )


def _vote(poll: Poll, index: int, key: str, user_id: int | None, at: datetime) -> PollVote:
    return PollVote(poll_id=poll.id, option_index=index, voter_key=key, user_id=user_id, created_at=at)


async def _collapse(session: AsyncSession, votes: list[PollVote]) -> PollVote:
    """Keep one vote of a member who somehow holds several in a single-choice poll."""
    keep, *extra = sorted(votes, key=lambda v: v.id)
    for vote in extra:
        await session.delete(vote)
    await session.flush()
    return keep


async def close_poll(
    session: AsyncSession, poll_id: int, guild_id: int, *, now: datetime, cancel_job: bool
) -> Poll | None:
    """Close the poll once; None when it was already closed (so a repeated close does nothing).

    ``cancel_job``: drop the pending timed close (a close by command); the timer's own handler
    passes False, since its job is finishing in this same transaction.
    """
    poll = await _lock(session, poll_id, guild_id)
    if poll.closed_at is not None:
        return None
    poll.closed_at = now
    if cancel_job:
        await jobs.cancel(session, close_job_key(poll.id))
    if poll.hide_results and poll.motion_id is not None and not poll.anonymous:
        await _record_hidden_stances(session, poll, now)
    await session.flush()
    return poll


async def _record_hidden_stances(session: AsyncSession, poll: Poll, now: datetime) -> None:
    assert poll.motion_id is not None
    values = stance_values(poll.options)
    votes = (
        await session.execute(select(PollVote).where(PollVote.poll_id == poll.id).order_by(PollVote.id))
    ).scalars()
    for vote in votes:
        if vote.user_id is None:
            continue
        await record_stance(
            session,
            guild_id=poll.guild_id,
            user_id=vote.user_id,
            motion_id=poll.motion_id,
            value=values[vote.option_index],
            source=POLL,
            now=now,
            ref_id=poll.id,
        )


async def close_by_member(
    session: AsyncSession, poll: Poll, *, user_id: int, moderator: bool, now: datetime
) -> PollState:
    """A close asked for by a member: the poll's creator or a moderator."""
    if poll.closed_at is not None:
        raise Conflict(f"Poll #{poll.id} is already closed. /poll results shows how it ended.")
    if user_id != poll.creator_id and not moderator:
        raise NotAllowed(f"Only the member who started poll #{poll.id}, or a moderator, can close it.")
    closed = await close_poll(session, poll.id, poll.guild_id, now=now, cancel_job=True)
    if closed is None:  # another close won the race
        raise Conflict(f"Poll #{poll.id} is already closed. /poll results shows how it ended.")
    return await state(session, closed)


# ---------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportedVote:
    option_index: int
    # None for members who keep their stances private: they appear only under ``pseudonym``.
    member_id: int | None
    pseudonym: str | None
    voted_at: datetime


@dataclass(frozen=True)
class PollExport:
    """What one member may download of a poll: who voted what, or the counts only."""

    poll: Poll
    tally: Tally
    # False: counts per option only (an anonymous poll, or a viewer who may not see voters).
    per_voter: bool
    votes: tuple[ExportedVote, ...] = ()

    @property
    def named_members(self) -> set[int]:
        """The voters shown by name (their display names go in the ``voter`` column)."""
        return {v.member_id for v in self.votes if v.member_id is not None}

    @property
    def pseudonymous_voters(self) -> int:
        return len({v.pseudonym for v in self.votes if v.pseudonym is not None})


def may_see_voters(poll: Poll, *, viewer_id: int, moderator: bool) -> bool:
    """Who voted what is for the poll's creator and the moderators, and never for anonymous polls."""
    return not poll.anonymous and (viewer_id == poll.creator_id or moderator)


async def export(
    session: AsyncSession, poll: Poll, *, viewer_id: int, moderator: bool, hash_key: str | None
) -> PollExport:
    """The poll as ``viewer_id`` may download it. Members who keep their stances private appear
    under the pseudonym the positions export gives them, never by id or name."""
    require_visible(poll)
    counts = await tally(session, poll)
    if not may_see_voters(poll, viewer_id=viewer_id, moderator=moderator):
        return PollExport(poll=poll, tally=counts, per_voter=False)
    found = list(
        (
            await session.execute(
                select(PollVote)
                .where(PollVote.poll_id == poll.id, PollVote.user_id.is_not(None))
                .order_by(PollVote.option_index, PollVote.id)
            )
        ).scalars()
    )
    private = await private_members(session, poll.guild_id, [v.user_id for v in found if v.user_id])
    secret = await vote_secret(session, hash_key) if private else b""
    votes = []
    for vote in found:
        assert vote.user_id is not None
        hidden = vote.user_id in private
        votes.append(
            ExportedVote(
                option_index=vote.option_index,
                member_id=None if hidden else vote.user_id,
                pseudonym=pseudonym(secret, poll.guild_id, vote.user_id) if hidden else None,
                voted_at=vote.created_at,
            )
        )
    return PollExport(poll=poll, tally=counts, per_voter=True, votes=tuple(votes))


def export_csv(data: PollExport, names: dict[int, str]) -> str:
    """The export as CSV text; ``names`` maps the named voters' ids to display names."""
    poll = data.poll
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not data.per_voter:
        writer.writerow(["poll", "option_number", "option", "votes", "percent_of_voters"])
        for i, option in enumerate(poll.options):
            writer.writerow(
                [poll.id, i + 1, _cell(option), data.tally.counts[i], f"{data.tally.percent(i):.1f}"]
            )
        return buffer.getvalue()
    writer.writerow(["poll", "option_number", "option", "voter_id", "voter", "voted_at"])
    for vote in data.votes:
        if vote.member_id is None:
            voter_id, voter = "", vote.pseudonym or ""
        else:
            voter_id, voter = str(vote.member_id), names.get(vote.member_id, "")
        writer.writerow(
            [
                poll.id,
                vote.option_index + 1,
                _cell(poll.options[vote.option_index]),
                voter_id,
                _cell(voter),
                vote.voted_at.isoformat(),
            ]
        )
    return buffer.getvalue()


def require_visible(poll: Poll) -> None:
    if not results_visible(poll):
        raise UserError(
            f"The results of poll #{poll.id} are hidden until it closes. Nobody can see them before "
            "then, not even its creator or the moderators."
        )
