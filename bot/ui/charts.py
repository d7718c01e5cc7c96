"""Chart rendering shared by every feature: one style, PNG bytes, alt text.

Colour-blind safe (Okabe-Ito palette), readable on Discord's dark theme (light text on a
dark-grey background), sized for Discord's embeds. Rendering runs in a worker thread so
the event loop stays responsive: call ``await render(draw, ...)``.
"""

from __future__ import annotations

import asyncio
import io
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    # matplotlib loads on the first chart, not at start (docs/benchmarks.md, memory).
    from matplotlib.figure import Figure


# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]
# Stance scale from strongly disagree to strongly agree (diverging, colour-blind safe).
STANCE_COLOURS = ["#D55E00", "#E69F00", "#999999", "#56B4E9", "#0072B2"]
BACKGROUND = "#2B2D31"  # Discord dark theme message background
FOREGROUND = "#F2F3F5"
GRID = "#4E5058"
SIZE = (8.0, 4.5)  # "inches" at 100 dpi: 800 x 450 px, crisp in an embed
DPI = 100
# Discord shows embed images at about half their width, so text is drawn 1.3 times larger than
# matplotlib's point sizes say: the figure keeps its pixels, with fewer, denser inches.
TEXT_SCALE = 1.3
ALT_TEXT_LIMIT = 1024  # Discord's limit for an attachment's description


def styled_figure(size: tuple[float, float] = SIZE) -> tuple[Figure, Any]:
    from matplotlib.figure import Figure

    fig = Figure(
        figsize=(size[0] / TEXT_SCALE, size[1] / TEXT_SCALE), dpi=DPI * TEXT_SCALE, facecolor=BACKGROUND
    )
    ax = fig.add_subplot()
    ax.set_facecolor(BACKGROUND)
    for spine in ax.spines.values():
        spine.set_color(GRID)
    ax.tick_params(colors=FOREGROUND, labelsize=11)
    ax.xaxis.label.set_color(FOREGROUND)
    ax.yaxis.label.set_color(FOREGROUND)
    ax.title.set_color(FOREGROUND)
    ax.grid(color=GRID, linewidth=0.6, alpha=0.6)
    ax.set_axisbelow(True)
    return fig, ax


def to_png(fig: Figure) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # Member-typed labels may hold characters no installed font has; they render as boxes.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        fig.savefig(buffer, format="png", facecolor=fig.get_facecolor(), bbox_inches="tight")
    plt.close("all")
    return buffer.getvalue()


async def render(draw: Callable[..., Figure], *args: Any, **kwargs: Any) -> bytes:
    """Run ``draw(*args, **kwargs)`` (which returns a Figure) off the event loop; PNG bytes."""
    return await asyncio.to_thread(lambda: to_png(draw(*args, **kwargs)))


def chart_file(png: bytes, filename: str, alt_text: str) -> discord.File:
    """An attachment with alt text (``description``) for screen readers.

    The alt text belongs there only: Discord shows it to screen readers and on hover, so a chart's
    message should not repeat it as visible content.
    """
    return discord.File(io.BytesIO(png), filename=filename, description=alt_text[:ALT_TEXT_LIMIT])


def chart_text(text: str) -> str:
    """Member-typed text for a chart, drawn as typed: matplotlib reads text between two ``$`` as
    math (``$5 or $10`` would turn italic, ``$\\frac$`` would fail to draw), unless they are escaped."""
    return text.replace("$", r"\$")
