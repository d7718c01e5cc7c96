"""What polls say, on both front ends: the poll message, its results, vote receipts, the list of
open polls, the export's note, and the wording of the polls' refusals.

Each front end renders these its own way (Discord: an embed and ``PollButton``s; Slack: Block
Kit with buttons). What differs between them is passed in: how a time is shown (Discord's
``<t:…>`` stamps, or Slack's dates: bot/replies/moments.py), a jump link where the platform has one, and how a
command is spelled. The commands named here take no options, so they read the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from bot.replies import refusals
from bot.replies.commands import Spelling
from bot.replies.model import Attachment, Button, Card, Control, Reply
from bot.services.polls import (
    OpenPoll,
    PollExport,
    PollState,
    RankingResult,
    Round,
    VoteResult,
    counts_public,
    export_csv,
    rank_slots,
    stance_of,
)
from bot.services.positions import STANCES
from bot.text import clip, noun, plural
from bot.ui.markdown import escaped

BAR_WIDTH = 10
OPEN_COLOUR = 0x5865F2  # Discord's blurple
CLOSED_COLOUR = 0x2B2D31  # the charts' background (bot.ui.charts.BACKGROUND)
LIST_LIMIT = 25
BUTTONS_PER_ROW = 5
MAX_ROWS = 5  # a Discord message's rows of buttons (the poll message keeps to them on Slack too)
# Discord's embed limits: the poll message is an embed there (Slack cuts to its own, smaller ones).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096

# How a front end shows a moment: ``style`` "f" (date and time) or "R" (relative, "in 5 minutes").
Stamp = Callable[[datetime, str], str]
# A link to a poll's message, when the platform has one: (space, channel, message) -> url.
JumpLink = Callable[[int, int, int | None], str | None]


def no_link(_space: int, _channel: int, _message: int | None) -> str | None:
    return None


def custom_id(poll_id: int, option: int) -> str:
    """A poll button's action: the same namespaced id on both platforms."""
    return f"roundtable:poll:{poll_id}:{option}"


ACTION_PATTERN = r"roundtable:poll:(?P<poll_id>\d{1,20}):(?P<option>\d{1,3})"
# The controls row's buttons (the last row): a ranked poll's Rank, and Add option.
RANK_PATTERN = r"roundtable:poll:(?P<poll_id>\d{1,20}):rank"
ADD_PATTERN = r"roundtable:poll:(?P<poll_id>\d{1,20}):add"


def rank_id(poll_id: int) -> str:
    return f"roundtable:poll:{poll_id}:rank"


def add_id(poll_id: int) -> str:
    return f"roundtable:poll:{poll_id}:add"


RANK_LABEL = "Rank…"
ADD_LABEL = "Add option"


def bar(percent: float) -> str:
    filled = round(percent / 100 * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def _credit(state: PollState, index: int) -> str:
    """ " (added by Bob)" for an option a member added to a named poll."""
    name = state.credits.get(index)
    return f" *(added by {escaped(name, 80)})*" if name else ""


def option_lines(state: PollState, *, counts: bool) -> list[str]:
    poll, tally = state.poll, state.tally
    if not counts:
        return [f"{i + 1}. {escaped(option)}{_credit(state, i)}" for i, option in enumerate(poll.options)]
    return [
        f"`{bar(tally.percent(i))}` **{escaped(option)}** — {tally.counts[i]} · {tally.percent(i):.0f}%"
        + _credit(state, i)
        for i, option in enumerate(poll.options)
    ]


def _voters(count: int) -> str:
    return plural(count, "voter")


def notes(state: PollState, stamp: Stamp) -> list[str]:
    """How the poll works, in a few lines under the options (privacy first)."""
    poll = state.poll
    lines = []
    if poll.closed_at is None:
        if poll.ranked:
            slots = rank_slots(poll)
            what = "your order of the options" if slots == len(poll.options) else f"your top {slots}"
            lines.append(
                f"Ranked choice: press **{RANK_LABEL}** to give {what}; press it again to change it. "
                "The winner is found by instant runoff."
            )
        elif poll.multiple and poll.max_choices is not None:
            lines.append(f"Multiple choice, up to {poll.max_choices}: click options to add or remove them.")
        elif poll.multiple:
            lines.append("Multiple choice: click options to add or remove them.")
        else:
            lines.append("Single choice: click an option to vote; click another to change your vote.")
        if poll.member_options:
            credit = " (not credited: the poll is anonymous)" if poll.anonymous else ""
            lines.append(f"Members can add options with **{ADD_LABEL}**{credit}.")
    if poll.anonymous:
        lines.append("**Anonymous**: nobody, moderators included, can see who voted what.")
    else:
        lines.append(
            "Votes are not anonymous: the poll's creator and the moderators can export who voted what "
            "(/poll export)."
        )
    if poll.results_mode == "after_close" and poll.closed_at is None:
        lines.append(
            "Results are hidden until the poll closes; until then only its creator and the "
            "moderators can see them, privately (/poll results)."
        )
    elif poll.results_mode == "creator":
        lines.append(
            "Results are for the poll's creator and the moderators only, privately (/poll results), "
            "also after it closes."
        )
    if state.motion is not None:
        lines.append(f"Linked to motion #{state.motion.number}: {escaped(state.motion.title, 200)}")
        if poll.anonymous:
            lines.append(
                "Votes are **not** recorded in the stance ledger: "
                "a ledger entry would tie a vote to a member."
            )
        elif poll.results_mode == "creator":
            lines.append(
                "Votes are **not** recorded in the stance ledger: the ledger is public, "
                "these results are not."
            )
        elif poll.results_mode != "live":
            lines.append("Each vote becomes the voter's stance in the ledger when the poll closes.")
        else:
            lines.append("Each vote is recorded as the voter's stance in the ledger.")
    if poll.closed_at is not None:
        lines.append(f"Closed {stamp(poll.closed_at, 'f')}.")
    elif poll.closes_at is not None:
        lines.append(f"Closes {stamp(poll.closes_at, 'R')}.")
    return lines


def poll_card(state: PollState, stamp: Stamp) -> Card:
    """The poll message: options (with live counts unless hidden) and how the poll works."""
    poll = state.poll
    visible = state.results_visible
    body = "\n".join(option_lines(state, counts=visible))
    if visible and state.runoff is not None:
        body = "First choices:\n" + body
        if poll.closed_at is not None:
            body += "\n\n" + runoff_outcome(state)
    footer = f"Poll #{poll.id}"
    if visible:
        footer += f" · {_voters(state.tally.voters)}"
    if poll.closed_at is not None:
        footer += " · closed"
    return Card(
        title=clip(escaped(poll.question), TITLE_LIMIT),
        description=clip(body + "\n\n" + "\n".join(notes(state, stamp)), DESCRIPTION_LIMIT),
        colour=OPEN_COLOUR if poll.closed_at is None else CLOSED_COLOUR,
        footer=footer,
    )


def poll_buttons(state: PollState) -> list[list[Control]]:
    """One button per option, five to a row (25 options fill 5 rows); none once it is closed;
    then the controls row ("Manage") when the message has a row left (Discord holds 5).

    Labels are in the replies' markup (member text escaped), as Slack's renderer reads them; the
    Discord side draws its own ``PollButton``s with the plain labels (cogs/polls/_views.py).
    """
    poll = state.poll
    rows: list[list[Control]] = []
    if poll.closed_at is None and not poll.ranked:
        buttons: list[Control] = [
            Button(label=escaped(option), action=custom_id(poll.id, i))
            for i, option in enumerate(poll.options)
        ]
        rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    # The controls row, last: Rank and Add option while open, and "Manage" (kept once closed,
    # for Reopen), when a row is free.
    if len(rows) < MAX_ROWS:
        rows.append([*control_buttons(state), manage_button(poll.id)])
    return rows


def control_buttons(state: PollState) -> list[Control]:
    """The last row's controls of an open poll: Rank (ranked polls), Add option (member options)."""
    poll = state.poll
    controls: list[Control] = []
    if poll.closed_at is not None:
        return controls
    if poll.ranked:
        controls.append(Button(label=RANK_LABEL, action=rank_id(poll.id), style="primary"))
    if poll.member_options:
        controls.append(Button(label=ADD_LABEL, action=add_id(poll.id)))
    return controls


def manage_id(poll_id: int) -> str:
    """The poll message's "Manage" button (bot/replies/poll_manage.py has its panel)."""
    return f"roundtable:poll:{poll_id}:manage"


def manage_button(poll_id: int) -> Button:
    """The poll message's one control for its creator and the moderators (others are told so)."""
    return Button(label="Manage", action=manage_id(poll_id), emoji="⚙️")


def poll_reply(state: PollState, stamp: Stamp) -> Reply:
    """The poll message with its buttons (while it is open)."""
    return Reply(cards=[poll_card(state, stamp)], rows=poll_buttons(state))


def chart_filename(poll_id: int) -> str:
    return f"poll-{poll_id}.png"


def results_card(state: PollState, url: str | None = None) -> Card:
    """Counts, shares and the bar chart (attached as ``poll-<id>.png``, its alt text on the file)."""
    poll, tally = state.poll, state.tally
    status = "Final results" if poll.closed_at is not None else "Results so far (the poll is open)"
    lines = [f"**{status}** · {_voters(tally.voters)}", "", *option_lines(state, counts=True)]
    if state.runoff is not None:
        lines[2:2] = ["First choices:"]
        lines += ["", "**Instant runoff**", *runoff_lines(state), "", runoff_outcome(state)]
    elif tally.leaders:
        leaders = ", ".join(escaped(poll.options[i]) for i in tally.leaders)
        lines += ["", f"Most votes: **{leaders}** ({tally.counts[tally.leaders[0]]})"]
    if poll.multiple:
        lines.append("Members could pick several options, so the shares add up to more than 100%.")
    if poll.anonymous:
        lines.append("Anonymous poll: only counts are kept, never who voted what.")
    if not counts_public(poll):
        lines.append(
            "Only you can see this: the results are for the poll's creator and the moderators"
            + (" until it closes." if poll.results_mode == "after_close" else ".")
        )
    return Card(
        title=clip(escaped(poll.question), TITLE_LIMIT),
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=CLOSED_COLOUR if poll.closed_at is not None else OPEN_COLOUR,
        url=url,
        image=chart_filename(poll.id),
        footer=f"Poll #{poll.id}",
    )


def closed_text(state: PollState) -> str:
    """The line over the results the timed close posts (alone, when they are not public)."""
    if not state.results_visible:
        return (
            f"Poll #{state.poll.id} has closed. Its results are for its creator and the moderators "
            "(/poll results)."
        )
    return f"Poll #{state.poll.id} has closed."


# ---------------------------------------------------------------- ranked polls


def _names(state: PollState, indices: tuple[int, ...] | list[int]) -> str:
    names = [f"**{escaped(state.poll.options[i])}**" for i in indices]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _round_line(state: PollState, count: Round) -> str:
    poll = state.poll
    standing = sorted(
        (i for i, c in enumerate(count.counts) if c is not None), key=lambda i: (-count.count(i), i)
    )
    shown = " · ".join(f"{escaped(poll.options[i])} {count.count(i)}" for i in standing)
    line = f"Round {count.number}: {shown}"
    if count.exhausted:
        line += f" ({plural(count.exhausted, 'ballot')} with no choice left)"
    if count.eliminated:
        out = _names(state, count.eliminated)
        many = len(count.eliminated) > 1
        fewest = count.count(count.eliminated[0])
        if count.tie_rule == "earlier-round":
            line += (
                f" — tied for the fewest ({fewest}); {out} had fewer in an earlier round, "
                f"so {'they are' if many else 'it is'} eliminated."
            )
        elif count.tie_rule == "together":
            line += f" — {out} tie for the fewest ({fewest}) in every round so far: all are eliminated."
        else:
            verbs = ("have", "are") if many else ("has", "is")
            line += f" — {out} {verbs[0]} the fewest and {verbs[1]} eliminated."
    return line


def runoff_lines(state: PollState) -> list[str]:
    """Each instant-runoff round in words."""
    runoff = state.runoff
    return [_round_line(state, r) for r in runoff.rounds] if runoff is not None else []


def runoff_outcome(state: PollState) -> str:
    """Who won the instant runoff, and how (or the tie, or nobody yet)."""
    runoff = state.runoff
    if runoff is None or not runoff.rounds:
        return "No rankings yet."
    last = runoff.rounds[-1]
    if runoff.winner is not None:
        votes = last.count(runoff.winner)
        share = 100 * votes / last.active if last.active else 0
        verb = "wins" if state.poll.closed_at is not None else "leads"
        return (
            f"{_names(state, [runoff.winner])} {verb} with {votes} of {last.active} ballots "
            f"({share:.0f}%) in round {last.number}: a majority."
        )
    if runoff.tie:
        return (
            f"A tie: {_names(state, runoff.winners)} have {last.count(runoff.winners[0])} each in round "
            f"{last.number} and no option is left to eliminate."
        )
    return "No rankings yet."


def runoff_words(state: PollState) -> str:
    """The rounds and the outcome as plain text (the chart's alt text)."""
    parts = [*runoff_lines(state), runoff_outcome(state)]
    return " ".join(p.replace("**", "") for p in parts)


def place_label(place: int) -> str:
    """A ranking form's field: "1st choice", "2nd choice", "3rd choice", "4th choice"..."""
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix} choice"


def rank_receipt(result: RankingResult) -> str:
    """The private answer to a submitted ranking."""
    order = ", ".join(f"{place}. **{escaped(option)}**" for place, option in enumerate(result.order, 1))
    text = ("Changed your ranking to: " if result.replaced else "Your ranking: ") + order + "."
    if result.state.poll.anonymous:
        text += " This poll is anonymous: nobody else can see your ranking."
    return text


def option_added(state: PollState, label: str) -> str:
    """The private answer to an added option."""
    poll = state.poll
    credit = "" if poll.anonymous else " It is credited to you on the poll."
    return f"Added **{escaped(label)}** to poll #{poll.id}.{credit}"


def vote_receipt(result: VoteResult) -> str:
    """The private answer to a click."""
    poll = result.state.poll
    option = escaped(result.option)
    if result.action == "changed":
        text = f"Changed your vote from **{escaped(result.previous or '')}** to **{option}**."
    elif result.action == "unchanged":
        text = f"You already voted for **{option}**. Click another option to change your vote."
    elif poll.multiple:
        verb = "Added" if result.action == "added" else "Removed"
        chosen = ", ".join(f"**{escaped(c)}**" for c in result.chosen)
        text = f"{verb} **{option}**. " + (
            f"Your choices: {chosen}." if chosen else "You have no choices on this poll now."
        )
    else:
        text = f"You voted for **{option}**."
    if result.action in ("added", "changed") and result.state.records_stances and result.state.motion:
        value = stance_of(result.option)
        stance = STANCES[value] if value is not None else result.option
        when = "when the poll closes" if poll.results_mode != "live" else "now"
        text += f" The ledger records your stance on motion #{result.state.motion.number} as {stance} {when}."
    if poll.anonymous:
        text += " This poll is anonymous: nobody else can see your vote."
    return text


def updates_poll_message(result: VoteResult) -> bool:
    """Whether a vote changes what the poll message shows (live counts, unless hidden)."""
    return result.state.results_visible and result.action != "unchanged"


def no_open_polls(space: str) -> str:
    """``space``: "server" on Discord, "workspace" on Slack."""
    return f"No polls are open in this {space}. Start one with /poll create."


def list_lines(space_id: int, items: list[OpenPoll], stamp: Stamp, link: JumpLink = no_link) -> list[str]:
    lines = []
    for item in items[:LIST_LIMIT]:
        poll = item.poll
        question = escaped(poll.question, 90)
        url = link(space_id, poll.channel_id, poll.message_id)
        # Inside a link a "]" of the question would end the link text: escape it too.
        link_text = question.replace("]", "\\]")
        title = f"[{link_text}]({url})" if url else question
        extras = [_voters(item.voters) if counts_public(poll) else "results hidden"]
        if poll.anonymous:
            extras.append("anonymous")
        if poll.opens_at is not None and poll.message_id is None:
            extras.append(f"opens {stamp(poll.opens_at, 'R')}")
        if poll.closes_at is not None:
            extras.append(f"closes {stamp(poll.closes_at, 'R')}")
        lines.append(f"**#{poll.id}** {title} — {' · '.join(extras)}")
    if len(items) > LIST_LIMIT:
        more = len(items) - LIST_LIMIT
        lines.append(f"…and {more} older open {noun(more, 'poll')} (name them by number).")
    return lines


def export_note(data: PollExport) -> str:
    """What the CSV holds, and why when it holds counts only."""
    poll = data.poll
    if poll.anonymous:
        what = "counts per option only: the poll is anonymous, so no voter is recorded anywhere"
    elif not data.per_voter:
        what = (
            "counts per option only: who voted what is for the poll's creator and moderators "
            "(the same counts as /poll results)"
        )
    else:
        what = "one row per vote, with the voter"
        hidden = data.pseudonymous_voters
        if hidden:
            what += (
                f"; {plural(hidden, 'voter')} who {'keeps' if hidden == 1 else 'keep'} their stances "
                "private appear under the pseudonym /export positions gives them"
            )
    return f"Poll #{poll.id} as CSV: {what}."


def export_file(
    data: PollExport, names: Mapping[int, str], shown_ids: Mapping[int, str] | None = None
) -> Attachment:
    """The CSV file; ``names``: the named voters' display names; ``shown_ids``: their platform ids."""
    text = export_csv(data, names, shown_ids)
    return Attachment(filename=f"poll-{data.poll.id}.csv", data=text.encode("utf-8"))


def export_reply(data: PollExport, names: Mapping[int, str], shown_ids: Mapping[int, str]) -> Reply:
    """The note and the file, privately (Slack puts the file in the member's direct messages)."""
    return Reply(text=export_note(data), files=[export_file(data, names, shown_ids)], private=True)


# ---------------------------------------------------------------- refusals


@refusals.reason("poll.missing")
def _missing(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"There is no poll #{facts['number']} here. /poll list shows the open ones."


@refusals.reason("poll.none-yet")
def _none_yet(facts: Mapping[str, object], spell: Spelling) -> str:
    kind = "open polls" if facts.get("open_only") else "polls"
    return f"There are no {kind} here yet. Start one with /poll create."


@refusals.reason("poll.no-match")
def _no_match(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"No poll matches {str(facts['typed'])!r}. /poll list shows the open ones."


@refusals.reason("poll.closed")
def _closed(facts: Mapping[str, object], spell: Spelling) -> str:
    return (
        f"Poll #{facts['number']} is closed: votes are no longer counted. /poll results shows how it ended."
    )


@refusals.reason("poll.already-closed")
def _already_closed(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"Poll #{facts['number']} is already closed. /poll results shows how it ended."


@refusals.reason("poll.results-hidden")
def _results_hidden(facts: Mapping[str, object], spell: Spelling) -> str:
    if facts.get("mode") == "creator":
        return (
            f"The results of poll #{facts['number']} are for its creator and the moderators only, "
            "also after it closes."
        )
    return (
        f"The results of poll #{facts['number']} are hidden until it closes; until then only its "
        "creator and the moderators can see them."
    )


@refusals.reason("poll.max-choices")
def _max_choices(facts: Mapping[str, object], spell: Spelling) -> str:
    chosen = facts.get("chosen")
    picked = ", ".join(f"**{escaped(str(c))}**" for c in chosen) if isinstance(chosen, list) else ""
    return (
        f"Poll #{facts['number']} lets each member pick up to {facts['most']} options, and you have: "
        f"{picked}. Click one of them to remove it first."
    )


@refusals.reason("poll.ranked")
def _ranked(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"Poll #{facts['number']} is ranked: press {RANK_LABEL} to order the options."


@refusals.reason("poll.rank-twice")
def _rank_twice(facts: Mapping[str, object], spell: Spelling) -> str:
    return (
        f"You put the same option in places {facts['first']} and {facts['place']}: give each "
        "option one place."
    )


@refusals.reason("poll.no-member-options")
def _no_member_options(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"Only the creator of poll #{facts['number']} sets its options: it does not take members' options."


@refusals.reason("poll.options-full")
def _options_full(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"Poll #{facts['number']} has {facts['most']} options, the most its message can hold."
