"""/motions and /motion show|add|pending|approve|reject on Slack: the same actions and replies as
the Discord cog (cogs/motions.py); a rejection is told to the proposer in a direct message."""

from __future__ import annotations

import logging
import re

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import motions as actions
from bot.replies import motions as replies
from bot.replies.looks import slack_looks
from bot.replies.model import Reply
from bot.services import identities
from slack_app import blocks
from slack_app.front import SlackFront
from slack_app.grammar import Opt, Parsed, Syntax
from slack_app.turn import Turn

log = logging.getLogger(__name__)

MOTIONS = [
    Syntax(
        "motions",
        "the motions of the text you can take stances on, 10 a page",
        (Opt("page", kind="int"),),
        example="/motions 2",
    )
]
MOTION = [
    Syntax(
        "motion show",
        "a motion with its context in the text and where the group stands",
        (Opt("motion", required=True, rest=True),),
        example="/motion show 3",
    ),
    Syntax(
        "motion add",
        "propose a motion (moderators approve it unless the workspace allows)",
        (Opt("text", required=True, rest=True),),
        example="/motion add NATO should open an office in Seoul",
    ),
    Syntax("motion pending", "proposed motions waiting for a moderator"),
    Syntax(
        "motion approve",
        "approve a proposed motion (moderators)",
        (Opt("motion", required=True, rest=True),),
        example="/motion approve 33",
        moderators_only=True,
    ),
    Syntax(
        "motion reject",
        "reject a proposed motion; the proposer is told privately, with your reason (moderators)",
        (Opt("motion", required=True), Opt("reason", rest=True)),
        example="/motion reject 33 The column never mentions the G7",
        moderators_only=True,
    ),
]
REASON_MAX = 1000
TITLE_MAX = 200


async def list_motions(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    page = int(parsed.get("page") or 1)
    async with turn.host.db.unit_of_work() as session:
        shown = await actions.list_page(session, space_id=where.space_id, page=max(page, 1) - 1, strict=True)
    await turn.send(replies.motions_reply(shown, slack_looks({})))


async def press_page(turn: Turn, match: re.Match[str]) -> None:
    """A press on the shared list gives the member a private copy; the copy's buttons page it."""
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        shown = await actions.list_page(session, space_id=where.space_id, page=int(match["page"]))
    own = replies.motions_reply(shown, slack_looks({}), own=True)
    if match["own"]:
        await turn.edit(own)
    else:
        await turn.send(own)


async def show(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        shown = await actions.show(session, space_id=where.space_id, motion=str(parsed.get("motion")))
    await turn.send(replies.show_reply(shown, slack_looks(shown.names)))


async def add(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    text = str(parsed.get("text"))[: TITLE_MAX * 2]  # the action refuses a title over TITLE_MAX
    moderator = await turn.is_moderator()

    async def is_moderator(_session: AsyncSession) -> bool:
        return moderator

    async with turn.host.db.unit_of_work() as session:
        added = await actions.add(
            session,
            space_id=where.space_id,
            member_id=where.member_id,
            text=text,
            now=turn.host.clock(),
            is_moderator=is_moderator,
        )
    await turn.send(replies.added_reply(added, slack_looks({})))


async def pending(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        waiting = await actions.pending(session, space_id=where.space_id)
    await turn.send(replies.pending_reply(waiting, slack_looks(waiting.names)))


async def _tell_proposer(turn: Turn, reviewed: actions.Reviewed, reason: str | None) -> bool:
    """A direct message to the proposer about their rejected motion; False when it cannot go."""
    motion = reviewed.motion
    assert motion.proposed_by is not None
    try:
        async with turn.host.db.unit_of_work() as session:
            _platform, _kind, user = await identities.external_id(session, motion.proposed_by)
        opened = await turn.client.conversations_open(users=user)
        space = str(turn.body.get("team_domain") or "the workspace")
        text = replies.rejection_notice(motion, space, reason, slack_looks(reviewed.names))
        await turn.client.chat_postMessage(
            channel=str(opened["channel"]["id"]), **blocks.message(Reply(text=text))
        )
    except Exception as exc:  # a member who left, a closed DM: the moderator is told it did not go
        log.info("could not tell the proposer of motion %s: %s", motion.id, exc)
        return False
    return True


async def review(turn: Turn, parsed: Parsed) -> None:
    await turn.require_moderator()
    where = await turn.identify()
    approve = parsed.syntax.path == "motion approve"
    async with turn.host.db.unit_of_work() as session:
        reviewed = await actions.review(
            session, space_id=where.space_id, motion=str(parsed.get("motion")), approve=approve
        )
    looks = slack_looks(reviewed.names)
    if approve:
        await turn.send(replies.approved_reply(reviewed, looks))
        return
    reason = parsed.get("reason")
    reason = str(reason)[:REASON_MAX] if reason else None
    told = await _tell_proposer(turn, reviewed, reason) if reviewed.motion.proposed_by is not None else None
    await turn.send(replies.rejected_reply(reviewed, looks, told=told, with_reason=bool(reason)))


HANDLERS = {
    "motion show": show,
    "motion add": add,
    "motion pending": pending,
    "motion approve": review,
    "motion reject": review,
}


async def motion(turn: Turn, parsed: Parsed) -> None:
    await HANDLERS[parsed.syntax.path](turn, parsed)


def register(front: SlackFront) -> None:
    front.command("motions", MOTIONS, list_motions)
    front.command("motion", MOTION, motion)
    front.action(r"roundtable:motions:(?P<page>\d{1,6}):(?P<dir>prev|next)(?P<own>:own)?", press_page)
