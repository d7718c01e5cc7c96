"""``python -m bot run``: every front end that has a token, in one process.

- Discord (DISCORD_TOKEN): the discord.py bot (bot/app.py).
- Slack (SLACK_BOT_TOKEN): the Bolt app of slack_app/front.py, over Socket Mode when
  SLACK_APP_TOKEN is set (an outgoing websocket, no public URL), else over HTTP: Bolt's
  ``/slack/events`` served by aiohttp on SLACK_HOST:SLACK_PORT, in this event loop.
- Both: one process, one database, one scheduler. The Discord bot is the host of both front
  ends: it already owns the settings, database, clock, pack indexes, scheduler and packs (its
  ``setup_hook`` migrates, syncs the packs and starts the scheduler), and the Slack front end
  only needs those attributes (``bot.runtime.Host``). So nothing is opened twice and nothing in
  bot/app.py changes: the Slack front end is built on the bot before it logs in (so Slack's
  timer handlers are registered before the scheduler first runs), and starts serving once
  ``login`` has run ``setup_hook`` (the database is migrated and the packs are loaded).
- Slack alone: a ``bot.runtime.Runtime`` is the host.

The scheduler serves the platforms this process serves (``Scheduler.platforms``): a Slack
feature registers its timers with ``host.scheduler.register(kind, handler, platform="slack")``.

SIGINT (Ctrl-C) and SIGTERM stop it cleanly: Slack stops taking requests (the listeners at work
get a few seconds to answer), then the Discord bot closes, then the scheduler and the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import signal
import socket
from typing import TYPE_CHECKING, Any

from bot.models.identities import DISCORD
from bot.settings import Settings

if TYPE_CHECKING:
    from aiohttp import web
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from bot.app import Roundtable
    from bot.runtime import Host
    from slack_app.front import SlackFront

log = logging.getLogger(__name__)

SLACK = "slack"  # slack_app.turn.PLATFORM (not imported: Discord alone loads no Slack library)
# How long a stopping Slack front end waits for listeners still answering a request.
DRAIN_SECONDS = 5.0
DRAIN_STEP = 0.05
EVENTS_PATH = "/slack/events"


class FrontEndError(Exception):
    """A front end cannot start for a reason the operator can fix: the message says what."""


def platforms(settings: Settings) -> frozenset[str]:
    """The platforms a process with these settings serves (none: the offline console)."""
    served = set()
    if settings.discord_token:
        served.add(DISCORD)
    if settings.slack_mode is not None:
        served.add(SLACK)
    return frozenset(served)


def _slack_refused(variable: str, error: str) -> FrontEndError:
    if variable == "SLACK_APP_TOKEN":
        fix = (
            "create an app-level token with the connections:write scope (Basic Information, "
            "App-Level Tokens) and make sure Socket Mode is on (docs/slack.md)"
        )
    else:
        fix = (
            "copy the Bot User OAuth Token again from the OAuth & Permissions page of your Slack app "
            "(reinstall the app to the workspace if it was removed)"
        )
    return FrontEndError(f"Slack refused {variable} ({error}): {fix}")


class SlackServer:
    """One ``SlackFront`` connected to Slack: Socket Mode with an app token, else HTTP."""

    def __init__(self, front: SlackFront) -> None:
        self.front = front
        self.settings = front.settings
        self.mode = self.settings.slack_mode
        self.handler: AsyncSocketModeHandler | None = None
        self.runner: web.AppRunner | None = None
        self.url: str | None = None  # HTTP mode: where Slack posts commands and presses
        self.who: str | None = None  # the bot user and workspace, once the token is verified

    async def verify(self) -> None:
        """Ask Slack whether it knows the bot token (before the rest of the start, so a wrong
        token stops it at once)."""
        from slack_sdk.errors import SlackApiError

        try:
            auth: Any = await self.front.client.auth_test()
        except SlackApiError as error:
            raise _slack_refused("SLACK_BOT_TOKEN", str(error.response.get("error"))) from error
        except OSError as error:  # aiohttp's connection errors are OSErrors
            raise FrontEndError(
                f"Cannot reach Slack's Web API at {self.settings.slack_api_url} (SLACK_API_URL): "
                f"check the network ({error})"
            ) from error
        self.who = f"{auth.get('user_id')} in {auth.get('team') or 'the workspace'}"

    async def start(self) -> None:
        """Connect (Socket Mode) or listen (HTTP mode): from now on Slack's requests are answered."""
        if self.who is None:
            await self.verify()
        if self.mode == "socket":
            await self._connect(self.who or "")
        else:
            await self._listen(self.who or "")

    async def _connect(self, who: str) -> None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
        from slack_sdk.errors import SlackApiError

        token = self.settings.slack_app_token or ""
        try:
            # Asked here rather than by the handler, which would retry a refused token forever.
            opened: Any = await self.front.client.apps_connections_open(app_token=token)
        except SlackApiError as error:
            # No handler made yet: closing a Socket Mode client that never connected could wait
            # on its monitor tasks (seen under load), and there is nothing to close.
            raise _slack_refused("SLACK_APP_TOKEN", str(error.response.get("error"))) from error
        handler = AsyncSocketModeHandler(self.front.app, token)
        handler.client.wss_uri = str(opened["url"])
        self.handler = handler
        await handler.connect_async()
        log.info("Slack: connected over Socket Mode as %s", who)

    async def _listen(self, who: str) -> None:
        from aiohttp import web

        host, port = self.settings.slack_host, self.settings.slack_port
        runner = web.AppRunner(self.front.app.web_app(path=EVENTS_PATH), access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as error:
            await runner.cleanup()
            raise _listen_problem(host, port, error) from error
        self.runner = runner
        port = runner.addresses[0][1]  # the one bound (SLACK_PORT=0 picks a free one)
        self.url = f"http://{host}:{port}{EVENTS_PATH}"
        log.info("Slack: %s answers at %s (HTTP mode)", who, self.url)

    async def stop(self) -> None:
        """Let the listeners at work finish (a few seconds at most: an acknowledgement still due
        travels over the connection), then close the connection or stop listening."""
        handler, self.handler = self.handler, None
        runner, self.runner = self.runner, None
        await self._drain()
        if handler is not None:
            await handler.close_async()
        if runner is not None:
            await runner.cleanup()

    async def _drain(self) -> None:
        for _ in range(int(DRAIN_SECONDS / DRAIN_STEP)):
            if not self.front.busy:
                return
            await asyncio.sleep(DRAIN_STEP)


def _listen_problem(host: str, port: int, error: OSError) -> FrontEndError:
    if error.errno == errno.EADDRINUSE:
        return FrontEndError(
            f"Port {port} on {host} (SLACK_HOST:SLACK_PORT) is already in use: stop the program "
            "using it or choose another SLACK_PORT"
        )
    if error.errno in (errno.EADDRNOTAVAIL, errno.EACCES) or isinstance(error, socket.gaierror):
        return FrontEndError(
            f"Cannot listen on {host}:{port} (SLACK_HOST:SLACK_PORT): {error.strerror or error}. "
            "Use an address of this machine (127.0.0.1 behind a proxy, 0.0.0.0 for every address) "
            "and a port from 1024 up"
        )
    return FrontEndError(f"Cannot listen on {host}:{port} (SLACK_HOST:SLACK_PORT): {error}")


def prepare(host: Host, settings: Settings) -> SlackServer | None:
    """Make ``host``'s scheduler serve every platform of ``settings`` and build the Slack front
    end on ``host`` (None without a Slack token). Called before the host starts its scheduler,
    so the Slack features' timer handlers are there for its first pass."""
    host.scheduler.platforms = platforms(settings)
    if settings.slack_mode is None:
        return None
    from slack_app.front import SlackFront

    # Bolt reads SLACK_BOT_TOKEN from the environment too, and warns that it goes unused beside
    # the client the front end made: from that same token.
    logging.getLogger("slack_bolt.AsyncApp").addFilter(_same_token)
    return SlackServer(SlackFront(host, settings))


def _same_token(record: logging.LogRecord) -> bool:
    return "`token` will be unused" not in record.getMessage()


async def run(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """Serve every platform with a token until ``stop`` is set, SIGINT or SIGTERM."""
    served = platforms(settings)
    if not served:
        raise FrontEndError("No front end has a token: set DISCORD_TOKEN or SLACK_BOT_TOKEN")
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread
            loop.add_signal_handler(signum, stop.set)
            handled.append(signum)
    try:
        if DISCORD in served:
            from bot.app import create_bot

            await _run_with_discord(create_bot(settings), settings, stop)
        else:
            await _run_slack_alone(settings, stop)
    finally:
        for signum in handled:
            loop.remove_signal_handler(signum)
    log.info("stopped")


async def _run_with_discord(bot: Roundtable, settings: Settings, stop: asyncio.Event) -> None:
    slack = prepare(bot, settings)  # before setup_hook starts the scheduler
    if slack is not None:
        await slack.verify()
    async with bot:  # leaving closes the bot: its scheduler, then its database
        await bot.login(settings.discord_token or "")  # runs setup_hook
        connection = asyncio.create_task(bot.connect(), name="roundtable-discord")
        stopping = asyncio.create_task(stop.wait(), name="roundtable-stop")
        try:
            if slack is not None:
                await slack.start()
            await asyncio.wait({connection, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            if slack is not None:
                await slack.stop()
            if not connection.done():
                await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await connection  # raises what stopped the gateway connection, if anything did


async def _run_slack_alone(settings: Settings, stop: asyncio.Event) -> None:
    from bot.runtime import Runtime

    runtime = Runtime(settings)
    slack = prepare(runtime, settings)
    assert slack is not None
    try:
        await slack.verify()
        await runtime.open()
        runtime.scheduler.start()
        await slack.start()
        await stop.wait()
    finally:
        await slack.stop()
        await runtime.close()
