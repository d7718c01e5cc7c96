"""``python -m bot run`` on Slack for real: the command line in a process of its own, talking to
the fake Web API (slack_app/fake_api.py) over loopback, in HTTP mode (signed requests to its
/slack/events) and in Socket Mode (envelopes over the websocket ``apps.connections.open`` gave
it); SIGTERM stops it cleanly. Bad Slack settings stop the start with one plain line. And in one
process with Discord, the Discord bot hosts the Slack front end: one database, one scheduler."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import discord
import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import serve
from bot.app import Roundtable
from bot.models import Job
from bot.models.identities import Identity
from bot.services import identities, jobs
from bot.settings import ROOT, Settings
from slack_app.fake_api import FakeSlack
from slack_app.simulator import Result, buttons
from tests.conftest import World

SECRET = "run-test-signing-secret"
BOT_TOKEN = "xoxb-run-test"
APP_TOKEN = "xapp-run-test"
DISCORD_TOKEN = "x" * 60  # SimCord logs the bot in; the token only says Discord is served
START_SECONDS = 180  # a bound for a loaded test machine; a start takes seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_env(tmp_path: Path, **slack: str) -> dict[str, str]:
    """A bot process's environment: a fresh SQLite file, no Discord, only these Slack settings
    (every SLACK_ variable is given, so a developer's .env changes nothing)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "DISCORD_")) and k not in ("LOG_LEVEL", "PACKS_DIR")
    }
    env.update(
        {
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'rt.db'}",
            "DISCORD_TOKEN": "",
            "SLACK_BOT_TOKEN": "",
            "SLACK_APP_TOKEN": "",
            "SLACK_SIGNING_SECRET": "",
            "SLACK_API_URL": "",
            "SLACK_HOST": "127.0.0.1",
            "SLACK_PORT": "",
            **slack,
        }
    )
    return env


@dataclass
class BotProcess:
    """``python -m bot run`` running; its log lines are read as they come."""

    proc: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    reader: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, env: dict[str, str]) -> BotProcess:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, cwd=ROOT, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        running = cls(proc)
        running.reader = asyncio.create_task(running._read())
        return running

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        async for line in self.proc.stderr:
            self.lines.append(line.decode(errors="replace").rstrip())

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    async def ready(self) -> None:
        """Until it says Slack is served (or it stopped: the test then fails with its log)."""
        async with asyncio.timeout(START_SECONDS):
            while not any("bot.serve: Slack:" in line for line in self.lines):
                assert self.proc.returncode is None and not (self.reader and self.reader.done()), self.log
                await asyncio.sleep(0.05)

    async def finish(self) -> int:
        async with asyncio.timeout(START_SECONDS):
            await self.proc.wait()
            if self.reader is not None:
                await self.reader
        assert self.proc.returncode is not None
        return self.proc.returncode

    async def terminate(self, signum: signal.Signals = signal.SIGTERM) -> int:
        if self.proc.returncode is None:
            self.proc.send_signal(signum)
        return await self.finish()


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack()
    await slack.start()
    slack.add_user("TRUN", "UALICE", "Alice")
    try:
        yield slack
    finally:
        await slack.stop()


def command_form(fake: FakeSlack, command: str, text: str) -> dict[str, str]:
    """A slash command as Slack sends it (form fields; Socket Mode sends the same as JSON)."""
    return {
        "token": "unused",
        "team_id": "TRUN",
        "team_domain": "run",
        "channel_id": "CGENERAL",
        "channel_name": "general",
        "user_id": "UALICE",
        "user_name": "alice",
        "command": f"/{command}",
        "text": text,
        "api_app_id": "AROUNDTABLE",
        "response_url": fake.response_url(),
        "trigger_id": f"{int(time.time())}.trigger",
    }


def signed_headers(body: str) -> dict[str, str]:
    """As Slack signs a request (slack_app/simulator.py does the same)."""
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }


async def settle(fake: FakeSlack, before: int, method: str | None = None) -> None:
    """Give the app's work after its acknowledgement a moment (its followups reach the fake)."""
    for _ in range(200):
        if method is None or any(c.method == method for c in fake.calls[before:]):
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)


def assert_stopped_cleanly(code: int, process: BotProcess) -> None:
    assert code == 0, process.log
    assert "Traceback" not in process.log and "ERROR" not in process.log, process.log
    assert process.lines[-1].endswith("bot.serve: stopped"), process.log


async def test_http_mode_answers_a_signed_command_and_stops_on_sigterm(
    fake: FakeSlack, tmp_path: Path
) -> None:
    port = free_port()
    env = bot_env(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=f"{fake.base_url}api/",
        SLACK_PORT=str(port),
    )
    process = await BotProcess.start(env)
    try:
        await process.ready()
        assert f"http://127.0.0.1:{port}/slack/events (HTTP mode)" in process.log
        body = urlencode(command_form(fake, "who", "ASEAN"))
        signed = signed_headers(body)
        url = f"http://127.0.0.1:{port}/slack/events"
        before = len(fake.calls)
        async with aiohttp.ClientSession() as session:
            async with session.post(url, data=body, headers=signed) as response:
                status, answer = response.status, await response.text()
            forged = {**signed, "X-Slack-Signature": "v0=0"}
            async with session.post(url, data=body, headers=forged) as refused:
                assert refused.status == 401  # the signing secret is checked
        await settle(fake, before)
        result = Result(status, json.loads(answer) if answer else None, fake.calls[before:])
        assert status == 200
        assert result.replies[0]["blocks"][0]["text"]["text"] == "ASEAN"
        assert "Association of Southeast Asian Nations" in result.text()
        assert fake.of("auth.test")[0].token == BOT_TOKEN
    finally:
        code = await process.terminate()
    assert_stopped_cleanly(code, process)


async def test_socket_mode_answers_a_command_and_a_press_over_the_websocket_and_stops_on_ctrl_c(
    fake: FakeSlack, tmp_path: Path
) -> None:
    api = f"{fake.base_url}api/"
    env = bot_env(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=api)
    process = await BotProcess.start(env)
    try:
        await process.ready()
        assert "connected over Socket Mode" in process.log
        [opened] = fake.of("apps.connections.open")
        assert opened.token == APP_TOKEN  # the app-level token opens the socket, the bot token the rest
        async with asyncio.timeout(10):
            await fake.connected()

        ack = await fake.socket_request("slash_commands", command_form(fake, "actors", ""))
        [reply] = Result(200, ack["payload"]).replies
        assert reply["response_type"] == "in_channel"
        page = buttons(reply)
        assert list(page) == ["Next ▶"]

        before = len(fake.calls)
        press = {
            "type": "block_actions",
            "team": {"id": "TRUN", "domain": "run"},
            "user": {"id": "UALICE", "username": "alice", "team_id": "TRUN"},
            "api_app_id": "AROUNDTABLE",
            "token": "unused",
            "container": {"type": "message", "message_ts": "1.0", "channel_id": "CGENERAL"},
            "trigger_id": f"{int(time.time())}.trigger",
            "channel": {"id": "CGENERAL", "name": "general"},
            "message": {"ts": "1.0", **reply},
            "response_url": fake.response_url(),
            "actions": [{"action_id": page["Next ▶"], "block_id": "b", "type": "button", "value": "next"}],
        }
        pressed = await fake.socket_request("interactive", press)
        assert pressed["envelope_id"] and not pressed.get("payload")  # acknowledged at once, empty
        await settle(fake, before, "response_url")
        [edit] = Result(200, None, fake.calls[before:]).replies
        assert edit["kind"] == "edit"
        assert "Page 2 of" in Result(200, None, fake.calls[before:]).text()
    finally:
        code = await process.terminate(signal.SIGINT)  # Ctrl-C
    assert_stopped_cleanly(code, process)
    assert fake.of("socket_close") and not fake.sockets  # it hung up before exiting


def assert_stopped_plainly(code: int, process: BotProcess, *names: str) -> None:
    lines = [line for line in process.lines if line.strip() and " INFO " not in line]
    assert code == 2, process.log
    assert "Traceback" not in process.log and len(lines) == 1, process.log
    for name in names:
        assert name in lines[0], process.log


@pytest.mark.parametrize(
    ("slack", "names"),
    [
        ({"SLACK_BOT_TOKEN": "xoxp-user", "SLACK_APP_TOKEN": APP_TOKEN}, ("SLACK_BOT_TOKEN", "xoxb-")),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xoxb-wrong"}, ("SLACK_APP_TOKEN", "xapp-")),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN}, ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "docs/slack.md")),
        ({"SLACK_APP_TOKEN": APP_TOKEN}, ("SLACK_BOT_TOKEN",)),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_PORT": "x"}, ("SLACK_PORT",)),
    ],
)
async def test_bad_slack_settings_stop_the_start_with_one_line(
    tmp_path: Path, slack: dict[str, str], names: tuple[str, ...]
) -> None:
    process = await BotProcess.start(bot_env(tmp_path, **slack))
    assert_stopped_plainly(await process.finish(), process, "Configuration error", *names)


async def test_tokens_slack_refuses_are_named(fake: FakeSlack, tmp_path: Path) -> None:
    api = f"{fake.base_url}api/"
    fake.refused_tokens.add("xoxb-revoked")
    revoked = await BotProcess.start(
        bot_env(tmp_path, SLACK_BOT_TOKEN="xoxb-revoked", SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=api)
    )
    assert_stopped_plainly(await revoked.finish(), revoked, "Slack refused SLACK_BOT_TOKEN (invalid_auth)")

    fake.refused_tokens.add("xapp-revoked")
    app = await BotProcess.start(
        bot_env(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xapp-revoked", SLACK_API_URL=api)
    )
    assert_stopped_plainly(await app.finish(), app, "Slack refused SLACK_APP_TOKEN", "connections:write")
    assert not fake.sockets and not fake.of("socket_connect")


async def test_a_taken_port_and_an_unreachable_api_are_named(fake: FakeSlack, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = await BotProcess.start(
            bot_env(
                tmp_path,
                SLACK_BOT_TOKEN=BOT_TOKEN,
                SLACK_SIGNING_SECRET=SECRET,
                SLACK_API_URL=f"{fake.base_url}api/",
                SLACK_PORT=str(port),
            )
        )
        assert_stopped_plainly(await process.finish(), process, f"Port {port}", "SLACK_PORT", "in use")
    nobody = f"http://127.0.0.1:{free_port()}/api/"
    unreachable = await BotProcess.start(
        bot_env(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=nobody)
    )
    assert_stopped_plainly(await unreachable.finish(), unreachable, "Cannot reach Slack", "SLACK_API_URL")


def test_the_tokens_choose_the_front_ends() -> None:
    discord_token = DISCORD_TOKEN
    none = Settings.from_env({})
    assert serve.platforms(none) == frozenset()
    assert serve.platforms(replace(none, discord_token=discord_token)) == {"discord"}
    slack = Settings.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN})
    assert slack.slack_mode == "socket" and serve.platforms(slack) == {"slack"}
    both = replace(slack, discord_token=discord_token)
    assert serve.platforms(both) == {"discord", "slack"}


# -- Discord and Slack in one process ----------------------------------------------------------


@pytest.fixture
async def shared(fake: FakeSlack, simcord_bot: Roundtable) -> serve.SlackServer:
    """As ``serve.run`` does with both tokens: the Slack front end built on the Discord bot
    before it starts (SimCord starts it for the ``world`` fixture)."""
    api = f"{fake.base_url}api/"
    settings = replace(
        simcord_bot.settings,
        discord_token=DISCORD_TOKEN,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=api,
        slack_port=0,  # any free port
    )
    slack = serve.prepare(simcord_bot, settings)
    assert slack is not None
    return slack


async def test_with_discord_the_bot_hosts_slack_on_one_database_and_one_scheduler(
    shared: serve.SlackServer, world: World, simcord_bot: Roundtable, fake: FakeSlack
) -> None:
    bot = simcord_bot
    await shared.start()
    try:
        assert shared.front.host is bot and bot.scheduler.platforms == {"discord", "slack"}
        discord_answer = await world.alice.slash(world.channel, "who", actor="asean")
        assert discord_answer.response is not None and discord_answer.response.embeds[0].title == "ASEAN"
        assert shared.url is not None
        body = urlencode(command_form(fake, "who", "ASEAN"))
        signed = signed_headers(body)
        async with aiohttp.ClientSession() as http, http.post(shared.url, data=body, headers=signed) as reply:
            assert reply.status == 200
            assert json.loads(await reply.text())["blocks"][0]["text"]["text"] == "ASEAN"

        # The Slack workspace is in the bot's database, and the bot's scheduler runs its timers.
        ran: list[int] = []

        async def slack_timer(_session: AsyncSession, job: Job) -> None:
            ran.append(job.guild_id)

        bot.scheduler.register("run-test", slack_timer, platform="slack")
        async with bot.db.unit_of_work() as session:
            [team] = await _slack_spaces(session)  # the /who above registered the workspace
            assert await identities.external_id(session, team) == ("slack", "space", "TRUN")
            now = bot.clock()
            due = now - timedelta(seconds=1)
            await jobs.schedule(session, guild_id=team, kind="run-test", due_at=due, now=now)
        assert await bot.scheduler.run_due() == 1 and ran == [team]
    finally:
        await shared.stop()


async def _slack_spaces(session: AsyncSession) -> list[int]:
    rows = await session.execute(
        select(Identity.id).where(Identity.platform == "slack", Identity.kind == "space")
    )
    return [int(r[0]) for r in rows]


def test_a_token_discord_refuses_is_named_in_one_line() -> None:
    from bot.startup_errors import explain

    message = explain(discord.LoginFailure("Improper token has been passed."), Settings().database_url)
    assert message is not None and "DISCORD_TOKEN" in message and "\n" not in message
