"""Oxford-style scoring (Intelligence Squared): pure functions, no database, no Discord.

The room votes For / Against / Undecided before and after the debate. Each vote is turned
into percentages of the members who took part in it; the winner is the side whose share
grew the most (in percentage points), not the side with most votes at the end. Members
who voted both times are compared one by one to say who moved, and which way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Final, Literal

Choice = Literal["for", "against", "undecided"]
CHOICES: Final[tuple[Choice, ...]] = ("for", "against", "undecided")
SIDES: Final = ("for", "against")
# Position of a choice on the motion's scale, to tell the direction of a move.
SCALE: Final[dict[str, int]] = {"against": -1, "undecided": 0, "for": 1}

Outcome = Literal["for", "against", "tie", "none"]


@dataclass(frozen=True)
class Tally:
    """One vote: counts per choice, and each as an exact share of the voters."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, choice: str) -> Fraction:
        """Exact fraction of voters (0 when nobody voted)."""
        return Fraction(self.counts.get(choice, 0), self.total) if self.total else Fraction(0)

    def percent(self, choice: str) -> float:
        return round(float(self.share(choice) * 100), 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": {c: self.counts.get(c, 0) for c in CHOICES},
            "percent": {c: self.percent(c) for c in CHOICES},
            "total": self.total,
        }


def tally(choices: Iterable[str]) -> Tally:
    counts = dict.fromkeys(CHOICES, 0)
    for choice in choices:
        if choice not in counts:
            raise ValueError(f"unknown debate vote {choice!r}")
        counts[choice] += 1
    return Tally(counts)


@dataclass(frozen=True)
class Move:
    user_id: int
    before: str
    after: str

    @property
    def direction(self) -> str:
        """'for' when the member moved towards For, 'against' towards Against."""
        return "for" if SCALE[self.after] > SCALE[self.before] else "against"


@dataclass(frozen=True)
class Score:
    pre: Tally
    post: Tally
    # Percentage-point change of each side's share, exact.
    shift: dict[str, Fraction]
    # The side that gained most; "tie" when both gained the same; "none" when a vote is missing.
    winner: Outcome
    # The side with most final votes ("tie" when level, "none" without a post-vote).
    leader: Outcome
    moves: list[Move] = field(default_factory=list)
    # Members who voted both times and chose the same.
    stayed: int = 0

    @property
    def upset(self) -> bool:
        """The winner is not the side with most final votes (the case people find surprising)."""
        return self.winner in SIDES and self.leader != self.winner

    def shift_points(self, side: str) -> float:
        return round(float(self.shift[side]), 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pre": self.pre.as_dict(),
            "post": self.post.as_dict(),
            "shift": {side: self.shift_points(side) for side in SIDES},
            "winner": self.winner,
            "leader": self.leader,
            "upset": self.upset,
            "stayed": self.stayed,
            "moves": [
                {"user_id": m.user_id, "before": m.before, "after": m.after, "direction": m.direction}
                for m in self.moves
            ],
        }


def _compare(a: Fraction, b: Fraction) -> Outcome:
    if a > b:
        return "for"
    if b > a:
        return "against"
    return "tie"


def moves(pre: Mapping[int, str], post: Mapping[int, str]) -> tuple[list[Move], int]:
    """Members who voted both times and changed their vote (ordered by member id), and how many stayed."""
    changed: list[Move] = []
    stayed = 0
    for user_id in sorted(pre.keys() & post.keys()):
        if pre[user_id] == post[user_id]:
            stayed += 1
        else:
            changed.append(Move(user_id, pre[user_id], post[user_id]))
    return changed, stayed


def score(pre: Mapping[int, str], post: Mapping[int, str]) -> Score:
    """Score a debate from each member's pre-vote and post-vote (member id -> choice).

    Percentages are taken over each vote's own voters, as Intelligence Squared does. Without
    voters in either vote there is no winner ("none"): a shift from or to nothing means nothing.
    """
    before, after = tally(pre.values()), tally(post.values())
    shift = {side: (after.share(side) - before.share(side)) * 100 for side in SIDES}
    if before.total and after.total:
        winner = _compare(shift["for"], shift["against"])
    else:
        winner = "none"
    leader: Outcome = _compare(after.share("for"), after.share("against")) if after.total else "none"
    changed, stayed = moves(pre, post)
    return Score(before, after, shift, winner, leader, changed, stayed)
