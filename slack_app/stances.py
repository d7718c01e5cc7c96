"""/stance set, history, summary, privacy and forget on Slack: the same actions and replies as the
Discord cog (cogs/stances), members shown by name, dates in UTC, charts uploaded as files."""

from __future__ import annotations

import re

from bot.actions import stances as actions
from bot.replies import stances as replies
from bot.replies.looks import slack_looks
from bot.replies.model import Reply
from bot.services import positions
from bot.ui.stance_charts import summary_chart
from slack_app.front import SlackFront
from slack_app.grammar import Opt, Parsed, Syntax
from slack_app.turn import Turn

_MENTION = re.compile(r"^<@(?P<id>[UW][A-Z0-9]+)(?:\|[^>]*)?>$")
# Internal ids of Slack members are negative (bot/services/identities.py).
_MEMBER = r"-?\d{1,19}"

STANCE = [
    Syntax(
        "stance set",
        "record your stance on a motion (every change is kept); "
        f"stances: {', '.join(positions.STANCES.values())}",
        (Opt("motion", required=True), Opt("stance", required=True), Opt("reason", rest=True)),
        example="/stance set 1 agree deterrence works",
    ),
    Syntax(
        "stance history",
        "a member's stances over time (default: yours), shown only to you",
        (Opt("motion"), Opt("member", kind="member")),
        example="/stance history 3 @alice",
    ),
    Syntax(
        "stance summary",
        "where the group stands on a motion, and how it moved since a day or a debate",
        (Opt("motion", required=True), Opt("since")),
        example="/stance summary 1 2026-01-15",
    ),
    Syntax(
        "stance privacy",
        "show your stances by name, or keep them private (counted in totals only)",
        (Opt("visibility", kind="choice", required=True, choices=("public", "private")),),
        example="/stance privacy private",
    ),
    Syntax("stance forget", "delete every stance and vote of yours in this workspace"),
]


def _stance_and_reason(parsed: Parsed) -> tuple[str, str | None]:
    """``strongly agree`` typed positionally arrives as stance "strongly" and a reason starting
    with "agree": put the two words back together."""
    stance = str(parsed.get("stance")).replace("-", " ").replace("_", " ")
    reason = parsed.get("reason")
    if stance.strip().lower() == "strongly" and reason:
        word, _, rest = str(reason).partition(" ")
        stance, reason = f"strongly {word}", rest.strip() or None
    return stance, reason


async def set_stance(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    stance, reason = _stance_and_reason(parsed)
    positions.parse_stance(stance)
    recorded = await turn.host.db.run(
        actions.set_stance,
        space_id=where.space_id,
        member_id=where.member_id,
        motion=str(parsed.get("motion")),
        stance=stance,
        reason=reason,
        now=turn.host.clock(),
    )
    await turn.send(replies.recorded_reply(recorded, slack_looks({})))


async def history(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    motion, member = parsed.get("motion"), parsed.get("member")
    mention = _MENTION.match(str(motion)) if member is None and motion is not None else None
    if mention is not None:  # "/stance history @bob": the one value is a member, not a motion
        member, motion = mention["id"], None
    member_id = (await turn.member(str(member)))[0] if member else where.member_id
    async with turn.host.db.unit_of_work() as session:
        shown = await actions.history(
            session, space_id=where.space_id, viewer_id=where.member_id, member_id=member_id, motion=motion
        )
    await turn.send(replies.history_reply(shown, slack_looks(shown.names)))


async def summary(turn: Turn, parsed: Parsed) -> None:
    turn.cooldown("chart")
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        summarised = await actions.summary(
            session,
            space_id=where.space_id,
            motion=str(parsed.get("motion")),
            since=parsed.get("since"),
            now=turn.host.clock(),
        )
    looks = slack_looks(summarised.names)
    chart = None if summarised.empty else await summary_chart(summarised)
    await turn.send(replies.summary_reply(summarised, looks, chart))


async def privacy_setting(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        private = await actions.set_privacy(
            session,
            space_id=where.space_id,
            member_id=where.member_id,
            private=parsed.get("visibility") == "private",
            now=turn.host.clock(),
        )
    await turn.send(Reply(text=replies.privacy_text(private, slack_looks({})), private=True))


async def forget(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        stored = await actions.stored(
            session,
            space_id=where.space_id,
            member_id=where.member_id,
            hash_key=turn.host.settings.vote_hash_key,
        )
    looks = slack_looks({})
    if not actions.has_anything(stored):
        await turn.send(Reply(text=replies.nothing_stored_text(looks), private=True))
        return
    issued = int(turn.host.clock().timestamp())
    await turn.send(replies.forget_question(stored, where.member_id, issued, looks))


HANDLERS = {
    "stance set": set_stance,
    "stance history": history,
    "stance summary": summary,
    "stance privacy": privacy_setting,
    "stance forget": forget,
}


async def stance(turn: Turn, parsed: Parsed) -> None:
    await HANDLERS[parsed.syntax.path](turn, parsed)


async def press_history(turn: Turn, match: re.Match[str]) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        shown = await actions.history(
            session,
            space_id=where.space_id,
            viewer_id=where.member_id,
            member_id=int(match["member"]),
            motion_id=int(match["motion"]) or None,
            page=int(match["page"]),
        )
    await turn.edit(replies.history_reply(shown, slack_looks(shown.names)))


async def press_forget(turn: Turn, match: re.Match[str]) -> None:
    where = await turn.identify()
    asker = int(match["user"])
    actions.check_asker(where.member_id, asker)
    now = turn.host.clock()
    if match["action"] == "no":
        await turn.edit(Reply(text=replies.CANCELLED, private=True))
        return
    async with turn.host.db.unit_of_work() as session:
        forgotten = await actions.forget(
            session,
            space_id=where.space_id,
            member_id=where.member_id,
            asker_id=asker,
            issued=int(match["issued"]),
            now=now,
            hash_key=turn.host.settings.vote_hash_key,
        )
    text = replies.forgotten_text(forgotten.deleted, forgotten.unlinked, now, slack_looks({}))
    await turn.edit(Reply(text=text, private=True))


def register(front: SlackFront) -> None:
    front.command("stance", STANCE, stance)
    front.action(
        rf"roundtable:stance-history:(?P<member>{_MEMBER}):(?P<motion>\d{{1,18}}):(?P<page>\d{{1,6}})"
        r":(?P<dir>prev|next)",
        press_history,
    )
    front.action(
        rf"roundtable:stance-forget:(?P<user>{_MEMBER}):(?P<issued>\d{{1,12}}):(?P<action>yes|no)",
        press_forget,
    )
