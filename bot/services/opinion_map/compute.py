"""Pol.is's math over a vote matrix: pure numpy/scikit-learn, deterministic (fixed ``random_state``)."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from bot.services.opinion_map.model import (
    CLUSTER_FLOOR,
    MAX_GROUPS,
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
    VoteMatrix,
)

if TYPE_CHECKING:  # numpy (about 0.2 s at start) is imported by the functions that compute a map
    import numpy as np


def compute_map(matrix: VoteMatrix) -> OpinionMap:
    """Pol.is's opinion map of ``matrix``; deterministic."""
    import numpy as np

    votes = matrix.votes
    n_motions = len(matrix.motion_ids)
    seen = ~np.isnan(votes)
    counts = seen.sum(axis=1)
    votes_each = min(MIN_VOTES, n_motions)
    vote_counts = {u: int(c) for u, c in zip(matrix.user_ids, counts, strict=True) if c > 0}
    qualified = np.flatnonzero(counts >= votes_each) if votes_each else np.array([], dtype=int)
    if len(qualified) < MIN_PARTICIPANTS or n_motions < MIN_MOTIONS:
        shortfall = _shortfall(counts, votes_each, len(qualified))
        return OpinionMap(matrix.motion_ids, votes_each, vote_counts, shortfall)

    clustered = _clustered_rows(counts, qualified)
    points = _project(votes, seen, counts, clustered, n_motions)
    max_groups = min(MAX_GROUPS, 2 + len(clustered) // 12)
    labels, silhouette = _cluster(points, max_groups)
    labels = _relabel(labels)
    n_groups = int(labels.max()) + 1

    sub = votes[clustered]
    agree = (sub == 1).astype(float)
    disagree = (sub == -1).astype(float)
    seen_sub = seen[clustered].astype(float)
    per_group = [
        (agree[labels == g].sum(0), disagree[labels == g].sum(0), seen_sub[labels == g].sum(0))
        for g in range(n_groups)
    ]
    totals = (agree.sum(0), disagree.sum(0), seen_sub.sum(0))
    motion_ids = matrix.motion_ids
    groups = tuple(
        Group(
            label=chr(ord("A") + g),
            members=tuple(matrix.user_ids[r] for r in clustered[labels == g]),
            representative=_representative(per_group[g], totals, motion_ids) if n_groups > 1 else (),
        )
        for g in range(n_groups)
    )
    gic = np.prod([(a + 1) / (s + 2) for a, _d, s in per_group], axis=0)
    return OpinionMap(
        motion_ids=motion_ids,
        votes_each=votes_each,
        vote_counts=vote_counts,
        shortfall=None,
        max_groups=max_groups,
        points=tuple(
            Point(matrix.user_ids[r], float(points[i, 0]), float(points[i, 1]), int(labels[i]))
            for i, r in enumerate(clustered)
        ),
        groups=groups,
        consensus=_consensus(per_group, totals, motion_ids),
        divisive=_divisive(per_group, motion_ids) if n_groups > 1 else None,
        silhouette=silhouette,
        group_informed={m: float(v) for m, v in zip(motion_ids, gic, strict=True)},
        motions_used=int(seen[clustered].any(axis=0).sum()),
    )


def _shortfall(counts: np.ndarray, votes_each: int, qualified: int) -> Shortfall:
    more = MIN_PARTICIPANTS - qualified
    missing = sorted(int(votes_each - c) for c in counts if 0 < c < votes_each)[: max(more, 0)]
    votes_needed = sum(missing) + votes_each * max(more - len(missing), 0)
    return Shortfall(qualified, votes_each, max(more, 0), tuple(missing), votes_needed)


def _clustered_rows(counts: np.ndarray, qualified: np.ndarray) -> np.ndarray:
    """The qualified members, topped up with the heaviest other voters until there are 15."""
    import numpy as np

    rows = set(qualified.tolist())
    if len(rows) < CLUSTER_FLOOR:
        others = sorted((-int(c), i) for i, c in enumerate(counts) if c > 0 and i not in rows)
        rows.update(i for _c, i in others[: CLUSTER_FLOOR - len(rows)])
    return np.array(sorted(rows), dtype=int)


def _project(
    votes: np.ndarray, seen: np.ndarray, counts: np.ndarray, rows: np.ndarray, n_motions: int
) -> np.ndarray:
    """Two principal components; unseen votes are the motion's mean (so they add nothing after
    centring) and each member is scaled by sqrt(motions / their votes)."""
    import numpy as np
    from sklearn.decomposition import PCA  # scikit-learn loads on the first map, not at start

    sub = votes[rows]
    seen_sub = seen[rows]
    column_sums = np.where(seen_sub, sub, 0.0).sum(0)
    column_seen = seen_sub.sum(0)
    means = np.divide(column_sums, column_seen, out=np.zeros(n_motions), where=column_seen > 0)
    filled = np.where(seen_sub, sub, means)
    components = min(2, n_motions, len(rows))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # identical votes: explained-variance ratio is 0/0
        projected = PCA(n_components=components, svd_solver="full").fit_transform(filled)
    if components < 2:
        projected = np.hstack([projected, np.zeros((len(rows), 2 - components))])
    scale = np.sqrt(n_motions / counts[rows])
    return projected * scale[:, None]


def _cluster(points: np.ndarray, max_groups: int) -> tuple[np.ndarray, float | None]:
    """k-means for k = 2..max_groups, keeping the k with the best silhouette."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    distinct = len(np.unique(points.round(9), axis=0))
    best: tuple[float, np.ndarray] | None = None
    for k in range(2, max_groups + 1):
        if distinct < k or k >= len(points):
            break
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            labels = KMeans(n_clusters=k, n_init=10, random_state=RANDOM_STATE).fit_predict(points)
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(points, labels))
        if best is None or score > best[0] + 1e-12:
            best = (score, labels)
    if best is None:
        return np.zeros(len(points), dtype=int), None
    return best[1], best[0]


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Groups in a stable order: largest first, then by their first member."""
    import numpy as np

    order = sorted(
        set(labels.tolist()), key=lambda g: (-int((labels == g).sum()), int(np.argmax(labels == g)))
    )
    mapping = {old: new for new, old in enumerate(order)}
    return np.array([mapping[g] for g in labels.tolist()], dtype=int)


def _prop_test(successes: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Pol.is's one-sample z-score that a share is above one half."""
    import numpy as np

    return 2 * np.sqrt(n + 1) * ((successes + 1) / (n + 1) - 0.5)


def _two_prop_test(
    succ_in: np.ndarray, succ_out: np.ndarray, n_in: np.ndarray, n_out: np.ndarray
) -> np.ndarray:
    """Pol.is's two-proportion z-score that the group's share is above the rest's."""
    import numpy as np

    s1, s2, p1, p2 = succ_in + 1, succ_out + 1, n_in + 1, n_out + 1
    pi_hat = (s1 + s2) / (p1 + p2)
    spread = np.sqrt(pi_hat * (1 - pi_hat) * (1 / p1 + 1 / p2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / p1 - s2 / p2) / spread
    return np.where(pi_hat >= 1, 0.0, np.nan_to_num(z))


def _representative(
    group: tuple[np.ndarray, np.ndarray, np.ndarray],
    totals: tuple[np.ndarray, np.ndarray, np.ndarray],
    motion_ids: tuple[int, ...],
) -> tuple[Representative, ...]:
    import numpy as np

    a_in, d_in, s_in = group
    s_out = totals[2] - s_in
    candidates: dict[int, Representative] = {}
    against_rest: tuple[tuple[Direction, np.ndarray, np.ndarray], ...] = (
        ("agree", a_in, totals[0] - a_in),
        ("disagree", d_in, totals[1] - d_in),
    )
    for direction, c_in, c_out in against_rest:
        p_in = (c_in + 1) / (s_in + 2)
        p_out = (c_out + 1) / (s_out + 2)
        z_in = _prop_test(c_in, s_in)
        z_diff = _two_prop_test(c_in, c_out, s_in, s_out)
        score = (p_in / p_out) * z_diff * p_in * z_in
        for j in (int(i) for i in np.flatnonzero((z_in > Z_90) & (z_diff > Z_90))):
            rep = Representative(
                motion_id=motion_ids[j],
                direction=direction,
                count=int(c_in[j]),
                seen=int(s_in[j]),
                rest_share=float(c_out[j] / s_out[j]) if s_out[j] else 0.0,
                score=float(score[j]),
            )
            if j not in candidates or rep.score > candidates[j].score:
                candidates[j] = rep
    found = sorted(candidates.values(), key=lambda r: (-r.score, r.motion_id))[:TOP]
    return tuple(sorted(found, key=lambda r: r.direction != "agree"))


def _consensus(
    per_group: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    totals: tuple[np.ndarray, np.ndarray, np.ndarray],
    motion_ids: tuple[int, ...],
) -> tuple[Consensus, ...]:
    """Motions with a significant majority overall (Pol.is) that is also a majority in every group."""
    import numpy as np

    seen_all = totals[2]
    result: list[Consensus] = []
    directions: tuple[tuple[int, Direction], ...] = ((0, "agree"), (1, "disagree"))
    for index, direction in directions:
        count = totals[index]
        share = (count + 1) / (seen_all + 2)
        significant = (share > 0.5) & (_prop_test(count, seen_all) > Z_90)
        shares = [np.divide(g[index], g[2], out=np.zeros_like(g[2]), where=g[2] > 0) for g in per_group]
        every_group = np.all([(g[2] > 0) & (s > 0.5) for g, s in zip(per_group, shares, strict=True)], axis=0)
        gic = np.prod([(g[index] + 1) / (g[2] + 2) for g in per_group], axis=0)
        picked = sorted(np.flatnonzero(significant & every_group), key=lambda j: (-gic[j], j))[:TOP]
        result.extend(
            Consensus(
                motion_id=motion_ids[j],
                direction=direction,
                count=int(count[j]),
                seen=int(seen_all[j]),
                group_informed=float(gic[j]),
                group_shares=tuple(float(s[j]) for s in shares),
            )
            for j in picked
        )
    return tuple(result)


def _divisive(
    per_group: list[tuple[np.ndarray, np.ndarray, np.ndarray]], motion_ids: tuple[int, ...]
) -> Divisive | None:
    import numpy as np

    seen_by_all = np.all([g[2] > 0 for g in per_group], axis=0)
    nets = []
    agree_shares, disagree_shares = [], []
    for a, d, s in per_group:
        safe = np.where(s > 0, s, 1)
        agree_shares.append(a / safe)
        disagree_shares.append(d / safe)
        nets.append((a - d) / safe)
    stacked = np.array(nets)
    spread = np.where(seen_by_all, (stacked.max(0) - stacked.min(0)) / 2, -1.0)
    j = int(np.argmax(spread))
    if spread[j] <= 0:
        return None
    return Divisive(
        motion_id=motion_ids[j],
        spread=float(spread[j]),
        agree_shares=tuple(float(s[j]) for s in agree_shares),
        disagree_shares=tuple(float(s[j]) for s in disagree_shares),
    )
