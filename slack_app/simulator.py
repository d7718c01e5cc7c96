"""A Slack workspace in one process: the fake Web API, the real Bolt app over HTTP, and requests
signed as Slack signs them (``v0`` HMAC-SHA256 of the timestamp and body, slack-sdk's
``SignatureVerifier``). The tests and ``python -m bot console --platform slack`` both drive it.

Workspaces, members and channels are named; their Slack ids derive from the names, so a run's
ids are the same every time (``T``/``U``/``C`` and a hash).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import socket
import time
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from bot.runtime import Host
from bot.settings import Settings
from slack_app.fake_api import Call, FakeSlack
from slack_app.front import SlackFront

SIGNING_SECRET = "roundtable-simulated-signing-secret"
BOT_TOKEN = "xoxb-roundtable-simulated"


_TOKEN = re.compile(r"<[@#!][^<>]*>")


def as_slack_sends(text: str) -> str:
    """Command text as Slack sends it: ``&``, ``<``, ``>`` escaped, except the tokens Slack makes
    itself (``<@U…|name>`` from a mention pick, ``<!channel>`` from ``@channel``, ``<#C…>``)."""
    out, last = [], 0
    for token in _TOKEN.finditer(text):
        out.append(_escape(text[last : token.start()]))
        out.append(token.group(0))
        last = token.end()
    out.append(_escape(text[last:]))
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_id(prefix: str, name: str) -> str:
    """A stable Slack-looking id for ``name`` (upper-case letters and digits)."""
    digest = hashlib.sha256(f"{prefix}:{name}".encode()).hexdigest().upper()
    return prefix + digest[:10]


@dataclass
class Result:
    """What one request did: the HTTP answer (the acknowledgement) and every call the app made."""

    status: int
    ack: dict[str, Any] | str | None
    calls: list[Call] = field(default_factory=list)

    @property
    def replies(self) -> list[dict[str, Any]]:
        """Every message the member saw come back: the ack's, then followups, posts and edits."""
        out: list[dict[str, Any]] = []
        if isinstance(self.ack, dict) and ("text" in self.ack or "blocks" in self.ack):
            out.append({"kind": "response", **self.ack})
        for call in self.calls:
            if call.method == "response_url":
                kind = "edit" if call.args.get("replace_original") else "followup"
                out.append({"kind": kind, **call.args})
            elif call.method == "chat.postMessage":
                out.append({"kind": "message", **call.args})
            elif call.method == "chat.postEphemeral":
                out.append({"kind": "message", "response_type": "ephemeral", **call.args})
            elif call.method == "chat.update":
                out.append({"kind": "edit", **call.args})
            elif call.method == "views.open":
                out.append({"kind": "modal", **call.args})
        return out

    def text(self) -> str:
        """Every reply's text and block text as a member reads it (Slack's escapes undone)."""
        raw = "\n".join(_all_text(r) for r in self.replies)
        return raw.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# Keys of a payload that hold no text a member reads.
_NOT_TEXT = frozenset(
    ("action_id", "value", "kind", "type", "response_type", "style", "block_id", "ts", "channel", "token")
)


def _all_text(payload: Any) -> str:
    if isinstance(payload, dict):
        return "\n".join(_all_text(v) for k, v in payload.items() if k not in _NOT_TEXT)
    if isinstance(payload, list):
        return "\n".join(_all_text(v) for v in payload)
    return payload if isinstance(payload, str) else ""


class SlackSimulator:
    def __init__(self, host: Host, settings: Settings) -> None:
        self.host = host
        self.fake = FakeSlack()
        self.base_settings = settings
        self.front: SlackFront | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.team_names: dict[str, str] = {}
        self.default_team = slack_id("T", "Study Group")
        self._session: aiohttp.ClientSession | None = None
        self.verifier = SignatureVerifier(SIGNING_SECRET)

    async def start(self) -> SlackSimulator:
        api_url = await self.fake.start()
        settings = replace(
            self.base_settings,
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_app_token=None,
            slack_api_url=api_url,
        )
        self.front = SlackFront(self.host, settings)
        await self._serve()
        self._session = aiohttp.ClientSession()
        return self

    async def _serve(self) -> None:
        assert self.front is not None
        self._runner = web.AppRunner(self.front.app.web_app(path="/slack/events"), access_log=None)
        await self._runner.setup()
        # A socket bound here, so its port is known (aiohttp picks one for port 0 but says not).
        listening = socket.socket()
        listening.bind(("127.0.0.1", 0))
        port = listening.getsockname()[1]
        await web.SockSite(self._runner, listening).start()
        self.url = f"http://127.0.0.1:{port}/slack/events"

    async def restart(self, host: Host) -> None:
        """A new process: a new host and Bolt app on the same fake Slack (its messages kept)."""
        if self._runner is not None:
            await self._runner.cleanup()
        self.host = host
        assert self.front is not None
        self.front = SlackFront(host, self.front.settings)
        await self._serve()

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
        await self.fake.stop()

    # -- naming ----------------------------------------------------------------------------------

    def team(self, name: str | None = None) -> str:
        if name is None:
            return self.default_team
        team = slack_id("T", name)
        self.team_names[team] = name
        return team

    def member(self, name: str, *, team: str | None = None, admin: bool = False) -> str:
        user = slack_id("U", f"{team or self.default_team}:{name}")
        if user not in self.fake.users or admin:
            self.fake.add_user(team or self.default_team, user, name, admin=admin)
        return user

    def channel(self, name: str, *, team: str | None = None) -> str:
        return slack_id("C", f"{team or self.default_team}:{name}")

    # -- requests ----------------------------------------------------------------------------------

    def sign(self, body: str, timestamp: int | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        return {
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": str(self.verifier.generate_signature(timestamp=ts, body=body)),
        }

    async def post(
        self, body: str, content_type: str, *, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """POST ``body`` to the app's /slack/events, signed unless ``headers`` say otherwise."""
        assert self._session is not None
        sent = {"Content-Type": content_type, **(headers if headers is not None else self.sign(body))}
        async with self._session.post(self.url, data=body.encode(), headers=sent) as response:
            return response.status, await response.text()

    async def _request(self, form: dict[str, str]) -> Result:
        before = len(self.fake.calls)
        status, text = await self.post(urlencode(form), "application/x-www-form-urlencoded")
        await self.settle()
        ack: dict[str, Any] | str | None
        try:
            ack = json.loads(text) if text else None
        except ValueError:
            ack = text
        return Result(status, ack, self.fake.calls[before:])

    async def settle(self) -> None:
        """Wait until the app's listeners have finished (work after the acknowledgement too)."""
        for _ in range(2000):
            await asyncio.sleep(0.005)
            if self.front is not None and not self.front.busy:
                await asyncio.sleep(0.005)
                if not self.front.busy:
                    return

    async def command(
        self, member: str, command: str, text: str = "", *, channel: str = "general", team: str | None = None
    ) -> Result:
        team = team or self.default_team
        user = self.member(member, team=team)
        return await self._request(
            {
                "token": "unused",
                "team_id": team,
                "team_domain": self.team_names.get(team, "study-group").lower().replace(" ", "-"),
                "channel_id": self.channel(channel, team=team),
                "channel_name": channel,
                "user_id": user,
                "user_name": member.lower(),
                "command": f"/{command.lstrip('/')}",
                "text": as_slack_sends(text),
                "api_app_id": "AROUNDTABLE",
                "response_url": self.fake.response_url(),
                "trigger_id": f"{int(time.time())}.trigger",
            }
        )

    async def press(
        self,
        member: str,
        action_id: str,
        *,
        message: dict[str, Any] | None = None,
        channel: str = "general",
        team: str | None = None,
        selected: str | None = None,
    ) -> Result:
        """Press the button (or pick ``selected`` in the select) with ``action_id``."""
        team = team or self.default_team
        user = self.member(member, team=team)
        channel_id = self.channel(channel, team=team)
        action: dict[str, Any] = {
            "action_id": action_id,
            "block_id": "b",
            "type": "button",
            "value": action_id,
        }
        if selected is not None:
            action = {
                "action_id": action_id,
                "block_id": "b",
                "type": "static_select",
                "selected_option": {"value": selected, "text": {"type": "plain_text", "text": selected}},
            }
        payload = {
            "type": "block_actions",
            "team": {"id": team, "domain": "study-group"},
            "user": {"id": user, "username": member.lower(), "team_id": team},
            "api_app_id": "AROUNDTABLE",
            "token": "unused",
            "container": {
                "type": "message",
                "message_ts": (message or {}).get("ts", "0"),
                "channel_id": channel_id,
            },
            "trigger_id": f"{int(time.time())}.trigger",
            "channel": {"id": channel_id, "name": channel},
            "message": message or {"ts": "0", "text": "", "blocks": []},
            "response_url": self.fake.response_url(),
            "actions": [action],
        }
        return await self._request({"payload": json.dumps(payload)})

    async def submit(
        self,
        member: str,
        view: dict[str, Any],
        values: dict[str, Any],
        *,
        team: str | None = None,
    ) -> Result:
        """Submit the modal ``view`` (as views.open received it) with ``values`` by action_id.

        The payload is Slack's ``view_submission``: every input block's element in
        ``view.state.values[block_id][action_id]``, shaped by its type (a text input's ``value``,
        a select's ``selected_option``); an input not in ``values`` is sent empty.
        """
        team = team or self.default_team
        user = self.member(member, team=team)
        state: dict[str, dict[str, Any]] = {}
        for block in view.get("blocks") or []:
            element = block.get("element") or {}
            if block.get("type") != "input" or "action_id" not in element:
                continue
            block_id = str(block.get("block_id") or element["action_id"])
            state.setdefault(block_id, {})[element["action_id"]] = input_state(
                element, values.get(element["action_id"])
            )
        payload = {
            "type": "view_submission",
            "team": {"id": team, "domain": "study-group"},
            "user": {"id": user, "username": member.lower(), "name": member.lower(), "team_id": team},
            "api_app_id": "AROUNDTABLE",
            "token": "unused",
            "trigger_id": f"{int(time.time())}.trigger",
            "view": {
                "id": view.get("id") or slack_id("V", json.dumps(view, sort_keys=True)),
                "team_id": team,
                "type": "modal",
                "hash": "1.hash",
                "app_id": "AROUNDTABLE",
                "bot_id": "BROUNDTABLE",
                "previous_view_id": None,
                "root_view_id": view.get("id"),
                "callback_id": view.get("callback_id", ""),
                "private_metadata": view.get("private_metadata", ""),
                "title": view.get("title"),
                "blocks": view.get("blocks") or [],
                "state": {"values": state},
            },
            "response_urls": [],
        }
        return await self._request({"payload": json.dumps(payload)})


def input_state(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """One input's entry in a view_submission's ``state.values``, as Slack shapes it by type."""
    kind = str(element.get("type", "plain_text_input"))
    options = {str(o.get("value")): o for o in element.get("options") or []}
    if kind in ("static_select", "radio_buttons", "external_select"):
        chosen = options.get(str(value)) if value is not None else None
        if chosen is None and value is not None:
            chosen = {"text": {"type": "plain_text", "text": str(value)}, "value": str(value)}
        return {"type": kind, "selected_option": chosen}
    if kind in ("multi_static_select", "checkboxes"):
        picked = [] if value is None else [value] if isinstance(value, str) else list(value)
        return {
            "type": kind,
            "selected_options": [
                options.get(str(v), {"text": {"type": "plain_text", "text": str(v)}, "value": str(v)})
                for v in picked
            ],
        }
    if kind == "users_select":
        return {"type": kind, "selected_user": value}
    if kind == "datepicker":
        return {"type": kind, "selected_date": value}
    return {"type": kind, "value": None if value is None else str(value)}


def buttons(reply: dict[str, Any]) -> dict[str, str]:
    """A reply's buttons: label -> action_id."""
    found: dict[str, str] = {}
    for block in reply.get("blocks") or []:
        if block.get("type") == "actions":
            for element in block.get("elements", []):
                if element.get("type") == "button":
                    found[element["text"]["text"]] = element["action_id"]
    return found
