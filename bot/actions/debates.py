"""/debate's actions, the same on every front end: start a debate, join, vote, argue, move the
speeches on (the next speech, ending them), the moderator's clock, close a debate, and what the
speech timers do. Each takes the session and internal ids (space, member, channel) and plain
values, calls the services and returns what the replies (bot/replies/debates.py) render and
which of the debate's messages a front end must post or edit. No sentences here.

The moderator check is the front end's (Discord's roles, Slack's admins and named moderators),
made before it calls these in the same unit of work.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Debate, DebateArgument, Job, Motion
from bot.services import debates, identities, motions
from bot.services.debates import Closed, Joined, SpeechState, Status, Transcript, Transition
from bot.services.motions import Sides

Kind = str  # "board", "speech" or "postvote": which of the debate's messages


async def find(session: AsyncSession, *, space_id: int, channel_id: int, debate_id: int | None) -> Debate:
    """The debate a button names (by id, in this space only), or the one running in the channel."""
    if debate_id is None:
        return await debates.active_debate(session, space_id, channel_id)
    return await debates.get_debate(session, space_id, debate_id)


async def registry_names(
    session: AsyncSession, wanted: Iterable[int], stored: dict[int, str]
) -> dict[int, str]:
    """``stored`` names, and the others as the identity registry has them (Slack's members)."""
    missing = set(wanted) - stored.keys()
    return {**stored, **(await identities.names(session, missing))} if missing else stored


# ---------------------------------------------------------------- starting


async def start(
    session: AsyncSession,
    *,
    space_id: int,
    channel_id: int,
    moderator_id: int,
    motion: str,
    now: datetime,
    speech_seconds: int = debates.DEFAULT_SPEECH_SECONDS,
    rounds: str | None = None,
    assign: str = "volunteer",
) -> Status:
    """Open a debate on the motion named (its pre-vote); the board to post. The front end posts
    it and remembers it with ``set_message`` (the message's id exists only once it is posted)."""
    round_names = debates.parse_rounds(rounds)
    chosen = await motions.resolve_motion(session, space_id, motion)
    debate = await debates.start(
        session,
        guild_id=space_id,
        channel_id=channel_id,
        moderator_id=moderator_id,
        motion=chosen,
        now=now,
        speech_seconds=speech_seconds,
        rounds=round_names,
        assign=assign,
    )
    return await debates.status(session, debate, now)


async def set_message(
    session: AsyncSession, *, space_id: int, debate_id: int, message_id: int, kind: Kind = "board"
) -> None:
    await debates.set_message(session, space_id, debate_id, message_id, kind)


async def board(session: AsyncSession, *, debate_id: int, now: datetime) -> Status | None:
    """The board as it stands now (to edit it), or None when the debate is gone."""
    debate = await session.get(Debate, debate_id)
    return None if debate is None else await debates.status(session, debate, now)


# ---------------------------------------------------------------- members


@dataclass(frozen=True)
class JoinedDebate:
    joined: Joined
    debate: Debate
    # The board's new state, while the pre-vote is open (the board shows the sides then).
    status: Status | None


async def join(
    session: AsyncSession,
    *,
    space_id: int,
    channel_id: int,
    debate_id: int | None,
    member_id: int,
    member_name: str | None,
    choice: str,
    now: datetime,
) -> JoinedDebate:
    debate = await find(session, space_id=space_id, channel_id=channel_id, debate_id=debate_id)
    joined = await debates.join(session, debate, member_id, choice, now, member_name)
    status = await debates.status(session, debate, now) if debate.phase == debates.PREVOTE else None
    return JoinedDebate(joined, debate, status)


@dataclass(frozen=True)
class Voted:
    phase: str
    choice: str
    debate: Debate
    # The board's new counts, for a pre-vote (the post-vote message shows no counts).
    status: Status | None


async def vote(
    session: AsyncSession,
    *,
    space_id: int,
    channel_id: int,
    debate_id: int | None,
    member_id: int,
    member_name: str | None,
    choice: str,
    now: datetime,
) -> Voted:
    debate = await find(session, space_id=space_id, channel_id=channel_id, debate_id=debate_id)
    phase = await debates.vote(session, debate, member_id, choice, now, member_name)
    status = await debates.status(session, debate, now) if phase == "pre" else None
    return Voted(phase, choice, debate, status)


async def check_debater(
    session: AsyncSession, *, space_id: int, channel_id: int, debate_id: int | None, member_id: int
) -> int:
    """Refuse early (before a form opens) when the member may not argue now; the debate's id."""
    debate = await find(session, space_id=space_id, channel_id=channel_id, debate_id=debate_id)
    await debates.debater_side(session, debate, member_id)
    return debate.id


async def argue(
    session: AsyncSession,
    *,
    space_id: int,
    channel_id: int,
    debate_id: int | None,
    member_id: int,
    text: str,
    now: datetime,
) -> DebateArgument:
    debate = await find(session, space_id=space_id, channel_id=channel_id, debate_id=debate_id)
    return await debates.argue(session, debate, member_id, text, now)


async def status(session: AsyncSession, *, space_id: int, channel_id: int, now: datetime) -> Status:
    debate = await find(session, space_id=space_id, channel_id=channel_id, debate_id=None)
    return await debates.status(session, debate, now)


# ---------------------------------------------------------------- moving on: the next speech


@dataclass(frozen=True)
class Moved:
    """A transition, and what the front end must do about the messages: post the next speech's
    clock (or the post-vote), close the board when the pre-vote closed, and mark the speech
    that ended over (its message's id, as stored)."""

    transition: Transition
    ended: SpeechState | None
    ended_message_id: int | None
    prevote_closed: bool
    names: dict[int, str]

    @property
    def debate(self) -> Debate:
        return self.transition.debate

    @property
    def motion(self) -> Motion:
        return self.transition.motion

    @property
    def next_kind(self) -> Kind:
        return "postvote" if self.transition.speech is None else "speech"


async def _move(
    session: AsyncSession, debate: Debate, now: datetime, step: Callable[[], Awaitable[Transition | None]]
) -> Moved | None:
    was_prevote = debate.phase == debates.PREVOTE
    ended = await debates.speech_state(session, debate, now)
    ended_message_id = debate.speech_message_id
    transition = await step()
    if transition is None:
        return None
    return Moved(transition, ended, ended_message_id, was_prevote, await debates.names(session, debate.id))


async def _moved(
    session: AsyncSession, debate: Debate, now: datetime, step: Callable[[], Awaitable[Transition]]
) -> Moved:
    moved = await _move(session, debate, now, step)
    assert moved is not None
    return moved


async def next_speech(session: AsyncSession, *, space_id: int, channel_id: int, now: datetime) -> Moved:
    """The moderator moves on: closes the pre-vote and starts the first speech, or the next one."""
    debate = await find(session, space_id=space_id, channel_id=channel_id, debate_id=None)
    return await _moved(session, debate, now, lambda: debates.next_speech(session, debate, now))


async def end(
    session: AsyncSession,
    *,
    space_id: int,
    channel_id: int,
    now: datetime,
    skip_all: bool = False,
    debate_id: int | None = None,
) -> Moved:
    """Skip the remaining speeches and open the post-vote. From the pre-vote it skips them all,
    which needs ``skip_all`` (the moderator confirmed): else ``SkipsEverySpeech`` for the front
    end to ask."""
    debate = await find(session, space_id=space_id, channel_id=channel_id, debate_id=debate_id)
    return await _moved(
        session, debate, now, lambda: debates.end_speeches(session, debate, now, skip_all=skip_all)
    )


@dataclass(frozen=True)
class Clocked:
    """The live clock after pause, resume, extend or the warning: edit the speech's message."""

    debate: Debate
    motion: Motion
    state: SpeechState
    names: dict[int, str]


async def _clock(
    session: AsyncSession, debate: Debate, action: Callable[[], Awaitable[SpeechState]]
) -> Clocked:
    state = await action()
    return Clocked(
        debate, await debates.motion_of(session, debate), state, await debates.names(session, debate.id)
    )


async def pause(session: AsyncSession, *, space_id: int, channel_id: int, now: datetime) -> Clocked:
    debate = await find(session, space_id=space_id, channel_id=channel_id, debate_id=None)
    return await _clock(session, debate, lambda: debates.pause(session, debate, now))


async def resume(session: AsyncSession, *, space_id: int, channel_id: int, now: datetime) -> Clocked:
    debate = await find(session, space_id=space_id, channel_id=channel_id, debate_id=None)
    return await _clock(session, debate, lambda: debates.resume(session, debate, now))


async def extend(
    session: AsyncSession, *, space_id: int, channel_id: int, seconds: int, now: datetime
) -> Clocked:
    debate = await find(session, space_id=space_id, channel_id=channel_id, debate_id=None)
    return await _clock(session, debate, lambda: debates.extend(session, debate, seconds, now))


# ---------------------------------------------------------------- closing a debate


async def close(session: AsyncSession, *, space_id: int, channel_id: int, now: datetime) -> Closed:
    """Close the post-vote, record it in the ledger, score the debate and store the result. The
    front end closes the post-vote message and the board, and posts the result with its chart."""
    debate = await find(session, space_id=space_id, channel_id=channel_id, debate_id=None)
    return await debates.close(session, debate, now)


async def closed_with_names(session: AsyncSession, closed: Closed) -> Closed:
    """``closed`` with the names of everyone it shows, from the registry (Slack)."""
    wanted = {m.user_id for m in closed.score.moves} | {a.user_id for a in closed.arguments}
    return replace(closed, names=await registry_names(session, wanted, closed.names))


async def transcript(session: AsyncSession, *, space_id: int, channel_id: int) -> Transcript:
    """The channel's running debate's transcript, else its most recent one's."""
    debate = await debates.latest_in_channel(session, space_id, channel_id)
    return await debates.transcript(session, debate)


@dataclass(frozen=True)
class Prompt:
    motion: Motion
    for_names: list[str]
    against_names: list[str]
    sides: Sides | None


async def prompt(session: AsyncSession, *, space_id: int, motion: str | None, rng: random.Random) -> Prompt:
    """A motion to talk over, untimed: the one named, else one this space has not debated."""
    chosen = await debates.prompt_motion(session, space_id, rng, motion)
    return Prompt(
        chosen,
        await debates.actor_names(session, chosen.pack_id, list(chosen.sides_for)),
        await debates.actor_names(session, chosen.pack_id, list(chosen.sides_against)),
        await motions.motion_sides(session, chosen),
    )


# ---------------------------------------------------------------- the speech timers


async def speech_warning(session: AsyncSession, job: Job, *, now: datetime) -> Clocked | None:
    """The warning before a speech's end: the clock to show warned; None when the job is stale."""
    transition = await debates.on_warn(session, job.payload, now)
    if transition is None or transition.speech is None:
        return None
    debate = transition.debate
    return Clocked(debate, transition.motion, transition.speech, await debates.names(session, debate.id))


async def speech_end(session: AsyncSession, job: Job, *, now: datetime) -> Moved | None:
    """A speech's time is up: the next speech begins, or after the last the post-vote opens.
    None when the job is stale (paused, skipped, extended)."""
    debate = await debates.timer_speech(session, job.payload, now)
    if debate is None:
        return None
    return await _move(session, debate, now, lambda: debates.on_advance(session, job.payload, now))
