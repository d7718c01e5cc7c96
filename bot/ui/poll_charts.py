"""The poll results chart: one bar per option with its count and share, plus its alt text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.replies.model import Attachment
from bot.replies.polls import chart_filename, runoff_words
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


def draw_rounds(title: str, labels: list[str], rounds: list[list[int | None]]) -> Figure:
    """A ranked poll's instant runoff: for each option one bar per round it stayed in (round 1
    on top, one colour per round), the last labelled with its count in that round."""
    count = max(len(rounds), 1)
    group = 0.8 / count
    height = max(2.5, (0.35 + 0.12 * count) * len(labels) + 1.5)
    fig, ax = styled_figure((8.0, min(height, 14.0)))
    bases = list(range(len(labels)))[::-1]
    top = max((c or 0 for r in rounds for c in r), default=0) or 1
    for number, counts in enumerate(rounds):
        positions = [bases[i] + 0.4 - group * (number + 0.5) for i, c in enumerate(counts) if c is not None]
        values = [c for c in counts if c is not None]
        ax.barh(
            positions,
            values,
            height=group * 0.9,
            color=PALETTE[number % len(PALETTE)],
            label=f"round {number + 1}",
        )
    for i in range(len(labels)):
        stayed = [n for n, counts in enumerate(rounds) if counts[i] is not None]
        if not stayed:
            continue
        last = stayed[-1]
        value = rounds[last][i] or 0
        ax.text(
            value + top * 0.01,
            bases[i] + 0.4 - group * (last + 0.5),
            f"{value} (round {last + 1})",
            va="center",
            color=FOREGROUND,
            fontsize=9 if len(labels) > 12 else 10,
        )
    ax.set_yticks(bases, [chart_text(clip(label, 40)) for label in labels])
    ax.set_title(chart_text(clip(title, 70)), fontsize=13, loc="left", color=FOREGROUND)
    ax.set_xlabel("ballots counted for the option, by round")
    ax.set_xlim(0, top * 1.35)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    if rounds:
        legend = ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=min(count, 6), fontsize=9, frameon=False
        )
        for text in legend.get_texts():
            text.set_color(FOREGROUND)
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
    if state.runoff is not None:
        return clip(
            f"Bar chart of ranked poll #{poll.id}, \u201c{poll.question}\u201d, "
            f"{plural(tally.voters, 'voter')}, by instant-runoff round. {runoff_words(state)}",
            ALT_TEXT_LIMIT,
        )
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
    if state.runoff is not None:
        png = await render(
            draw_rounds,
            f"Poll #{poll.id}: {poll.question}",
            list(poll.options),
            [list(r.counts) for r in state.runoff.rounds],
        )
        return Attachment(filename=chart_filename(poll.id), data=png, description=alt_text(state))
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
