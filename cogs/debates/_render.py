"""Discord's embeds of a debate: the board, speeches, status, the result and prompts.

The sentences are shared with Slack (bot/replies/debates.py); the names below are re-exported
from there for the cog.
"""

from __future__ import annotations

import discord

from bot.models import Choice, DebateArgument, Motion
from bot.replies.debates import (
    ARGUMENT_PREVIEW,
    NAMES,
    PHASES,
    clock,
    motion_line,
    name,
    scored_line,
    verdict,
)
from bot.replies.debates import argument_line as _argument_line
from bot.replies.debates import moves_lines as _moves_lines
from bot.replies.debates import tally_lines as _tally_lines
from bot.services import debates
from bot.services.debates import Closed, SpeechState, Status
from bot.services.motions import Sides
from bot.text import plural
from bot.ui.limits import EMBED_FIELDS, EMBED_TOTAL, FIELD_VALUE, chunk_lines, clip
from bot.ui.motion_grounds import grounds_text

COLOUR = discord.Colour.from_str("#0072B2")


def _roster(ids: list[int], names: dict[int, str]) -> str:
    return ", ".join(name(i, names) for i in ids) if ids else "nobody yet"


def _context(motion: Motion) -> str:
    paragraphs = ", ".join(f"¶{p}" for p in motion.paragraphs)
    return f"{motion.context}" + (f"\n*From the text: {paragraphs}*" if paragraphs else "")


def board_embed(status: Status) -> discord.Embed:
    """The debate's opening message: the motion, how it runs, who is where, how many voted."""
    debate, motion = status.debate, status.motion
    embed = discord.Embed(
        title=clip(f"Debate: {motion_line(motion)}", 256), description=_context(motion), colour=COLOUR
    )
    order = " → ".join(r.title() for r in debate.rounds)
    join = (
        "1. Pick **Debate (steelman)** and the bot puts you on the side opposite your logged stance "
        "(keeping the sides even), or join the audience."
        if debate.assign == "counter"
        else "1. Join For, Against or the audience."
    )
    embed.add_field(
        name="How it runs",
        value=(
            f"{join}\n"
            "2. Everyone votes For, Against or Undecided (the pre-vote).\n"
            f"3. Speeches, {clock(debate.speech_seconds)} each, For first in every round: {order}.\n"
            "4. Everyone votes again. The side that moved the room most wins."
        ),
        inline=False,
    )
    embed.add_field(name="For", value=clip(_roster(status.sides["for"], status.names), FIELD_VALUE))
    embed.add_field(name="Against", value=clip(_roster(status.sides["against"], status.names), FIELD_VALUE))
    embed.add_field(name="Audience", value=plural(len(status.sides["audience"]), "member"))
    pre = plural(status.votes["pre"], "vote")
    if status.pre_split is None:
        embed.add_field(
            name="Pre-vote: open",
            value=f"{pre} so far. The split is shown when the pre-vote closes.",
            inline=False,
        )
    else:
        embed.add_field(name=f"Pre-vote: closed, {pre}", value=_split(status.pre_split), inline=False)
    embed.add_field(name="Now", value=PHASES[debate.phase], inline=False)
    embed.set_footer(text=f"Debate {debate.id} · /debate status shows where things stand")
    return embed


def _split(split: dict[Choice, int]) -> str:
    return ", ".join(f"{NAMES[c]} {n}" for c, n in split.items())


def speech_embed(
    motion: Motion, state: SpeechState, names: dict[int, str], *, warned: bool = False, over: bool = False
) -> discord.Embed:
    """A speech's live clock: one message per speech, edited on pause, resume, extend and warning."""
    speech = state.speech
    title = f"Speech {speech.index + 1} of {state.total}: {speech.round_name.title()}, {NAMES[speech.side]}"
    speaker = name(state.speaker_id, names) if state.speaker_id else f"A {NAMES[speech.side]} debater"
    if over:
        embed = discord.Embed(
            title=f"{title} (over)",
            description=f"{speaker} spoke. This speech is over.",
            colour=discord.Colour.dark_grey(),
        )
    elif state.paused:
        embed = discord.Embed(
            title=title,
            description=f"⏸️ **Paused** with {clock(state.remaining)} left. {speaker} has the floor.",
            colour=COLOUR,
        )
    else:
        ends = ""
        if state.ends_at is not None:
            ends = f", ends {discord.utils.format_dt(state.ends_at, 'R')}"
        lines = [f"{speaker} has the floor: {clock(state.remaining)} on the clock{ends}."]
        if warned:
            lines.insert(0, f"⏳ **{clock(state.remaining)} left**: time to wrap up.")
        lines.append("Debaters: record your argument for this round with **Argue** or `/debate argue`.")
        embed = discord.Embed(title=title, description="\n".join(lines), colour=COLOUR)
    embed.set_footer(text=clip(motion_line(motion), 200))
    return embed


def postvote_embed(motion: Motion, *, closed: bool = False) -> discord.Embed:
    if closed:
        return discord.Embed(
            title="The post-vote is closed",
            description=f"**{motion_line(motion)}**\nThe votes are counted: the result is posted below.",
            colour=discord.Colour.dark_grey(),
        )
    return discord.Embed(
        title="The speeches are over: the post-vote is open",
        description=(
            f"**{motion_line(motion)}**\nVote again, For, Against or Undecided (`/debate vote`). "
            "Only your last vote counts, and only members who voted both times are scored. "
            "A moderator closes the vote with `/debate close`."
        ),
        colour=COLOUR,
    )


def status_embed(status: Status) -> discord.Embed:
    debate, motion = status.debate, status.motion
    embed = discord.Embed(title=clip(f"Debate: {motion_line(motion)}", 256), colour=COLOUR)
    lines = [f"**Phase:** {PHASES[debate.phase]}"]
    if status.speech is not None:
        state = status.speech
        who = name(state.speaker_id, status.names) if state.speaker_id else "open floor"
        timer = "paused" if state.paused else "running"
        lines.append(
            f"**Speech {state.speech.index + 1} of {state.total}:** {state.speech.round_name.title()}, "
            f"{NAMES[state.speech.side]} ({who}), {clock(state.remaining)} left, {timer}"
        )
    embed.description = "\n".join(lines)
    embed.add_field(name="For", value=clip(_roster(status.sides["for"], status.names), FIELD_VALUE))
    embed.add_field(name="Against", value=clip(_roster(status.sides["against"], status.names), FIELD_VALUE))
    embed.add_field(name="Audience", value=plural(len(status.sides["audience"]), "member"))
    pre = plural(status.votes["pre"], "vote")
    if status.pre_split is None:
        embed.add_field(name="Pre-vote", value=f"{pre}; the split is shown when it closes", inline=False)
    else:
        embed.add_field(name=f"Pre-vote ({pre})", value=_split(status.pre_split), inline=False)
    if debate.phase in (debates.POSTVOTE, debates.CLOSED):
        post = plural(status.votes["post"], "vote")
        embed.add_field(name="Post-vote", value=f"{post}; counted when a moderator closes it")
    return embed


# ---------------------------------------------------------------- the result


def _paged_fields(embed: discord.Embed, name: str, lines: list[str]) -> None:
    for i, page in enumerate(chunk_lines(lines, FIELD_VALUE)):
        embed.add_field(name=name if i == 0 else f"{name} (more)", value=page, inline=False)


def _arguments_by_round(
    rounds: list[str], chosen: dict[str, list[DebateArgument]], names: dict[int, str]
) -> discord.Embed:
    embed = discord.Embed(title="Arguments by round", colour=COLOUR)
    for round_name in rounds:
        lines = [_argument_line(a, names) for a in chosen[round_name]] or ["No arguments recorded."]
        _paged_fields(embed, round_name.title(), lines)
    return embed


def arguments_embed(closed: Closed, budget: int) -> discord.Embed:
    """Each round's arguments, as many as fit in ``budget`` characters, taken from every round in
    turn (so no round is crowded out by another); the arguments left out are counted."""
    rounds = closed.debate.rounds
    pending = {r: [a for a in closed.arguments if a.round_name == r] for r in rounds}
    chosen: dict[str, list[DebateArgument]] = {r: [] for r in rounds}
    note_room = 220  # the "not shown" note
    full = False
    while not full and any(pending.values()):
        for round_name in rounds:
            if not pending[round_name]:
                continue
            chosen[round_name].append(pending[round_name][0])
            trial = _arguments_by_round(rounds, chosen, closed.names)
            if len(trial) + note_room > budget or len(trial.fields) > EMBED_FIELDS:
                chosen[round_name].pop()
                full = True
                break
            pending[round_name].pop(0)
    embed = _arguments_by_round(rounds, chosen, closed.names)
    hidden = sum(len(left) for left in pending.values())
    clipped = any(len(a.text) > ARGUMENT_PREVIEW for a in closed.arguments)
    notes = []
    if hidden:
        notes.append(f"{plural(hidden, 'argument')} of {len(closed.arguments)} not shown here.")
    if clipped:
        notes.append(f"Arguments are shortened to {ARGUMENT_PREVIEW} characters here.")
    if notes:
        embed.description = " ".join(notes) + " `/debate transcript` has every argument in full."
    return embed


def result_embeds(closed: Closed) -> list[discord.Embed]:
    debate, motion = closed.debate, closed.motion
    result = closed.result
    summary = discord.Embed(
        title=clip(f"Result: {motion_line(motion)}", 256),
        description=f"{verdict(result)}\n{scored_line(result)}",
        colour=COLOUR,
    )
    summary.add_field(name=f"Before ({plural(result.pre.total, 'vote')})", value=_tally_lines(result.pre))
    summary.add_field(name=f"After ({plural(result.post.total, 'vote')})", value=_tally_lines(result.post))
    _paged_fields(summary, "Who moved", _moves_lines(result, closed.names))
    summary.set_footer(text=f"Debate {debate.id} · votes and stances are in the positions ledger")
    return [summary, arguments_embed(closed, EMBED_TOTAL - len(summary))]


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
