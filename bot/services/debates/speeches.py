"""The speeches: who has the floor, the moderator's clock controls, and arguments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Conflict, NotAllowed, RefusedConflict, UserError
from bot.models import (
    Debate,
    DebateArgument,
    Side,
)
from bot.services.debate_scoring import SIDES, is_side
from bot.services.debates.clock import _cancel_timers, _schedule_timers
from bot.services.debates.finding import motion_of
from bot.services.debates.joining import participant, sides
from bot.services.debates.ledger import _record_in_ledger
from bot.services.debates.rules import (
    ARGUMENT_LIMIT,
    MAX_EXTEND_SECONDS,
    POSTVOTE,
    PREVOTE,
    SPEECHES,
    SkipsEverySpeech,
    SpeechState,
    Transition,
    speech_schedule,
)

# ---------------------------------------------------------------- speeches


async def speech_state(session: AsyncSession, debate: Debate, now: datetime) -> SpeechState | None:
    if debate.phase != SPEECHES or debate.speech_index < 0:
        return None
    schedule = speech_schedule(debate.rounds)
    speech = schedule[min(debate.speech_index, len(schedule) - 1)]
    speakers = (await sides(session, debate.id))[speech.side]
    speaker = speakers[speech.round_number % len(speakers)] if speakers else None
    paused = debate.paused_remaining is not None
    if paused:
        remaining = float(debate.paused_remaining or 0.0)
    elif debate.speech_ends_at is not None:
        remaining = max(0.0, (debate.speech_ends_at - now).total_seconds())
    else:
        remaining = 0.0
    return SpeechState(speech, len(schedule), speaker, debate.speech_ends_at, remaining, paused)


async def _require_both_sides(session: AsyncSession, debate: Debate) -> None:
    """The speeches need a debater on each side: never give the floor to an empty side."""
    current = await sides(session, debate.id)
    empty = [side.title() for side in SIDES if not current[side]]
    if not empty:
        return
    raise RefusedConflict("debate.side-empty", who=" and ".join(empty), counter=debate.assign == "counter")


async def _advance(session: AsyncSession, debate: Debate, now: datetime, *, from_job: bool) -> Transition:
    if debate.phase == PREVOTE:
        await _require_both_sides(session, debate)
        await _record_in_ledger(session, debate, "pre", now)
        debate.phase = SPEECHES
        debate.speech_index = 0
    elif debate.phase == SPEECHES:
        await _cancel_timers(session, debate, keep_advance=from_job)
        debate.speech_index += 1
    elif debate.phase == POSTVOTE:
        raise RefusedConflict("debate.postvote-open")
    else:
        raise Conflict("This debate is over.")
    motion = await motion_of(session, debate)
    if debate.speech_index >= len(speech_schedule(debate.rounds)):
        _open_postvote(debate)
        return Transition(debate, motion, None)
    await _schedule_timers(session, debate, debate.speech_seconds, now)
    return Transition(debate, motion, await speech_state(session, debate, now))


def _open_postvote(debate: Debate) -> None:
    debate.phase = POSTVOTE
    debate.speech_ends_at = None
    debate.paused_remaining = None


async def next_speech(session: AsyncSession, debate: Debate, now: datetime) -> Transition:
    """The moderator moves on: closes the pre-vote and starts the first speech, or the next one."""
    return await _advance(session, debate, now, from_job=False)


def _running_speech(debate: Debate) -> None:
    if debate.phase != SPEECHES:
        raise RefusedConflict("debate.no-speech")


async def pause(session: AsyncSession, debate: Debate, now: datetime) -> SpeechState:
    _running_speech(debate)
    if debate.paused_remaining is not None:
        raise RefusedConflict("debate.already-paused")
    ends_at = debate.speech_ends_at or now
    await _cancel_timers(session, debate)
    debate.paused_remaining = max(0.0, (ends_at - now).total_seconds())
    debate.speech_ends_at = None
    state = await speech_state(session, debate, now)
    assert state is not None
    return state


async def resume(session: AsyncSession, debate: Debate, now: datetime) -> SpeechState:
    _running_speech(debate)
    if debate.paused_remaining is None:
        raise Conflict("The speech is not paused.")
    await _schedule_timers(session, debate, debate.paused_remaining, now)
    state = await speech_state(session, debate, now)
    assert state is not None
    return state


async def extend(session: AsyncSession, debate: Debate, seconds: int, now: datetime) -> SpeechState:
    _running_speech(debate)
    if not 1 <= seconds <= MAX_EXTEND_SECONDS:
        raise UserError(f"Extend a speech by 1 to {MAX_EXTEND_SECONDS} seconds.")
    if debate.paused_remaining is not None:
        debate.paused_remaining += seconds
    else:
        left = ((debate.speech_ends_at or now) - now).total_seconds()
        await _schedule_timers(session, debate, max(0.0, left) + seconds, now)
    state = await speech_state(session, debate, now)
    assert state is not None
    return state


async def end_speeches(
    session: AsyncSession, debate: Debate, now: datetime, *, skip_all: bool = False
) -> Transition:
    """Skip whatever speeches remain and open the post-vote.

    From the pre-vote that skips every speech: it happens only with ``skip_all`` (the moderator
    confirmed), else ``SkipsEverySpeech`` is raised for the front end to ask.
    """
    if debate.phase == PREVOTE:
        if not skip_all:
            raise SkipsEverySpeech(debate.id)
        await _record_in_ledger(session, debate, "pre", now)
    elif debate.phase == SPEECHES:
        await _cancel_timers(session, debate)
    elif debate.phase == POSTVOTE:
        raise RefusedConflict("debate.postvote-already-open")
    else:
        raise Conflict("This debate is over.")
    _open_postvote(debate)
    return Transition(debate, await motion_of(session, debate), None)


async def debater_side(session: AsyncSession, debate: Debate, user_id: int) -> Side:
    """The member's side, if they may argue now (a debater, during the speeches)."""
    member = await participant(session, debate.id, user_id)
    if member is None or not is_side(member.side):
        raise NotAllowed(
            "Only the debaters argue. The audience votes (and can join a side before the speeches)."
        )
    if debate.phase != SPEECHES:
        raise Conflict("Arguments are recorded during the speeches.")
    return member.side


async def argue(
    session: AsyncSession, debate: Debate, user_id: int, text: str, now: datetime
) -> DebateArgument:
    """A debater's argument, filed under their side and the round now under way."""
    text = text.strip()
    if not text:
        raise UserError("Write your argument first.")
    if len(text) > ARGUMENT_LIMIT:
        raise UserError(f"Keep an argument under {ARGUMENT_LIMIT} characters (yours has {len(text)}).")
    side = await debater_side(session, debate, user_id)
    state = await speech_state(session, debate, now)
    assert state is not None
    argument = DebateArgument(
        debate_id=debate.id,
        user_id=user_id,
        side=side,
        round_name=state.speech.round_name,
        speech_index=state.speech.index,
        text=text,
        created_at=now,
    )
    session.add(argument)
    await session.flush()
    return argument
