"""What polls look like on Discord: the poll message, the results, the list, vote receipts."""

from __future__ import annotations

import discord

from bot.services.polls import OpenPoll, PollExport, PollState, VoteResult, stance_of
from bot.services.positions import STANCES
from bot.text import noun, plural
from bot.ui.charts import BACKGROUND
from bot.ui.limits import EMBED_DESCRIPTION, EMBED_TITLE, clip
from bot.ui.markdown import escaped
from bot.ui.poll_charts import chart_filename

BAR_WIDTH = 10
OPEN_COLOUR = discord.Colour.blurple()
CLOSED_COLOUR = discord.Colour.from_str(BACKGROUND)
LIST_LIMIT = 25


def bar(percent: float) -> str:
    filled = round(percent / 100 * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def jump_url(guild_id: int, channel_id: int, message_id: int | None) -> str | None:
    if message_id is None:
        return None
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def option_lines(state: PollState, *, counts: bool) -> list[str]:
    poll, tally = state.poll, state.tally
    if not counts:
        return [f"{i + 1}. {escaped(option)}" for i, option in enumerate(poll.options)]
    return [
        f"`{bar(tally.percent(i))}` **{escaped(option)}** — {tally.counts[i]} · {tally.percent(i):.0f}%"
        for i, option in enumerate(poll.options)
    ]


def _voters(count: int) -> str:
    return plural(count, "voter")


def notes(state: PollState) -> list[str]:
    """How the poll works, in a few lines under the options (privacy first)."""
    poll = state.poll
    lines = []
    if poll.closed_at is None:
        lines.append(
            "Multiple choice: click options to add or remove them."
            if poll.multiple
            else "Single choice: click an option to vote; click another to change your vote."
        )
    if poll.anonymous:
        lines.append("**Anonymous**: nobody, moderators included, can see who voted what.")
    else:
        lines.append(
            "Votes are not anonymous: the poll's creator and the moderators can export who voted what "
            "(/poll export)."
        )
    if poll.hide_results and poll.closed_at is None:
        lines.append(
            "Results are hidden from everyone, creator and moderators included, until the poll closes."
        )
    if state.motion is not None:
        lines.append(f"Linked to motion #{state.motion.number}: {escaped(state.motion.title, 200)}")
        if poll.anonymous:
            lines.append(
                "Votes are **not** recorded in the stance ledger: "
                "a ledger entry would tie a vote to a member."
            )
        elif poll.hide_results:
            lines.append("Each vote becomes the voter's stance in the ledger when the poll closes.")
        else:
            lines.append("Each vote is recorded as the voter's stance in the ledger.")
    if poll.closed_at is not None:
        lines.append(f"Closed {discord.utils.format_dt(poll.closed_at, 'f')}.")
    elif poll.closes_at is not None:
        lines.append(f"Closes {discord.utils.format_dt(poll.closes_at, 'R')}.")
    return lines


def poll_embed(state: PollState) -> discord.Embed:
    """The poll message: options (with live counts unless hidden) and how the poll works."""
    poll = state.poll
    visible = state.results_visible
    body = "\n".join(option_lines(state, counts=visible))
    description = clip(body + "\n\n" + "\n".join(notes(state)), EMBED_DESCRIPTION)
    embed = discord.Embed(
        title=clip(escaped(poll.question), EMBED_TITLE),
        description=description,
        colour=OPEN_COLOUR if poll.closed_at is None else CLOSED_COLOUR,
    )
    footer = f"Poll #{poll.id}"
    if visible:
        footer += f" · {_voters(state.tally.voters)}"
    if poll.closed_at is not None:
        footer += " · closed"
    embed.set_footer(text=footer)
    return embed


def results_embed(state: PollState) -> discord.Embed:
    """Counts, shares and the bar chart (attached as ``poll-<id>.png``, its alt text on the file)."""
    poll, tally = state.poll, state.tally
    status = "Final results" if poll.closed_at is not None else "Results so far (the poll is open)"
    lines = [f"**{status}** · {_voters(tally.voters)}", "", *option_lines(state, counts=True)]
    if tally.leaders:
        leaders = ", ".join(escaped(poll.options[i]) for i in tally.leaders)
        lines += ["", f"Most votes: **{leaders}** ({tally.counts[tally.leaders[0]]})"]
    if poll.multiple:
        lines.append("Members could pick several options, so the shares add up to more than 100%.")
    if poll.anonymous:
        lines.append("Anonymous poll: only counts are kept, never who voted what.")
    embed = discord.Embed(
        title=clip(escaped(poll.question), EMBED_TITLE),
        description=clip("\n".join(lines), EMBED_DESCRIPTION),
        colour=CLOSED_COLOUR if poll.closed_at is not None else OPEN_COLOUR,
        url=jump_url(poll.guild_id, poll.channel_id, poll.message_id),
    )
    embed.set_image(url=f"attachment://{chart_filename(poll.id)}")
    embed.set_footer(text=f"Poll #{poll.id}")
    return embed


def vote_receipt(result: VoteResult) -> str:
    """The ephemeral answer to a click."""
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
        when = "when the poll closes" if poll.hide_results else "now"
        text += f" The ledger records your stance on motion #{result.state.motion.number} as {stance} {when}."
    if poll.anonymous:
        text += " This poll is anonymous: nobody else can see your vote."
    return text


def list_lines(guild_id: int, items: list[OpenPoll]) -> list[str]:
    lines = []
    for item in items[:LIST_LIMIT]:
        poll = item.poll
        question = escaped(poll.question, 90)
        link = jump_url(guild_id, poll.channel_id, poll.message_id)
        # Inside a link a "]" of the question would end the link text: escape it too.
        link_text = question.replace("]", "\\]")
        title = f"[{link_text}]({link})" if link else question
        extras = [_voters(item.voters) if not poll.hide_results else "results hidden"]
        if poll.anonymous:
            extras.append("anonymous")
        if poll.closes_at is not None:
            extras.append(f"closes {discord.utils.format_dt(poll.closes_at, 'R')}")
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
