"""A poll's controls row on Slack: Rank (a ranked poll's private ranking form) and Add option.

The same actions as Discord's (bot/actions/polls.py: ``rank``, ``add_option``). Each press opens a
modal (views.open): the ranking form has one select per place (Discord's modal holds 5 fields,
so members rank their top 5 on both platforms, or every option of a smaller poll); the Add option
form one text input. A view submission has no channel, so the forms carry the poll message's
channel in ``private_metadata``; the receipt is an ephemeral message there. Mistakes (an option
in two places, a duplicate option) are shown inside the form, which stays open. Nothing here
logs who ranked or added what.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.actions import polls as actions
from bot.models import Poll
from bot.replies import polls as replies
from bot.replies.model import Reply
from bot.services.polls import OPTION_LIMIT, PollState, rank_slots
from bot.text import clip
from bot.ui.markdown import escaped
from slack_app import blocks, limits
from slack_app.front import SlackFront, Submission
from slack_app.polls import _locate, _update
from slack_app.turn import Turn

RANK_FORM = r"roundtable:poll:(?P<poll_id>\d{1,20}):rank-form"
ADD_FORM = r"roundtable:poll:(?P<poll_id>\d{1,20}):add-form"
MODAL_TITLE = 24


def _title(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": clip(text, MODAL_TITLE)}


def _question(poll: Poll) -> dict[str, Any]:
    return {
        "type": "section",
        "text": {"type": "mrkdwn", "text": clip(blocks.mrkdwn(f"**{escaped(poll.question)}**"), 3000)},
    }


def rank_form(poll: Poll, channel: str, current: list[int] | None = None) -> dict[str, Any]:
    """One select per place, the first required, filled in with the member's ranking so far;
    the channel rides in private_metadata."""
    text = limits.OPTION_TEXT
    options = [
        {"text": {"type": "plain_text", "text": clip(blocks.plain(escaped(label)), text)}, "value": str(i)}
        for i, label in enumerate(poll.options[: limits.SELECT_OPTIONS])
    ]
    places = []
    for place in range(1, rank_slots(poll) + 1):
        element: dict[str, Any] = {
            "type": "static_select",
            "action_id": f"place-{place}",
            "placeholder": {"type": "plain_text", "text": "Your first choice" if place == 1 else "(none)"},
            "options": options,
        }
        if current and place <= len(current) and current[place - 1] < len(options):
            element["initial_option"] = options[current[place - 1]]
        places.append(
            {
                "type": "input",
                "block_id": f"place-{place}",
                "optional": place > 1,
                "label": {"type": "plain_text", "text": replies.place_label(place)},
                "element": element,
            }
        )
    return {
        "type": "modal",
        "callback_id": f"roundtable:poll:{poll.id}:rank-form",
        "private_metadata": json.dumps({"channel": channel}),
        "title": _title(f"Rank poll #{poll.id}"),
        "submit": {"type": "plain_text", "text": "Save ranking"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [_question(poll), *places],
    }


def add_form(poll: Poll, channel: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": f"roundtable:poll:{poll.id}:add-form",
        "private_metadata": json.dumps({"channel": channel}),
        "title": _title(f"Add to poll #{poll.id}"),
        "submit": {"type": "plain_text", "text": "Add"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _question(poll),
            {
                "type": "input",
                "block_id": "option",
                "label": {"type": "plain_text", "text": "Your option"},
                "element": {"type": "plain_text_input", "action_id": "option", "max_length": OPTION_LIMIT},
            },
        ],
    }


def _channel(form: Submission) -> str:
    try:
        return str(json.loads(form.private_metadata)["channel"])
    except (ValueError, KeyError, TypeError):
        raise LookupError("the poll form carries no channel") from None


async def _tell(turn: Turn, channel: str, text: str) -> None:
    """A private line to the member in the poll's channel (a form's submission has no response URL)."""
    await turn.client.chat_postEphemeral(channel=channel, user=turn.user, **blocks.message(Reply(text=text)))


async def _rank_pressed(turn: Turn, match: re.Match[str]) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        form = await actions.check_ranking(
            session,
            space_id=where.space_id,
            poll_id=int(match["poll_id"]),
            member_id=where.member_id,
            hash_key=turn.host.settings.vote_hash_key,
            now=turn.host.clock(),
        )
    await turn.open_modal(rank_form(form.poll, where.channel, form.current))


async def _rank_submitted(turn: Turn, match: re.Match[str], form: Submission) -> None:
    channel = _channel(form)
    where = await turn.identify(channel)
    poll_id = int(match["poll_id"])
    places = sorted(
        (k for k in form.values if re.fullmatch(r"place-\d{1,2}", k)), key=lambda k: int(k.split("-")[1])
    )
    result = await turn.host.db.run(
        actions.rank,
        space_id=where.space_id,
        poll_id=poll_id,
        member_id=where.member_id,
        picked=[form.get(k) for k in places],
        hash_key=turn.host.settings.vote_hash_key,
        now=turn.host.clock(),
    )
    await turn.ack()
    if result.state.results_visible:
        await _update(turn.client, await _locate(turn.host, result.state), result.state)
    await _tell(turn, channel, replies.rank_receipt(result))


async def _add_pressed(turn: Turn, match: re.Match[str]) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        poll = await actions.check_adding(
            session, space_id=where.space_id, poll_id=int(match["poll_id"]), now=turn.host.clock()
        )
    await turn.open_modal(add_form(poll, where.channel))


async def _add_submitted(turn: Turn, match: re.Match[str], form: Submission) -> None:
    channel = _channel(form)
    where = await turn.identify(channel)
    state: PollState = await turn.host.db.run(
        actions.add_option,
        space_id=where.space_id,
        poll_id=int(match["poll_id"]),
        member_id=where.member_id,
        member_name=where.member_name,
        label=str(form.get("option", "")),
        now=turn.host.clock(),
    )
    await turn.ack()
    await _update(turn.client, await _locate(turn.host, state), state)
    await _tell(turn, channel, replies.option_added(state, state.poll.options[-1]))


def register(front: SlackFront) -> None:
    front.action(replies.RANK_PATTERN, _rank_pressed)
    front.action(replies.ADD_PATTERN, _add_pressed)
    front.view(RANK_FORM, _rank_submitted)
    front.view(ADD_FORM, _add_submitted)
