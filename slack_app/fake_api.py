"""An in-process fake of the Slack Web API, for the tests and the offline console.

It answers the methods Roundtable calls the way Slack does (``auth.test``, ``chat.postMessage``,
``chat.postEphemeral``, ``chat.update``, ``chat.delete``, ``chat.getPermalink``, ``views.open``,
``views.update``, the files upload v2 steps, ``files.info``, ``users.info``,
``conversations.open``), serves the ``response_url`` of slash commands and interactions, and
records every call. The app reaches it through ``SLACK_API_URL``; nothing in the app knows it is
not Slack.

Socket Mode too: ``apps.connections.open`` (with an ``xapp-`` token) gives a ``ws://`` URL on the
same server; the app connects, is greeted with ``hello``, and ``await socket_request(type,
payload)`` sends an envelope down that connection and returns the app's acknowledgement.

Like Bolt's own ``mock_web_api_server``, it is an aiohttp server on a loopback port.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

# The fake workspace's URL (auth.test gives it), and where a message's permalink points under it
WORKSPACE_URL = "https://roundtable.slack.com/"
PERMALINK_ROOT = f"{WORKSPACE_URL}archives/"

# How long socket_request waits for the app's acknowledgement: Slack gives up after 3 s, the
# fake allows a slow test machine more.
SOCKET_ACK_SECONDS = 10.0


@dataclass
class Call:
    """One request the app made: a Web API method or a ``response_url`` post."""

    method: str
    args: dict[str, Any]
    token: str | None = None
    # What the fake answered (a posted message's ``ts``, an opened view's ``id``).
    result: dict[str, Any] | None = None


@dataclass
class FakeUser:
    id: str
    team: str
    name: str
    admin: bool = False
    owner: bool = False


@dataclass
class Failure:
    status: int
    error: str
    retry_after: int | None = None


@dataclass
class FakeSlack:
    """The fake Slack. ``await start()`` gives the ``SLACK_API_URL`` to point the app at."""

    bot_user: str = "UROUNDTABLE"
    calls: list[Call] = field(default_factory=list)
    users: dict[str, FakeUser] = field(default_factory=dict)
    # (channel, ts) -> the message as last posted or updated.
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    # Tokens Slack does not know (revoked, mistyped): every call with one is invalid_auth.
    refused_tokens: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        # Socket Mode: the open connections, and acknowledgements awaited by envelope id.
        self.sockets: list[web.WebSocketResponse] = []
        self._connected = asyncio.Event()
        self._acks: dict[str, asyncio.Future[dict[str, Any]]] = {}

    # -- set-up --------------------------------------------------------------------------------

    def add_user(self, team: str, user: str, name: str, *, admin: bool = False, owner: bool = False) -> None:
        self.users[user] = FakeUser(user, team, name, admin, owner)

    def fail_next(
        self, method: str, status: int = 429, *, error: str = "ratelimited", retry_after: int = 1
    ) -> None:
        """The next call of ``method`` fails (a 429 carries ``Retry-After``, as Slack's do)."""
        self.failures.setdefault(method, []).append(Failure(status, error, retry_after))

    async def start(self) -> str:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{token}", self._response)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        # A socket bound here, so its port is known (aiohttp picks one for port 0 but says not).
        listening = socket.socket()
        listening.bind(("127.0.0.1", 0))
        port = listening.getsockname()[1]
        await web.SockSite(self._runner, listening).start()
        self.base_url = f"http://127.0.0.1:{port}/"
        return f"{self.base_url}api/"

    async def stop(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def response_url(self) -> str:
        """A fresh ``response_url``, as Slack puts in each command and interaction payload."""
        return f"{self.base_url}response/{next(self._ids)}"

    # -- Socket Mode ------------------------------------------------------------------------------

    async def connected(self) -> None:
        """Wait until the app holds a Socket Mode connection (bound it with asyncio.timeout)."""
        await self._connected.wait()

    async def socket_request(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Send an envelope of ``kind`` (``slash_commands``, ``interactive``) over the newest
        connection, as Slack does, and return the app's acknowledgement (envelope_id, payload).
        Slack waits 3 seconds for it; this waits up to ``SOCKET_ACK_SECONDS``."""
        await self.connected()
        envelope_id = str(uuid.uuid4())
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[envelope_id] = answer
        await self.sockets[-1].send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        try:
            return await asyncio.wait_for(answer, SOCKET_ACK_SECONDS)
        finally:
            self._acks.pop(envelope_id, None)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()  # answers the client's pings itself
        await ws.prepare(request)
        self.calls.append(Call("socket_connect", dict(request.query)))
        self.sockets.append(ws)
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": len(self.sockets),
                "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                "connection_info": {"app_id": "AROUNDTABLE"},
            }
        )
        self._connected.set()
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                ack = json.loads(message.data)
                self.calls.append(Call("socket_ack", ack))
                waiting = self._acks.get(str(ack.get("envelope_id")))
                if waiting is not None and not waiting.done():
                    waiting.set_result(ack)
        finally:
            self.sockets.remove(ws)
            if not self.sockets:
                self._connected.clear()
            self.calls.append(Call("socket_close", {}))
        return ws

    # -- reading what happened ----------------------------------------------------------------

    def of(self, *methods: str) -> list[Call]:
        return [c for c in self.calls if c.method in methods]

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        return self.messages[(channel, ts)]

    def add_message(self, channel: str, text: str, blocks: list[dict[str, Any]]) -> str:
        """Record a message Slack posted without a Web API call (a command's public answer in its
        acknowledgement or through response_url), so chat.update can change it; its ``ts``."""
        ts = self._new_ts()
        self.messages[(channel, ts)] = {"ts": ts, "text": text, "blocks": blocks, "user": self.bot_user}
        return ts

    # -- the endpoints ---------------------------------------------------------------------------

    def _new_ts(self) -> str:
        return f"1767225600.{next(self._ts):06d}"

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        body = await request.read()
        if body:
            if request.content_type == "application/json":
                args.update(json.loads(body))
            else:
                args.update(dict(parse_qsl(body.decode())))
        for key in ("blocks", "files", "view", "attachments"):
            if isinstance(args.get(key), str):
                try:
                    args[key] = json.loads(args[key])
                except ValueError:
                    pass
        return args

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or args.pop("token", None)
        call = Call(method, args, token)
        self.calls.append(call)
        queued = self.failures.get(method)
        if queued:
            failure = queued.pop(0)
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
            return web.json_response(
                {"ok": False, "error": failure.error}, status=failure.status, headers=headers
            )
        if not token:
            return web.json_response({"ok": False, "error": "not_authed"})
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        if (method == "apps.connections.open") != token.startswith("xapp-"):
            # Slack's answer to an app-level token used for a bot method, or the reverse.
            return web.json_response({"ok": False, "error": "not_allowed_token_type"})
        if token in self.refused_tokens:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        result = handler(args)
        call.result = result
        return web.json_response({"ok": True, **result} if "error" not in result else {"ok": False, **result})

    async def _response(self, request: web.Request) -> web.Response:
        args = await self._args(request)
        self.calls.append(Call("response_url", args))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        data = await request.read()
        self.files.setdefault(file_id, {})["data"] = data
        self.calls.append(Call("upload", {"file_id": file_id, "length": len(data)}))
        return web.Response(text=f"OK - {len(data)}")

    # -- methods -----------------------------------------------------------------------------------

    def _auth_test(self, _args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": WORKSPACE_URL,
            "team": "Fake",
            "user_id": self.bot_user,
            "bot_id": "BROUNDTABLE",
        }

    def _apps_connections_open(self, _args: dict[str, Any]) -> dict[str, Any]:
        # The token check happens in _api (it sees the header): only app-level tokens open sockets.
        return {"url": f"ws{self.base_url.removeprefix('http')}socket?ticket={uuid.uuid4()}"}

    def _chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        if not channel:
            return {"error": "channel_not_found"}
        ts = self._new_ts()
        message = {
            "ts": ts,
            "text": args.get("text", ""),
            "blocks": args.get("blocks", []),
            "user": self.bot_user,
        }
        self.messages[(channel, ts)] = message
        return {"channel": channel, "ts": ts, "message": message}

    def _chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"message_ts": self._new_ts()}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        key = (str(args.get("channel")), str(args.get("ts")))
        if key not in self.messages:
            return {"error": "message_not_found"}
        self.messages[key].update({"text": args.get("text", ""), "blocks": args.get("blocks", [])})
        return {"channel": key[0], "ts": key[1], "text": args.get("text", "")}

    def _chat_getPermalink(self, args: dict[str, Any]) -> dict[str, Any]:
        key = (str(args.get("channel")), str(args.get("message_ts")))
        if key not in self.messages:
            return {"error": "message_not_found"}
        return {"channel": key[0], "permalink": f"{PERMALINK_ROOT}{key[0]}/p{key[1].replace('.', '')}"}

    def _chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        key = (str(args.get("channel")), str(args.get("ts")))
        if self.messages.pop(key, None) is None:
            return {"error": "message_not_found"}
        return {"channel": key[0], "ts": key[1]}

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("trigger_id"):
            return {"error": "invalid_trigger_id"}
        view = args.get("view") or {}
        return {"view": {"id": f"V{next(self._ids):08d}", **view}}

    def _views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"view": {"id": args.get("view_id", "V0"), **(args.get("view") or {})}}

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = str(args.get("user", ""))
        user = self.users.get(user_id)
        if user is None:
            return {"error": "user_not_found"}
        return {
            "user": {
                "id": user.id,
                "team_id": user.team,
                "name": user.name.lower().replace(" ", "."),
                "real_name": user.name,
                "is_admin": user.admin,
                "is_owner": user.owner,
                "is_bot": False,
                "profile": {"display_name": user.name, "real_name": user.name},
            }
        }

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = str(args.get("users", ""))
        return {"channel": {"id": "D" + users.split(",")[0].lstrip("UW")}}

    def _files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ids):08d}"
        self.files[file_id] = {"filename": args.get("filename"), "alt_txt": args.get("alt_txt")}
        return {"upload_url": f"{self.base_url}upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        done = []
        for item in args.get("files") or []:
            stored = self.files.get(item["id"])
            if stored is None or "data" not in stored:
                return {"error": "file_not_found"}
            stored.update(
                {
                    "title": item.get("title"),
                    "channel": args.get("channel_id"),
                    "comment": args.get("initial_comment"),
                }
            )
            done.append({"id": item["id"], "name": stored["filename"], "title": item.get("title")})
        return {"files": done}

    def _files_info(self, args: dict[str, Any]) -> dict[str, Any]:
        stored = self.files.get(str(args.get("file")))
        if stored is None:
            return {"error": "file_not_found"}
        return {"file": {"id": args.get("file"), "name": stored.get("filename")}}
