"""What /motions and /motion show|add|pending|approve|reject show, on both front ends."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.actions.motions import Added, MotionsPage, Pending, Reviewed, Shown
from bot.models import Motion
from bot.replies import refusals
from bot.replies.commands import Spelling, bare
from bot.replies.limits import FIELD_VALUE
from bot.replies.looks import Looks
from bot.replies.model import Button, Card, Reply
from bot.services import positions
from bot.services.motions import Ground
from bot.text import clip, plural

BLURPLE = 0x5865F2
DESCRIPTION = 4096
NO_GROUNDS = "The text gives no grounds here."


# --------------------------------------------------------------------------- refusals


@refusals.reason("motions.no-such-number")
def _no_such_number(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"There is no motion #{facts['number']}. {bare(spell, 'motions')} lists them."


@refusals.reason("motions.no-match")
def _no_match(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"No motion matches {str(facts['typed'])!r}. {bare(spell, 'motions')} lists them."


@refusals.reason("motions.not-pending")
def _not_pending(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"Motion #{facts['number']} is not waiting for review. See {bare(spell, 'motion pending')}."


@refusals.reason("motions.no-pending-match")
def _no_pending_match(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"No pending motion matches that. {bare(spell, 'motion pending')} lists them."


@refusals.reason("motions.no-such-page")
def _no_such_page(facts: Mapping[str, object], spell: Spelling) -> str:
    pages = int(str(facts["pages"]))
    return (
        f"There {'is' if pages == 1 else 'are'} {plural(pages, 'page')} of motions: "
        f"try {bare(spell, 'motions', page=pages)}."
    )


# --------------------------------------------------------------------------- /motions


def paragraphs(numbers: list[Any]) -> str:
    return ", ".join(f"¶{n}" for n in numbers) if numbers else "proposed by a member"


def page_action(page: int, direction: str, *, own: bool) -> str:
    return f"roundtable:motions:{page}:{direction}" + (":own" if own else "")


def motions_reply(shown: MotionsPage, looks: Looks, *, own: bool = False) -> Reply:
    """One page of the list; ``own``: a member's private copy, whose buttons page it in place."""
    lines = [
        f"**#{m.number}** {looks.typed(clip(m.title, 150))} · {paragraphs(m.paragraphs)}"
        for m in shown.motions
    ]
    card = Card(
        title="Motions",
        description=clip("\n".join(lines) or "No motions yet.", DESCRIPTION),
        colour=BLURPLE,
        footer=f"Page {shown.page + 1}/{shown.pages} · {plural(shown.total, 'motion')} · "
        f"{looks.bare('motion show', motion=3)} for one, {looks.bare('stance set')} to take a stance",
    )
    reply = Reply(cards=[card], private=own)
    if shown.pages > 1:
        page, pages = shown.page, shown.pages
        reply.rows = [
            [
                Button("◀ Previous", page_action(max(page - 1, 0), "prev", own=own), disabled=page == 0),
                Button(
                    "Next ▶",
                    page_action(min(page + 1, pages - 1), "next", own=own),
                    disabled=page >= pages - 1,
                ),
            ]
        ]
    return reply


# --------------------------------------------------------------------------- /motion show


def grounds_text(grounds: list[Ground], looks: Looks) -> str:
    """Each ground on a line with its ¶ and, where the text gives them, who argues it."""
    lines = []
    for ground in grounds:
        line = f"• {looks.typed(ground.text)} ({', '.join(f'¶{n}' for n in ground.paragraphs)})"
        if ground.names:
            line += f" · {', '.join(ground.names)}"
        lines.append(line)
    return clip("\n".join(lines) or NO_GROUNDS, FIELD_VALUE)


def motion_card(shown: Shown, looks: Looks) -> Card:
    motion, sides, distribution = shown.motion, shown.sides, shown.distribution
    card = Card(
        title=looks.typed(clip(f"#{motion.number} {motion.title}", 256)),
        description=clip(motion.context, DESCRIPTION),
        colour=BLURPLE,
    )
    card.add_field("In the text", paragraphs(motion.paragraphs))
    if sides.grounds_for or sides.grounds_against:
        for name, grounds in (
            ("The case for", sides.grounds_for),
            ("The case against", sides.grounds_against),
        ):
            card.add_field(name, grounds_text(grounds, looks))
    elif sides.for_names or sides.against_names:
        card.add_field("For, per the text", clip(", ".join(sides.for_names) or "—", FIELD_VALUE), inline=True)
        card.add_field(
            "Against, per the text", clip(", ".join(sides.against_names) or "—", FIELD_VALUE), inline=True
        )
    if motion.proposed_by is not None:
        card.add_field("Proposed by", f"{looks.who(motion.proposed_by)} ({motion.status})")
    counts = ", ".join(
        f"{distribution.counts[v]} {positions.STANCES[v]}" for v in sorted(positions.STANCES, reverse=True)
    )
    card.add_field(
        "The group",
        f"{plural(distribution.total, 'stance')}: {counts}" if distribution.total else "No stances yet.",
    )
    number = motion.number
    card.footer = f"{looks.bare('stance set', motion=number)} · {looks.bare('stance summary', motion=number)}"
    return card


def show_reply(shown: Shown, looks: Looks) -> Reply:
    return Reply(cards=[motion_card(shown, looks)])


# --------------------------------------------------------------------------- proposals


def added_reply(added: Added, looks: Looks) -> Reply:
    motion = added.motion
    title = looks.typed(motion.title)
    if added.direct:
        text = (
            f"Added motion **#{motion.number}**: {title}\n"
            f"Take a stance: {looks.spell('stance set', motion=motion.number)}."
        )
    else:
        text = (
            f"Proposed motion **#{motion.number}**: {title}\n"
            f"A moderator can approve it with {looks.spell('motion approve', motion=motion.number)}."
        )
    return Reply(text=text)


def pending_reply(waiting: Pending, looks: Looks) -> Reply:
    lines = [
        f"**#{m.number}** {looks.typed(clip(m.title, 150))}"
        + (f" · by {looks.who(m.proposed_by)}" if m.proposed_by is not None else "")
        for m in waiting.motions
    ]
    card = Card(
        title="Motions waiting for review",
        description=clip("\n".join(lines) or "Nothing is waiting.", DESCRIPTION),
        colour=BLURPLE,
    )
    return Reply(cards=[card], private=True)


def approved_reply(reviewed: Reviewed, looks: Looks) -> Reply:
    motion = reviewed.motion
    text = f"Approved motion **#{motion.number}**: {looks.typed(motion.title)}"
    if motion.proposed_by is not None:
        text += f" (proposed by {looks.who(motion.proposed_by)})"
    return Reply(text=text)


def rejected_reply(reviewed: Reviewed, looks: Looks, *, told: bool | None, with_reason: bool) -> Reply:
    """A rejection is between the moderators and the proposer: never announced in the channel.
    ``told``: whether the proposer got the news (None: there is no proposer to tell)."""
    motion = reviewed.motion
    text = f"Rejected motion **#{motion.number}**: {looks.typed(motion.title)}"
    if motion.proposed_by is not None and told is not None:
        who = looks.who(motion.proposed_by)
        text += (
            f"\nI told {who} privately" + (", with your reason." if with_reason else ".")
            if told
            else f"\nI could not message {who} (their direct messages are closed)."
        )
    return Reply(text=text, private=True)


def rejection_notice(motion: Motion, space_name: str, reason: str | None, looks: Looks) -> str:
    """The direct message to the proposer of a rejected motion."""
    text = (
        f"The moderators of **{looks.typed(space_name)}** did not approve your motion "
        f"**#{motion.number}**: {looks.typed(motion.title)}"
    )
    text += f"\nTheir reason: {looks.typed(reason)}" if reason else "\nThey gave no reason."
    return text
