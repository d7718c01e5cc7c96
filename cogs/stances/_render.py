"""Embeds of /stance history, /stance summary and /stance forget (pure: data in, embeds out)."""

from __future__ import annotations

import discord

from bot.models import Motion
from bot.services.positions import SOURCE_LABELS, STANCES, HistoryEntry, Shift, Summary, stance_label
from bot.text import plural
from bot.ui.limits import EMBED_DESCRIPTION, FIELD_VALUE, clip
from bot.ui.paging import clamp, page_count, page_of
from bot.ui.stance_charts import ORDER

HISTORY_PAGE = 10
NAMES_PER_STANCE = 12


def motion_label(motion: Motion) -> str:
    return f"#{motion.number} {motion.title}"


def shift_text(entry: HistoryEntry) -> str:
    """``↗ undecided → agree`` for a change, ``• agree`` for a first stance."""
    if entry.previous is None:
        return f"• **{stance_label(entry.value)}**"
    if entry.previous == entry.value:
        return f"→ **{stance_label(entry.value)}** (again)"
    return f"{entry.arrow} {stance_label(entry.previous)} → **{stance_label(entry.value)}**"


def history_pages(entries: list[HistoryEntry]) -> int:
    return page_count(len(entries), HISTORY_PAGE)


def history_embed(
    entries: list[HistoryEntry], *, member_id: int, motion: Motion | None, page: int, private: bool
) -> discord.Embed:
    """One page of a member's history, newest first."""
    pages = history_pages(entries)
    page = clamp(page, pages)
    shown = page_of(entries[::-1], page, HISTORY_PAGE)
    scope = f" on {clip(motion_label(motion), 120)}" if motion else ""
    header = f"<@{member_id}>'s stances{scope}, newest first."
    if private:
        header += " Your stances are private: only you can see this."
    lines = [header, ""]
    if not entries:
        lines.append("No stances yet. Take one with `/stance set`.")
    for entry in shown:
        when = discord.utils.format_dt(entry.created_at, "d")
        line = f"{when} **#{entry.motion_number}** {clip(entry.motion_title, 70)}\n"
        line += f"{shift_text(entry)} · {SOURCE_LABELS.get(entry.source, entry.source)}"
        if entry.reason:
            line += f"\n> {clip(entry.reason, 200)}"
        lines.append(line)
    changes = sum(1 for e in entries if e.shift)
    embed = discord.Embed(
        title="Stance history",
        description=clip("\n".join(lines), EMBED_DESCRIPTION),
        colour=discord.Colour.blurple(),
    )
    counts = f"{plural(len(entries), 'stance')} · {plural(changes, 'change')} of mind"
    embed.set_footer(text=f"Page {page + 1}/{pages} · {counts}")
    return embed


def _signed(value: float) -> str:
    return f"{value:+.0f}"


def shift_lines(shift: Shift, since_kind: str | None, since_debate: int | None = None) -> tuple[str, str]:
    """Field name and value describing the net shift."""
    when = discord.utils.format_dt(shift.since, "f")
    name = (
        f"Net shift since before debate {since_debate}"
        if since_kind == "debate"
        else "Net shift since the date you chose"
    )
    if shift.net_points is None:
        if shift.baseline.total == 0:
            return name, f"Nobody had a stance at {when}: nothing to compare yet."
        return name, f"Nobody holds a stance now (at {when}, {shift.baseline.total} did)."
    direction = "towards agree" if shift.net_points > 0 else "towards disagree"
    head = (
        "**no net movement**"
        if round(shift.net_points) == 0
        else f"**{_signed(shift.net_points)} points {direction}**"
    )
    before, after = _signed(shift.baseline.balance or 0), _signed(shift.current.balance or 0)
    balance = f"(agree minus disagree: {before} → {after} points)"
    moves = (
        f"{shift.towards_agree} moved towards agree, {shift.towards_disagree} towards disagree, "
        f"{shift.unchanged} unchanged, {shift.newcomers} new since {when}."
    )
    return name, f"{head} {balance}\n{moves}"


def summary_embed(motion: Motion, result: Summary, private: set[int], *, chart: bool) -> discord.Embed:
    current = result.current
    embed = discord.Embed(
        title=clip(motion_label(motion), 256),
        description=f"**{current.total}** {'member holds' if current.total == 1 else 'members hold'} "
        "a stance on this motion.",
        colour=discord.Colour.blurple(),
    )
    by_value: dict[int, list[int]] = {value: [] for value in STANCES}
    hidden: dict[int, int] = dict.fromkeys(STANCES, 0)
    for user_id, value in result.holders:
        if user_id in private:
            hidden[value] += 1
        else:
            by_value[value].append(user_id)
    lines = []
    for value in ORDER:
        count = current.counts[value]
        if not count:
            lines.append(f"**{STANCES[value]}** — 0")
            continue
        names = [f"<@{uid}>" for uid in by_value[value][:NAMES_PER_STANCE]]
        more = len(by_value[value]) - len(names)
        if more:
            names.append(f"{more} more")
        if hidden[value]:
            names.append(f"{hidden[value]} private")
        lines.append(f"**{STANCES[value]}** — {count} ({current.percent(value):.0f}%): " + ", ".join(names))
    embed.add_field(name="Where the group stands", value=clip("\n".join(lines), FIELD_VALUE), inline=False)
    if result.shift is not None:
        name, value = shift_lines(result.shift, result.since_kind, result.since_debate)
        embed.add_field(name=name, value=clip(value, FIELD_VALUE), inline=False)
        footer = "Faded bars in the chart show the group then."
    else:
        footer = "No debate on this motion yet: add since:YYYY-MM-DD to see how the group moved."
    if chart:
        embed.set_image(url="attachment://stances.png")
    embed.set_footer(text=footer + " Private members are counted, never named.")
    return embed
