"""/pack on Slack: which content pack (article) the workspace reads; moderators change it."""

from __future__ import annotations

from bot.actions import packs as actions
from bot.replies import packs as replies
from slack_app.front import SlackFront
from slack_app.grammar import Opt, Parsed, Syntax
from slack_app.turn import Turn

PACK = [
    Syntax("pack list", "the loaded content packs, and which one this workspace reads"),
    Syntax(
        "pack use",
        "choose the article this workspace reads (moderators)",
        (Opt("pack", required=True, rest=True),),
        example="/pack use nato-in-asia",
    ),
    Syntax("pack reload", "read the packs folder again and apply what changed (moderators)"),
]


async def pack(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    path = parsed.syntax.path
    if path == "pack list":
        async with turn.host.db.unit_of_work() as session:
            listed = await actions.list_packs(session, where.space_id)
        await turn.send(replies.list_reply(listed, space="workspace"))
        return
    await turn.require_moderator()
    if path == "pack use":
        async with turn.host.db.unit_of_work() as session:
            choice = await actions.use_pack(
                session, turn.host.indexes, where.space_id, str(parsed.get("pack"))[:64], turn.host.clock()
            )
        await turn.send(replies.use_reply(choice, space="workspace"))
        return
    await turn.send(replies.reload_reply(await actions.reload_packs(turn.host)))


def register(front: SlackFront) -> None:
    front.command("pack", PACK, pack)
