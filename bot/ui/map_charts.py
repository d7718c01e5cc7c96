"""The opinion map's scatter: members in two dimensions, one colour and one marker per group."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.ui.charts import FOREGROUND, PALETTE, styled_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# A shape per group as well as a colour, so groups stay apart in grey scale too.
MARKERS = ["o", "s", "^", "D", "P"]
# Beyond this many named points the labels overlap into noise; the legend still tells groups apart.
MAX_NAMED = 30


@dataclass(frozen=True)
class MapDot:
    x: float
    y: float
    group: int
    name: str | None  # None for private members (drawn, never named)
    highlight: bool = False


def group_colour(group: int) -> str:
    return PALETTE[group % len(PALETTE)]


def opinion_scatter(title: str, dots: list[MapDot], group_labels: list[str]) -> Figure:
    """The map. Axes are the two main directions of disagreement; their units mean nothing."""
    fig, ax = styled_figure((8.0, 6.0))
    for g, label in enumerate(group_labels):
        members = [d for d in dots if d.group == g]
        ax.scatter(
            [d.x for d in members],
            [d.y for d in members],
            s=110,
            c=group_colour(g),
            marker=MARKERS[g % len(MARKERS)],
            edgecolors=FOREGROUND,
            linewidths=0.6,
            alpha=0.9,
            label=f"{label} ({len(members)})",
        )
    for d in dots:
        if d.highlight:
            ax.scatter([d.x], [d.y], s=420, facecolors="none", edgecolors=FOREGROUND, linewidths=2.0)
    if sum(d.name is not None for d in dots) <= MAX_NAMED:
        for d in dots:
            if d.name:
                ax.annotate(
                    d.name[:20],
                    (d.x, d.y),
                    xytext=(6, 5),
                    textcoords="offset points",
                    color=FOREGROUND,
                    fontsize=9,
                )
    ax.set_title(title[:70], fontsize=13, loc="left", color=FOREGROUND)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("main direction of disagreement")
    ax.set_ylabel("second direction")
    legend = ax.legend(loc="best", facecolor="#1E1F22", edgecolor="#4E5058", fontsize=10)
    for text in legend.get_texts():
        text.set_color(FOREGROUND)
    return fig
