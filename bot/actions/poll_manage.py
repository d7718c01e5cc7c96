"""The poll's lifecycle actions, the same on every front end: its scheduled start and reminder
(run by the scheduler), the creator's "Manage" panel (close now, extend, reopen, edit, who has
not voted yet, the counts privately) and the list of closed polls.

Each takes internal ids and plain values, runs in the caller's unit of work, and returns what
bot/replies/poll_manage.py renders. Who may manage is checked on every press: the poll's creator
or a moderator (``ModeratorCheck`` is asked only when the member is not the creator).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions.polls import ModeratorCheck
from bot.models import Job, Poll
from bot.services import polls
from bot.services.polls import PollState, schedule
from bot.services.polls import managing as manage
from bot.services.polls.managing import NotVoted


@dataclass(frozen=True)
class Panel:
    """The private panel: the poll's state (counts included: its viewer may see them) and which
    controls apply now."""

    state: PollState
    can_edit: bool

    @property
    def can_list_missing(self) -> bool:
        return not self.state.poll.anonymous


async def _authorised(
    session: AsyncSession, *, space_id: int, poll_id: int, member_id: int, is_moderator: ModeratorCheck
) -> Poll:
    """The poll, once the member is found to be its creator or a moderator."""
    poll = await polls.get_poll(session, space_id, poll_id)
    moderator = member_id != poll.creator_id and await is_moderator()
    manage.require_manager(poll, user_id=member_id, moderator=moderator)
    return poll


async def _managed(
    session: AsyncSession, *, space_id: int, poll_id: int, member_id: int, is_moderator: ModeratorCheck
) -> PollState:
    """The same, with the poll's counts (for a panel or a form that shows them)."""
    poll = await _authorised(
        session, space_id=space_id, poll_id=poll_id, member_id=member_id, is_moderator=is_moderator
    )
    return await polls.state(session, poll)


async def panel(
    session: AsyncSession,
    *,
    space_id: int,
    poll_id: int,
    member_id: int,
    is_moderator: ModeratorCheck,
    now: datetime,
) -> Panel:
    """A press on "Manage": the panel, for the creator or a moderator only."""
    state = await _managed(
        session, space_id=space_id, poll_id=poll_id, member_id=member_id, is_moderator=is_moderator
    )
    can_edit = not polls.is_closed(state.poll, now) and state.tally.voters == 0
    return Panel(state=state, can_edit=can_edit)


async def panel_for(
    session: AsyncSession,
    *,
    space_id: int,
    poll: str | None,
    member_id: int,
    is_moderator: ModeratorCheck,
    now: datetime,
) -> Panel:
    """``/poll manage [poll]``: the same panel, for a poll named by number or words (default:
    the newest)."""
    target = await polls.resolve_poll(session, space_id, poll)
    return await panel(
        session, space_id=space_id, poll_id=target.id, member_id=member_id, is_moderator=is_moderator, now=now
    )


async def check_manager(
    session: AsyncSession, *, space_id: int, poll_id: int, member_id: int, is_moderator: ModeratorCheck
) -> PollState:
    """Before a form opens (Extend, Reopen, Edit): refuse now rather than after the typing."""
    return await _managed(
        session, space_id=space_id, poll_id=poll_id, member_id=member_id, is_moderator=is_moderator
    )


async def close_now(
    session: AsyncSession,
    *,
    space_id: int,
    poll_id: int,
    member_id: int,
    is_moderator: ModeratorCheck,
    now: datetime,
) -> PollState:
    poll = await _authorised(
        session, space_id=space_id, poll_id=poll_id, member_id=member_id, is_moderator=is_moderator
    )
    return await polls.close_by_member(session, poll, user_id=member_id, moderator=True, now=now)


@dataclass(frozen=True)
class Changed:
    state: PollState
    # A timer now waits (the front end wakes the scheduler).
    timers: bool


async def extend(
    session: AsyncSession,
    *,
    space_id: int,
    poll_id: int,
    member_id: int,
    is_moderator: ModeratorCheck,
    duration: str | None,
    now: datetime,
) -> Changed:
    return await _retimed(
        session, manage.extend, space_id, poll_id, member_id, is_moderator, duration=duration, now=now
    )


async def reopen(
    session: AsyncSession,
    *,
    space_id: int,
    poll_id: int,
    member_id: int,
    is_moderator: ModeratorCheck,
    duration: str | None,
    now: datetime,
) -> Changed:
    return await _retimed(
        session, manage.reopen, space_id, poll_id, member_id, is_moderator, duration=duration, now=now
    )


Retime = Callable[..., Awaitable[tuple[Poll, bool]]]


async def _retimed(
    session: AsyncSession,
    change: Retime,
    space_id: int,
    poll_id: int,
    member_id: int,
    is_moderator: ModeratorCheck,
    *,
    duration: str | None,
    now: datetime,
) -> Changed:
    """Extend or reopen: the member checked, the close moved, the poll's state and timers."""
    await _authorised(
        session, space_id=space_id, poll_id=poll_id, member_id=member_id, is_moderator=is_moderator
    )
    poll, waiting = await change(session, poll_id, space_id, raw=duration, now=now)
    return Changed(await polls.state(session, poll), waiting)


async def edit(
    session: AsyncSession,
    *,
    space_id: int,
    poll_id: int,
    member_id: int,
    is_moderator: ModeratorCheck,
    question: str | None,
    options: str | None,
    now: datetime,
) -> PollState:
    await _authorised(
        session, space_id=space_id, poll_id=poll_id, member_id=member_id, is_moderator=is_moderator
    )
    poll = await manage.edit(session, poll_id, space_id, question=question, options=options, now=now)
    return await polls.state(session, poll)


async def not_voted(
    session: AsyncSession,
    *,
    space_id: int,
    poll_id: int,
    member_id: int,
    is_moderator: ModeratorCheck,
    now: datetime,
) -> NotVoted:
    poll = await _authorised(
        session, space_id=space_id, poll_id=poll_id, member_id=member_id, is_moderator=is_moderator
    )
    return await manage.not_voted(session, poll, now=now)


async def open_due(session: AsyncSession, job: Job) -> PollState | None:
    """The scheduled start (the scheduler runs it once): the poll to post now, or None."""
    poll = await schedule.open_due(session, job)
    return None if poll is None else await polls.state(session, poll)


async def remind_due(session: AsyncSession, job: Job, *, now: datetime) -> PollState | None:
    """The reminder (once): the poll to remind of, marked reminded; None: nothing to post."""
    poll = await schedule.remind_due(session, job, now=now)
    return None if poll is None else await polls.state(session, poll)


@dataclass(frozen=True)
class ClosedList:
    # Each poll's state as the results show it (counts, and whatever else a result card shows).
    items: list[PollState]
    viewer_id: int
    moderator: bool
    more: bool


async def closed_list(
    session: AsyncSession, *, space_id: int, viewer_id: int, is_moderator: ModeratorCheck
) -> ClosedList:
    """``/poll list closed:true``: the closed polls with their results, where the viewer may see
    them (rules.may_see_counts: creator-only polls show counts to their creator and moderators)."""
    found = await manage.closed_polls(session, space_id)
    more = len(found) > manage.CLOSED_LIST_LIMIT
    items = await polls.states(session, found[: manage.CLOSED_LIST_LIMIT])
    needs_check = any(i.poll.results_mode == "creator" and i.poll.creator_id != viewer_id for i in items)
    moderator = needs_check and await is_moderator()
    return ClosedList(items=items, viewer_id=viewer_id, moderator=moderator, more=more)
