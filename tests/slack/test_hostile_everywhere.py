"""Every Slack command, every subcommand, fed hostile text: no ping, nothing over Slack's limits,
no traceback (issue 18's acceptance), whatever the command does with it.

The commands come from the app itself (``front.commands``), so a feature added later is covered
without editing this file.
"""

from __future__ import annotations

import re
from typing import Any

from slack_app import limits
from slack_app.simulator import SlackSimulator

HOSTILE = [
    "<!channel> <!here> <!everyone> <@U0HOSTILE> <#C0HOSTILE> <!subteam^S0HOSTILE>",
    "*bold* _it_ ~gone~ `code` > quote ```block``` [link](https://example.com) &amp; &lt;b&gt;",
    "\u202eright-to-left\u202c \u200bzero\u200dwidth\u2060 " + "long " * 1000,
]
# A ping or a link Slack would make from our text: only these, unescaped.
PING = re.compile(r"<(?:!channel|!here|!everyone|@U|#C|!subteam)")


def _texts(payload: Any) -> list[tuple[str, str]]:
    """(key path tail, text) of every text in a reply."""
    found: list[tuple[str, str]] = []
    if isinstance(payload, dict):
        for key, value in payload.items():
            if isinstance(value, str) and key == "text":
                found.append((str(payload.get("type", "")), value))
            else:
                found.extend(_texts(value))
    elif isinstance(payload, list):
        for item in payload:
            found.extend(_texts(item))
    return found


def _check_limits(reply: dict[str, Any]) -> None:
    blocks = reply.get("blocks") or []
    assert len(blocks) <= limits.BLOCKS
    assert len(reply.get("text") or "") <= 40_000
    total = 0
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= limits.HEADER
        if block["type"] == "section":
            if "text" in block:
                assert len(block["text"]["text"]) <= limits.SECTION_TEXT
            assert len(block.get("fields", [])) <= limits.SECTION_FIELDS
            for f in block.get("fields", []):
                assert len(f["text"]) <= limits.FIELD_TEXT
        if block["type"] == "actions":
            assert len(block["elements"]) <= limits.ACTIONS_ELEMENTS
            for element in block["elements"]:
                assert len(element["action_id"]) <= limits.ACTION_ID
                if element["type"] == "button":
                    assert len(element["text"]["text"]) <= limits.BUTTON_TEXT
        if block["type"] == "context":
            assert len(block["elements"]) <= limits.CONTEXT_ELEMENTS
        total += sum(len(text) for _kind, text in _texts(block))
    assert total <= 13_000


async def test_every_command_takes_hostile_text_safely(slack: SlackSimulator) -> None:
    slack.member("moderator", admin=True)
    assert slack.front is not None
    lines: list[tuple[str, str]] = []
    for name, syntaxes in slack.front.commands.items():
        for syntax in syntaxes:
            sub = syntax.path.split(" ", 1)[1] + " " if " " in syntax.path else ""
            lines.extend((name, sub + text) for text in HOSTILE)
    assert len(lines) > 40  # every command is here
    for name, text in lines:
        for member in ("alice", "moderator"):
            result = await slack.command(member, name, text)
            assert result.status == 200, (name, text[:40])
            for reply in result.replies:
                raw = str(reply)
                assert not PING.search(raw), (name, text[:40], raw[:300])
                assert "something went wrong" not in result.text(), (name, text[:40], result.text()[:300])
                _check_limits(reply)
            for call in result.calls:
                if call.method == "views.open":
                    view = call.args.get("view") or {}
                    assert len(view.get("blocks") or []) <= limits.MODAL_BLOCKS
                    assert not PING.search(str(view))
