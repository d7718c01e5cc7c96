"""The opinion map's shapes: the vote matrix, what a map is made of, and its thresholds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:  # numpy (about 0.2 s at start) is imported by the functions that compute a map
    import numpy as np

MIN_PARTICIPANTS: Final = 7  # the map is drawn only once this many members qualify
MIN_VOTES: Final = 7  # a member qualifies with min(MIN_VOTES, motions) votes
CLUSTER_FLOOR: Final = 15  # heaviest voters are added until this many are clustered
MAX_GROUPS: Final = 5
Z_90: Final = 1.2816  # one-sided z at 90% confidence
TOP: Final = 5  # representative motions per group; consensus motions per direction
RANDOM_STATE: Final = 0
MIN_MOTIONS: Final = 2
# Beyond this many members on a map, none is named on its chart (the labels would overlap into
# noise); the front ends look names up only below it.
MAX_NAMED: Final = 30

Direction = Literal["agree", "disagree"]


@dataclass(frozen=True)
class VoteMatrix:
    """Rows are members (sorted by id), columns motions; 1 agree, -1 disagree, 0 pass, NaN not seen."""

    user_ids: tuple[int, ...]
    motion_ids: tuple[int, ...]
    votes: np.ndarray


@dataclass(frozen=True)
class Shortfall:
    """What is missing before a map can be drawn."""

    qualified: int  # members with enough votes
    votes_each: int  # votes a member needs: min(7, motions)
    more_members: int  # how many more members must reach votes_each
    closest: tuple[int, ...]  # votes still missing for the members nearest to qualifying
    votes_needed: int  # the least number of further votes that would be enough


@dataclass(frozen=True)
class Point:
    user_id: int
    x: float
    y: float
    group: int  # index into OpinionMap.groups


@dataclass(frozen=True)
class Representative:
    """A motion that sets a group apart from everyone else."""

    motion_id: int
    direction: Direction
    count: int  # members of the group who voted that way
    seen: int  # members of the group who voted on it at all
    rest_share: float  # the same share among everyone else
    score: float  # Pol.is's ra * z * pa * z

    @property
    def share(self) -> float:
        return self.count / self.seen if self.seen else 0.0


@dataclass(frozen=True)
class Group:
    label: str  # "A", "B", ...
    members: tuple[int, ...]
    representative: tuple[Representative, ...]


@dataclass(frozen=True)
class Consensus:
    """A motion every group leans the same way on."""

    motion_id: int
    direction: Direction
    count: int
    seen: int
    group_informed: float  # product over groups of (A + 1) / (S + 2)
    group_shares: tuple[float, ...]  # the direction's share in each group

    @property
    def share(self) -> float:
        return self.count / self.seen if self.seen else 0.0


@dataclass(frozen=True)
class Divisive:
    """The motion on which the groups' net stances lie furthest apart."""

    motion_id: int
    spread: float  # (max - min) of (agree - disagree) / seen over groups, halved: 0..1
    agree_shares: tuple[float, ...]
    disagree_shares: tuple[float, ...]


@dataclass(frozen=True)
class OpinionMap:
    motion_ids: tuple[int, ...]
    votes_each: int
    vote_counts: dict[int, int]  # every member with a vote on the set -> their number of votes
    shortfall: Shortfall | None
    max_groups: int = 2
    points: tuple[Point, ...] = ()
    groups: tuple[Group, ...] = ()
    consensus: tuple[Consensus, ...] = ()
    divisive: Divisive | None = None
    silhouette: float | None = None
    group_informed: dict[int, float] = field(default_factory=dict)  # motion id -> agree GIC
    # Motions of the set that at least one placed member voted on: the ones the map is drawn from.
    motions_used: int = 0

    @property
    def ready(self) -> bool:
        return self.shortfall is None

    def placement(self, user_id: int) -> Point | None:
        return next((p for p in self.points if p.user_id == user_id), None)


# How distinct a map's groups are, from the silhouette score (Rousseeuw's rule of thumb):
# "none" when everyone placed voted alike (no score). bot/replies/opinion_map.py words it.
Structure = Literal["none", "very", "fairly", "weak", "not"]


def structure(silhouette: float | None) -> tuple[Structure, bool]:
    """How distinct the groups are, and whether they are distinct enough to read as groups."""
    if silhouette is None:
        return "none", False
    if silhouette >= 0.7:
        return "very", True
    if silhouette >= 0.5:
        return "fairly", True
    if silhouette >= 0.25:
        return "weak", False
    return "not", False
