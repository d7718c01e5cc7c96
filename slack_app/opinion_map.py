"""/vote and /map on Slack: the same actions, words and chart as the Discord cog (cogs/opinion_map).

``/vote`` answers privately (an ephemeral message) with one motion and Agree / Disagree / Pass
buttons, whose action ids are Discord's custom ids (``roundtable:vote:<motion>:<choice>``): a
press records the answer and replaces the card with the next one. ``/map group`` posts the map's
words as blocks in the channel and uploads the chart (files upload v2) with its alt text;
``/map me`` answers privately, its chart (you circled) going to the member's direct messages.
Names on the chart are the ones the identity registry holds; private members are never named.
"""

from __future__ import annotations

import re

from bot.actions import opinion_map as actions
from bot.replies import opinion_map as replies
from bot.replies.commands import slack_spelling
from bot.replies.model import Reply
from bot.ui.map_charts import map_chart
from slack_app.front import SlackFront
from slack_app.grammar import Opt, Parsed, Syntax
from slack_app.turn import Turn

MOTIONS = Opt(
    "motions", rest=True, help='motion numbers like "1,2,5" or "1-8", or a pack; every motion if left out'
)

VOTE = [
    Syntax(
        "vote",
        "answer the motions you have no stance on, one at a time (Agree, Disagree, Pass), privately",
        example="/vote",
    )
]
MAP = [
    Syntax(
        "map group",
        "the group's opinion map: who thinks alike, what each group believes, what everyone shares",
        (MOTIONS,),
        example="/map group 1-10",
    ),
    Syntax(
        "map me",
        "which opinion group you are in and what it believes (private; the map goes to your DMs)",
        (MOTIONS,),
        example="/map me nato-in-asia",
    ),
]


async def vote(turn: Turn, _parsed: Parsed) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        deal = await actions.deal(session, space_id=where.space_id, member_id=where.member_id)
    await turn.send(replies.deal_reply(deal, slack_spelling))


async def press_vote(turn: Turn, match: re.Match[str]) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        deal = await actions.answer(
            session,
            space_id=where.space_id,
            member_id=where.member_id,
            motion_id=int(match["motion_id"]),
            choice=match["choice"],
            now=turn.host.clock(),
        )
    await turn.edit(replies.deal_reply(deal, slack_spelling))


async def _build(turn: Turn, parsed: Parsed) -> actions.Mapped:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        return await actions.build(
            session, space_id=where.space_id, motions=parsed.get("motions"), from_registry=True
        )


async def map_group(turn: Turn, parsed: Parsed) -> None:
    mapped = await _build(turn, parsed)
    result = mapped.result
    if not result.ready:
        await turn.send(replies.shortfall_reply(result, slack_spelling))
        return
    chart = await map_chart(mapped, mapped.names, title="Opinion map")
    card = replies.map_card(result, mapped.motions, slack_spelling)
    await turn.send(Reply(cards=[card], files=[chart]))


async def map_me(turn: Turn, parsed: Parsed) -> None:
    mapped = await _build(turn, parsed)
    result = mapped.result
    member_id = (await turn.identify()).member_id
    if not result.ready:
        await turn.send(replies.shortfall_reply(result, slack_spelling, member_id=member_id))
        return
    if result.placement(member_id) is None:
        card = replies.me_card(result, mapped.motions, member_id, slack_spelling, image=False)
        await turn.send(Reply(cards=[card], private=True))
        return
    chart = await map_chart(mapped, mapped.names, title="Where you stand", highlight=member_id)
    card = replies.me_card(result, mapped.motions, member_id, slack_spelling, image=True)
    await turn.send(Reply(cards=[card], files=[chart], private=True))


HANDLERS = {"map group": map_group, "map me": map_me}


async def map_command(turn: Turn, parsed: Parsed) -> None:
    turn.cooldown("map")  # /map group and /map me draw the same map: one wait
    await HANDLERS[parsed.syntax.path](turn, parsed)


def register(front: SlackFront) -> None:
    front.command("vote", VOTE, vote)
    front.command("map", MAP, map_command)
    front.action(replies.ACTION_PATTERN, press_vote)
