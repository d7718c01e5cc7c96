"""What /vote and /map show, on both front ends: the vote card and its buttons, the end of the
deck, the map's shortfall, groups, consensus and caveats, "where you stand", the chart's alt text,
and the wording of the map's refusals.

Commands named here are spelled by the member's platform (``spell``); ``/vote``, ``/map group``,
``/map me`` and ``/stance set`` read the same on Discord and Slack. Motion titles are member text
(a proposed motion): escaped everywhere they show.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.models import Motion
from bot.replies import refusals
from bot.replies.commands import Spelling
from bot.replies.limits import FIELD_VALUE
from bot.replies.model import Button, ButtonStyle, Card, Control, Reply
from bot.services.opinion_map import (
    MIN_PARTICIPANTS,
    Consensus,
    Group,
    OpinionMap,
    Representative,
    structure,
)
from bot.services.opinion_votes import Deal
from bot.text import chunk_lines, clip, noun, plural
from bot.ui.markdown import escaped

FILENAME = "opinion-map.png"
TITLE_CHARS = 70
ALT_TEXT = 1024  # Discord's limit for an attachment's description (Slack's is 2,000)
SMALL_GROUP = 12  # below this many members k-means can only offer two groups
BLURPLE = 0x5865F2
# Discord's embed limits: the vote card is an embed there (Slack cuts to its own, smaller ones).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096

Motions = Mapping[int, Motion]

# ---------------------------------------------------------------- /vote

BUTTONS: dict[str, tuple[str, ButtonStyle]] = {
    "agree": ("Agree", "success"),
    "disagree": ("Disagree", "danger"),
    "pass": ("Pass", "secondary"),
}
ACTION_PATTERN = r"roundtable:vote:(?P<motion_id>\d{1,20}):(?P<choice>agree|disagree|pass)"


def custom_id(motion_id: int, choice: str) -> str:
    """A vote button's action: the same namespaced id on both platforms."""
    return f"roundtable:vote:{motion_id}:{choice}"


def done_text(spell: Spelling) -> str:
    return (
        f"You've answered every motion. Thank you! {spell('map group')} shows the group's opinion map "
        f"and {spell('map me')} where you stand in it; {spell('stance set')} changes an answer."
    )


def passed_text(deal: Deal, spell: Spelling) -> str:
    """The end of the deck with passed motions still open."""
    return (
        f"That was the last card. You passed {plural(deal.left, 'motion')}: nothing was recorded "
        f"for them, and {spell('vote')} deals them again."
    )


def vote_card(deal: Deal) -> Card:
    motion = deal.motion
    assert motion is not None
    return Card(
        title=clip(f"#{motion.number} {escaped(motion.title)}", TITLE_LIMIT),
        description=clip(motion.context, DESCRIPTION_LIMIT),
        colour=BLURPLE,
        footer=f"You've answered {deal.answered} of {plural(deal.total, 'motion')} · "
        f"{deal.left - 1} more after this one · Pass if you have no view.",
    )


def vote_buttons(motion_id: int) -> list[list[Control]]:
    """Agree / Disagree / Pass on one row; the press is always the pressing member's own."""
    return [
        [
            Button(label=label, action=custom_id(motion_id, choice), style=style)
            for choice, (label, style) in BUTTONS.items()
        ]
    ]


def deal_reply(deal: Deal, spell: Spelling) -> Reply:
    """The next card with its buttons, or the end of the deck; always private."""
    if deal.motion is None:
        text = passed_text(deal, spell) if deal.left else done_text(spell)
        return Reply(text=text, private=True)
    return Reply(cards=[vote_card(deal)], rows=vote_buttons(deal.motion.id), private=True)


# ---------------------------------------------------------------- /map


def _motion(motions: Motions, motion_id: int) -> str:
    motion = motions[motion_id]
    number = f"#{motion.number} "
    return number + escaped(motion.title, TITLE_CHARS - len(number))


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def structure_note(silhouette: float | None) -> tuple[str, bool]:
    """How distinct the groups are, in plain words (the silhouette score is left out), and
    whether they are distinct enough to read as groups."""
    kind, clear = structure(silhouette)
    words = {
        "none": "Everyone placed voted alike, so there are no groups to tell apart.",
        "very": "Very distinct: members vote like their own group and unlike the others.",
        "fairly": "Fairly distinct: the groups differ clearly, with a few members in between.",
        "weak": "Not very distinct: the groups overlap, and the split may come from the method more "
        "than from the votes.",
        "not": "Not distinct: opinions do not fall into separate groups.",
    }
    return words[kind], clear


def shortfall_text(m: OpinionMap, spell: Spelling) -> str:
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
        f"That is at least **{plural(s.votes_needed, 'more vote')}**. {spell('vote')} deals the motions "
        "one at a time; drawing a map from fewer would only show noise."
    )
    return "\n".join(lines)


def shortfall_reply(m: OpinionMap, spell: Spelling, *, member_id: int | None = None) -> Reply:
    """Not enough votes yet: public for the group's map, private (with your count) for yours."""
    text = shortfall_text(m, spell)
    if member_id is None:
        return Reply(text=text)
    votes = m.vote_counts.get(member_id, 0)
    return Reply(text=f"{text}\nYou have answered {votes} of them.", private=True)


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


def caveats(m: OpinionMap, spell: Spelling) -> list[str]:
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
            f"{'are' if unplaced > 1 else 'is'} not placed yet ({spell('vote')})."
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
    """What the chart shows, for screen readers (the file's description; never repeated in the
    message). Motion numbers only: no member text."""
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


def map_card(m: OpinionMap, motions: Motions, spell: Spelling) -> Card:
    """The map's words; the image (``FILENAME``) carries its alt text as the file's description."""
    card = Card(
        title=f"Opinion map: {plural(len(m.points), 'member')}, {plural(len(m.groups), 'group')}, "
        f"{plural(m.motions_used, 'motion')}",
        description="\n".join(caveats(m, spell)),
        colour=BLURPLE,
        image=FILENAME,
        footer=silhouette_footer(m),
    )
    # Five groups of five motions would overrun the 6000 characters of an embed.
    per_group = 5 if len(m.groups) <= 3 else 3
    for group in m.groups:
        card.add_field(
            f"Group {group.label} · {plural(len(group.members), 'member')}",
            group_beliefs(group, motions, per_group),
        )
    card.add_field("Shared by every group", consensus_text(m, motions))
    divisive = divisive_text(m, motions)
    if divisive:
        card.add_field("Most divisive", divisive)
    return card


def not_placed_card(m: OpinionMap, member_id: int, spell: Spelling) -> Card:
    votes = m.vote_counts.get(member_id, 0)
    return Card(
        title="You're not on the map yet",
        description=f"You've answered {votes} of these {plural(len(m.motion_ids), 'motion')}; you're "
        f"placed once you've answered {m.votes_each}. {spell('vote')} deals them one at a time.",
        colour=BLURPLE,
    )


def me_card(m: OpinionMap, motions: Motions, member_id: int, spell: Spelling, *, image: bool) -> Card:
    """Where the member stands (``m`` is ready); ``image``: the map goes with it (alt text on the file)."""
    point = m.placement(member_id)
    if point is None:
        return not_placed_card(m, member_id, spell)
    group = m.groups[point.group]
    size = plural(len(group.members), "member")
    others = len(m.points) - len(group.members)
    if len(m.groups) == 1:
        title = f"You're in group {group.label}, with everyone placed ({size})"
    else:
        elsewhere = "the other group" if len(m.groups) == 2 else f"the other {len(m.groups) - 1} groups"
        title = f"You're in group {group.label} ({size}; {others} in {elsewhere})"
    card = Card(title=title, description="\n".join(caveats(m, spell)), colour=BLURPLE)
    card.add_field(f"What group {group.label} believes", group_beliefs(group, motions))
    card.add_field("Shared by every group", consensus_text(m, motions, limit=3))
    divisive = divisive_text(m, motions)
    if divisive:
        card.add_field("Where the groups split most", divisive)
    footer = silhouette_footer(m)
    if image:
        card.image = FILENAME
        footer = "You are circled on the map." + (f" {footer}" if footer else "")
    card.footer = footer
    return card


# ---------------------------------------------------------------- refusals


@refusals.reason("map.too-few-motions")
def _too_few(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"A map needs at least {facts['needed']} motions; that choice has {facts['chosen']}."


@refusals.reason("map.unreadable-numbers")
def _unreadable(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"I couldn't read {str(facts['typed'])!r}: write motion numbers like 1,2,5 or 1-8."


@refusals.reason("map.not-a-range")
def _not_a_range(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"{str(facts['typed'])!r} is not a range of motion numbers."


@refusals.reason("map.no-such-motion")
def _no_such_motion(facts: Mapping[str, object], spell: Spelling) -> str:
    numbers = facts["numbers"]
    assert isinstance(numbers, tuple)
    listed = ", ".join(f"#{n}" for n in numbers)
    return f"There is no motion {listed}. /motions lists them."


@refusals.reason("map.not-numbers-or-pack")
def _not_numbers_or_pack(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"{str(facts['typed'])!r} is neither motion numbers (like 1,2,5) nor a pack. /pack list."
