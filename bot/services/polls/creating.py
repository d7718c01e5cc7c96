"""Starting a poll: the row, with its timed close when it has one; and removing one never posted."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import UserError
from bot.models import Motion, Poll
from bot.services.polls.rules import (
    STANCE_OPTIONS,
    option_limit,
    parse_duration,
    parse_max_choices,
    parse_opens,
    parse_options,
    parse_question,
    parse_remind,
    parse_results_mode,
    stance_values,
)
from bot.services.polls.schedule import cancel_timers, has_waiting_start, schedule_timers
from bot.services.voter_keys import vote_secret


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
    results: str | None = None,
    max_choices: int | None = None,
    ranked: bool = False,
    member_options: bool = False,
    duration: str | None = None,
    remind: str | None = None,
    opens: str | None = None,
) -> Poll:
    """Check everything, add the poll and (when timed) its close job. Raises UserError on bad input.

    ``results`` is the results mode (``hide_results`` is the older spelling of after_close);
    ``duration`` (``2h``) or ``minutes`` the running time, from the start (``opens``, a time or a
    duration from now; default now); ``remind`` a duration before the close."""
    question = parse_question(question)
    if options is not None and options.strip():
        labels = parse_options(options)
    elif motion is not None:
        labels = list(STANCE_OPTIONS)
    else:
        raise UserError("Give at least two options separated by semicolons, like `Yes; No; Not sure`.")
    if motion is not None:
        stance_values(labels)
    if max_choices is not None:
        max_choices = parse_max_choices(max_choices, options=len(labels))
        multiple = max_choices is not None and max_choices > 1
        if not multiple:
            max_choices = None
    if ranked and (multiple or motion is not None):
        raise UserError(
            "A ranked poll asks each member to order every option: it is not also multiple choice, "
            "and a motion's stances are not ranked."
        )
    limit = option_limit(ranked=ranked, controls=member_options)
    if len(labels) > limit:
        raise UserError(
            f"A poll that members can add options to can have at most {limit} options "
            f"(you gave {len(labels)}): its message keeps a row for the Add option button."
        )
    if member_options and motion is not None:
        raise UserError("A poll linked to a motion keeps the five stances: members cannot add options to it.")
    if motion is not None and multiple:
        raise UserError(
            "A poll linked to a motion is single choice: each member holds one stance on a motion."
        )
    mode = parse_results_mode(results, hide_results=hide_results)
    minutes = parse_duration(duration, minutes)
    remind_minutes = parse_remind(remind, minutes=minutes)
    opens_at = parse_opens(opens, now=now)
    starts = opens_at or now
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
        max_choices=max_choices,
        ranked=ranked,
        member_options=member_options,
        anonymous=anonymous,
        results_mode=mode,
        motion_id=motion.id if motion is not None else None,
        opens_at=opens_at,
        closes_at=starts + timedelta(minutes=minutes) if minutes else None,
        remind_minutes=remind_minutes,
        created_at=now,
    )
    session.add(poll)
    await session.flush()
    # Its scheduled start, reminder and close (bot/services/polls/schedule.py).
    await schedule_timers(session, poll, now=now)
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
    with its timers, so no half-created poll is left behind."""
    poll = await session.get(Poll, poll_id)
    if poll is None or poll.guild_id != guild_id or poll.message_id is not None:
        return
    await cancel_timers(session, poll_id)
    await session.delete(poll)
    await session.flush()


async def discard_orphans(session: AsyncSession, *, created_before: datetime) -> list[int]:
    """Remove polls created before ``created_before`` that never got their message (the process
    stopped between the poll's commit and posting it, so nobody could vote), with their timers.
    A poll waiting for its scheduled start has no message yet by design: it stays while its
    start's job waits (even past due, as after a downtime: the scheduler runs it next).
    Returns their ids."""
    found = (
        await session.execute(
            select(Poll.id, Poll.guild_id).where(Poll.message_id.is_(None), Poll.created_at < created_before)
        )
    ).all()
    removed = []
    for poll_id, guild_id in found:
        if await has_waiting_start(session, poll_id):
            continue
        await discard_unposted(session, poll_id, guild_id)
        removed.append(poll_id)
    return removed
