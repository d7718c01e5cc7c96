"""A "did you mean ...?" question on Slack: the command whose name was unclear waits for a press.

Slack has no option autocomplete, so an unclear motion or poll name is common here. As on Discord
(bot/ui/did_you_mean.py), the command and its options are held (bot/services/choices.py) and the
member gets a private question with one button per likely target. A press by that member (nobody
else: ``choices.take`` refuses anyone else) runs the same handler again with the picked target's
exact key, which resolves without doubt.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.errors import Ambiguous, NotFound
from bot.replies.did_you_mean import chosen_text, pick_buttons, question_text
from bot.replies.looks import backslashed
from bot.replies.model import Reply
from bot.services import choices
from slack_app.grammar import Parsed
from slack_app.turn import Turn

if TYPE_CHECKING:
    from slack_app.front import SlackFront

_PLAIN = (str, int, float, bool, type(None))


def _option(values: dict[str, Any], error: Ambiguous) -> str | None:
    """The option that held the unclear name: the one whose value is what was typed."""
    named = [
        name
        for name, value in values.items()
        if isinstance(value, str) and value.strip() == error.typed.strip()
    ]
    if error.kind in named:
        return error.kind
    return named[0] if len(named) == 1 else None


async def ask(turn: Turn, parsed: Parsed, error: Ambiguous) -> bool:
    """Ask the member which target they meant; False when this command cannot be asked about."""
    option = _option(parsed.values, error)
    if option is None or not all(isinstance(v, _PLAIN) for v in parsed.values.values()):
        return False
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        held = await choices.hold(
            session,
            guild_id=where.space_id,
            user_id=where.member_id,
            command=parsed.syntax.path,
            option=option,
            arguments=dict(parsed.values),
            candidates=error.candidates,
            now=turn.host.clock(),
        )
    buttons = pick_buttons(held.id, held.token, error.candidates)
    await turn.send(Reply(text=question_text(error, backslashed), rows=[buttons], private=True))
    return True


def register(front: SlackFront) -> None:
    async def press(turn: Turn, match: re.Match[str]) -> None:
        where = await turn.identify()
        async with turn.host.db.unit_of_work() as session:
            chosen = await choices.take(
                session,
                choice_id=int(match["choice"]),
                token=match["token"],
                index=int(match["index"]),
                guild_id=where.space_id,
                user_id=where.member_id,
                now=turn.host.clock(),
            )
        found = front.handler_for(chosen.command)
        if found is None:
            raise NotFound(f"/{chosen.command[:40]} is no longer available.")
        syntax, handler = found
        # Close the question first; the command then answers with messages of its own.
        await turn.edit(Reply(text=chosen_text(chosen.label, backslashed), private=True))
        await handler(turn, Parsed(syntax, dict(chosen.arguments)))

    front.action(r"roundtable:pick:(?P<choice>\d{1,18}):(?P<token>[0-9a-f]{16}):(?P<index>\d)", press)
