"""The stance distribution chart of /stance summary, and its alt text (PNG bytes: both front ends
attach it, Discord to the embed, Slack by files upload v2)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.actions.stances import Summarised
from bot.replies.model import Attachment
from bot.replies.stances import CHART
from bot.services.positions import STANCES, Distribution
from bot.ui.charts import ALT_TEXT_LIMIT, FOREGROUND, STANCE_COLOURS, chart_text, render, styled_figure
from bot.ui.limits import clip

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Values from strongly agree (top) down to strongly disagree.
ORDER = sorted(STANCES, reverse=True)


def distribution_figure(title: str, current: Distribution, baseline: Distribution | None = None) -> Figure:
    """Horizontal bars of the share holding each stance; with ``baseline``, a faded bar for then."""
    fig, ax = styled_figure((8.0, 4.2))
    colours = {value: STANCE_COLOURS[value + 2] for value in STANCES}
    positions = list(range(len(ORDER)))[::-1]
    height = 0.38 if baseline is not None else 0.7
    offset = height / 2 if baseline is not None else 0.0
    for pos, value in zip(positions, ORDER, strict=True):
        share = current.percent(value)
        ax.barh(pos + offset, share, height=height, color=colours[value])
        ax.text(share + 1, pos + offset, f"{share:.0f}% ({current.counts[value]})", va="center",
                color=FOREGROUND, fontsize=10)  # fmt: skip
        if baseline is not None:
            before = baseline.percent(value)
            ax.barh(pos - offset, before, height=height, color=colours[value], alpha=0.35, hatch="//")
            ax.text(before + 1, pos - offset, f"then {before:.0f}%", va="center", color=FOREGROUND,
                    fontsize=9, alpha=0.8)  # fmt: skip
    ax.set_yticks(positions, [STANCES[value] for value in ORDER])
    ax.set_xlim(0, 118)
    ax.set_xlabel("share of members (%)")
    ax.set_title(chart_text(clip(title, 70)), fontsize=12, loc="left", color=FOREGROUND)
    ax.grid(axis="y", visible=False)
    return fig


def alt_text(
    motion_label: str, current: Distribution, baseline: Distribution | None, since: datetime | None
) -> str:
    """What the chart shows, in words, for screen readers (the attachment's description)."""
    parts = [f"{STANCES[v]} {current.counts[v]} ({current.percent(v):.0f}%)" for v in ORDER]
    n = current.total
    whose = f"{n:,} member's stance" if n == 1 else f"{n:,} members' stances"
    text = f"Bar chart of {whose} on {motion_label}: " + ", ".join(parts) + "."
    if baseline is not None and since is not None:
        then = [f"{STANCES[v]} {baseline.percent(v):.0f}%" for v in ORDER]
        text += f" Faded bars show {since:%Y-%m-%d %H:%M} UTC: " + ", ".join(then) + "."
    return text


async def summary_chart(summarised: Summarised) -> Attachment:
    """The /stance summary chart as a neutral attachment (both front ends), alt text included."""
    result = summarised.result
    label = f"#{summarised.motion.number} {summarised.motion.title}"
    baseline = result.shift.baseline if result.shift and result.shift.baseline.total else None
    since = result.shift.since if result.shift else None
    png = await render(distribution_figure, label, result.current, baseline)
    return Attachment(CHART, png, alt_text(label, result.current, baseline, since)[:ALT_TEXT_LIMIT])
