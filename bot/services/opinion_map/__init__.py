"""The opinion map: Pol.is's math over the positions ledger of one space (a guild or a workspace).

Votes form a members x motions matrix (agree 1, disagree -1, pass 0, not seen NaN), read from
the current stances (strongly agree counts as agree, undecided as pass). The members who voted
on enough motions are projected on two principal components (sparse voters pushed outward),
grouped with k-means (k chosen by silhouette), and each group is described by the motions that
set it apart (z-tests at 90%). Consensus motions are those every group shares.

One module per concern: ``model`` (the shapes and thresholds), ``motion_sets`` (which motions a
map covers), ``ledger`` (the votes, and ``build_map`` off the event loop) and ``compute`` (the
math, pure numpy/scikit-learn and deterministic). The words that read a map (how distinct its
groups are, what is missing) are in bot/replies/opinion_map.py.
See docs/opinion-map.md and ../shared/reference/opinion-map.md.
"""

from __future__ import annotations

from bot.services.opinion_map.compute import compute_map
from bot.services.opinion_map.ledger import build_map, load_votes, vote_of
from bot.services.opinion_map.model import (
    CLUSTER_FLOOR,
    MAX_GROUPS,
    MAX_NAMED,
    MIN_MOTIONS,
    MIN_PARTICIPANTS,
    MIN_VOTES,
    RANDOM_STATE,
    TOP,
    Z_90,
    Consensus,
    Direction,
    Divisive,
    Group,
    OpinionMap,
    Point,
    Representative,
    Shortfall,
    Structure,
    VoteMatrix,
    structure,
)
from bot.services.opinion_map.motion_sets import resolve_motion_set

__all__ = [
    "CLUSTER_FLOOR",
    "MAX_GROUPS",
    "MAX_NAMED",
    "MIN_MOTIONS",
    "MIN_PARTICIPANTS",
    "MIN_VOTES",
    "RANDOM_STATE",
    "TOP",
    "Z_90",
    "Consensus",
    "Direction",
    "Divisive",
    "Group",
    "OpinionMap",
    "Point",
    "Representative",
    "Shortfall",
    "Structure",
    "VoteMatrix",
    "build_map",
    "compute_map",
    "load_votes",
    "resolve_motion_set",
    "structure",
    "vote_of",
]
