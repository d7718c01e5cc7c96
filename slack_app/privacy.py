"""/privacy on Slack: what Roundtable stores about the member in this workspace (privately)."""

from __future__ import annotations

from bot.actions import stances as actions
from bot.replies import stances as replies
from bot.replies.looks import slack_looks
from slack_app.front import SlackFront
from slack_app.grammar import Parsed, Syntax
from slack_app.turn import Turn

PRIVACY = [Syntax("privacy", "what Roundtable stores about you in this workspace, and how to remove it")]


async def privacy(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        stored = await actions.stored(
            session,
            space_id=where.space_id,
            member_id=where.member_id,
            hash_key=turn.host.settings.vote_hash_key,
        )
    await turn.send(replies.privacy_reply(stored, slack_looks({})))


def register(front: SlackFront) -> None:
    front.command("privacy", PRIVACY, privacy)
