"""/config on Slack: who moderates (owners and admins, plus named members), member motions."""

from __future__ import annotations

from bot.actions import config as actions
from bot.replies import config as replies
from bot.replies.model import Reply
from slack_app.front import SlackFront
from slack_app.grammar import Opt, Parsed, Syntax
from slack_app.turn import Turn

CONFIG = [
    Syntax("config show", "this workspace's Roundtable settings (moderators)"),
    Syntax(
        "config moderator",
        "name a moderator or take them off (workspace owners and admins)",
        (
            Opt("action", kind="choice", required=True, choices=("add", "remove")),
            Opt("member", kind="member", required=True),
        ),
        example="/config moderator add @alice",
    ),
    Syntax(
        "config member-motions",
        "let members add motions without approval (moderators)",
        (Opt("allow", kind="bool", required=True),),
        example="/config member-motions yes",
    ),
]


async def config(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    path = parsed.syntax.path
    now = turn.host.clock()
    if path == "config show":
        await turn.require_moderator()
        async with turn.host.db.unit_of_work() as session:
            settings = await actions.show(session, where.space_id)
        listed = ", ".join(settings.moderator_names)
        text = "the workspace's owners and admins" + (f", and {listed}" if listed else "")
        await turn.send(replies.settings_reply(settings, moderators_name="Moderators", moderators_text=text))
        return
    if path == "config member-motions":
        await turn.require_moderator()
        allow = bool(parsed.get("allow"))
        async with turn.host.db.unit_of_work() as session:
            await actions.set_member_motions(session, where.space_id, allow, now)
        await turn.send(Reply(text=replies.member_motions_text(allow), private=True))
        return
    member_id, name = await turn.member(str(parsed.get("member")))
    chooses = await turn.is_admin()
    async with turn.host.db.unit_of_work() as session:
        if parsed.get("action") == "add":
            added = await actions.name_moderator(
                session, where.space_id, member_id, by=where.member_id, by_may_choose=chooses, now=now
            )
            text = replies.moderator_named_text(name, added)
        else:
            removed = await actions.unname_moderator(
                session, where.space_id, member_id, by_may_choose=chooses
            )
            text = replies.moderator_unnamed_text(name, removed)
    await turn.send(Reply(text=text, private=True))


def register(front: SlackFront) -> None:
    front.command("config", CONFIG, config)
