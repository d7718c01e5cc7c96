"""Oxford-style debates: the flow from pre-vote through timed speeches to the scored result.

Phases: ``prevote`` (members join a side or the audience and vote) -> ``speeches`` (one
speech per side per round, For first, each on a timer) -> ``postvote`` -> ``closed``.
Everything lives in the database; speech timers are jobs (``debate-warn``, ``debate-advance``)
whose dedupe keys name the debate and the speech, so pausing, extending or skipping replaces
or cancels exactly the current speech's timers, and a restart picks them up where they were.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.models import (
    ActorRow,
    Choice,
    Debate,
    DebateArgument,
    DebateParticipant,
    DebateVote,
    Motion,
    ParticipantSide,
    Side,
    Stance,
    VotePhase,
)
from bot.services import jobs, motions, positions
from bot.services.debate_result import DebateResult
from bot.services.debate_scoring import CHOICES, SIDES, Score, is_choice, is_side, score
from bot.services.upsert import upsert

PREVOTE: Final = "prevote"
SPEECHES: Final = "speeches"
POSTVOTE: Final = "postvote"
CLOSED: Final = "closed"

AUDIENCE: Final = "audience"
# In ``counter`` mode a member asks to debate and the bot picks the side.
DEBATE: Final = "debate"
JOIN_CHOICES: Final = (*SIDES, AUDIENCE, DEBATE)
ASSIGN_MODES: Final = ("volunteer", "counter")

DEFAULT_ROUNDS: Final = ("opening", "rebuttal", "closing")
MAX_ROUNDS: Final = 6
ROUND_NAME: Final = re.compile(r"^[a-z][a-z0-9 -]{0,31}$")
DEFAULT_SPEECH_SECONDS: Final = 180
MIN_SPEECH_SECONDS: Final = 30
MAX_SPEECH_SECONDS: Final = 1800
MAX_EXTEND_SECONDS: Final = 600
# Warn 30 s before the end of a speech, or at 80% of a short one.
WARN_SECONDS: Final = 30
ARGUMENT_LIMIT: Final = 1500

WARN_KIND: Final = "debate-warn"
ADVANCE_KIND: Final = "debate-advance"

# Debate votes in the ledger's scale (-2..2).
STANCE_OF_CHOICE: Final[dict[Choice, int]] = {"for": 1, "against": -1, "undecided": 0}
NAME_LIMIT: Final = 100


class SkipsEverySpeech(Conflict):
    """Ending the speeches straight from the pre-vote would skip them all: ask first."""

    def __init__(self) -> None:
        super().__init__(
            "No speech has been given yet: ending now closes the pre-vote and skips every speech."
        )


@dataclass(frozen=True)
class Speech:
    index: int
    round_number: int  # 0-based
    round_name: str
    side: Side


@dataclass(frozen=True)
class SpeechState:
    """The speech now under way: who speaks, and when it ends (or how long is left, when paused)."""

    speech: Speech
    total: int
    speaker_id: int | None
    ends_at: datetime | None
    remaining: float
    paused: bool


@dataclass(frozen=True)
class Transition:
    """What changed, for the cog to announce: a new speech, or the post-vote opening."""

    debate: Debate
    motion: Motion
    speech: SpeechState | None

    @property
    def postvote(self) -> bool:
        return self.debate.phase == POSTVOTE


@dataclass(frozen=True)
class Joined:
    side: ParticipantSide
    # Why the bot chose the side (counter mode), for the member to read.
    note: str | None


@dataclass(frozen=True)
class Status:
    debate: Debate
    motion: Motion
    sides: dict[ParticipantSide, list[int]]
    # How many have voted in each phase (the numbers, never the choices, while a vote is open).
    votes: dict[VotePhase, int]
    # The pre-vote's split, once it has closed; None while it is open (no herding).
    pre_split: dict[Choice, int] | None
    speech: SpeechState | None
    total_speeches: int
    # Display names of the members shown (debaters, speakers), by id.
    names: dict[int, str]


@dataclass(frozen=True)
class Closed:
    debate: Debate
    motion: Motion
    score: Score
    # What Debate.result holds, typed: the score, with the moves of private members marked.
    result: DebateResult
    private: set[int]
    arguments: list[DebateArgument]
    names: dict[int, str]


# ---------------------------------------------------------------- the schedule


def parse_rounds(raw: str | None) -> list[str]:
    """``"opening, rebuttal, closing"`` -> a checked list of round names."""
    if raw is None or not raw.strip():
        return list(DEFAULT_ROUNDS)
    names = [name.strip().lower() for name in raw.split(",") if name.strip()]
    if not names or len(names) > MAX_ROUNDS:
        raise UserError(f"Give between 1 and {MAX_ROUNDS} rounds, separated by commas.")
    for name in names:
        if not ROUND_NAME.match(name):
            raise UserError(
                f"{name[:40]!r} is not a round name: use letters, digits, spaces or dashes (up to 32)."
            )
    if len(set(names)) != len(names):
        raise UserError("Give each round a different name.")
    return names


def speech_schedule(rounds: list[str]) -> list[Speech]:
    """One speech per side per round; For always speaks first, so the sides alternate throughout."""
    return [
        Speech(index=2 * number + offset, round_number=number, round_name=name, side=side)
        for number, name in enumerate(rounds)
        for offset, side in enumerate(SIDES)
    ]


def warn_before(speech_seconds: float) -> float:
    return min(WARN_SECONDS, speech_seconds * 0.2)


def _keys(debate_id: int, index: int) -> tuple[str, str]:
    return f"{WARN_KIND}:{debate_id}:{index}", f"{ADVANCE_KIND}:{debate_id}:{index}"


async def _schedule_timers(session: AsyncSession, debate: Debate, seconds_left: float, now: datetime) -> None:
    seconds_left = max(0.0, seconds_left)
    ends_at = now + timedelta(seconds=seconds_left)
    debate.speech_ends_at, debate.paused_remaining = ends_at, None
    warn_key, advance_key = _keys(debate.id, debate.speech_index)
    payload = {"debate_id": debate.id, "speech_index": debate.speech_index}
    before = warn_before(debate.speech_seconds)
    if seconds_left > 0:
        # A speech resumed (or extended) with less than the warning's lead left is warned at once.
        await jobs.schedule(
            session,
            guild_id=debate.guild_id,
            kind=WARN_KIND,
            due_at=max(now, ends_at - timedelta(seconds=before)),
            now=now,
            payload=payload,
            dedupe_key=warn_key,
        )
    else:
        await jobs.cancel(session, warn_key)
    await jobs.schedule(
        session,
        guild_id=debate.guild_id,
        kind=ADVANCE_KIND,
        due_at=ends_at,
        now=now,
        payload=payload,
        dedupe_key=advance_key,
    )


async def _cancel_timers(session: AsyncSession, debate: Debate, *, keep_advance: bool = False) -> None:
    """Cancel the current speech's timers. A running advance job keeps its own (it is finishing)."""
    if debate.speech_index < 0:
        return
    warn_key, advance_key = _keys(debate.id, debate.speech_index)
    await jobs.cancel(session, warn_key)
    if not keep_advance:
        await jobs.cancel(session, advance_key)


# ---------------------------------------------------------------- finding debates


async def find_active(session: AsyncSession, guild_id: int, channel_id: int) -> Debate | None:
    query = (
        select(Debate)
        .where(Debate.guild_id == guild_id, Debate.channel_id == channel_id, Debate.phase != CLOSED)
        .order_by(Debate.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def active_debate(session: AsyncSession, guild_id: int, channel_id: int) -> Debate:
    debate = await find_active(session, guild_id, channel_id)
    if debate is None:
        raise NotFound("No debate is running in this channel. A moderator can start one with /debate start.")
    return debate


async def get_debate(session: AsyncSession, guild_id: int, debate_id: int) -> Debate:
    """A debate by id, only within this guild."""
    debate = await session.get(Debate, debate_id)
    if debate is None or debate.guild_id != guild_id:
        raise NotFound("That debate no longer exists.")
    return debate


async def motion_of(session: AsyncSession, debate: Debate) -> Motion:
    return await motions.get_motion(session, debate.guild_id, debate.motion_id)


# ---------------------------------------------------------------- starting, joining, voting


async def start(
    session: AsyncSession,
    *,
    guild_id: int,
    channel_id: int,
    moderator_id: int,
    motion: Motion,
    now: datetime,
    speech_seconds: int = DEFAULT_SPEECH_SECONDS,
    rounds: list[str] | None = None,
    assign: str = "volunteer",
) -> Debate:
    """Open a debate (in its pre-vote) on ``motion``; one debate per channel at a time."""
    if not MIN_SPEECH_SECONDS <= speech_seconds <= MAX_SPEECH_SECONDS:
        raise UserError(f"Speeches last between {MIN_SPEECH_SECONDS} and {MAX_SPEECH_SECONDS} seconds.")
    if assign not in ASSIGN_MODES:
        raise UserError("Sides are assigned by `volunteer` (members choose) or `counter` (steelman).")
    running = await find_active(session, guild_id, channel_id)
    if running is not None:
        raise Conflict(
            f"A debate is already running here (on motion #{(await motion_of(session, running)).number}). "
            "Finish it with /debate end and /debate close, or start yours in another channel."
        )
    debate = Debate(
        guild_id=guild_id,
        channel_id=channel_id,
        motion_id=motion.id,
        moderator_id=moderator_id,
        phase=PREVOTE,
        rounds=list(rounds or DEFAULT_ROUNDS),
        speech_seconds=speech_seconds,
        assign=assign,
        speech_index=-1,
        created_at=now,
    )
    session.add(debate)
    try:
        await session.flush()
    except IntegrityError:
        # Another moderator's start won the race (the unique index on open debates per channel);
        # the caller's unit of work rolls back.
        raise Conflict(
            "Someone else just started a debate here. /debate status shows it; "
            "start yours in another channel."
        ) from None
    return debate


async def latest_in_channel(session: AsyncSession, guild_id: int, channel_id: int) -> Debate:
    """The channel's running debate, else its most recent one (closed debates included)."""
    query = (
        select(Debate)
        .where(Debate.guild_id == guild_id, Debate.channel_id == channel_id)
        .order_by((Debate.phase == CLOSED).asc(), Debate.id.desc())
        .limit(1)
    )
    debate = (await session.execute(query)).scalar_one_or_none()
    if debate is None:
        raise NotFound("No debate has been held in this channel yet.")
    return debate


MESSAGE_KINDS: Final = ("board", "speech", "postvote")


async def set_message(
    session: AsyncSession, guild_id: int, debate_id: int, message_id: int, kind: str = "board"
) -> None:
    """Remember one of the debate's live messages, so that it can be edited as the debate moves on."""
    debate = await get_debate(session, guild_id, debate_id)
    if kind == "board":
        debate.message_id = message_id
    elif kind == "speech":
        debate.speech_message_id = message_id
    elif kind == "postvote":
        debate.postvote_message_id = message_id
    else:
        raise ValueError(f"unknown debate message {kind!r}")


def _name(display_name: str | None) -> str | None:
    name = (display_name or "").strip()
    return name[:NAME_LIMIT] or None


async def names(session: AsyncSession, debate_id: int) -> dict[int, str]:
    """The display names members had when they last joined or voted in the debate, by id."""
    found: dict[int, str] = {}
    for model in (DebateVote, DebateParticipant):  # a side's name wins over a vote's (it is later)
        query = select(model.user_id, model.display_name).where(
            model.debate_id == debate_id, model.display_name.is_not(None)
        )
        rows = (await session.execute(query)).tuples()
        found.update({user_id: name for user_id, name in rows if name is not None})
    return found


async def participant(session: AsyncSession, debate_id: int, user_id: int) -> DebateParticipant | None:
    return await session.get(DebateParticipant, (debate_id, user_id))


async def sides(session: AsyncSession, debate_id: int) -> dict[ParticipantSide, list[int]]:
    """Member ids on each side and in the audience, in the order they joined (the speaking order)."""
    query = (
        select(DebateParticipant)
        .where(DebateParticipant.debate_id == debate_id)
        .order_by(DebateParticipant.joined_at, DebateParticipant.user_id)
    )
    found: dict[ParticipantSide, list[int]] = {"for": [], "against": [], AUDIENCE: []}
    for row in (await session.execute(query)).scalars():
        found[row.side].append(row.user_id)
    return found


def _balanced(current: dict[ParticipantSide, list[int]], preferred: Side, reason: str) -> Joined:
    """``preferred`` unless it already has more debaters than the other side: sides stay within one."""
    other: Side = "against" if preferred == "for" else "for"
    if len(current[preferred]) <= len(current[other]):
        return Joined(preferred, f"{reason}, so you argue {preferred.title()}: steelman that side.")
    return Joined(
        other,
        f"{reason}, so you would argue {preferred.title()}, but {preferred.title()} already has "
        f"{len(current[preferred])} and {other.title()} {len(current[other])}: "
        f"you argue {other.title()} to balance the sides.",
    )


async def _counter_side(session: AsyncSession, debate: Debate, user_id: int) -> Joined:
    """The side opposite the member's logged stance, unless that unbalances the sides; without a
    stance, the side with fewer debaters (For on a tie)."""
    current = await sides(session, debate.id)
    current = {side: [u for u in ids if u != user_id] for side, ids in current.items()}
    stance = await session.get(Stance, (debate.guild_id, user_id, debate.motion_id))
    if stance is not None and stance.value > 0:
        return _balanced(current, "against", "You agree with the motion")
    if stance is not None and stance.value < 0:
        return _balanced(current, "for", "You disagree with the motion")
    side: Side = "against" if len(current["against"]) < len(current["for"]) else "for"
    return Joined(side, f"You have no stance on this motion yet, so you balance the sides: {side.title()}.")


async def join(
    session: AsyncSession,
    debate: Debate,
    user_id: int,
    choice: str,
    now: datetime,
    display_name: str | None = None,
) -> Joined:
    """Put the member on a side or in the audience (the last choice counts).

    In a steelman (``counter``) debate the bot picks the side; a member who asked for a side by
    name is told when they got the other one, and why.
    """
    if choice not in JOIN_CHOICES:
        raise UserError("Join `for`, `against` or the `audience`.")
    if debate.phase == CLOSED:
        raise Conflict("This debate is over.")
    wants_to_debate = choice != AUDIENCE
    current = await participant(session, debate.id, user_id)
    if debate.assign == "counter" and wants_to_debate:
        if current is not None and current.side in SIDES:
            note = f"You already debate {current.side.title()}."
            if choice in SIDES and choice != current.side:
                note += " In a steelman debate the bot picks the sides, so you stay there."
            return Joined(current.side, note)
        joined = await _counter_side(session, debate, user_id)
        if choice in SIDES and choice != joined.side:
            joined = Joined(
                joined.side,
                f"You asked for {choice.title()}, but in a steelman debate the bot picks the side. "
                f"{joined.note}",
            )
    elif is_side(choice):
        joined = Joined(choice, None)
    elif choice == AUDIENCE:
        joined = Joined(AUDIENCE, None)
    else:
        raise UserError("In this debate you choose your side: join `for` or `against`.")
    name = _name(display_name)
    if current is not None and current.side == joined.side:
        if name is not None:
            current.display_name = name
        return joined
    if debate.phase != PREVOTE:
        if wants_to_debate:
            raise Conflict("The speeches have begun, so the sides are set. You can still join the audience.")
        if current is not None and current.side in SIDES:
            raise Conflict("The speeches have begun: debaters keep their side until the end.")
    await upsert(
        session,
        DebateParticipant,
        {
            "debate_id": debate.id,
            "user_id": user_id,
            "side": joined.side,
            "joined_at": now,
            "display_name": name,
        },
        keys=("debate_id", "user_id"),
        update=("side", "joined_at", "display_name"),
    )
    return joined


def vote_phase(debate: Debate) -> VotePhase:
    if debate.phase == PREVOTE:
        return "pre"
    if debate.phase == POSTVOTE:
        return "post"
    if debate.phase == SPEECHES:
        raise Conflict(
            "The pre-vote closed when the speeches began; the post-vote opens after the last speech."
        )
    raise Conflict("This debate is over; its votes are counted.")


async def vote(
    session: AsyncSession,
    debate: Debate,
    user_id: int,
    choice: str,
    now: datetime,
    display_name: str | None = None,
) -> VotePhase:
    """Record the member's vote in the open phase (``pre`` or ``post``); a new vote replaces the old."""
    if not is_choice(choice):
        raise UserError("Vote `for`, `against` or `undecided`.")
    phase = vote_phase(debate)
    await upsert(
        session,
        DebateVote,
        {
            "debate_id": debate.id,
            "user_id": user_id,
            "phase": phase,
            "choice": choice,
            "created_at": now,
            "display_name": _name(display_name),
        },
        keys=("debate_id", "user_id", "phase"),
        update=("choice", "created_at", "display_name"),
    )
    return phase


async def votes(session: AsyncSession, debate_id: int, phase: VotePhase) -> dict[int, Choice]:
    query = select(DebateVote.user_id, DebateVote.choice).where(
        DebateVote.debate_id == debate_id, DebateVote.phase == phase
    )
    return dict((await session.execute(query)).tuples().all())


async def _record_in_ledger(session: AsyncSession, debate: Debate, phase: VotePhase, now: datetime) -> None:
    """Each member's counted vote of the phase becomes a stance in the ledger (once, when it closes).

    A vote on the side the member already holds keeps the strength of their stance: For from a
    member at "strongly agree" stays "strongly agree", and is no change of mind.
    """
    source = positions.DEBATE_PRE if phase == "pre" else positions.DEBATE_POST
    counted = await votes(session, debate.id, phase)
    held_query = select(Stance.user_id, Stance.value).where(
        Stance.guild_id == debate.guild_id,
        Stance.motion_id == debate.motion_id,
        Stance.user_id.in_(list(counted)),
    )
    held = dict((await session.execute(held_query)).tuples().all()) if counted else {}
    for user_id, choice in sorted(counted.items()):
        value = STANCE_OF_CHOICE[choice]
        current = held.get(user_id)
        if current is not None and value != 0 and (current > 0) == (value > 0) and current != 0:
            value = current  # the same side: keep its strength
        await positions.record_stance(
            session,
            guild_id=debate.guild_id,
            user_id=user_id,
            motion_id=debate.motion_id,
            value=value,
            source=source,
            now=now,
            ref_id=debate.id,
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
    who = " and ".join(empty)
    how = (
        "The next member to ask to debate is put on the empty side."
        if debate.assign == "counter"
        else f"Someone must join {who} first."
    )
    raise Conflict(
        f"Nobody debates {who} yet, so the speeches cannot start. {how} "
        "Or skip the speeches and go straight to the post-vote with /debate end."
    )


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
        raise Conflict("The speeches are over and the post-vote is open: /debate close counts it.")
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
        raise Conflict("No speech is under way (the first /debate next starts the speeches).")


async def pause(session: AsyncSession, debate: Debate, now: datetime) -> SpeechState:
    _running_speech(debate)
    if debate.paused_remaining is not None:
        raise Conflict("The speech is already paused: /debate resume carries on.")
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
            raise SkipsEverySpeech()
        await _record_in_ledger(session, debate, "pre", now)
    elif debate.phase == SPEECHES:
        await _cancel_timers(session, debate)
    elif debate.phase == POSTVOTE:
        raise Conflict("The post-vote is already open: /debate close counts it.")
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


# ---------------------------------------------------------------- timers (job handlers' rules)


async def timer_speech(session: AsyncSession, payload: dict[str, Any], now: datetime) -> Debate | None:
    """The debate a timer job belongs to, if that speech is still running (else the job is stale)."""
    debate = await session.get(Debate, int(payload.get("debate_id", 0)))
    if (
        debate is None
        or debate.phase != SPEECHES
        or debate.speech_index != payload.get("speech_index")
        or debate.paused_remaining is not None
    ):
        return None
    return debate


async def on_warn(session: AsyncSession, payload: dict[str, Any], now: datetime) -> Transition | None:
    """The warning before a speech's end, if that speech is still running."""
    debate = await timer_speech(session, payload, now)
    if debate is None:
        return None
    return Transition(debate, await motion_of(session, debate), await speech_state(session, debate, now))


async def on_advance(session: AsyncSession, payload: dict[str, Any], now: datetime) -> Transition | None:
    """The speech's time is up: the next speech begins, or after the last, the post-vote opens."""
    debate = await timer_speech(session, payload, now)
    if debate is None or (debate.speech_ends_at is not None and debate.speech_ends_at > now):
        return None
    return await _advance(session, debate, now, from_job=True)


# ---------------------------------------------------------------- closing and the result


async def close(session: AsyncSession, debate: Debate, now: datetime) -> Closed:
    """Close the post-vote, record it in the ledger, score the debate and store the result."""
    if debate.phase in (PREVOTE, SPEECHES):
        raise Conflict(
            "The post-vote is not open yet: /debate end skips the remaining speeches and opens it."
        )
    if debate.phase == CLOSED:
        raise Conflict("This debate is already closed.")
    await _record_in_ledger(session, debate, "post", now)
    result = score(await votes(session, debate.id, "pre"), await votes(session, debate.id, "post"))
    private = await positions.private_members(session, debate.guild_id, [m.user_id for m in result.moves])
    stored = DebateResult.of(result, private)
    debate.result = stored.to_json()
    debate.phase = CLOSED
    debate.closed_at = now
    motion = await motion_of(session, debate)
    return Closed(
        debate,
        motion,
        result,
        stored,
        private,
        await arguments(session, debate.id),
        await names(session, debate.id),
    )


async def arguments(session: AsyncSession, debate_id: int) -> list[DebateArgument]:
    query = (
        select(DebateArgument)
        .where(DebateArgument.debate_id == debate_id)
        .order_by(DebateArgument.speech_index, DebateArgument.created_at, DebateArgument.id)
    )
    return list((await session.execute(query)).scalars())


async def status(session: AsyncSession, debate: Debate, now: datetime) -> Status:
    counts_query = (
        select(DebateVote.phase, func.count())
        .where(DebateVote.debate_id == debate.id)
        .group_by(DebateVote.phase)
    )
    counts: dict[VotePhase, int] = {"pre": 0, "post": 0}
    counts.update((phase, int(n)) for phase, n in (await session.execute(counts_query)).tuples())
    split: dict[Choice, int] | None = None
    if debate.phase != PREVOTE:  # a tally is shown only once its vote has closed
        pre = await votes(session, debate.id, "pre")
        split = {choice: sum(1 for c in pre.values() if c == choice) for choice in CHOICES}
    return Status(
        debate,
        await motion_of(session, debate),
        await sides(session, debate.id),
        counts,
        split,
        await speech_state(session, debate, now),
        len(speech_schedule(debate.rounds)),
        await names(session, debate.id),
    )


# ---------------------------------------------------------------- the transcript


@dataclass(frozen=True)
class Transcript:
    debate: Debate
    motion: Motion
    arguments: list[DebateArgument]
    names: dict[int, str]


async def transcript(session: AsyncSession, debate: Debate) -> Transcript:
    """Every argument of the debate, by round and speaker, with the speakers' names."""
    return Transcript(
        debate,
        await motion_of(session, debate),
        await arguments(session, debate.id),
        await names(session, debate.id),
    )


# ---------------------------------------------------------------- untimed prompts


async def prompt_motion(
    session: AsyncSession, guild_id: int, rng: random.Random, raw: str | None = None
) -> Motion:
    """A motion for a quick talk: the one named, else one this guild has not debated yet (at random)."""
    if raw:
        return await motions.resolve_motion(session, guild_id, raw)
    visible = await motions.visible_motions(session, guild_id)
    if not visible:
        raise NotFound("There are no motions to discuss yet.")
    debated_query = select(Debate.motion_id).where(Debate.guild_id == guild_id)
    debated = set((await session.execute(debated_query)).scalars())
    fresh = [m for m in visible if m.id not in debated]
    return rng.choice(fresh or visible)


async def actor_names(session: AsyncSession, pack_id: int, slugs: list[str]) -> list[str]:
    """Display names of a pack's actors (the slug itself when the actor is unknown)."""
    if not slugs:
        return []
    query = select(ActorRow.slug, ActorRow.name).where(ActorRow.pack_id == pack_id, ActorRow.slug.in_(slugs))
    names = dict((await session.execute(query)).tuples().all())
    return [names.get(slug, slug) for slug in slugs]
