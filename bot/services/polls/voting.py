"""Voting: a vote, a changed vote (single choice) or a toggled option (multiple choice).

Anonymous polls keep no link from a vote to a member beyond what stops double votes: the
voter key is an HMAC of (poll, member) under the installation's secret (bot.services.voter_keys),
``user_id`` stays NULL, the vote carries the poll's creation time instead of the click time,
and no stance goes to the ledger (a ledger entry would name the member).

Every vote starts by writing to its poll's row (``lock_poll``), so votes on one poll are
serialised on both backends: PostgreSQL locks the row, SQLite takes its write lock before
anything is read. That keeps "one choice per member" true for single-choice polls even when a
member clicks twice at once, and makes a vote and a close never interleave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Delete,
    Insert,
    Select,
    String,
    Update,
    bindparam,
    cast,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound, Refused
from bot.models import Poll, PollVote
from bot.services.polls.reading import PollState, Tally, is_closed, lock_poll_to_read, state
from bot.services.polls.rules import stance_values
from bot.services.positions import POLL, record_stance
from bot.services.voter_keys import vote_secret, voter_key

VoteAction = Literal["added", "changed", "removed", "unchanged"]


@dataclass(frozen=True)
class VoteResult:
    state: PollState
    action: VoteAction
    option: str
    previous: str | None
    # The member's choices after this vote.
    chosen: list[str]


def _joined(*parts: Any) -> ColumnElement[str]:
    """``a:b`` as text, for string aggregation."""
    joined: ColumnElement[str] = cast(parts[0], String)
    for part in parts[1:]:
        joined = joined + ":" + cast(part, String)
    return joined


# Table columns, not the mapped class's: a Core statement skips the ORM's compile and result
# steps, which cost more than these small statements (docs/benchmarks.md, floors.vote_vs_ping_db).
_VOTES = PollVote.__table__.c


def _mine() -> Any:
    """A member's votes on the poll (by ``voter_key``): "id:option,..." or NULL."""
    return (
        select(func.aggregate_strings(_joined(_VOTES.id, _VOTES.option_index), ","))
        .where(_VOTES.poll_id == bindparam("poll_id"), _VOTES.voter_key == bindparam("voter_key"))
        .scalar_subquery()
    )


def _counts() -> tuple[Any, Any]:
    """The poll's votes per option ("option:count,..." or NULL) and its distinct voters."""
    per_option = (
        select(_VOTES.option_index, func.count().label("votes"))
        .where(_VOTES.poll_id == bindparam("poll_id"))
        .group_by(_VOTES.option_index)
        .subquery()
    )
    counts = select(
        func.aggregate_strings(_joined(per_option.c.option_index, per_option.c.votes), ",")
    ).scalar_subquery()
    voters = (
        select(func.count(func.distinct(_VOTES.voter_key)))
        .where(_VOTES.poll_id == bindparam("poll_id"))
        .scalar_subquery()
    )
    return counts, voters


@cache
def _read_votes() -> Select[tuple[str | None, str | None, int]]:
    """The member's votes, the votes per option and the voters, in one read after the poll's lock
    (a statement of its own: on PostgreSQL a statement reads the snapshot taken when it began, so
    one that also took the lock would miss a vote committed while it waited for it)."""
    counts, voters = _counts()
    return select(_mine(), counts, voters)


def _pairs(text: str | None) -> list[tuple[int, int]]:
    if not text:
        return []
    return [(int(a), int(b)) for a, b in (pair.split(":") for pair in text.split(","))]


class _Count:
    """The poll's tally as read under its lock, kept up to date with this vote's own change (so
    the vote needs no second read of it)."""

    def __init__(self, poll: Poll, counts: str | None, voters: int) -> None:
        self.counts = [0] * len(poll.options)
        for index, count in _pairs(counts):
            if 0 <= index < len(self.counts):
                self.counts[index] = count
        self.voters = voters

    def add(self, index: int, delta: int) -> None:
        if 0 <= index < len(self.counts):
            self.counts[index] += delta

    def tally(self) -> Tally:
        return Tally(counts=self.counts, voters=self.voters)


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
    """Vote, change a vote (single choice) or toggle an option (multiple choice).

    Statements: the poll's lock; one read of the member's votes and the poll's counts; the
    vote's write (none when unchanged); for a motion poll, its stance and the motion. The counts
    in the answer are those read under the lock with this vote's own change applied.
    """
    poll = await lock_poll_to_read(session, poll_id, guild_id)
    if is_closed(poll, now):
        raise Refused("poll.closed", number=poll.id)
    if poll.opens_at is not None and poll.message_id is None:
        # Waiting for its scheduled start: nobody has been shown it (a forged press).
        raise Refused("poll.not-open", number=poll.id)
    if not 0 <= option_index < len(poll.options):
        raise NotFound("That option is not on this poll.")
    if poll.ranked:
        raise Refused("poll.ranked", number=poll.id)
    if poll.anonymous:
        key = voter_key(await vote_secret(session, hash_key), poll.id, user_id)
        stored_user, voted_at = None, poll.created_at
    else:
        key, stored_user, voted_at = str(user_id), user_id, now
    read = (await session.execute(_read_votes(), {"poll_id": poll.id, "voter_key": key})).one()
    mine_text, counts_text, voters = read
    # (id, option) of each of the member's votes, oldest first.
    mine = sorted(_pairs(mine_text))
    count = _Count(poll, counts_text, voters)
    by_option = {index: vote_id for vote_id, index in mine}
    chosen = set(by_option)
    previous: str | None = None
    if poll.multiple:
        if option_index in chosen:
            await session.execute(_delete_vote(), {"vote_id": by_option[option_index]})
            chosen.remove(option_index)
            count.add(option_index, -1)
            if not chosen:
                count.voters -= 1
            action: VoteAction = "removed"
        else:
            if poll.max_choices is not None and len(chosen) >= poll.max_choices:
                raise Refused(
                    "poll.max-choices",
                    number=poll.id,
                    most=poll.max_choices,
                    chosen=[poll.options[i] for i in sorted(chosen)],
                )
            await _insert(session, poll, option_index, key, stored_user, voted_at)
            chosen.add(option_index)
            count.add(option_index, 1)
            if not mine:
                count.voters += 1
            action = "added"
    elif option_index in chosen:
        action = "unchanged"
    elif chosen:
        # One row per member in a single-choice poll: move it to the new option.
        (vote_id, was), *extra = mine
        for extra_id, extra_index in extra:  # somehow several: keep the oldest
            await session.execute(_delete_vote(), {"vote_id": extra_id})
            count.add(extra_index, -1)
        previous = poll.options[was]
        if poll.anonymous:
            await session.execute(_move_vote(False), {"vote_id": vote_id, "option_index": option_index})
        else:
            values = {"vote_id": vote_id, "option_index": option_index, "created_at": now}
            await session.execute(_move_vote(True), values)
        count.add(was, -1)
        count.add(option_index, 1)
        chosen = {option_index}
        action = "changed"
    else:
        await _insert(session, poll, option_index, key, stored_user, voted_at)
        chosen = {option_index}
        count.add(option_index, 1)
        count.voters += 1
        action = "added"
    if action in ("added", "changed") and poll.motion_id is not None and not poll.anonymous:
        if poll.results_mode == "live":
            # after_close polls write their stances at the close (the ledger is public, the results
            # are not yet); creator-only polls never do (their results never are).
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
        state=await state(session, poll, counted=count.tally()),
        action=action,
        option=poll.options[option_index],
        previous=previous,
        chosen=[poll.options[i] for i in sorted(chosen)],
    )


_INSERT_VOTE: Insert = insert(PollVote.__table__)


async def _insert(
    session: AsyncSession, poll: Poll, index: int, key: str, user_id: int | None, at: datetime
) -> None:
    """Write a new vote with a cached Core insert: the ORM's flush of one new row cost more than
    the row itself on the vote path (docs/benchmarks.md, "Fixes made")."""
    row = {"poll_id": poll.id, "option_index": index, "voter_key": key, "user_id": user_id, "created_at": at}
    await session.execute(_INSERT_VOTE, row)


@cache
def _delete_vote() -> Delete:
    return delete(PollVote.__table__).where(_VOTES.id == bindparam("vote_id"))


@cache
def _move_vote(stamped: bool) -> Update:
    """A changed vote as a Core update (no ORM object, no flush); ``stamped``: with the time of the
    change (named polls; an anonymous vote keeps the poll's creation time)."""
    table = PollVote.__table__
    values: dict[str, Any] = {"option_index": bindparam("option_index")}
    if stamped:
        values["created_at"] = bindparam("created_at")
    return update(table).where(table.c.id == bindparam("vote_id")).values(values)
