"""The one place that turns errors into what a Slack member sees: privately, never a traceback.

A ``UserError`` is shown as it is; a line that does not parse gets the command's usage
(``UsageError`` is a ``UserError``); anything else is logged with an error id the member can
quote. As on Discord (bot/ui/errors.py), neither the member nor the full action id is logged.
"""

from __future__ import annotations

import logging

from bot.errors import Ambiguous
from bot.replies.commands import slack_spelling
from bot.replies.errors import user_message
from bot.replies.model import Reply
from slack_app.turn import Turn

log = logging.getLogger(__name__)


def _message(error: BaseException, where: str) -> tuple[str, str | None]:
    message, error_id = user_message(error, slack_spelling)
    if isinstance(error, Ambiguous):
        message = error.message
    if error_id is not None:
        log.error("error %s in %s", error_id, where, exc_info=error)
    return message, error_id


async def report(turn: Turn, error: BaseException, where: str) -> None:
    message, error_id = _message(error, where)
    try:
        await turn.send(Reply(text=message, private=True))
    except Exception:
        log.warning("could not show error %s to the member (response_url expired?)", error_id, exc_info=True)


async def report_in_form(turn: Turn, error: BaseException, where: str, block_id: str | None) -> None:
    """An error while a form is being submitted: shown in the form, under its first field, while the
    submission can still be answered; otherwise as a private message (when Slack gave a way)."""
    if turn.acked or block_id is None:
        await report(turn, error, where)
        return
    message, _error_id = _message(error, where)
    await turn.ack(response_action="errors", errors={block_id: message[:2000]})
