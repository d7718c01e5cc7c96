"""Where a debate stands, and its transcript."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import (
    Choice,
    Debate,
    DebateArgument,
    DebateVote,
    Motion,
    VotePhase,
)
from bot.services.debate_scoring import CHOICES
from bot.services.debates.closing import arguments
from bot.services.debates.finding import motion_of
from bot.services.debates.joining import names, sides
from bot.services.debates.rules import PREVOTE, Status, speech_schedule
from bot.services.debates.speeches import speech_state
from bot.services.debates.voting import votes


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
