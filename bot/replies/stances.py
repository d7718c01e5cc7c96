"""What /stance set, history, summary, privacy and forget, /privacy and /export positions show, on
both front ends. Members, moments and commands come through ``Looks`` (bot/replies/looks.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.actions.stances import HISTORY_PAGE, Exported, History, Recorded, Summarised
from bot.models import Motion
from bot.replies import refusals
from bot.replies.commands import Spelling, bare
from bot.replies.limits import FIELD_VALUE
from bot.replies.looks import Looks
from bot.replies.model import Attachment, Button, Card, Control, Reply
from bot.services import positions
from bot.services.positions import STANCES, HistoryEntry, Shift, stance_label
from bot.services.privacy import Stored
from bot.text import clip, plural

__all__ = ["HISTORY_PAGE"]

BLURPLE = 0x5865F2
WARNING = 0xD55E00
DESCRIPTION = 4096
NAMES_PER_STANCE = 12
# Values from strongly agree (top) down to strongly disagree.
ORDER = sorted(STANCES, reverse=True)
CHART = "stances.png"


# --------------------------------------------------------------------------- refusals


@refusals.reason("stances.private-member")
def _private_member(facts: Mapping[str, object], spell: Spelling) -> str:
    return (
        "That member keeps their stances private: they only count in the totals of "
        f"{bare(spell, 'stance summary')}."
    )


@refusals.reason("stances.forget-expired")
def _forget_expired(facts: Mapping[str, object], spell: Spelling) -> str:
    return f"This confirmation has expired. Run {bare(spell, 'stance forget')} again if you still want it."


# --------------------------------------------------------------------------- labels


def source_label(source: str, looks: Looks) -> str:
    labels = {
        positions.SELF: "self-reported",
        positions.DEBATE_PRE: "debate pre-vote",
        positions.DEBATE_POST: "debate post-vote",
        positions.POLL: "poll",
        positions.VOTE: looks.bare("vote"),
    }
    return labels.get(source, source)


def motion_label(motion: Motion) -> str:
    return f"#{motion.number} {motion.title}"


def _shown_label(motion: Motion, looks: Looks, limit: int | None = None) -> str:
    title = clip(motion.title, limit) if limit else motion.title
    return f"#{motion.number} {looks.typed(title)}"


def shift_text(entry: HistoryEntry) -> str:
    """``↗ undecided → agree`` for a change, ``• agree`` for a first stance."""
    if entry.previous is None:
        return f"• **{stance_label(entry.value)}**"
    if entry.previous == entry.value:
        return f"→ **{stance_label(entry.value)}** (again)"
    return f"{entry.arrow} {stance_label(entry.previous)} → **{stance_label(entry.value)}**"


# --------------------------------------------------------------------------- /stance set


def recorded_reply(recorded: Recorded, looks: Looks) -> Reply:
    value, previous = recorded.value, recorded.previous
    label = stance_label(value)
    if previous is None:
        change = f"• **{label}**"
    elif previous == value:
        change = f"→ **{label}** (unchanged, noted again)"
    else:
        change = f"{positions.shift_arrow(previous, value)} {stance_label(previous)} → **{label}**"
    text = f"Recorded on **{_shown_label(recorded.motion, looks)}**: {change}."
    if recorded.reason:
        text += f"\nReason: {looks.typed(recorded.reason)}"
    text += (
        "\nYour stances are **private**: others only see them counted in totals."
        if recorded.private
        else f"\nYour stances are public in this {looks.space} ({looks.spell('stance privacy')} to change)."
    )
    return Reply(text=text, private=True)


# --------------------------------------------------------------------------- /stance history


def history_card(shown: History, looks: Looks) -> Card:
    """One page of a member's history, newest first."""
    scope = f" on {looks.typed(clip(motion_label(shown.motion), 120))}" if shown.motion else ""
    header = f"{looks.who(shown.member_id)}'s stances{scope}, newest first."
    if shown.private:
        header += " Your stances are private: only you can see this."
    lines = [header, ""]
    if not shown.entries:
        lines.append(f"No stances yet. Take one with {looks.spell('stance set')}.")
    for entry in shown.shown:
        when = looks.when(entry.created_at, "d")
        line = f"{when} **#{entry.motion_number}** {looks.typed(clip(entry.motion_title, 70))}\n"
        line += f"{shift_text(entry)} · {source_label(entry.source, looks)}"
        if entry.reason:
            line += f"\n> {looks.typed(clip(entry.reason, 200))}"
        lines.append(line)
    changes = sum(1 for e in shown.entries if e.shift)
    counts = f"{plural(len(shown.entries), 'stance')} · {plural(changes, 'change')} of mind"
    return Card(
        title="Stance history",
        description=clip("\n".join(lines), DESCRIPTION),
        colour=BLURPLE,
        footer=f"Page {shown.page + 1}/{shown.pages} · {counts}",
    )


def history_action(member_id: int, motion_id: int, page: int, direction: str) -> str:
    return f"roundtable:stance-history:{member_id}:{motion_id}:{page}:{direction}"


def history_reply(shown: History, looks: Looks) -> Reply:
    """Always private: a history holds reasons, and asking about someone need not tell the channel."""
    reply = Reply(cards=[history_card(shown, looks)], private=True)
    if shown.pages > 1:
        page, pages, motion_id = shown.page, shown.pages, shown.motion.id if shown.motion else 0
        reply.rows = [
            [
                Button(
                    "◀ Newer",
                    history_action(shown.member_id, motion_id, max(page - 1, 0), "prev"),
                    disabled=page == 0,
                ),
                Button(
                    "Older ▶",
                    history_action(shown.member_id, motion_id, min(page + 1, pages - 1), "next"),
                    disabled=page >= pages - 1,
                ),
            ]
        ]
    return reply


# --------------------------------------------------------------------------- /stance summary


def _signed(value: float) -> str:
    return f"{value:+.0f}"


def shift_lines(
    shift: Shift, since_kind: str | None, since_debate: int | None, looks: Looks
) -> tuple[str, str]:
    """Field name and value describing the net shift."""
    when = looks.when(shift.since, "f")
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


def summary_card(summarised: Summarised, looks: Looks, *, chart: bool) -> Card:
    result, private = summarised.result, summarised.private
    current = result.current
    card = Card(
        title=looks.typed(clip(motion_label(summarised.motion), 256)),
        description=f"**{current.total}** {'member holds' if current.total == 1 else 'members hold'} "
        "a stance on this motion.",
        colour=BLURPLE,
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
        names = [looks.who(uid) for uid in by_value[value][:NAMES_PER_STANCE]]
        more = len(by_value[value]) - len(names)
        if more:
            names.append(f"{more} more")
        if hidden[value]:
            names.append(f"{hidden[value]} private")
        lines.append(f"**{STANCES[value]}** — {count} ({current.percent(value):.0f}%): " + ", ".join(names))
    card.add_field("Where the group stands", clip("\n".join(lines), FIELD_VALUE))
    if result.shift is not None:
        name, moved = shift_lines(result.shift, result.since_kind, result.since_debate, looks)
        card.add_field(name, clip(moved, FIELD_VALUE))
        footer = "Faded bars in the chart show the group then."
    else:
        footer = "No debate on this motion yet: add since:YYYY-MM-DD to see how the group moved."
    if chart:
        card.image = CHART
    card.footer = footer + " Private members are counted, never named."
    return card


def nobody_yet_text(summarised: Summarised, looks: Looks) -> str:
    return (
        f"Nobody has taken a stance on **{_shown_label(summarised.motion, looks)}** yet. "
        f"Be the first: {looks.spell('stance set')}."
    )


def summary_reply(summarised: Summarised, looks: Looks, chart: Attachment | None) -> Reply:
    """Public: the group's distribution (names only of public members) with its chart."""
    if summarised.empty:
        return Reply(text=nobody_yet_text(summarised, looks))
    return Reply(
        cards=[summary_card(summarised, looks, chart=chart is not None)],
        files=[chart] if chart is not None else [],
    )


# --------------------------------------------------------------------------- privacy and forget


def privacy_text(private: bool, looks: Looks) -> str:
    if private:
        return (
            f"Your stances are now **private** in this {looks.space}: others see them only counted in "
            "totals (summaries, maps); exports show you under a pseudonym. You still see your own."
        )
    return f"Your stances are now **public** in this {looks.space}: others can see them by name."


def stored_card(stored: Stored, *, title: str, intro: str) -> Card:
    """What Roundtable holds about one member in this space."""
    lines = [
        f"**Stances:** {stored.current_stances} current, {stored.stance_history} in your history",
        f"**Visibility:** {'private' if stored.private else 'public'}"
        + (" (saved setting)" if stored.has_settings else " (default)"),
        f"**Poll votes:** {stored.poll_votes} in named polls, {stored.anonymous_poll_votes} in "
        "anonymous polls (stored under a keyed hash, not your id)",
        f"**Debates:** {plural(stored.debate_votes, 'vote')}, "
        f"{plural(stored.debate_participations, 'time')} on a side, "
        f"{plural(stored.debate_arguments, 'argument')}",
        f"**Group records that name you:** {plural(stored.motions_proposed, 'motion')} proposed, "
        f"{plural(stored.polls_created, 'poll')} created, "
        f"{plural(stored.debates_moderated, 'debate')} moderated",
    ]
    return Card(title=title, description=clip(intro + "\n\n" + "\n".join(lines), DESCRIPTION), colour=WARNING)


def privacy_reply(stored: Stored, looks: Looks) -> Reply:
    """/privacy: what is stored about the member here, and the commands that change it."""
    intro = (
        f"Only what you did in this {looks.space}, linked to your member id. "
        f"{looks.spell('stance privacy', visibility='private')} hides your stances from others "
        "(they still count in totals); "
        f"{looks.spell('stance forget')} deletes all of it; "
        f"{looks.spell('stance history')} shows your stances."
    )
    return Reply(
        cards=[stored_card(stored, title="What Roundtable stores about you here", intro=intro)], private=True
    )


def nothing_stored_text(looks: Looks) -> str:
    return (
        f"Nothing about you is stored in this {looks.space}: no stances, votes, settings or debate "
        "contributions, so there is nothing to forget."
    )


def forget_action(member_id: int, issued: int, answer: str) -> str:
    return f"roundtable:stance-forget:{member_id}:{issued}:{answer}"


def forget_buttons(member_id: int, issued: int) -> list[Control]:
    return [
        Button("Forget everything", forget_action(member_id, issued, "yes"), style="danger"),
        Button("Cancel", forget_action(member_id, issued, "no")),
    ]


def forget_question(stored: Stored, member_id: int, issued: int, looks: Looks) -> Reply:
    """/stance forget: what would go, with the confirmation only the asker can press."""
    other = "servers" if looks.space == "server" else "workspaces"
    card = stored_card(
        stored,
        title="Forget everything about you here?",
        intro=(
            "This deletes your stances and their history, your privacy setting, your poll votes "
            f"(anonymous ones too) and your debate votes, sides and arguments in this {looks.space}. "
            f"It cannot be undone. Other {other} are not affected."
        ),
    )
    return Reply(cards=[card], rows=[forget_buttons(member_id, issued)], private=True)


CANCELLED = "Cancelled: nothing was deleted."


def forgotten_text(deleted: dict[str, int], unlinked: dict[str, int], when: datetime, looks: Looks) -> str:
    labels = {
        "stance_events": ("stance history entry", "stance history entries"),
        "stances": ("current stance", "current stances"),
        "member_settings": ("privacy setting", "privacy settings"),
        "poll_votes": ("poll vote", "poll votes"),
        "debate_votes": ("debate vote", "debate votes"),
        "debate_participants": ("debate side", "debate sides"),
        "debate_arguments": ("debate argument", "debate arguments"),
    }
    parts = [plural(count, *labels.get(table, (table, table))) for table, count in deleted.items() if count]
    kept = sum(unlinked.values())
    text = "Done: I deleted " + (", ".join(parts) if parts else "nothing (nothing was stored)") + "."
    if kept:
        records = plural(kept, "group record")
        verb = "stays" if kept == 1 else "stay"
        text += f" {records} you created (motions, polls, debates) {verb}, without your name."
    return text + f" ({looks.when(when, 'f')})"


# --------------------------------------------------------------------------- /export positions


def export_reply(exported: Exported, names: Mapping[int, str], now: datetime) -> Reply:
    """The CSV privately, with what it holds; ``names``: public members' names as each platform has them."""
    text = positions.export_csv(exported.rows, dict(names))
    stamp = now.strftime("%Y%m%d-%H%M")
    private = exported.private_members
    summary = (
        f"{plural(len(exported.rows), 'stance')} by {plural(exported.members, 'member')}, "
        "one row per stance; "
        f"`current` marks the latest. {plural(private, 'private member')} "
        f"{'appears' if private == 1 else 'appear'} "
        "under a pseudonym that stays the same in every export."
    )
    return Reply(
        text=summary,
        files=[Attachment(f"positions-{stamp}.csv", text.encode("utf-8"))],
        private=True,
    )
