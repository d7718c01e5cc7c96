"""The poll results chart: one bar per option with its count and share, plus its alt text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.replies.model import Attachment
from bot.replies.polls import chart_filename
from bot.services.polls import PollState, stance_of
from bot.text import plural
from bot.ui.charts import (
    ALT_TEXT_LIMIT,
    FOREGROUND,
    PALETTE,
    STANCE_COLOURS,
    chart_file,
    chart_text,
    render,
    styled_figure,
)
from bot.ui.limits import clip

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def draw_results(
    title: str, labels: list[str], counts: list[int], percents: list[float], colours: list[str]
) -> Figure:
    """Horizontal bars, first option on top, each labelled ``3 · 40%``."""
    height = max(2.5, 0.5 * len(labels) + 1.3)
    fig, ax = styled_figure((8.0, min(height, 14.0)))
    positions = list(range(len(labels)))[::-1]
    bars = ax.barh(positions, counts, color=colours)
    ax.set_yticks(positions, [chart_text(clip(label, 40)) for label in labels])
    # set_title makes a new text: give it the theme colour here (styled_figure cannot).
    ax.set_title(chart_text(clip(title, 70)), fontsize=13, loc="left", color=FOREGROUND)
    ax.set_xlabel("votes")
    top = max(counts, default=0) or 1
    ax.set_xlim(0, top * 1.25)
    ax.xaxis.get_major_locator().set_params(integer=True)
    for bar, count, percent in zip(bars, counts, percents, strict=True):
        ax.text(
            bar.get_width() + top * 0.01,
            bar.get_y() + bar.get_height() / 2,
            f"{count} · {percent:.0f}%",
            va="center",
            color=FOREGROUND,
            fontsize=10 if len(labels) > 12 else 11,
        )
    ax.grid(axis="y", visible=False)
    return fig


def option_colours(options: list[str], motion_linked: bool) -> list[str]:
    """Stance colours (diverging, colour-blind safe) for motion polls; the palette otherwise."""
    if motion_linked:
        values = [stance_of(option) for option in options]
        if all(v is not None for v in values):
            return [STANCE_COLOURS[v + 2] for v in values if v is not None]
    return [PALETTE[i % len(PALETTE)] for i in range(len(options))]


def alt_text(state: PollState) -> str:
    """What the chart shows, in words, for screen readers."""
    poll, tally = state.poll, state.tally
    parts = [
        f"{option}: {tally.counts[i]} ({tally.percent(i):.0f}%)" for i, option in enumerate(poll.options)
    ]
    return clip(
        f"Bar chart of poll #{poll.id}, \u201c{poll.question}\u201d, {plural(tally.voters, 'voter')}. "
        + "; ".join(parts),
        ALT_TEXT_LIMIT,
    )


async def chart_attachment(state: PollState) -> Attachment:
    """The PNG (rendered off the event loop), its alt text as the file's description: the same
    chart on both platforms (Slack uploads it with the alt text, Discord attaches it)."""
    poll, tally = state.poll, state.tally
    png = await render(
        draw_results,
        f"Poll #{poll.id}: {poll.question}",
        list(poll.options),
        tally.counts,
        [tally.percent(i) for i in range(len(poll.options))],
        option_colours(list(poll.options), poll.motion_id is not None),
    )
    return Attachment(filename=chart_filename(poll.id), data=png, description=alt_text(state))


async def results_chart(state: PollState) -> discord.File:
    """The chart as a Discord attachment."""
    chart = await chart_attachment(state)
    return chart_file(chart.data, chart.filename, chart.description or "")
