"""Embeds and texts of a debate: the board, speeches, status, the result and prompts."""

from __future__ import annotations

from typing import Any

import discord

from bot.models import DebateArgument, Motion
from bot.services import debates
from bot.services.debates import Closed, SpeechState, Status
from bot.services.motions import Sides
from bot.ui.limits import FIELD_VALUE, chunk_lines, clip
from bot.ui.motion_grounds import grounds_text

COLOUR = discord.Colour.from_str("#0072B2")
NAMES = {"for": "For", "against": "Against", "audience": "Audience", "undecided": "Undecided"}
PHASES = {
    debates.PREVOTE: "Pre-vote: join a side or the audience, and vote",
    debates.SPEECHES: "Speeches",
    debates.POSTVOTE: "Post-vote: vote again, now that you have heard both sides",
    debates.CLOSED: "Closed",
}


def mention(user_id: int) -> str:
    return f"<@{user_id}>"


def clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def points(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def motion_line(motion: Motion) -> str:
    return f"#{motion.number} {motion.title}"


def _roster(ids: list[int]) -> str:
    return ", ".join(mention(i) for i in ids) if ids else "nobody yet"


def _context(motion: Motion) -> str:
    paragraphs = ", ".join(f"¶{p}" for p in motion.paragraphs)
    return f"{motion.context}" + (f"\n*From the text: {paragraphs}*" if paragraphs else "")


def board_embed(status: Status) -> discord.Embed:
    """The debate's opening message: the motion, how it runs, who is where."""
    debate, motion = status.debate, status.motion
    embed = discord.Embed(
        title=clip(f"Debate: {motion_line(motion)}", 256), description=_context(motion), colour=COLOUR
    )
    order = " → ".join(r.title() for r in debate.rounds)
    assign = (
        "Pick **Debate (steelman)** and the bot puts you on the side opposite your logged stance."
        if debate.assign == "counter"
        else "Pick your side."
    )
    embed.add_field(
        name="How it runs",
        value=(
            f"1. Join a side or the audience. {assign}\n"
            "2. Everyone votes For, Against or Undecided (the pre-vote).\n"
            f"3. Speeches, {clock(debate.speech_seconds)} each, For first in every round: {order}.\n"
            "4. Everyone votes again. The side that moved the room most wins."
        ),
        inline=False,
    )
    embed.add_field(name="For", value=clip(_roster(status.sides["for"]), FIELD_VALUE))
    embed.add_field(name="Against", value=clip(_roster(status.sides["against"]), FIELD_VALUE))
    embed.add_field(
        name="Audience", value=f"{len(status.sides['audience'])} · pre-votes: {status.votes['pre']}"
    )
    embed.set_footer(text=f"Debate {debate.id} · /debate status shows where things stand")
    return embed


def speech_embed(motion: Motion, state: SpeechState) -> discord.Embed:
    speech = state.speech
    speaker = mention(state.speaker_id) if state.speaker_id else f"any {NAMES[speech.side]} debater"
    ends = ""
    if state.ends_at is not None and not state.paused:
        ends = f", ends {discord.utils.format_dt(state.ends_at, 'R')}"
    embed = discord.Embed(
        title=f"Speech {speech.index + 1} of {state.total}: "
        f"{speech.round_name.title()}, {NAMES[speech.side]}",
        description=(
            f"{speaker} has the floor: {clock(state.remaining)} on the clock{ends}.\n"
            "Debaters: record your argument for this round with **Argue** or `/debate argue`."
        ),
        colour=COLOUR,
    )
    embed.set_footer(text=clip(motion_line(motion), 200))
    return embed


def warn_text(state: SpeechState) -> str:
    speech = state.speech
    who = mention(state.speaker_id) if state.speaker_id else f"{NAMES[speech.side]}"
    return f"⏳ {clock(state.remaining)} left in {who}'s {speech.round_name} speech."


def postvote_embed(motion: Motion) -> discord.Embed:
    return discord.Embed(
        title="The speeches are over: the post-vote is open",
        description=(
            f"**{motion_line(motion)}**\nVote again, For, Against or Undecided (`/debate vote`). "
            "Only your last vote counts. A moderator closes the vote with `/debate close`."
        ),
        colour=COLOUR,
    )


def paused_text(state: SpeechState) -> str:
    return f"⏸️ Paused with {clock(state.remaining)} left in the {state.speech.round_name} speech."


def resumed_text(state: SpeechState) -> str:
    return f"▶️ Resumed: {clock(state.remaining)} left in the {state.speech.round_name} speech."


def extended_text(state: SpeechState, seconds: int) -> str:
    return f"➕ {seconds} s added: {clock(state.remaining)} left in the {state.speech.round_name} speech."


def argument_text(argument: DebateArgument) -> str:
    return (
        f"🗣️ **{NAMES[argument.side]}** · {argument.round_name}, {mention(argument.user_id)}:\n{argument.text}"
    )


def status_embed(status: Status) -> discord.Embed:
    debate, motion = status.debate, status.motion
    embed = discord.Embed(title=clip(f"Debate: {motion_line(motion)}", 256), colour=COLOUR)
    lines = [f"**Phase:** {PHASES[debate.phase]}"]
    if status.speech is not None:
        state = status.speech
        who = mention(state.speaker_id) if state.speaker_id else "open floor"
        timer = "paused" if state.paused else "running"
        lines.append(
            f"**Speech {state.speech.index + 1} of {state.total}:** {state.speech.round_name.title()}, "
            f"{NAMES[state.speech.side]} ({who}), {clock(state.remaining)} left, {timer}"
        )
    embed.description = "\n".join(lines)
    embed.add_field(name="For", value=clip(_roster(status.sides["for"]), FIELD_VALUE))
    embed.add_field(name="Against", value=clip(_roster(status.sides["against"]), FIELD_VALUE))
    embed.add_field(name="Audience", value=str(len(status.sides["audience"])))
    split = ", ".join(f"{NAMES[c]} {n}" for c, n in status.pre_split.items())
    embed.add_field(name=f"Pre-vote ({status.votes['pre']})", value=split, inline=False)
    if debate.phase in (debates.POSTVOTE, debates.CLOSED):
        embed.add_field(name="Post-vote", value=f"{status.votes['post']} votes (counted at the close)")
    return embed


# ---------------------------------------------------------------- the result


def verdict(result: dict[str, Any]) -> str:
    """Who won, by how much, and why when the final count says otherwise."""
    pre, post, shift = result["pre"]["percent"], result["post"]["percent"], result["shift"]

    def gain(side: str) -> str:
        return f"{NAMES[side]} {points(shift[side])} points ({pre[side]:.0f}% → {post[side]:.0f}%)"

    winner = result["winner"]
    if winner == "none":
        return "No winner: the room has to vote both before and after the speeches to score a debate."
    if winner == "tie":
        return f"**A tie**: both sides moved the room equally. {gain('for')}; {gain('against')}."
    loser = "against" if winner == "for" else "for"
    text = f"**{NAMES[winner]} wins** by moving the room most: {gain(winner)}; {gain(loser)}."
    if result["upset"]:
        leader = result["leader"]
        if leader == "tie":
            text += f"\nThe final vote is level, but {NAMES[winner]} gained more, so {NAMES[winner]} wins."
        else:
            text += (
                f"\n{NAMES[leader]} has more final votes ({post[leader]:.0f}% to {post[winner]:.0f}%), "
                f"but {NAMES[winner]} gained more, so {NAMES[winner]} wins: "
                "Oxford-style debates are won by the shift, not by the final count."
            )
    return text


def _tally_lines(tally: dict[str, Any]) -> str:
    return "\n".join(
        f"{NAMES[c]}: {tally['percent'][c]:.0f}% ({tally['counts'][c]})"
        for c in ("for", "against", "undecided")
    )


def _moves_lines(result: dict[str, Any]) -> list[str]:
    named = [m for m in result["moves"] if not m.get("private")]
    hidden = [m for m in result["moves"] if m.get("private")]
    lines = [
        f"{mention(m['user_id'])}: {NAMES[m['before']]} → {NAMES[m['after']]} "
        f"(towards {NAMES[m['direction']]})"
        for m in named
    ]
    if hidden:
        towards = {side: sum(1 for m in hidden if m["direction"] == side) for side in ("for", "against")}
        lines.append(
            f"{len(hidden)} member(s) who keep their stances private moved too "
            f"({towards['for']} towards For, {towards['against']} towards Against)."
        )
    if not lines:
        lines.append("Nobody who voted both times changed their vote.")
    lines.append(f"{result['stayed']} member(s) voted the same both times.")
    return lines


def _paged_fields(embed: discord.Embed, name: str, lines: list[str]) -> None:
    for i, page in enumerate(chunk_lines(lines, FIELD_VALUE)):
        embed.add_field(name=name if i == 0 else f"{name} (more)", value=page, inline=False)


def result_embeds(closed: Closed) -> list[discord.Embed]:
    debate, motion = closed.debate, closed.motion
    result = debate.result or {}
    summary = discord.Embed(
        title=clip(f"Result: {motion_line(motion)}", 256), description=verdict(result), colour=COLOUR
    )
    summary.add_field(name=f"Before ({result['pre']['total']} votes)", value=_tally_lines(result["pre"]))
    summary.add_field(name=f"After ({result['post']['total']} votes)", value=_tally_lines(result["post"]))
    _paged_fields(summary, "Who moved", _moves_lines(result))
    summary.set_footer(text=f"Debate {debate.id} · votes and stances are in the positions ledger")
    arguments = discord.Embed(title="Arguments by round", colour=COLOUR)
    for round_name in debate.rounds:
        lines = [
            f"**{NAMES[a.side]}**, {mention(a.user_id)}: {a.text}"
            for a in closed.arguments
            if a.round_name == round_name
        ]
        _paged_fields(arguments, round_name.title(), lines or ["No arguments recorded."])
    return [summary, arguments]


def prompt_embed(
    motion: Motion, for_names: list[str], against_names: list[str], sides: Sides | None = None
) -> discord.Embed:
    embed = discord.Embed(
        title=clip(f"Talk it over: {motion_line(motion)}", 256), description=_context(motion), colour=COLOUR
    )
    if for_names:
        embed.add_field(name="In the text, for", value=clip(", ".join(for_names), FIELD_VALUE))
    if against_names:
        embed.add_field(name="In the text, against", value=clip(", ".join(against_names), FIELD_VALUE))
    if sides is not None and (sides.grounds_for or sides.grounds_against):
        embed.add_field(name="The case for", value=grounds_text(sides.grounds_for), inline=False)
        embed.add_field(name="The case against", value=grounds_text(sides.grounds_against), inline=False)
    embed.add_field(
        name="Questions",
        value=(
            "1. What is the strongest case for the motion?\n"
            "2. What is the strongest case against it?\n"
            "3. What fact from the text would change your mind?"
        ),
        inline=False,
    )
    embed.set_footer(
        text=f"Untimed. To debate it properly, a moderator can /debate start motion:{motion.number}"
    )
    return embed
