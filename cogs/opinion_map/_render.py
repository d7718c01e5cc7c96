"""Words and embeds for the opinion map: shortfalls, groups, consensus, and the image's alt text."""

from __future__ import annotations

import discord

from bot.models import Motion
from bot.services.opinion_map import (
    MIN_PARTICIPANTS,
    Consensus,
    Group,
    OpinionMap,
    Representative,
    structure_note,
)
from bot.text import noun, plural
from bot.ui.limits import FIELD_VALUE, chunk_lines, clip
from bot.ui.markdown import escaped

FILENAME = "opinion-map.png"
TITLE_CHARS = 70
ALT_TEXT = 1024  # Discord's limit for an attachment's description
SMALL_GROUP = 12  # below this many members k-means can only offer two groups

Motions = dict[int, Motion]


def _motion(motions: Motions, motion_id: int) -> str:
    motion = motions[motion_id]
    number = f"#{motion.number} "
    return number + escaped(motion.title, TITLE_CHARS - len(number))


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def shortfall_text(m: OpinionMap) -> str:
    s = m.shortfall
    assert s is not None
    lines = [
        f"**Not enough votes for an opinion map yet.** A map needs {MIN_PARTICIPANTS} members who "
        f"have each answered at least {s.votes_each} of these {plural(len(m.motion_ids), 'motion')}; "
        f"{s.qualified} {'has' if s.qualified == 1 else 'have'} so far, so {s.more_members} more "
        f"{'is' if s.more_members == 1 else 'are'} needed."
    ]
    if len(s.closest) == 1:
        lines.append(f"The member closest to qualifying needs {plural(s.closest[0], 'more vote')}.")
    elif s.closest:
        needs = ", ".join(str(n) for n in s.closest)
        lines.append(f"The {len(s.closest)} members closest to qualifying need {needs} more votes.")
    newcomers = s.more_members - len(s.closest)
    if newcomers > 0:
        lines.append(
            f"{plural(newcomers, 'more member')} {'needs' if newcomers == 1 else 'need'} to start voting "
            f"({plural(s.votes_each, 'vote')} each)."
        )
    lines.append(
        f"That is at least **{plural(s.votes_needed, 'more vote')}**. `/vote` deals the motions one at "
        "a time; drawing a map from fewer would only show noise."
    )
    return "\n".join(lines)


def _representative_line(rep: Representative, motions: Motions) -> str:
    return (
        f"**{rep.direction}** {_motion(motions, rep.motion_id)} — {_pct(rep.share)} here "
        f"({rep.count} of {rep.seen}) vs {_pct(rep.rest_share)} of the others"
    )


def group_beliefs(group: Group, motions: Motions, limit: int = 5) -> str:
    if not group.representative:
        return "No motion sets this group apart with 90% confidence yet."
    lines = [_representative_line(rep, motions) for rep in group.representative[:limit]]
    return chunk_lines(lines, FIELD_VALUE)[0]


def _consensus_line(item: Consensus, m: OpinionMap, motions: Motions) -> str:
    per_group = " · ".join(
        f"{g.label} {_pct(share)}" for g, share in zip(m.groups, item.group_shares, strict=True)
    )
    return (
        f"**{item.direction}** {_motion(motions, item.motion_id)} — {_pct(item.share)} "
        f"({item.count} of {item.seen}); by group: {per_group}"
    )


def consensus_text(m: OpinionMap, motions: Motions, limit: int = 10) -> str:
    if not m.consensus:
        return "No motion has a clear majority in every group yet."
    lines = [_consensus_line(item, m, motions) for item in m.consensus[:limit]]
    return chunk_lines(lines, FIELD_VALUE)[0]


def divisive_text(m: OpinionMap, motions: Motions) -> str | None:
    d = m.divisive
    if d is None:
        return None
    sides = " · ".join(
        f"{g.label}: {_pct(a)} agree, {_pct(dis)} disagree"
        for g, a, dis in zip(m.groups, d.agree_shares, d.disagree_shares, strict=True)
    )
    return f"{_motion(motions, d.motion_id)} — {sides}"


def caveats(m: OpinionMap) -> list[str]:
    note, clear = structure_note(m.silhouette)
    lines = [f"**How distinct the groups are:** {note}"]
    unused = len(m.motion_ids) - m.motions_used
    if unused > 0:
        lines.append(
            f"Drawn from the {plural(m.motions_used, 'motion')} the members placed have voted on; "
            f"the other {plural(unused, 'motion')} of the {len(m.motion_ids)} chosen "
            f"{'has' if unused == 1 else 'have'} no votes from them yet."
        )
    if len(m.points) < SMALL_GROUP:
        lines.append(
            f"With fewer than {SMALL_GROUP} members placed, two groups is the most the data supports: "
            "k-means will always split you in two, so read the groups as tendencies, not camps."
        )
    elif not clear:
        lines.append("Read the groups below with caution.")
    unplaced = len(m.vote_counts) - len(m.points)
    if unplaced > 0:
        lines.append(
            f"{plural(unplaced, 'member')} with fewer than {plural(m.votes_each, 'vote')} "
            f"{'are' if unplaced > 1 else 'is'} not placed yet (`/vote`)."
        )
    return lines


def silhouette_footer(m: OpinionMap) -> str | None:
    """The number behind "how distinct", for those who want it."""
    if m.silhouette is None:
        return None
    return (
        f"Silhouette score {m.silhouette:.2f} (from -1 to 1; 0.5 and above: distinct groups, "
        "below 0.25: no real groups)"
    )


def alt_text(m: OpinionMap, motions: Motions) -> str:
    parts = [
        f"Scatter plot of {plural(len(m.points), 'member')} in {len(m.groups)} opinion "
        f"{noun(len(m.groups), 'group')}; nearby dots voted alike."
    ]
    for group in m.groups:
        leans = "; ".join(
            f"{rep.direction}s with #{motions[rep.motion_id].number}" for rep in group.representative[:3]
        )
        parts.append(
            f"Group {group.label}: {plural(len(group.members), 'member')}" + (f", {leans}." if leans else ".")
        )
    parts.append(structure_note(m.silhouette)[0])
    return clip(" ".join(parts), ALT_TEXT)


def map_embed(m: OpinionMap, motions: Motions) -> discord.Embed:
    """The map's words; the image (``FILENAME``) carries its alt text as the file's description."""
    embed = discord.Embed(
        title=f"Opinion map: {plural(len(m.points), 'member')}, {plural(len(m.groups), 'group')}, "
        f"{plural(m.motions_used, 'motion')}",
        description="\n".join(caveats(m)),
        colour=discord.Colour.blurple(),
    )
    # Five groups of five motions would overrun the 6000 characters of an embed.
    per_group = 5 if len(m.groups) <= 3 else 3
    for group in m.groups:
        embed.add_field(
            name=f"Group {group.label} · {plural(len(group.members), 'member')}",
            value=group_beliefs(group, motions, per_group),
            inline=False,
        )
    embed.add_field(name="Shared by every group", value=consensus_text(m, motions), inline=False)
    divisive = divisive_text(m, motions)
    if divisive:
        embed.add_field(name="Most divisive", value=divisive, inline=False)
    embed.set_image(url=f"attachment://{FILENAME}")
    footer = silhouette_footer(m)
    if footer:
        embed.set_footer(text=footer)
    return embed


def me_embed(m: OpinionMap, motions: Motions, user_id: int, *, image: bool) -> discord.Embed:
    """Where the member stands (``m`` is ready); ``image``: the map goes with it (alt text on the file)."""
    point = m.placement(user_id)
    if point is None:
        votes = m.vote_counts.get(user_id, 0)
        return discord.Embed(
            title="You're not on the map yet",
            description=f"You've answered {votes} of these {plural(len(m.motion_ids), 'motion')}; you're "
            f"placed once you've answered {m.votes_each}. `/vote` deals them one at a time.",
            colour=discord.Colour.blurple(),
        )
    group = m.groups[point.group]
    size = plural(len(group.members), "member")
    others = len(m.points) - len(group.members)
    if len(m.groups) == 1:
        title = f"You're in group {group.label}, with everyone placed ({size})"
    else:
        elsewhere = "the other group" if len(m.groups) == 2 else f"the other {len(m.groups) - 1} groups"
        title = f"You're in group {group.label} ({size}; {others} in {elsewhere})"
    embed = discord.Embed(
        title=title,
        description="\n".join(caveats(m)),
        colour=discord.Colour.blurple(),
    )
    embed.add_field(
        name=f"What group {group.label} believes", value=group_beliefs(group, motions), inline=False
    )
    embed.add_field(name="Shared by every group", value=consensus_text(m, motions, limit=3), inline=False)
    divisive = divisive_text(m, motions)
    if divisive:
        embed.add_field(name="Where the groups split most", value=divisive, inline=False)
    footer = silhouette_footer(m)
    if image:
        embed.set_image(url=f"attachment://{FILENAME}")
        footer = "You are circled on the map." + (f" {footer}" if footer else "")
    if footer:
        embed.set_footer(text=footer)
    return embed
