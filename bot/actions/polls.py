"""/poll's actions, the same on every front end: start a poll, vote, close it (by a member or by
its timer), read its results, list the open ones, export one.

Each takes internal ids (space, member, channel) and plain values and returns what the replies
(bot/replies/polls.py) render. ``start`` is the one that spans more than a unit of work: the poll
must be committed before its message is posted (a vote may come the moment it shows), and the
message's id exists only once the platform has the message.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound, Refused
from bot.models import Job, Poll
from bot.runtime import Host
from bot.services import identities, motions, polls
from bot.services.polls import OpenPoll, PollExport, PollState, RankingResult, VoteResult

# Posts the poll message on the front end's platform and gives its internal id.
Post = Callable[[PollState], Awaitable[int]]
# Whether the member acting moderates the space; asked only when it matters (not the creator).
ModeratorCheck = Callable[[], Awaitable[bool]]


@dataclass(frozen=True)
class NewPoll:
    """A poll as a member asked for it; ``question`` None with a ``motion``: the motion's title."""

    space_id: int
    channel_id: int
    creator_id: int
    question: str | None
    options: str | None = None
    motion: str | None = None
    multiple: bool = False
    anonymous: bool = False
    hide_results: bool = False
    minutes: int | None = None
    # The poll's modes (rules.parse_*): results live|after_close|creator, pick up to N, ranked,
    # members add options; its length as a duration (``2h``), a reminder's lead, a scheduled start.
    results: str | None = None
    max_choices: int | None = None
    ranked: bool = False
    member_options: bool = False
    duration: str | None = None
    remind: str | None = None
    opens: str | None = None


async def start(host: Host, new: NewPoll, post: Post) -> PollState:
    """Create the poll (with its timed close, when it has one), post its message with ``post``,
    then remember the message. If the platform does not take the message, nobody can vote: the
    poll and its timer go, and the error goes on to the front end's error place. A poll with a
    scheduled start (``opens``) is not posted now: its job posts it then; its state comes back
    with no message."""
    async with host.db.unit_of_work() as session:
        linked = await motions.resolve_motion(session, new.space_id, new.motion) if new.motion else None
        question = new.question
        if question is None and linked is not None:
            question = f"Motion #{linked.number}: {linked.title}"
        poll = await polls.create_poll(
            session,
            guild_id=new.space_id,
            channel_id=new.channel_id,
            creator_id=new.creator_id,
            question=question or "",
            options=new.options,
            motion=linked,
            multiple=new.multiple,
            anonymous=new.anonymous,
            hide_results=new.hide_results,
            minutes=new.minutes,
            hash_key=host.settings.vote_hash_key,
            now=host.clock(),
            results=new.results,
            max_choices=new.max_choices,
            ranked=new.ranked,
            member_options=new.member_options,
            duration=new.duration,
            remind=new.remind,
            opens=new.opens,
        )
        state = await polls.state(session, poll)
    if poll.closes_at is not None or poll.opens_at is not None:
        host.scheduler.wake()
    if poll.opens_at is not None:
        return state  # a scheduled start: its job posts the poll then (bot/actions/poll_manage.py)
    try:
        message_id = await post(state)
    except Exception:
        async with host.db.unit_of_work() as session:
            await polls.discard_unposted(session, poll.id, new.space_id)
        raise
    # A second, tiny unit of work: the message id exists only once the platform has the message.
    async with host.db.unit_of_work() as session:
        await polls.set_message(session, poll.id, message_id)
    poll.message_id = message_id
    return state


async def vote(
    session: AsyncSession,
    *,
    space_id: int,
    poll_id: int,
    member_id: int,
    option: int,
    hash_key: str | None,
    now: datetime,
) -> VoteResult:
    """A click on an option: vote, change the vote, or toggle the option (multiple choice).
    Run it with ``db.run`` (it retries when SQLite is busy): clicks come in bursts."""
    return await polls.cast_vote(
        session,
        poll_id=poll_id,
        guild_id=space_id,
        user_id=member_id,
        option_index=option,
        hash_key=hash_key,
        now=now,
    )


async def close(
    session: AsyncSession,
    *,
    space_id: int,
    poll: str | None,
    member_id: int,
    is_moderator: ModeratorCheck,
    now: datetime,
) -> PollState:
    """``/poll close``: the poll's creator or a moderator closes it now (default: the newest open)."""
    target = await polls.resolve_poll(session, space_id, poll, open_only=True)
    moderator = member_id != target.creator_id and await is_moderator()
    return await polls.close_by_member(session, target, user_id=member_id, moderator=moderator, now=now)


async def close_due(session: AsyncSession, job: Job, *, now: datetime) -> PollState | None:
    """The timed close (the scheduler runs it once, even across restarts). None: nothing to
    announce (the poll was deleted, or a member closed it first)."""
    try:
        poll = await polls.close_poll(
            session, int(job.payload["poll_id"]), job.guild_id, now=now, cancel_job=False
        )
    except NotFound:
        return None
    if poll is None:
        return None
    return await polls.state(session, poll)


async def results(
    session: AsyncSession,
    *,
    space_id: int,
    poll: str | None,
    viewer_id: int,
    is_moderator: ModeratorCheck,
) -> PollState:
    """``/poll results``: counts and shares (default: the newest poll whose results show). Counts
    that are not public yet (or never: creator mode) are for the creator and moderators only,
    who then see them privately (``state.results_visible`` is False); others are refused."""
    target = await polls.resolve_poll(session, space_id, poll, results_only=True, viewer_id=viewer_id)
    moderator = not polls.counts_public(target) and viewer_id != target.creator_id and await is_moderator()
    polls.require_visible(target, viewer_id=viewer_id, moderator=moderator)
    return await polls.state(session, target)


async def rank(
    session: AsyncSession,
    *,
    space_id: int,
    poll_id: int,
    member_id: int,
    picked: list[str | None],
    hash_key: str | None,
    now: datetime,
) -> RankingResult:
    """A ranking submitted (the places in order, each an option number or empty): stored, or
    replacing the member's earlier ranking. Run it with ``db.run``, like a vote."""
    poll = await polls.get_poll(session, space_id, poll_id)
    order = polls.parse_ranking(picked, len(poll.options))
    return await polls.cast_ranking(
        session,
        poll_id=poll_id,
        guild_id=space_id,
        user_id=member_id,
        order=order,
        hash_key=hash_key,
        now=now,
    )


@dataclass(frozen=True)
class RankingForm:
    poll: Poll
    # The member's ranking so far (option indices, best first), to fill the form in.
    current: list[int]


async def check_ranking(
    session: AsyncSession,
    *,
    space_id: int,
    poll_id: int,
    member_id: int,
    hash_key: str | None,
    now: datetime,
) -> RankingForm:
    """The poll a Rank press opens the form for (open), with the member's own ranking so far."""
    poll = await polls.get_poll(session, space_id, poll_id)
    if polls.is_closed(poll, now):
        raise Refused("poll.closed", number=poll.id)
    current = await polls.my_ranking(session, poll, user_id=member_id, hash_key=hash_key)
    return RankingForm(poll=poll, current=current)


async def check_adding(session: AsyncSession, *, space_id: int, poll_id: int, now: datetime) -> Poll:
    """The poll an Add option press opens the form for: open, allowing it, not full."""
    poll = await polls.get_poll(session, space_id, poll_id)
    if polls.is_closed(poll, now):
        raise Refused("poll.closed", number=poll.id)
    if not poll.member_options:
        raise Refused("poll.no-member-options", number=poll.id)
    if len(poll.options) >= polls.max_options(poll):
        raise Refused("poll.options-full", number=poll.id, most=polls.max_options(poll))
    return poll


async def add_option(
    session: AsyncSession,
    *,
    space_id: int,
    poll_id: int,
    member_id: int,
    member_name: str | None,
    label: str,
    now: datetime,
) -> PollState:
    """A member adds an option (polls that allow it). ``member_name``: their display name, kept in
    the identity registry to credit the option (not for an anonymous poll, which credits nobody)."""
    state = await polls.add_option(
        session, poll_id=poll_id, guild_id=space_id, user_id=member_id, label=label, now=now
    )
    if member_name and not state.poll.anonymous and member_id > 0:
        # A Discord member is recorded only with a name to keep (a Slack one already is).
        await identities.internal_id(session, "discord", "member", str(member_id), name=member_name, now=now)
        state = await polls.state(session, state.poll)
    return state


async def open_list(session: AsyncSession, *, space_id: int) -> list[OpenPoll]:
    """``/poll list``: the open polls, newest first, with how many voted."""
    return await polls.open_polls(session, space_id)


async def choices(
    session: AsyncSession, *, space_id: int, typed: str, open_only: bool, limit: int
) -> list[Poll]:
    """Polls matching what a member is typing (Discord's autocomplete)."""
    return await polls.poll_choices(session, space_id, typed[:100], open_only=open_only, limit=limit)


@dataclass(frozen=True)
class Exported:
    data: PollExport
    # The named voters' display names and platform ids, from the identity registry (when asked).
    names: dict[int, str]
    shown_ids: dict[int, str]


async def export(
    session: AsyncSession,
    *,
    space_id: int,
    poll: str | None,
    viewer_id: int,
    is_moderator: ModeratorCheck,
    hash_key: str | None,
    from_registry: bool,
) -> Exported:
    """``/poll export``: one row per vote for the creator and moderators (never for an anonymous
    poll), counts for everyone else. ``from_registry``: the voters' names and ids as the identity
    registry has them (Slack); Discord asks the guild for names, and its ids are the platform's."""
    target = await polls.resolve_poll(session, space_id, poll)
    moderator = viewer_id != target.creator_id and await is_moderator()
    data = await polls.export(session, target, viewer_id=viewer_id, moderator=moderator, hash_key=hash_key)
    names: dict[int, str] = {}
    shown_ids: dict[int, str] = {}
    if from_registry and data.named_members:
        names = await identities.names(session, data.named_members)
        for member in sorted(data.named_members):
            try:
                shown_ids[member] = (await identities.external_id(session, member))[2]
            except LookupError:
                continue
    return Exported(data=data, names=names, shown_ids=shown_ids)
