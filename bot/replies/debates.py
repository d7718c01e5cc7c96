"""What debates say, on both front ends: the sentences (receipts, clock changes, the verdict and
who was scored), the neutral cards Slack shows (the board, a speech's live clock, the post-vote,
status, the result, a prompt), their buttons, and the wording of the debates' refusals.

Discord draws its own embeds from the same sentences (cogs/debates/_render.py), so its texts,
colours and custom ids stay as they were. What differs between the platforms is passed in: how
a moment is shown (Discord's ``<t:…>`` stamps, Slack's dates: bot/replies/moments.py) and how a
command is spelled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Final

from bot.models import Choice, DebateArgument, Motion, Side
from bot.replies import refusals
from bot.replies.commands import Spelling
from bot.replies.model import Button, ButtonStyle, Card, Control, Reply
from bot.services import debates
from bot.services.debate_result import DebateResult, TallyResult
from bot.services.debate_scoring import CHOICES, MIN_SCORED, SIDES
from bot.services.debates import Closed, Joined, SpeechState, Status
from bot.services.motions import Sides
from bot.text import chunk_lines, clip, plural
from bot.ui.markdown import escaped
from bot.ui.motion_grounds import grounds_text

COLOUR: Final = 0x0072B2
CLOSED_COLOUR: Final = 0x607D8B  # discord.Colour.dark_grey()
NAMES: Final[dict[str, str]] = {
    "for": "For",
    "against": "Against",
    "audience": "Audience",
    "undecided": "Undecided",
}
PHASES: Final[dict[str, str]] = {
    debates.PREVOTE: "Pre-vote: join a side or the audience, and vote",
    debates.SPEECHES: "Speeches",
    debates.POSTVOTE: "Post-vote: vote again, now that you have heard both sides",
    debates.CLOSED: "Closed",
}
# An argument is shortened to this in the result message; the transcript has it whole.
ARGUMENT_PREVIEW: Final = 300
UNKNOWN_MEMBER: Final = "a former member"
FIELD_LIMIT: Final = 1024  # a field's value (Discord's; Slack's fields are larger)
TITLE_LIMIT: Final = 256

# Buttons: the same namespaced ids on both platforms (``roundtable:debate:<id>:<what>``).
PREFIX: Final = "roundtable:debate"
JOIN_LABELS: Final[dict[str, str]] = {
    "for": "Join For",
    "against": "Join Against",
    "audience": "Audience",
    "debate": "Debate (steelman)",
}
VOTE_LABELS: Final[dict[str, str]] = {"for": "Vote For", "against": "Vote Against", "undecided": "Undecided"}
JOIN_ACTION: Final = rf"{PREFIX}:(?P<id>\d{{1,20}}):join:(?P<side>for|against|audience|debate)"
VOTE_ACTION: Final = rf"{PREFIX}:(?P<id>\d{{1,20}}):vote:(?P<choice>for|against|undecided)"
ARGUE_ACTION: Final = rf"{PREFIX}:(?P<id>\d{{1,20}}):argue"
# Slack's confirmation of ending from the pre-vote (Discord asks with a ConfirmView).
SKIP_ALL_ACTION: Final = rf"{PREFIX}:(?P<id>\d{{1,20}}):skip-all:(?P<answer>yes|no)"

# How a front end shows a moment ("R": relative, as Discord's stamps; see replies/moments.stamp_moment).
Stamp = Callable[[datetime, str], str]


def join_id(debate_id: int, side: str) -> str:
    return f"{PREFIX}:{debate_id}:join:{side}"


def vote_id(debate_id: int, choice: str) -> str:
    return f"{PREFIX}:{debate_id}:vote:{choice}"


def argue_id(debate_id: int) -> str:
    return f"{PREFIX}:{debate_id}:argue"


# ---------------------------------------------------------------- small pieces


def name(user_id: int, names: Mapping[int, str]) -> str:
    """A member's display name (escaped), where a mention would show as a raw id in previews."""
    return escaped(names.get(user_id, UNKNOWN_MEMBER))


def clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def points(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def motion_line(motion: Motion) -> str:
    return f"#{motion.number} {motion.title}"


def roster(ids: list[int], names: Mapping[int, str]) -> str:
    return ", ".join(name(i, names) for i in ids) if ids else "nobody yet"


def context(motion: Motion) -> str:
    paragraphs = ", ".join(f"¶{p}" for p in motion.paragraphs)
    return f"{motion.context}" + (f"\n*From the text: {paragraphs}*" if paragraphs else "")


def split(counts: Mapping[Choice, int]) -> str:
    return ", ".join(f"{NAMES[c]} {n}" for c, n in counts.items())


def how_it_runs(debate_assign: str, speech_seconds: int, rounds: list[str]) -> str:
    order = " → ".join(r.title() for r in rounds)
    join = (
        "1. Pick **Debate (steelman)** and the bot puts you on the side opposite your logged stance "
        "(keeping the sides even), or join the audience."
        if debate_assign == "counter"
        else "1. Join For, Against or the audience."
    )
    return (
        f"{join}\n"
        "2. Everyone votes For, Against or Undecided (the pre-vote).\n"
        f"3. Speeches, {clock(speech_seconds)} each, For first in every round: {order}.\n"
        "4. Everyone votes again. The side that moved the room most wins."
    )


def speech_title(state: SpeechState) -> str:
    speech = state.speech
    return f"Speech {speech.index + 1} of {state.total}: {speech.round_name.title()}, {NAMES[speech.side]}"


def speaker(state: SpeechState, names: Mapping[int, str]) -> str:
    return name(state.speaker_id, names) if state.speaker_id else f"A {NAMES[state.speech.side]} debater"


# ---------------------------------------------------------------- receipts and clock changes

LIVE_CLOCK: Final = " The speech's message shows it."
SKIPPED_TEXT: Final = "Every speech skipped: the post-vote is open."
CANCELLED_TEXT: Final = "Cancelled: nothing changed."


def join_text(joined: Joined, *, prevote_open: bool, spell: Spelling) -> str:
    text = (
        "You are in the **audience**."
        if joined.side == "audience"
        else f"You debate **{NAMES[joined.side]}**."
    )
    if joined.note:
        text += f" {joined.note}"
    if prevote_open:
        text += f" Don't forget to vote ({spell('debate vote')})."
    return text


def vote_text(phase: str, choice: str) -> str:
    until = "the speeches start" if phase == "pre" else "a moderator closes the vote"
    return (
        f"Your {phase}-vote: **{NAMES[choice]}**. You can change it until {until}; "
        "only your last vote counts."
    )


def argument_text(argument: DebateArgument, speaker_name: str) -> str:
    return f"🗣️ **{NAMES[argument.side]}** · {argument.round_name}, {escaped(speaker_name)}:\n{argument.text}"


def paused_text(state: SpeechState) -> str:
    return f"⏸️ Paused with {clock(state.remaining)} left in the {state.speech.round_name} speech.{LIVE_CLOCK}"


def resumed_text(state: SpeechState) -> str:
    return f"▶️ Resumed: {clock(state.remaining)} left in the {state.speech.round_name} speech.{LIVE_CLOCK}"


def extended_text(state: SpeechState, seconds: int) -> str:
    return (
        f"➕ {seconds} s added: {clock(state.remaining)} left in the {state.speech.round_name} speech."
        f"{LIVE_CLOCK}"
    )


def skip_all_text() -> str:
    return (
        "No speech has been given yet: ending now closes the pre-vote, skips **every** speech and "
        "opens the post-vote. Skip all the speeches?"
    )


def closed_line(motion: Motion) -> str:
    return f"The debate on **{motion_line(motion)}** is closed."


def transcript_text(debate_id: int, motion: Motion, arguments: int) -> str:
    return (
        f"The transcript of debate {debate_id} (#{motion.number}): "
        f"{plural(arguments, 'argument')}, by round and speaker."
    )


def transcript_filename(debate_id: int) -> str:
    return f"debate-{debate_id}-transcript.md"


# ---------------------------------------------------------------- the result's sentences


def verdict(result: DebateResult) -> str:
    """Who won, by how much, and why when the final count says otherwise."""
    pre, post, shift = result.pre.percent, result.post.percent, result.shift

    def gain(side: Side) -> str:
        return f"{NAMES[side]} {points(shift[side])} points ({pre[side]:.0f}% → {post[side]:.0f}%)"

    winner = result.winner
    if winner == "none":
        return "No winner: the room has to vote both before and after the speeches to score a debate."
    if winner == "tie":
        return f"**A tie**: both sides moved the room equally. {gain('for')}; {gain('against')}."
    loser: Side = "against" if winner == "for" else "for"
    text = f"**{NAMES[winner]} wins** by moving the room most: {gain(winner)}; {gain(loser)}."
    if result.upset:
        leader = result.leader
        if leader == "tie":
            text += f"\nThe final vote is level, but {NAMES[winner]} gained more, so {NAMES[winner]} wins."
        elif leader != "none":
            text += (
                f"\n{NAMES[leader]} has more final votes ({post[leader]:.0f}% to {post[winner]:.0f}%), "
                f"but {NAMES[winner]} gained more, so {NAMES[winner]} wins: "
                "Oxford-style debates are won by the shift, not by the final count."
            )
    return text


def tally_lines(tally: TallyResult) -> str:
    return "\n".join(f"{NAMES[c]}: {tally.percent[c]:.0f}% ({tally.counts[c]})" for c in CHOICES)


def moves_lines(result: DebateResult, names: Mapping[int, str]) -> list[str]:
    named = [m for m in result.moves if not m.private]
    hidden = [m for m in result.moves if m.private]
    lines = [
        f"{name(m.user_id, names)}: {NAMES[m.before]} → {NAMES[m.after]} (towards {NAMES[m.direction]})"
        for m in named
    ]
    if hidden:
        towards = {side: sum(1 for m in hidden if m.direction == side) for side in SIDES}
        lines.append(
            f"{plural(len(hidden), 'member')} with private stances moved too "
            f"({towards['for']} towards For, {towards['against']} towards Against)."
        )
    if not lines:
        lines.append("Nobody who voted both times changed their vote.")
    lines.append(f"{plural(result.stayed, 'member')} voted the same both times.")
    return lines


def scored_line(result: DebateResult) -> str:
    """Who the score rests on, who was left out, and whether there are too few to mean much."""
    text = f"Scored on the {plural(result.scored, 'member')} who voted both before and after."
    apart = []
    if result.pre_only:
        apart.append(f"{result.pre_only} only before")
    if result.post_only:
        apart.append(f"{result.post_only} only after")
    if apart:
        text += f" Not scored (they voted once): {', '.join(apart)}."
    if result.small:
        text += (
            f"\n⚠️ **Too few to mean much**: fewer than {MIN_SCORED} members voted both times, "
            f"so one changed vote swings a side by {100 // (MIN_SCORED - 1)} points or more."
        )
    return text


def argument_line(argument: DebateArgument, names: Mapping[int, str]) -> str:
    text = clip(argument.text, ARGUMENT_PREVIEW)
    return f"**{NAMES[argument.side]}**, {name(argument.user_id, names)}: {text}"


def chart_title(closed: Closed) -> str:
    shift = closed.result.shift
    return (
        f"#{closed.motion.number} before and after: For {points(shift['for'])}, "
        f"Against {points(shift['against'])} points"
    )


def chart_verdict(result: DebateResult) -> str:
    """The verdict's first line without markup (for the chart's alt text)."""
    return verdict(result).replace("**", "").split("\n")[0]


# ---------------------------------------------------------------- neutral cards (Slack)


def board_rows(status: Status) -> list[list[Control]]:
    """Join and pre-vote buttons under the board, only while the pre-vote is open."""
    debate = status.debate
    if debate.phase != debates.PREVOTE:
        return []
    sides = ("debate", "audience") if debate.assign == "counter" else ("for", "against", "audience")
    joins: list[Control] = [
        Button(JOIN_LABELS[s], join_id(debate.id, s), "secondary" if s == "audience" else "success")
        for s in sides
    ]
    return [joins, vote_buttons(debate.id)]


def vote_buttons(debate_id: int) -> list[Control]:
    styles: dict[str, ButtonStyle] = {"for": "primary", "against": "danger", "undecided": "secondary"}
    return [Button(VOTE_LABELS[c], vote_id(debate_id, c), styles[c]) for c in VOTE_LABELS]


def board_card(status: Status, spell: Spelling) -> Card:
    debate, motion = status.debate, status.motion
    card = Card(
        title=clip(f"Debate: {escaped(motion_line(motion))}", TITLE_LIMIT),
        description=escaped(motion.context) + _paragraphs(motion),
        colour=COLOUR if debate.phase != debates.CLOSED else CLOSED_COLOUR,
    )
    card.add_field("How it runs", how_it_runs(debate.assign, debate.speech_seconds, list(debate.rounds)))
    card.add_field("For", clip(roster(status.sides["for"], status.names), FIELD_LIMIT), inline=True)
    card.add_field("Against", clip(roster(status.sides["against"], status.names), FIELD_LIMIT), inline=True)
    card.add_field("Audience", plural(len(status.sides["audience"]), "member"), inline=True)
    pre = plural(status.votes["pre"], "vote")
    if status.pre_split is None:
        card.add_field("Pre-vote: open", f"{pre} so far. The split is shown when the pre-vote closes.")
    else:
        card.add_field(f"Pre-vote: closed, {pre}", split(status.pre_split))
    card.add_field("Now", PHASES[debate.phase])
    card.footer = f"Debate {debate.id} · {spell('debate status').strip('`')} shows where things stand"
    return card


def _paragraphs(motion: Motion) -> str:
    paragraphs = ", ".join(f"¶{p}" for p in motion.paragraphs)
    return f"\n*From the text: {paragraphs}*" if paragraphs else ""


def board_reply(status: Status, spell: Spelling) -> Reply:
    return Reply(cards=[board_card(status, spell)], rows=board_rows(status))


def speech_reply(
    debate_id: int,
    motion: Motion,
    state: SpeechState,
    names: Mapping[int, str],
    stamp: Stamp,
    spell: Spelling,
    *,
    warned: bool = False,
    over: bool = False,
) -> Reply:
    """A speech's live clock: one message per speech, edited on pause, resume, extend and warning;
    once over, it says so and its Argue button goes."""
    title = speech_title(state)
    who = speaker(state, names)
    footer = clip(motion_line(motion), 200)
    if over:
        card = Card(f"{title} (over)", f"{who} spoke. This speech is over.", CLOSED_COLOUR, footer=footer)
        return Reply(cards=[card])
    if state.paused:
        text = f"⏸️ **Paused** with {clock(state.remaining)} left. {who} has the floor."
    else:
        ends = f", ends {stamp(state.ends_at, 'R')}" if state.ends_at is not None else ""
        lines = [f"{who} has the floor: {clock(state.remaining)} on the clock{ends}."]
        if warned:
            lines.insert(0, f"⏳ **{clock(state.remaining)} left**: time to wrap up.")
        lines.append(
            f"Debaters: record your argument for this round with **Argue** or {spell('debate argue')}."
        )
        text = "\n".join(lines)
    card = Card(title, text, COLOUR, footer=footer)
    return Reply(cards=[card], rows=[[Button("Argue", argue_id(debate_id), "primary")]])


def postvote_reply(debate_id: int, motion: Motion, spell: Spelling, *, closed: bool = False) -> Reply:
    line = escaped(motion_line(motion))
    if closed:
        card = Card(
            "The post-vote is closed",
            f"**{line}**\nThe votes are counted: the result is posted below.",
            CLOSED_COLOUR,
        )
        return Reply(cards=[card])
    card = Card(
        "The speeches are over: the post-vote is open",
        f"**{line}**\nVote again, For, Against or Undecided ({spell('debate vote')}). "
        "Only your last vote counts, and only members who voted both times are scored. "
        f"A moderator closes the vote with {spell('debate close')}.",
        COLOUR,
    )
    return Reply(cards=[card], rows=[vote_buttons(debate_id)])


def status_card(status: Status) -> Card:
    debate, motion = status.debate, status.motion
    lines = [f"**Phase:** {PHASES[debate.phase]}"]
    if status.speech is not None:
        state = status.speech
        who = name(state.speaker_id, status.names) if state.speaker_id else "open floor"
        timer = "paused" if state.paused else "running"
        lines.append(
            f"**Speech {state.speech.index + 1} of {state.total}:** {state.speech.round_name.title()}, "
            f"{NAMES[state.speech.side]} ({who}), {clock(state.remaining)} left, {timer}"
        )
    card = Card(clip(f"Debate: {escaped(motion_line(motion))}", TITLE_LIMIT), "\n".join(lines), COLOUR)
    card.add_field("For", clip(roster(status.sides["for"], status.names), FIELD_LIMIT), inline=True)
    card.add_field("Against", clip(roster(status.sides["against"], status.names), FIELD_LIMIT), inline=True)
    card.add_field("Audience", plural(len(status.sides["audience"]), "member"), inline=True)
    pre = plural(status.votes["pre"], "vote")
    if status.pre_split is None:
        card.add_field("Pre-vote", f"{pre}; the split is shown when it closes")
    else:
        card.add_field(f"Pre-vote ({pre})", split(status.pre_split))
    if debate.phase in (debates.POSTVOTE, debates.CLOSED):
        card.add_field(
            "Post-vote", f"{plural(status.votes['post'], 'vote')}; counted when a moderator closes it"
        )
    return card


# Slack shows at most 50 blocks in a message; the result's cards keep well inside that.
RESULT_ARGUMENTS_LIMIT: Final = 12


def result_cards(closed: Closed, spell: Spelling, chart: str | None = None) -> list[Card]:
    """The verdict with the tallies and who moved; then the arguments, a few per round (the
    transcript has them all)."""
    result = closed.result
    summary = Card(
        title=clip(f"Result: {escaped(motion_line(closed.motion))}", TITLE_LIMIT),
        description=f"{verdict(result)}\n{scored_line(result)}",
        colour=COLOUR,
        footer=f"Debate {closed.debate.id} · votes and stances are in the positions ledger",
        image=chart,
    )
    summary.add_field(f"Before ({plural(result.pre.total, 'vote')})", tally_lines(result.pre), inline=True)
    summary.add_field(f"After ({plural(result.post.total, 'vote')})", tally_lines(result.post), inline=True)
    for i, page in enumerate(chunk_lines(moves_lines(result, closed.names), FIELD_LIMIT)[:3]):
        summary.add_field("Who moved" if i == 0 else "Who moved (more)", page)
    arguments = Card(title="Arguments by round", colour=COLOUR)
    shown = 0
    for round_name in closed.debate.rounds:
        in_round = [a for a in closed.arguments if a.round_name == round_name]
        room = max(0, RESULT_ARGUMENTS_LIMIT - shown)
        lines = [
            argument_line(a, closed.names) for a in in_round[: max(1, room // len(closed.debate.rounds))]
        ]
        shown += len(lines)
        pages = chunk_lines(lines, FIELD_LIMIT) if lines else ["No arguments recorded."]
        arguments.add_field(round_name.title(), pages[0])
    hidden = len(closed.arguments) - shown
    clipped = any(len(a.text) > ARGUMENT_PREVIEW for a in closed.arguments)
    notes = []
    if hidden > 0:
        notes.append(f"{plural(hidden, 'argument')} of {len(closed.arguments)} not shown here.")
    if clipped:
        notes.append(f"Arguments are shortened to {ARGUMENT_PREVIEW} characters here.")
    if notes:
        arguments.description = " ".join(notes) + f" {spell('debate transcript')} has every argument in full."
    return [summary, arguments]


def prompt_card(
    motion: Motion,
    for_names: list[str],
    against_names: list[str],
    sides: Sides | None,
    spell: Spelling,
) -> Card:
    card = Card(
        title=clip(f"Talk it over: {escaped(motion_line(motion))}", TITLE_LIMIT),
        description=escaped(motion.context) + _paragraphs(motion),
        colour=COLOUR,
    )
    if for_names:
        card.add_field("In the text, for", clip(escaped(", ".join(for_names)), FIELD_LIMIT), inline=True)
    if against_names:
        card.add_field(
            "In the text, against", clip(escaped(", ".join(against_names)), FIELD_LIMIT), inline=True
        )
    if sides is not None and (sides.grounds_for or sides.grounds_against):
        card.add_field("The case for", grounds_text(sides.grounds_for))
        card.add_field("The case against", grounds_text(sides.grounds_against))
    card.add_field(
        "Questions",
        "1. What is the strongest case for the motion?\n"
        "2. What is the strongest case against it?\n"
        "3. What fact from the text would change your mind?",
    )
    start = spell("debate start", motion=motion.number).strip("`")
    card.footer = f"Untimed. To debate it properly, a moderator can {start}"
    return card


# ---------------------------------------------------------------- refusals
# The commands named here take no options, so they read the same on both platforms.


@refusals.reason("debate.none-running")
def _none_running(facts: Mapping[str, object], spell: Spelling) -> str:
    return "No debate is running in this channel. A moderator can start one with /debate start."


@refusals.reason("debate.already-running")
def _already_running(facts: Mapping[str, object], spell: Spelling) -> str:
    return (
        f"A debate is already running here (on motion #{facts['number']}). "
        "Finish it with /debate end and /debate close, or start yours in another channel."
    )


@refusals.reason("debate.start-race")
def _start_race(facts: Mapping[str, object], spell: Spelling) -> str:
    return "Someone else just started a debate here. /debate status shows it; start yours in another channel."


@refusals.reason("debate.side-empty")
def _side_empty(facts: Mapping[str, object], spell: Spelling) -> str:
    who = facts["who"]
    how = (
        "The next member to ask to debate is put on the empty side."
        if facts.get("counter")
        else f"Someone must join {who} first."
    )
    return (
        f"Nobody debates {who} yet, so the speeches cannot start. {how} "
        "Or skip the speeches and go straight to the post-vote with /debate end."
    )


@refusals.reason("debate.postvote-open")
def _postvote_open(facts: Mapping[str, object], spell: Spelling) -> str:
    return "The speeches are over and the post-vote is open: /debate close counts it."


@refusals.reason("debate.postvote-already-open")
def _postvote_already_open(facts: Mapping[str, object], spell: Spelling) -> str:
    return "The post-vote is already open: /debate close counts it."


@refusals.reason("debate.no-speech")
def _no_speech(facts: Mapping[str, object], spell: Spelling) -> str:
    return "No speech is under way (the first /debate next starts the speeches)."


@refusals.reason("debate.already-paused")
def _already_paused(facts: Mapping[str, object], spell: Spelling) -> str:
    return "The speech is already paused: /debate resume carries on."


@refusals.reason("debate.postvote-not-open")
def _postvote_not_open(facts: Mapping[str, object], spell: Spelling) -> str:
    return "The post-vote is not open yet: /debate end skips the remaining speeches and opens it."
