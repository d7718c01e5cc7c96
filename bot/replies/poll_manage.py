"""What the poll's lifecycle says, on both front ends: the "Manage" button and its private panel,
the scheduled start's note, the reminder, the answers to Extend, Reopen and Edit, who has not
voted yet, and the list of closed polls with their results.

Ids: the button is ``roundtable:poll:<poll>:manage``; the panel's buttons
``roundtable:poll:<poll>:manage:<control>``; their forms (Extend, Reopen, Edit)
``roundtable:poll:<poll>:manage:<control>:form``. State comes from the database on every press.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.actions.poll_manage import ClosedList, Panel
from bot.replies import refusals
from bot.replies.commands import Spelling
from bot.replies.model import Button, Card, Control, Reply
from bot.replies.polls import (
    CLOSED_COLOUR,
    DESCRIPTION_LIMIT,
    OPEN_COLOUR,
    TITLE_LIMIT,
    JumpLink,
    Stamp,
    no_link,
    option_lines,
)
from bot.services.polls import PollState
from bot.services.polls.managing import RECENT, NotVoted
from bot.services.polls.rules import counts_public, may_see_counts
from bot.services.polls.schedule import is_scheduled
from bot.text import clip, noun, plural
from bot.ui.markdown import escaped

CONTROLS: Final = ("close", "extend", "reopen", "edit", "missing")
# Anchored at the end: Slack's listeners search an id, so "…:manage" must not take "…:manage:close".
MANAGE_PATTERN: Final = r"roundtable:poll:(?P<poll_id>\d{1,20}):manage$"
CONTROL_PATTERN: Final = rf"roundtable:poll:(?P<poll_id>\d{{1,20}}):manage:(?P<control>{'|'.join(CONTROLS)})$"
FORM_PATTERN: Final = r"roundtable:poll:(?P<poll_id>\d{1,20}):manage:(?P<control>extend|reopen|edit):form$"
# Names shown at most in "who hasn't voted yet" (the rest are counted).
MISSING_SHOWN: Final = 60


def _link_text(text: str) -> str:
    """Inside a link a "]" of the text would end the link text: escape it too."""
    return text.replace("]", "\\]")


def control_id(poll_id: int, control: str) -> str:
    return f"roundtable:poll:{poll_id}:manage:{control}"


def form_id(poll_id: int, control: str) -> str:
    return f"roundtable:poll:{poll_id}:manage:{control}:form"


def _status(state: PollState, stamp: Stamp) -> str:
    poll = state.poll
    if poll.closed_at is not None:
        return f"Closed {stamp(poll.closed_at, 'f')}."
    if is_scheduled(state.poll) and poll.opens_at is not None:
        return f"Scheduled: it posts itself {stamp(poll.opens_at, 'R')}."
    if poll.closes_at is not None:
        return f"Open; closes {stamp(poll.closes_at, 'R')}."
    return "Open, with no close time: it runs until closed."


def panel_card(panel: Panel, stamp: Stamp) -> Card:
    """The poll's counts (the viewer manages it, so may see them in every mode) and its state."""
    state = panel.state
    poll, tally = state.poll, state.tally
    lines = [
        f"**Manage poll #{poll.id}** · {plural(tally.voters, 'voter')} · only you see this",
        "",
        *option_lines(state, counts=True),
        "",
        _status(state, stamp),
    ]
    if poll.results_mode != "live" and poll.closed_at is None:
        lines.append("These counts are hidden from the members until the poll closes.")
    if poll.results_mode == "creator":
        lines.append("Only you and the moderators ever see these counts.")
    if poll.remind_minutes is not None and poll.closed_at is None:
        sent = " (sent)" if poll.reminded_at is not None else ""
        lines.append(f"Reminder {plural(poll.remind_minutes, 'minute')} before the close{sent}.")
    if not panel.can_edit and poll.closed_at is None and tally.voters:
        lines.append("The question and options can't be edited: members have voted.")
    return Card(
        title=clip(escaped(poll.question), TITLE_LIMIT),
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=OPEN_COLOUR if poll.closed_at is None else CLOSED_COLOUR,
        footer=f"Poll #{poll.id}",
    )


def panel_buttons(panel: Panel) -> list[list[Control]]:
    poll = panel.state.poll
    row: list[Control] = []
    if poll.closed_at is None:
        row.append(Button(label="Close now", action=control_id(poll.id, "close"), style="danger"))
        row.append(Button(label="Extend", action=control_id(poll.id, "extend")))
    else:
        row.append(Button(label="Reopen", action=control_id(poll.id, "reopen"), style="primary"))
    if panel.can_edit:
        row.append(Button(label="Edit", action=control_id(poll.id, "edit")))
    if panel.can_list_missing:
        row.append(Button(label="Who hasn't voted", action=control_id(poll.id, "missing")))
    return [row]


def panel_reply(panel: Panel, stamp: Stamp) -> Reply:
    return Reply(cards=[panel_card(panel, stamp)], rows=panel_buttons(panel), private=True)


def scheduled_text(state: PollState, stamp: Stamp) -> str:
    """The creator's private answer to a poll with a scheduled start."""
    poll = state.poll
    assert poll.opens_at is not None
    text = f"Poll #{poll.id} is scheduled: it posts itself in this channel {stamp(poll.opens_at, 'f')}"
    if poll.closes_at is not None:
        text += f" and closes {stamp(poll.closes_at, 'f')}"
    return text + ". Manage it before then with /poll manage."


def reminder_text(state: PollState, stamp: Stamp, link: JumpLink = no_link) -> str:
    """The reminder, posted once in the poll's channel (it pings nobody)."""
    poll = state.poll
    assert poll.closes_at is not None
    question = escaped(poll.question, 200)
    url = link(poll.guild_id, poll.channel_id, poll.message_id)
    shown = f"[{_link_text(question)}]({url})" if url else f"“{question}”"
    return (
        f"⏰ Reminder: poll #{poll.id} {shown} closes {stamp(poll.closes_at, 'R')}. Vote if you haven't yet."
    )


def closed_now_text(state: PollState) -> str:
    return f"Poll #{state.poll.id} is closed. The results are posted in the channel."


def closed_by_manager_text(state: PollState) -> str:
    """What the channel is told when a manager closes the poll (with the results, when public)."""
    if counts_public(state.poll):
        return f"Poll #{state.poll.id} was closed."
    return f"Poll #{state.poll.id} was closed. Its results are for its creator and the moderators."


def closed_privately_text(state: PollState) -> str:
    poll_id = state.poll.id
    return f"Poll #{poll_id} is closed. Only its creator and the moderators see its results: here they are."


def extended_text(state: PollState, stamp: Stamp) -> str:
    poll = state.poll
    assert poll.closes_at is not None
    return f"Poll #{poll.id} now closes {stamp(poll.closes_at, 'f')}."


def reopened_text(state: PollState, stamp: Stamp) -> str:
    poll = state.poll
    until = f"until {stamp(poll.closes_at, 'f')}" if poll.closes_at is not None else "until you close it"
    return f"Poll #{poll.id} is open again, {until}. Its votes are kept."


def edited_text(state: PollState) -> str:
    return f"Poll #{state.poll.id} is updated: {plural(len(state.poll.options), 'option')}."


def missing_text(found: NotVoted, names: Mapping[int, str], space: str) -> str:
    """Who has not voted yet, by name, never as a mention. ``space``: "server" or "workspace"."""
    poll = found.poll
    days = RECENT.days
    if not found.members:
        return (
            f"Everyone who took part in this {space}'s polls or debates in the last {days} days has "
            f"voted on poll #{poll.id} ({plural(found.voters, 'voter')})."
        )
    everyone = sorted((names.get(m, "a member who left") for m in found.members), key=str.casefold)
    shown = [escaped(name, 80) for name in everyone[:MISSING_SHOWN]]
    rest = len(found.members) - len(shown)
    listed = ", ".join(shown) + (f", and {rest} more" if rest else "")
    who = noun(len(found.members), "member")
    return (
        f"Not voted yet on poll #{poll.id}: {listed}. "
        f"({len(found.members)} {who} of those who took part in this {space}'s polls or debates in the "
        f"last {days} days; {plural(found.voters, 'voter')} so far. "
        "Only you see this, and nobody was pinged.)"
    )


def no_closed_polls(space: str) -> str:
    return f"No polls have closed in this {space} yet."


def closed_list_lines(space_id: int, listed: ClosedList, stamp: Stamp, link: JumpLink = no_link) -> list[str]:
    """The closed polls with their results, where the viewer may see them."""
    lines = []
    for item in listed.items:
        poll, tally = item.poll, item.tally
        question = escaped(poll.question, 90)
        url = link(space_id, poll.channel_id, poll.message_id)
        title = f"[{_link_text(question)}]({url})" if url else question
        assert poll.closed_at is not None
        extras = [f"closed {stamp(poll.closed_at, 'R')}"]
        if may_see_counts(poll, viewer_id=listed.viewer_id, moderator=listed.moderator):
            extras.append(plural(tally.voters, "voter"))
            runoff = item.runoff
            if runoff is not None and runoff.winners:
                # A ranked poll's result is its instant runoff, not its first choices.
                last = runoff.rounds[-1]
                top = ", ".join(escaped(poll.options[i], 60) for i in runoff.winners)
                label = "tied" if runoff.tie else "won"
                count = last.count(runoff.winners[0])
                extras.append(
                    f"**{top}** {label} by instant runoff ({count} of {last.active} in round {last.number})"
                )
            elif tally.leaders:
                top = ", ".join(escaped(poll.options[i], 60) for i in tally.leaders)
                count = tally.counts[tally.leaders[0]]
                label = "tied" if len(tally.leaders) > 1 else "won"
                extras.append(f"**{top}** {label} ({count}, {tally.percent(tally.leaders[0]):.0f}%)")
            if poll.results_mode == "creator":
                extras.append("counts for its creator and moderators only")
        else:
            extras.append("results for its creator and moderators only")
        if poll.anonymous:
            extras.append("anonymous")
        lines.append(f"**#{poll.id}** {title} — {' · '.join(extras)}")
    if listed.more:
        lines.append("…and older closed polls (name them by number in /poll results).")
    return lines


@refusals.reason("poll.not-open")
def _not_open(facts: Mapping[str, object], spell: Spelling) -> str:
    return (
        f"Poll #{facts['number']} hasn't opened yet: it posts itself at its start, and votes count from then."
    )
