"""The poll's lifecycle on Slack: the "Manage" button and its private panel (Close now, Extend,
Reopen, Edit, Who hasn't voted, the counts), their modals, ``/poll manage``, ``/poll list
closed:yes``, and the scheduled start's and the reminder's jobs, which post in the poll's channel.

The same actions as Discord's (bot/actions/poll_manage.py). A modal's submission has no channel
and no response_url: the form carries the channel in its ``private_metadata``, and the answer
comes back with chat.postEphemeral (only the member sees it).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import poll_manage as actions
from bot.models import Job
from bot.replies import poll_manage as replies
from bot.replies.model import Card, Reply
from bot.replies.moments import stamp_moment
from bot.scheduler import After, Handler
from bot.services import identities, polls
from bot.services.polls import PollState
from bot.services.polls.rules import OPEN_JOB, REMIND_JOB, counts_public
from bot.text import chunk_lines
from bot.ui.poll_charts import chart_attachment
from slack_app import blocks
from slack_app.front import SlackFront, Submission
from slack_app.grammar import Parsed
from slack_app.limits import SECTION_TEXT
from slack_app.polls import LIST_PAGE, _locate, _message_of, _update, _upload, poll_message, results_reply
from slack_app.turn import PLATFORM, Turn

log = logging.getLogger(__name__)


async def _known(value: bool) -> bool:
    return value


async def _panel(turn: Turn, poll_id: int | None, poll: str | None = None) -> None:
    where = await turn.identify()
    moderator = await turn.is_moderator()
    async with turn.host.db.unit_of_work() as session:
        if poll_id is not None:
            panel = await actions.panel(
                session,
                space_id=where.space_id,
                poll_id=poll_id,
                member_id=where.member_id,
                is_moderator=lambda: _known(moderator),
                now=turn.host.clock(),
            )
        else:
            panel = await actions.panel_for(
                session,
                space_id=where.space_id,
                poll=poll,
                member_id=where.member_id,
                is_moderator=lambda: _known(moderator),
                now=turn.host.clock(),
            )
    await turn.send(replies.panel_reply(panel, stamp_moment))


async def _manage_pressed(turn: Turn, match: re.Match[str]) -> None:
    await _panel(turn, int(match["poll_id"]))


async def manage_command(turn: Turn, parsed: Parsed) -> None:
    """``/poll manage [poll]``: the same panel, for a poll named by number or words."""
    await _panel(turn, None, parsed.get("poll"))


async def _channel_of(session: AsyncSession, state: PollState) -> str | None:
    try:
        return (await identities.external_id(session, state.poll.channel_id))[2]
    except LookupError:
        return None


def _form(poll_id: int, control: str, channel: str, state: PollState) -> dict[str, Any]:
    """Extend's, Reopen's or Edit's modal; the channel rides in private_metadata."""
    poll = state.poll
    inputs: list[dict[str, Any]]
    if control == "edit":
        title = f"Edit poll #{poll_id}"
        inputs = [
            {
                "type": "input",
                "block_id": "question",
                "label": {"type": "plain_text", "text": "Question"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "question",
                    "initial_value": poll.question,
                    "max_length": polls.QUESTION_LIMIT,
                },
            },
            {
                "type": "input",
                "block_id": "options",
                "label": {"type": "plain_text", "text": "Options, one per line"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "options",
                    "multiline": True,
                    "initial_value": "\n".join(poll.options),
                    "max_length": SECTION_TEXT,
                },
            },
        ]
    else:
        extend = control == "extend"
        title = f"{'Extend' if extend else 'Reopen'} poll #{poll_id}"
        inputs = [
            {
                "type": "input",
                "block_id": "duration",
                "optional": not extend,
                "label": {
                    "type": "plain_text",
                    "text": "Add how long (30m, 2h, 1d)"
                    if extend
                    else "Close again after (2h; empty: no close)",
                },
                "element": {"type": "plain_text_input", "action_id": "duration", "max_length": 20},
            }
        ]
    return {
        "type": "modal",
        "callback_id": replies.form_id(poll_id, control),
        "private_metadata": json.dumps({"channel": channel}),
        "title": {"type": "plain_text", "text": title[:24]},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": inputs,
    }


async def _post_results(turn: Turn, state: PollState, channel: str | None) -> None:
    """The close by a manager, told in the channel: with the results when they are public, else
    the line alone (the closer gets them privately)."""
    if channel is None:
        log.warning("poll %s closed, but its channel is unknown", state.poll.id)
        return
    text = replies.closed_by_manager_text(state)
    if not counts_public(state.poll):
        await turn.client.chat_postMessage(channel=channel, **blocks.message(Reply(text=text)))
        return
    chart = await chart_attachment(state)
    shown = results_reply(state, chart, text=text)
    await turn.client.chat_postMessage(channel=channel, **blocks.message(shown))
    await _upload(turn.client, channel, shown.files)


async def _control(turn: Turn, match: re.Match[str]) -> None:
    where = await turn.identify()
    moderator = await turn.is_moderator()
    poll_id, control = int(match["poll_id"]), match["control"]
    member, check = where.member_id, lambda: _known(moderator)
    if control == "close":
        async with turn.host.db.unit_of_work() as session:
            state = await actions.close_now(
                session,
                space_id=where.space_id,
                poll_id=poll_id,
                now=turn.host.clock(),
                member_id=member,
                is_moderator=check,
            )
            channel = await _channel_of(session, state)
            message = await _message_of(session, state)
        await _update(turn.client, message, state)
        await _post_results(turn, state, channel)
        if counts_public(state.poll):
            await turn.send(Reply(text=replies.closed_now_text(state), private=True))
        else:
            chart = await chart_attachment(state)
            shown = results_reply(state, chart, text=replies.closed_privately_text(state))
            await turn.send(Reply(text=shown.text, cards=shown.cards, files=shown.files, private=True))
        return
    if control == "missing":
        async with turn.host.db.unit_of_work() as session:
            found = await actions.not_voted(
                session,
                space_id=where.space_id,
                poll_id=poll_id,
                now=turn.host.clock(),
                member_id=member,
                is_moderator=check,
            )
            names = await identities.names(session, found.members)
        await turn.send(Reply(text=replies.missing_text(found, names, "workspace"), private=True))
        return
    async with turn.host.db.unit_of_work() as session:
        state = await actions.check_manager(
            session, space_id=where.space_id, poll_id=poll_id, member_id=member, is_moderator=check
        )
    await turn.open_modal(_form(poll_id, control, where.channel, state))


async def _submitted(turn: Turn, match: re.Match[str], form: Submission) -> None:
    try:
        channel = str(json.loads(form.private_metadata)["channel"])
    except (ValueError, KeyError, TypeError):
        raise LookupError("the poll's form carries no channel") from None
    where = await turn.identify(channel)
    moderator = await turn.is_moderator()
    poll_id, control = int(match["poll_id"]), match["control"]
    now = turn.host.clock()
    member, check = where.member_id, lambda: _known(moderator)
    async with turn.host.db.unit_of_work() as session:
        if control == "edit":
            state = await actions.edit(
                session,
                space_id=where.space_id,
                poll_id=poll_id,
                question=form.get("question"),
                options=form.get("options"),
                now=now,
                member_id=member,
                is_moderator=check,
            )
            text = replies.edited_text(state)
        else:
            step = actions.extend if control == "extend" else actions.reopen
            changed = await step(
                session,
                space_id=where.space_id,
                poll_id=poll_id,
                duration=form.get("duration"),
                now=now,
                member_id=member,
                is_moderator=check,
            )
            state = changed.state
            if changed.timers:
                turn.host.scheduler.wake()
            said = replies.extended_text if control == "extend" else replies.reopened_text
            text = said(state, stamp_moment)
    await turn.ack()  # the form closes
    await _update(turn.client, await _locate(turn.host, state), state)
    await turn.client.chat_postEphemeral(
        channel=channel, user=turn.user, **blocks.message(Reply(text=text, private=True))
    )


async def list_closed(turn: Turn) -> None:
    """``/poll list closed:yes``: the closed polls with their results, where the member may see them."""
    where = await turn.identify()
    moderator = await turn.is_moderator()
    async with turn.host.db.unit_of_work() as session:
        listed = await actions.closed_list(
            session,
            space_id=where.space_id,
            viewer_id=where.member_id,
            is_moderator=lambda: _known(moderator),
        )
    if not listed.items:
        await turn.send(Reply(text=replies.no_closed_polls("workspace"), private=True))
        return
    pages = chunk_lines(replies.closed_list_lines(where.space_id, listed, stamp_moment), LIST_PAGE)
    cards = [Card(title="Closed polls" if i == 0 else None, description=page) for i, page in enumerate(pages)]
    await turn.send(Reply(cards=cards, private=True))


# ---------------------------------------------------------------- the timers


def open_job(front: SlackFront) -> Handler:
    """The scheduled start: post the poll in its channel and remember the message, in the job's
    own unit of work (a failed post is tried again by the scheduler)."""

    async def handler(session: AsyncSession, job: Job) -> After | None:
        state = await actions.open_due(session, job)
        if state is None:
            return None
        channel = await _channel_of(session, state)
        if channel is None:
            log.warning("poll %s was due to open, but its channel is unknown", state.poll.id)
            return None
        posted = await front.client.chat_postMessage(channel=channel, **blocks.message(poll_message(state)))
        message = await identities.internal_id(
            session, PLATFORM, "message", f"{channel}/{posted['ts']}", now=front.host.clock()
        )
        await polls.set_message(session, state.poll.id, message)
        return None

    return handler


def remind_job(front: SlackFront) -> Handler:
    """The reminder, once: marked in the job's transaction, posted after it commits."""

    async def handler(session: AsyncSession, job: Job) -> After | None:
        state = await actions.remind_due(session, job, now=front.host.clock())
        if state is None:
            return None
        channel = await _channel_of(session, state)
        if channel is None:
            return None

        async def after() -> None:
            shown = Reply(text=replies.reminder_text(state, stamp_moment))
            await front.client.chat_postMessage(channel=channel, **blocks.message(shown))

        return after

    return handler


def register(front: SlackFront) -> None:
    """Called by slack_app/polls.py's register (its /poll names ``poll manage`` and ``list closed``)."""
    front.action(replies.MANAGE_PATTERN, _manage_pressed)
    front.action(replies.CONTROL_PATTERN, _control)
    front.view(replies.FORM_PATTERN, _submitted)
    front.host.scheduler.register(OPEN_JOB, open_job(front), platform=PLATFORM)
    front.host.scheduler.register(REMIND_JOB, remind_job(front), platform=PLATFORM)
