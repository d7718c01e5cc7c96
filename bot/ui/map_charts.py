"""The opinion map's scatter: members in two dimensions, one colour and one marker per group.

``map_chart`` draws it off the event loop as a neutral attachment with its alt text: Discord
attaches it to the embed, Slack uploads it (files upload v2)."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.actions.opinion_map import Mapped
from bot.replies.model import Attachment
from bot.replies.opinion_map import FILENAME, alt_text
from bot.services.opinion_map import MAX_NAMED as MAX_NAMED
from bot.ui.charts import FOREGROUND, PALETTE, chart_text, render, styled_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# A shape per group as well as a colour, so groups stay apart in grey scale too.
MARKERS = ["o", "s", "^", "D", "P"]
# MAX_NAMED (bot/services/opinion_map): beyond this many named points the labels overlap into
# noise; the legend still tells groups apart.
# Dots closer than this share of the plot's extent are drawn on top of each other: one label for all.
SAME_SPOT = 0.03
NAMES_PER_LABEL = 6
NAME_CHARS = 20
LABEL_WIDTH = 28


@dataclass(frozen=True)
class MapDot:
    x: float
    y: float
    group: int
    name: str | None  # None for private members (drawn, never named)
    highlight: bool = False


def group_colour(group: int) -> str:
    return PALETTE[group % len(PALETTE)]


@dataclass(frozen=True)
class SpotLabel:
    x: float
    y: float
    text: str


def spot_labels(dots: list[MapDot]) -> list[SpotLabel]:
    """One label per spot: members who voted alike sit on one point, and their names, drawn one
    over another, could not be read. The label lists them instead ("alice, bob and 3 more")."""
    named = [d for d in dots if d.name]
    if not named:
        return []
    xs, ys = [d.x for d in dots], [d.y for d in dots]
    reach = SAME_SPOT * max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    spots: list[list[MapDot]] = []
    for dot in named:
        spot = next((s for s in spots if math.dist((s[0].x, s[0].y), (dot.x, dot.y)) <= reach), None)
        if spot is None:
            spots.append([dot])
        else:
            spot.append(dot)
    labels = []
    for spot in spots:
        names = [(d.name or "")[:NAME_CHARS] for d in spot]
        if len(names) > NAMES_PER_LABEL:
            shown = names[: NAMES_PER_LABEL - 1]
            text = ", ".join(shown) + f" and {len(names) - len(shown)} more"
        else:
            text = ", ".join(names)
        labels.append(SpotLabel(spot[0].x, spot[0].y, textwrap.fill(text, LABEL_WIDTH)))
    return labels


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
        for spot in spot_labels(dots):
            ax.annotate(
                chart_text(spot.text),
                (spot.x, spot.y),
                xytext=(6, 5),
                textcoords="offset points",
                color=FOREGROUND,
                fontsize=9,
            )
    ax.set_title(chart_text(title[:70]), fontsize=13, loc="left", color=FOREGROUND)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("main direction of disagreement")
    ax.set_ylabel("second direction")
    legend = ax.legend(loc="best", facecolor="#1E1F22", edgecolor="#4E5058", fontsize=10)
    for text in legend.get_texts():
        text.set_color(FOREGROUND)
    return fig


def dots(mapped: Mapped, names: dict[int, str], highlight: int | None = None) -> list[MapDot]:
    """The map's members as dots, named when ``names`` has them (private members never do)."""
    shown = {member: name for member, name in names.items() if member not in mapped.private}
    return [
        MapDot(p.x, p.y, p.group, shown.get(p.user_id), highlight=p.user_id == highlight)
        for p in mapped.result.points
    ]


async def map_chart(
    mapped: Mapped, names: dict[int, str], *, title: str, highlight: int | None = None
) -> Attachment:
    """The scatter as PNG (drawn in a worker thread), with the map's alt text."""
    labels = [f"Group {g.label}" for g in mapped.result.groups]
    png = await render(opinion_scatter, title, dots(mapped, names, highlight), labels)
    return Attachment(FILENAME, png, alt_text(mapped.result, mapped.motions))
