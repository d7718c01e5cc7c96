"""A closed debate's result as stored in ``Debate.result`` (JSON), with a typed shape.

Written once, when the debate closes (``DebateResult.of(score, private).to_json()``), and read
back only through ``DebateResult.from_json``: nothing reads the stored form by string keys.
Results stored before a field existed read with that field's old meaning (see ``from_json``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args

from bot.services.debate_scoring import CHOICES, MIN_SCORED, SIDES, Outcome, Score, Tally, is_choice, is_side

if TYPE_CHECKING:
    from bot.models.debates import Choice, Side

OUTCOMES: frozenset[str] = frozenset(get_args(Outcome))


def _choice(value: Any) -> Choice:
    if not isinstance(value, str) or not is_choice(value):
        raise ValueError(f"not a debate vote: {value!r}")
    return value


def _side(value: Any) -> Side:
    if not isinstance(value, str) or not is_side(value):
        raise ValueError(f"not a side: {value!r}")
    return value


def _outcome(value: Any) -> Outcome:
    if value not in OUTCOMES:
        raise ValueError(f"not a debate outcome: {value!r}")
    return value


@dataclass(frozen=True)
class TallyResult:
    """One vote of the scored members: counts and percentages per choice."""

    counts: dict[Choice, int]
    percent: dict[Choice, float]
    total: int

    @classmethod
    def of(cls, tally: Tally) -> TallyResult:
        return cls(
            counts={c: tally.counts.get(c, 0) for c in CHOICES},
            percent={c: tally.percent(c) for c in CHOICES},
            total=tally.total,
        )

    def to_json(self) -> dict[str, Any]:
        return {"counts": dict(self.counts), "percent": dict(self.percent), "total": self.total}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TallyResult:
        return cls(
            counts={_choice(c): int(n) for c, n in data["counts"].items()},
            percent={_choice(c): float(p) for c, p in data["percent"].items()},
            total=int(data["total"]),
        )


@dataclass(frozen=True)
class MoveResult:
    """A member who voted both times and changed their vote."""

    user_id: int
    before: Choice
    after: Choice
    direction: Side
    # The member keeps their stances private: counted among the moves, never named.
    private: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "before": self.before,
            "after": self.after,
            "direction": self.direction,
            "private": self.private,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MoveResult:
        return cls(
            user_id=int(data["user_id"]),
            before=_choice(data["before"]),
            after=_choice(data["after"]),
            direction=_side(data["direction"]),
            private=bool(data.get("private", False)),
        )


@dataclass(frozen=True)
class DebateResult:
    pre: TallyResult
    post: TallyResult
    # Percentage-point change of each side's share, rounded to 0.1.
    shift: dict[Side, float]
    winner: Outcome
    leader: Outcome
    upset: bool
    stayed: int
    # How many members the score rests on (voted both times), and those left out.
    scored: int
    pre_only: int
    post_only: int
    small: bool
    moves: tuple[MoveResult, ...]

    @classmethod
    def of(cls, score: Score, private: Collection[int] = ()) -> DebateResult:
        return cls(
            pre=TallyResult.of(score.pre),
            post=TallyResult.of(score.post),
            shift={side: score.shift_points(side) for side in SIDES},
            winner=score.winner,
            leader=score.leader,
            upset=score.upset,
            stayed=score.stayed,
            scored=score.scored,
            pre_only=score.pre_only,
            post_only=score.post_only,
            small=score.small,
            moves=tuple(
                MoveResult(m.user_id, m.before, m.after, m.direction, private=m.user_id in private)
                for m in score.moves
            ),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "pre": self.pre.to_json(),
            "post": self.post.to_json(),
            "shift": dict(self.shift),
            "winner": self.winner,
            "leader": self.leader,
            "upset": self.upset,
            "stayed": self.stayed,
            "scored": self.scored,
            "pre_only": self.pre_only,
            "post_only": self.post_only,
            "small": self.small,
            "moves": [m.to_json() for m in self.moves],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DebateResult:
        """The stored form back. Results stored before ``scored``, ``pre_only``, ``post_only``,
        ``small`` and a move's ``private`` existed read as scored on the post-vote's voters,
        none left out, small below MIN_SCORED, and nobody private."""
        post = TallyResult.from_json(data["post"])
        scored = int(data.get("scored", post.total))
        return cls(
            pre=TallyResult.from_json(data["pre"]),
            post=post,
            shift={_side(side): float(points) for side, points in data["shift"].items()},
            winner=_outcome(data["winner"]),
            leader=_outcome(data["leader"]),
            upset=bool(data["upset"]),
            stayed=int(data["stayed"]),
            scored=scored,
            pre_only=int(data.get("pre_only", 0)),
            post_only=int(data.get("post_only", 0)),
            small=bool(data.get("small", scored < MIN_SCORED)),
            moves=tuple(MoveResult.from_json(m) for m in data["moves"]),
        )
