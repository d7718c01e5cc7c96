"""What a debate is made of: its phases, limits, speech schedule and the shapes the rest return."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from bot.errors import Conflict, UserError
from bot.models import (
    Choice,
    Debate,
    DebateArgument,
    Motion,
    ParticipantSide,
    Side,
    VotePhase,
)
from bot.services.debate_result import DebateResult
from bot.services.debate_scoring import SIDES, Score

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

    def __init__(self, debate_id: int) -> None:
        super().__init__(
            "No speech has been given yet: ending now closes the pre-vote and skips every speech."
        )
        self.debate_id = debate_id  # what the confirmation's buttons name


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
