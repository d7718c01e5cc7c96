"""Modal submissions on Slack (``front.view``): a form is acknowledged at once when its fields are
right, and kept open with a message under each wrong field (``response_action: errors``)."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.errors import UserError
from bot.replies.model import Reply
from slack_app.front import FieldErrors, Submission
from slack_app.grammar import Parsed, Syntax
from slack_app.simulator import SlackSimulator
from slack_app.turn import Turn

FORM = "roundtable:test-note"


def note_form(channel: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": f"{FORM}:7",
        "private_metadata": json.dumps({"channel": channel}),
        "title": {"type": "plain_text", "text": "A note"},
        "submit": {"type": "plain_text", "text": "Post"},
        "blocks": [
            {
                "type": "input",
                "block_id": "note-block",
                "label": {"type": "plain_text", "text": "Note"},
                "element": {"type": "plain_text_input", "action_id": "note"},
            },
            {
                "type": "input",
                "block_id": "tone-block",
                "optional": True,
                "label": {"type": "plain_text", "text": "Tone"},
                "element": {
                    "type": "static_select",
                    "action_id": "tone",
                    "options": [
                        {"text": {"type": "plain_text", "text": t}, "value": t} for t in ("calm", "loud")
                    ],
                },
            },
        ],
    }


def add_note_form(sim: SlackSimulator) -> list[Submission]:
    """A command that opens the form, and the form's submission handler (what a feature registers)."""
    assert sim.front is not None
    seen: list[Submission] = []

    async def open_form(turn: Turn, _parsed: Parsed) -> None:
        await turn.open_modal(note_form(turn.channel))

    async def submitted(turn: Turn, match: re.Match[str], form: Submission) -> None:
        seen.append(form)
        note = str(form.get("note", "")).strip()
        if len(note) < 3:
            raise FieldErrors({"note": "Write at least three characters."})
        if note == "boom":
            raise UserError("That note cannot be posted.")
        channel = json.loads(form.private_metadata)["channel"]
        await turn.post(
            Reply(text=f"Note {match['n']} ({form.get('tone', 'plain')}): {note}"), channel=channel
        )

    sim.front.command("note", [Syntax("note", "write a note")], open_form)
    sim.front.view(rf"{FORM}:(?P<n>\d+)", submitted)
    return seen


async def test_a_valid_form_is_acknowledged_empty_and_its_handler_posts(slack: SlackSimulator) -> None:
    seen = add_note_form(slack)
    opened = await slack.command("alice", "note")
    [modal] = opened.replies
    assert modal["kind"] == "modal" and modal["trigger_id"]
    submitted = await slack.submit("alice", modal["view"], {"note": "Read ¶5 first", "tone": "calm"})
    assert submitted.status == 200
    assert submitted.ack in (None, "")  # an empty acknowledgement closes the form
    [posted] = submitted.replies
    assert posted["kind"] == "message" and posted["channel"] == slack.channel("general")
    assert "Note 7 (calm): Read ¶5 first" in submitted.text()
    assert seen[0].values == {"note": "Read ¶5 first", "tone": "calm"}


async def test_a_wrong_field_keeps_the_form_open_with_the_message_under_it(slack: SlackSimulator) -> None:
    add_note_form(slack)
    modal = (await slack.command("alice", "note")).replies[0]
    short = await slack.submit("alice", modal["view"], {"note": "hi"})
    assert short.ack == {
        "response_action": "errors",
        "errors": {"note-block": "Write at least three characters."},
    }
    assert short.replies == []
    empty = await slack.submit("alice", modal["view"], {})
    assert isinstance(empty.ack, dict) and empty.ack["response_action"] == "errors"


async def test_a_user_error_in_the_handler_is_shown_in_the_form(slack: SlackSimulator) -> None:
    add_note_form(slack)
    modal = (await slack.command("alice", "note")).replies[0]
    refused = await slack.submit("alice", modal["view"], {"note": "boom"})
    assert refused.ack == {
        "response_action": "errors",
        "errors": {"note-block": "That note cannot be posted."},
    }
    assert not slack.fake.of("chat.postMessage")
