"""Instant-runoff voting (IRV) for ranked polls: a pure function of the ballots, with every round.

A ballot is a member's options in their order of preference (option indices, best first); a
member need not rank every option. Each round counts every ballot for its highest-ranked option
still in the count. An option with more than half of the ballots still counting (those not yet
exhausted) wins. Otherwise the option with the fewest votes is eliminated, and its ballots move
to their next choice.

The tie rule (docs/polls.md#ranked-choice), when several options share the fewest votes:

1. The one with fewer votes in the latest earlier round where the tied options' counts differed
   is eliminated (backward tie-breaking: the round before says who was weaker); if several share
   that fewer count, the round before that decides between them, and so on.
2. Still tied (they had the same count in every round, e.g. in the first round): all the tied
   options are eliminated together, unless that would leave no option at all.
3. Then, when the options left all have the same number of votes and none has a majority, they
   share the win: the result is a tie between them (``winners`` holds them all).

Nothing is decided by the order of the options on the poll or by chance, so the same ballots
always give the same, explainable result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Round:
    """One count: ``counts[i]`` for each option still in the count (None: already out)."""

    number: int
    counts: tuple[int | None, ...]
    # Ballots counting this round (those with a continuing option), and those exhausted so far.
    active: int
    exhausted: int
    # Options eliminated at the end of this round (empty in the last round).
    eliminated: tuple[int, ...] = ()
    # How the elimination was decided: "fewest", "earlier-round" (rule 1), "together" (rule 2).
    tie_rule: str | None = None

    def count(self, option: int) -> int:
        return self.counts[option] or 0


@dataclass(frozen=True)
class Runoff:
    rounds: tuple[Round, ...]
    # One option: the winner; several: a tie between them (rule 3); none: nobody voted.
    winners: tuple[int, ...]
    ballots: int

    @property
    def winner(self) -> int | None:
        return self.winners[0] if len(self.winners) == 1 else None

    @property
    def tie(self) -> bool:
        return len(self.winners) > 1


def clean(ballot: Sequence[int], options: int) -> tuple[int, ...]:
    """A ballot as counted: valid option indices, each once, in the member's order."""
    seen: list[int] = []
    for option in ballot:
        if 0 <= option < options and option not in seen:
            seen.append(option)
    return tuple(seen)


def instant_runoff(ballots: Sequence[Sequence[int]], options: int) -> Runoff:
    """Count ``ballots`` (option indices, best first) over ``options`` options, round by round."""
    cast = [b for b in (clean(ballot, options) for ballot in ballots) if b]
    continuing = set(range(options))
    rounds: list[Round] = []
    while continuing:
        tallies = dict.fromkeys(continuing, 0)
        exhausted = 0
        for ballot in cast:
            top = next((o for o in ballot if o in continuing), None)
            if top is None:
                exhausted += 1
            else:
                tallies[top] += 1
        active = len(cast) - exhausted
        counts = tuple(tallies.get(i) if i in continuing else None for i in range(options))
        number = len(rounds) + 1
        if active == 0:
            rounds.append(Round(number, counts, active, exhausted))
            return Runoff(tuple(rounds), (), len(cast))
        leader = max(tallies.values())
        if leader * 2 > active:
            winners = tuple(i for i in sorted(continuing) if tallies[i] == leader)
            rounds.append(Round(number, counts, active, exhausted))
            return Runoff(tuple(rounds), winners, len(cast))
        fewest = min(tallies.values())
        lowest = sorted(i for i in continuing if tallies[i] == fewest)
        if len(lowest) == len(continuing):  # every option left has the same count
            rounds.append(Round(number, counts, active, exhausted))
            return Runoff(tuple(rounds), tuple(lowest), len(cast))
        rule = "fewest"
        if len(lowest) > 1:
            lowest, rule = _break_tie(lowest, rounds)
        rounds.append(Round(number, counts, active, exhausted, tuple(lowest), rule))
        continuing -= set(lowest)
    return Runoff(tuple(rounds), (), len(cast))  # pragma: no cover - the loop always returns


def _break_tie(tied: list[int], earlier: list[Round]) -> tuple[list[int], str]:
    """Rule 1 (narrowed round by round, latest first, while the tied options' counts differ),
    else rule 2 (the options still tied go together)."""
    narrowed = list(tied)
    for past in reversed(earlier):
        counts = {i: past.count(i) for i in narrowed}
        least = min(counts.values())
        if least != max(counts.values()):
            narrowed = sorted(i for i in narrowed if counts[i] == least)
            if len(narrowed) == 1:
                break
    if len(narrowed) < len(tied):
        return narrowed, "earlier-round"
    return tied, "together"
