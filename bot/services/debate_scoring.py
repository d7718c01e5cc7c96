"""Oxford-style scoring (Intelligence Squared): pure functions, no database, no Discord.

The room votes For / Against / Undecided before and after the debate. Only the members who
voted **both times** are scored: each vote is turned into percentages of those members, and
the winner is the side whose share grew the most (in percentage points), not the side with
most votes at the end. Someone who voted only once cannot have moved, so counting them would
let a late arrival (or an early leaver) decide the debate; they are counted apart. Members who
voted both times are also compared one by one to say who moved, and which way.

A result scored on fewer than ``MIN_SCORED`` members is flagged as too small to mean much:
with four voters a single changed vote moves a side by 25 points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal, TypeGuard

if TYPE_CHECKING:
    from bot.models.debates import Choice, Side

CHOICES: Final[tuple[Choice, ...]] = ("for", "against", "undecided")
SIDES: Final[tuple[Side, ...]] = ("for", "against")
# Position of a choice on the motion's scale, to tell the direction of a move.
SCALE: Final[dict[Choice, int]] = {"against": -1, "undecided": 0, "for": 1}


def is_choice(value: str) -> TypeGuard[Choice]:
    return value in CHOICES


def is_side(value: str) -> TypeGuard[Side]:
    return value in SIDES


Outcome = Literal["for", "against", "tie", "none"]

# Fewer members than this voting both times: the result is flagged as too small to mean much.
MIN_SCORED: Final = 5


@dataclass(frozen=True)
class Tally:
    """One vote: counts per choice, and each as an exact share of the voters."""

    counts: dict[Choice, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, choice: Choice) -> Fraction:
        """Exact fraction of voters (0 when nobody voted)."""
        return Fraction(self.counts.get(choice, 0), self.total) if self.total else Fraction(0)

    def percent(self, choice: Choice) -> float:
        return round(float(self.share(choice) * 100), 1)


def tally(choices: Iterable[str]) -> Tally:
    counts: dict[Choice, int] = dict.fromkeys(CHOICES, 0)
    for choice in choices:
        if not is_choice(choice):
            raise ValueError(f"unknown debate vote {choice!r}")
        counts[choice] += 1
    return Tally(counts)


@dataclass(frozen=True)
class Move:
    user_id: int
    before: Choice
    after: Choice

    @property
    def direction(self) -> Side:
        """'for' when the member moved towards For, 'against' towards Against."""
        return "for" if SCALE[self.after] > SCALE[self.before] else "against"


@dataclass(frozen=True)
class Score:
    pre: Tally
    post: Tally
    # Percentage-point change of each side's share, exact.
    shift: dict[Side, Fraction]
    # The side that gained most; "tie" when both gained the same; "none" when a vote is missing.
    winner: Outcome
    # The side with most final votes ("tie" when level, "none" without a post-vote).
    leader: Outcome
    moves: list[Move] = field(default_factory=list)
    # Members who voted both times and chose the same.
    stayed: int = 0
    # Members who voted only before, or only after: not scored, counted apart.
    pre_only: int = 0
    post_only: int = 0

    @property
    def scored(self) -> int:
        """How many members the score rests on (those who voted both times)."""
        return self.post.total

    @property
    def small(self) -> bool:
        """Too few members voted both times for the result to mean much."""
        return self.scored < MIN_SCORED

    @property
    def upset(self) -> bool:
        """The winner is not the side with most final votes (the case people find surprising)."""
        return self.winner in SIDES and self.leader != self.winner

    def shift_points(self, side: Side) -> float:
        return round(float(self.shift[side]), 1)


def _compare(a: Fraction, b: Fraction) -> Outcome:
    if a > b:
        return "for"
    if b > a:
        return "against"
    return "tie"


def moves(pre: Mapping[int, Choice], post: Mapping[int, Choice]) -> tuple[list[Move], int]:
    """Members who voted both times and changed their vote (ordered by member id), and how many stayed."""
    changed: list[Move] = []
    stayed = 0
    for user_id in sorted(pre.keys() & post.keys()):
        if pre[user_id] == post[user_id]:
            stayed += 1
        else:
            changed.append(Move(user_id, pre[user_id], post[user_id]))
    return changed, stayed


def score(pre: Mapping[int, Choice], post: Mapping[int, Choice]) -> Score:
    """Score a debate from each member's pre-vote and post-vote (member id -> choice).

    Only members who voted both times count: percentages are taken over them, so the before
    and after tallies describe the same people. Without such members there is no winner
    ("none"): a shift from or to nothing means nothing.
    """
    both = pre.keys() & post.keys()
    before = tally(pre[user_id] for user_id in both)
    after = tally(post[user_id] for user_id in both)
    shift = {side: (after.share(side) - before.share(side)) * 100 for side in SIDES}
    if before.total and after.total:
        winner = _compare(shift["for"], shift["against"])
    else:
        winner = "none"
    leader: Outcome = _compare(after.share("for"), after.share("against")) if after.total else "none"
    changed, stayed = moves(pre, post)
    return Score(
        before,
        after,
        shift,
        winner,
        leader,
        changed,
        stayed,
        pre_only=len(pre.keys() - both),
        post_only=len(post.keys() - both),
    )
