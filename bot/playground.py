"""The browser playground: the real bot against the console's simulated guild, shown in SimCord's Preview.

It seeds a few members and one example of each feature, serves a Discord-like page on
127.0.0.1 (loopback only; the address carries a capability token) and prints the address.
From the page you can switch the viewing member, click buttons and run slash commands.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.console import ConsoleSession, render_text
from bot.console.preview import open_preview
from bot.settings import Settings

log = logging.getLogger(__name__)

MEMBERS = ("alice", "bob", "carol", "moderator")

# One example of each feature. A line whose command is missing is skipped with a note.
SEED_LINES = (
    "@alice /who ASEAN",
    '@moderator /poll create question:"Should NATO open a liaison office in Tokyo?" '
    'options:"Yes; No; Not sure" minutes:60',
    "@bob :click Yes",
    "@carol :click Not sure",
    "@moderator /debate start motion:1",
    "@alice :click Join For",
    "@bob :click Join Against",
    "@carol :click Vote For",
)


async def seed(session: ConsoleSession, lines: tuple[str, ...], out: TextIO | None = None) -> list[str]:
    """Run the seed lines; return the ones that failed (their feature may not be installed)."""
    failed = []
    for line in lines:
        replies = await session.run_line(line)
        errors = [r for r in replies if r.kind == "error"] or [
            r for r in replies if r.ephemeral and "went wrong" in r.content
        ]
        if errors:
            failed.append(line)
            log.warning("playground seed %r failed: %s", line, errors[0].content)
        elif out is not None:
            for reply in replies:
                out.write(render_text(reply, session.names) + "\n")
    return failed


async def run_playground(
    settings: Settings,
    *,
    port: int | None = None,
    out: TextIO = sys.stdout,
    on_ready: Callable[[str], None] | None = None,
    stop: asyncio.Future[None] | None = None,
) -> int:
    with tempfile.TemporaryDirectory(prefix="roundtable-playground-") as tmp:
        # A fresh database every time, so the examples are the same for everyone.
        settings = replace(settings, database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'playground.db'}")
        async with ConsoleSession(settings) as session:
            for name in MEMBERS:
                session.member(name)
            await seed(session, SEED_LINES)
            assert session.env is not None and session.place is not None
            viewers = [session.member(name) for name in MEMBERS]
            async with open_preview(session, viewers=viewers, layout="channel", port=port) as page:
                out.write(f"Roundtable playground: open {page.url}\n(loopback only; Ctrl-C to stop)\n")
                out.flush()
                if on_ready is not None:
                    on_ready(page.url)
                waiter = stop if stop is not None else _until_signal()
                await waiter
    return 0


def _until_signal() -> asyncio.Future[None]:
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def stop() -> None:
        if not done.done():
            done.set_result(None)

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop)
    return done
