"""The debate result chart: the room before and after, per option, with its alt text."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from bot.ui.charts import FOREGROUND, PALETTE, styled_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from bot.models import Choice

OPTIONS: Final[tuple[tuple[Choice, str], ...]] = (
    ("for", "For"),
    ("against", "Against"),
    ("undecided", "Undecided"),
)
BEFORE_COLOUR = PALETTE[7]  # grey
AFTER_COLOUR = PALETTE[4]  # blue


def pre_post_chart(title: str, pre: Mapping[Choice, float], post: Mapping[Choice, float]) -> Figure:
    """Grouped horizontal bars: each option's share of the room before and after the debate."""
    fig, ax = styled_figure((8.0, 4.0))
    height = 0.38
    rows = list(range(len(OPTIONS)))[::-1]
    for offset, values, colour, label in (
        (height / 2, pre, BEFORE_COLOUR, "Before"),
        (-height / 2, post, AFTER_COLOUR, "After"),
    ):
        shares = [float(values.get(key, 0.0)) for key, _ in OPTIONS]
        bars = ax.barh([r + offset for r in rows], shares, height=height, color=colour, label=label)
        for bar, share in zip(bars, shares, strict=True):
            ax.text(
                bar.get_width() + 1,
                bar.get_y() + bar.get_height() / 2,
                f"{share:.0f}%",
                va="center",
                color=FOREGROUND,
                fontsize=10,
            )
    ax.set_yticks(rows, [name for _, name in OPTIONS])
    ax.set_xlim(0, 115)
    ax.set_xlabel("share of the room (%)")
    _fit_title(fig, ax.set_title(_clip(title), fontsize=12, loc="left", color=FOREGROUND))
    ax.grid(axis="y", visible=False)
    legend = ax.legend(loc="lower right", facecolor="#1E1F22", edgecolor="#4E5058")
    for text in legend.get_texts():
        text.set_color(FOREGROUND)
    return fig


TITLE_LIMIT = 120


def _clip(title: str) -> str:
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"


def _fit_title(fig: Figure, title: Text) -> None:
    """Keep the title within the plot's width, wrapping it onto more lines when it is too long.

    A left-aligned title wider than the axes ran past the figure's right edge (the saved image
    was cut there, or stretched by the tight bounding box).
    """
    text = title.get_text()
    fig.draw_without_rendering()
    limit = title.axes.get_window_extent().x1 if title.axes is not None else fig.bbox.x1
    width = len(text)
    while title.get_window_extent().x1 > limit and width > 10:
        width -= 4
        title.set_text(textwrap.fill(text, width=width))
        fig.draw_without_rendering()


def alt_text(pre: Mapping[Choice, float], post: Mapping[Choice, float], verdict: str) -> str:
    """What the chart shows, in words (screen readers, and the message itself)."""
    parts = [
        f"{name} {pre.get(key, 0.0):.0f}% before, {post.get(key, 0.0):.0f}% after" for key, name in OPTIONS
    ]
    return f"Bar chart of the vote before and after the debate: {'; '.join(parts)}. {verdict}"
