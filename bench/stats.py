"""Medians, percentiles and ratios (plain Python: the samples are small)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0-100); p99 of 300 samples is the 297th smallest."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(samples: Sequence[float]) -> dict[str, float]:
    """Milliseconds: median, p99, max and the sample count."""
    return {
        "n": len(samples),
        "median_ms": round(percentile(samples, 50) * 1000, 3),
        "p99_ms": round(percentile(samples, 99) * 1000, 3),
        "max_ms": round(max(samples) * 1000, 3) if samples else math.nan,
    }


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else math.nan
