"""``python -m bot console [--json] [--files DIR]``: the console on stdin and stdout."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.console.render import render_text
from bot.console.reply import Reply
from bot.console.session import ConsoleSession
from bot.settings import Settings


async def run_console(
    settings: Settings,
    lines: Iterable[str] | None,
    *,
    as_json: bool,
    out: TextIO,
    files: Path | None = None,
) -> int:
    """Run the console over ``lines`` (or an interactive prompt when None). Returns the exit code."""
    async with ConsoleSession(settings, files=files) as session:

        def emit(replies: list[Reply]) -> None:
            for reply in replies:
                if as_json:
                    out.write(json.dumps(reply.as_json(), ensure_ascii=False) + "\n")
                else:
                    out.write(render_text(reply, session.names) + "\n\n")
            out.flush()

        if lines is None:
            _enable_history()
            out.write("Roundtable offline console. Type :help for help, Ctrl-D to leave.\n")
            while True:
                try:
                    # Blocking on purpose: simulated time stands still while you type.
                    line = input("roundtable> ")  # noqa: ASYNC250
                except EOFError:
                    out.write("\n")
                    break
                except KeyboardInterrupt:
                    out.write("\n")
                    continue
                emit(await session.run_line(line))
        else:
            for line in lines:
                emit(await session.run_line(line.rstrip("\n")))
    return 0


def _enable_history() -> None:
    try:
        import readline  # noqa: F401  (line editing and history for input())
    except ImportError:  # pragma: no cover - Windows without pyreadline
        pass


def stdin_lines() -> Iterable[str] | None:
    """Lines from a pipe or file; None for an interactive terminal."""
    if sys.stdin is None or sys.stdin.closed:
        return []
    if sys.stdin.isatty():
        return None
    return list(sys.stdin)
