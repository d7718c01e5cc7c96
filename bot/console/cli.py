"""``python -m bot console [--platform discord|slack] [--json] [--files DIR]``: the console on stdin
and stdout, against the Discord front end (SimCord) or the Slack one (bot/console/slack.py)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol, TextIO

from bot.console.render import render_text
from bot.console.reply import Reply
from bot.console.session import ConsoleSession
from bot.settings import Settings


class _Reply(Protocol):
    def as_json(self) -> dict[str, Any]: ...


class _Session(Protocol):
    async def run_line(self, line: str) -> Sequence[_Reply]: ...


async def run_console(
    settings: Settings,
    lines: Iterable[str] | None,
    *,
    as_json: bool,
    out: TextIO,
    files: Path | None = None,
    platform: str = "discord",
) -> int:
    """Run the console over ``lines`` (or an interactive prompt when None). Returns the exit code."""
    if platform == "slack":
        from bot.console.slack import SlackConsoleSession
        from bot.console.slack_render import render_slack_text
        from bot.console.slack_reply import SlackReply

        async with SlackConsoleSession(settings, files=files) as slack:

            def slack_text(reply: Any) -> str:
                assert isinstance(reply, SlackReply)
                return render_slack_text(reply, slack.names)

            intro = "Roundtable offline console on a simulated Slack workspace"
            await _loop(slack, lines, out, slack_text, as_json, intro, prompt="roundtable/slack> ")
        return 0
    async with ConsoleSession(settings, files=files) as session:

        def discord_text(reply: Any) -> str:
            assert isinstance(reply, Reply)
            return render_text(reply, session.names)

        await _loop(
            session, lines, out, discord_text, as_json, "Roundtable offline console", prompt="roundtable> "
        )
    return 0


async def _loop(
    session: _Session,
    lines: Iterable[str] | None,
    out: TextIO,
    render: Callable[[_Reply], str],
    as_json: bool,
    intro: str,
    *,
    prompt: str,
) -> None:
    """Each line through ``session.run_line``; each reply printed as JSON or by ``render``."""

    def emit(replies: Sequence[_Reply]) -> None:
        for reply in replies:
            if as_json:
                out.write(json.dumps(reply.as_json(), ensure_ascii=False) + "\n")
            else:
                out.write(render(reply) + "\n\n")
        out.flush()

    if lines is not None:
        for line in lines:
            emit(await session.run_line(line.rstrip("\n")))
        return
    _enable_history()
    out.write(f"{intro}. Type :help for help, Ctrl-D to leave.\n")
    while True:
        try:
            # Blocking on purpose: simulated time stands still while you type.
            line = input(prompt)  # noqa: ASYNC250
        except EOFError:
            out.write("\n")
            break
        except KeyboardInterrupt:
            out.write("\n")
            continue
        emit(await session.run_line(line))


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
