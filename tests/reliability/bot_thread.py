"""A running bot in SimCord on a background event loop, so synchronous (hypothesis) tests can drive it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import simcord

from bot.app import Roundtable
from bot.ui.commands import Leaf, leaf_commands

T = TypeVar("T")


class BotThread:
    def __init__(self, make_bot: Callable[[], Roundtable]) -> None:
        self._make_bot = make_bot
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="simcord-bot", daemon=True)
        self.env: simcord.Env
        self.guild: simcord.GuildHandle
        self.channel: simcord.ChannelHandle
        self.members: dict[str, simcord.MemberActor] = {}
        self.errors_seen = 0

    def call(self, make: Callable[[], Coroutine[Any, Any, T]], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(make(), self.loop).result(timeout)

    def start(self) -> BotThread:
        """Enter and leave SimCord's context in one task (its context variables require it)."""
        self._thread.start()
        ready: asyncio.Future[None] = asyncio.run_coroutine_threadsafe(
            self._ready_future(), self.loop
        ).result()
        self._main = asyncio.run_coroutine_threadsafe(self._lifecycle(ready), self.loop)
        asyncio.run_coroutine_threadsafe(asyncio.wait_for(asyncio.shield(ready), 60), self.loop).result(70)
        return self

    async def _ready_future(self) -> asyncio.Future[None]:
        self._stop = self.loop.create_future()
        return self.loop.create_future()

    async def _lifecycle(self, ready: asyncio.Future[None]) -> None:
        try:
            async with simcord.run(self._make_bot(), check_errors=False) as env:
                self.env = env
                ready.set_result(None)
                await self._stop
        except BaseException as exc:
            if not ready.done():
                ready.set_exception(exc)
            raise

    def stop(self) -> None:
        try:
            self.loop.call_soon_threadsafe(lambda: self._stop.done() or self._stop.set_result(None))
            self._main.result(60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)

    def run(self, action: Callable[[], Awaitable[T]]) -> T:
        async def wrapped() -> T:
            return await action()

        return self.call(wrapped)

    def new_errors(self) -> list[BaseException]:
        errors = self.env.errors[self.errors_seen :]
        self.errors_seen += len(errors)
        return errors

    def leaves(self) -> list[tuple[str, Leaf]]:
        return leaf_commands(self.env.bot.tree)  # type: ignore[attr-defined]
