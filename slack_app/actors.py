"""/who, /actors, /ask and /source on Slack: the article's actors and text, with ¶ numbers."""

from __future__ import annotations

import re

from bot.errors import NotFound
from bot.packs import ACTOR_KINDS
from bot.replies import actors as replies
from bot.services import actors as actor_service
from bot.services import ask as ask_service
from bot.services.pack_index import PackIndex
from slack_app.front import SlackFront
from slack_app.grammar import Opt, Parsed, Syntax
from slack_app.turn import Turn

WHO = [
    Syntax(
        "who",
        "who an actor is and what the article says about them",
        (Opt("actor", required=True, rest=True),),
        example="/who ASEAN",
    )
]
ACTORS = [
    Syntax(
        "actors",
        "every actor the article names, grouped by kind",
        (Opt("kind", kind="choice", choices=ACTOR_KINDS),),
        example="/actors state",
    )
]
ASK = [
    Syntax(
        "ask",
        "a question, answered from the article with ¶ numbers",
        (Opt("question", required=True, rest=True),),
        example="/ask Why does France object to a NATO office in Tokyo?",
    )
]
SOURCE = [
    Syntax(
        "source",
        "one paragraph of the article: summary, facts, quotations, actors",
        (Opt("paragraph", kind="int", required=True),),
        example="/source 5",
    )
]


async def _index(turn: Turn, pack_id: int | None = None) -> PackIndex:
    where = await turn.identify()
    cached = turn.host.indexes.cached_for_guild(where.space_id) if pack_id is None else None
    if cached is not None:
        return cached
    async with turn.host.db.unit_of_work() as session:
        if pack_id is None:
            return await turn.host.indexes.for_guild(session, where.space_id)
        index = await turn.host.indexes.for_pack_id(session, pack_id)
    if index is None:
        raise NotFound("That content pack is no longer loaded; run the command again.")
    return index


async def who(turn: Turn, parsed: Parsed) -> None:
    index = await _index(turn)
    await turn.send(replies.who_reply(index, actor_service.resolve(index, parsed.get("actor")[:200])))


async def actors(turn: Turn, parsed: Parsed) -> None:
    index = await _index(turn)
    await turn.send(replies.actors_reply(index, parsed.get("kind"), 0))


async def ask(turn: Turn, parsed: Parsed) -> None:
    turn.cooldown("ask")
    index = await _index(turn)
    question = str(parsed.get("question"))[:300]
    await turn.send(replies.ask_reply(index, ask_service.ask(index, question)))


async def source(turn: Turn, parsed: Parsed) -> None:
    index = await _index(turn)
    number = int(parsed.get("paragraph"))
    actor_service.check_paragraph(index, number)
    await turn.send(replies.source_reply(index, number))


async def press_who(turn: Turn, match: re.Match[str]) -> None:
    index = await _index(turn, int(match["pack"]))
    actor = index.actors.get(match["slug"])
    if actor is None:
        raise NotFound("That actor is no longer in the pack; run /who again.")
    await turn.send(replies.who_reply(index, actor_service.resolve(index, actor.name)))


async def press_page(turn: Turn, match: re.Match[str]) -> None:
    index = await _index(turn, int(match["pack"]))
    kind = None if match["kind"] == "all" else match["kind"]
    await turn.edit(replies.actors_reply(index, kind, int(match["page"])))


def register(front: SlackFront) -> None:
    front.command("who", WHO, who)
    front.command("actors", ACTORS, actors)
    front.command("ask", ASK, ask)
    front.command("source", SOURCE, source)
    front.action(r"roundtable:who:(?P<pack>\d{1,18}):(?P<slug>[a-z0-9-]+)", press_who)
    front.action(r"roundtable:actors:(?P<pack>\d{1,18}):(?P<kind>[a-z]+):(?P<page>\d{1,6})", press_page)
