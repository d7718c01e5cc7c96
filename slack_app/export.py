"""/export on Slack: the group's data as files, uploaded privately to the member's direct messages.

``/export positions`` (the stance ledger as CSV, private members under pseudonyms) lives here.
Other exports add a ``Syntax`` to ``EXPORT`` and a handler to ``HANDLERS``, since Slack has one
``/export``: ``/export poll`` is the polls feature's ``/poll export`` (slack_app/polls.py), the
same CSV with the same rules (one row per vote for the creator and moderators, counts otherwise).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.actions import stances as actions
from bot.replies import stances as replies
from slack_app.front import SlackFront
from slack_app.grammar import Opt, Parsed, Syntax
from slack_app.polls import export_poll
from slack_app.turn import Turn


async def positions_csv(turn: Turn, parsed: Parsed) -> None:
    await turn.require_moderator()
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        exported = await actions.export_positions(
            session, space_id=where.space_id, hash_key=turn.host.settings.vote_hash_key
        )
    # Members by the names the registry holds (the names Slack gave when they last used Roundtable).
    await turn.send(replies.export_reply(exported, exported.names, turn.host.clock()))


EXPORT = [
    Syntax(
        "export positions",
        "every stance and change as CSV, sent to your direct messages (moderators; privacy kept)",
        example="/export positions",
        moderators_only=True,
    ),
    Syntax(
        "export poll",
        "a poll as CSV in your direct messages (default: the newest; who voted what: its creator and "
        "moderators, never for an anonymous poll)",
        (Opt("poll", rest=True),),
        example="/export poll 3",
    ),
]
HANDLERS: dict[str, Callable[[Turn, Parsed], Awaitable[None]]] = {
    "export positions": positions_csv,
    "export poll": export_poll,
}


async def export(turn: Turn, parsed: Parsed) -> None:
    await HANDLERS[parsed.syntax.path](turn, parsed)


def register(front: SlackFront) -> None:
    front.command("export", EXPORT, export)
