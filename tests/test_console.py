"""The offline console, driven as a user would: lines piped into ``python -m bot console --json``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.settings import ROOT
from tests.reliability.pg_fresh import fresh_database

MENTION = re.compile(r"<@!?(\d+)>")
TIMESTAMP = re.compile(r"<t:(\d+)(?::[tTdDfFR])?>")


def run_console(
    tmp_path: Path, *lines: str, json_mode: bool = True, url: str | None = None, files: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url or f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"}
    env.pop("DISCORD_TOKEN", None)
    args = [sys.executable, "-m", "bot", "console", *(["--json"] if json_mode else [])]
    if files is not None:
        args += ["--files", str(files)]
    return subprocess.run(
        args, input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def replies_of(proc: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def answer_to(replies: list[dict[str, Any]], line: str) -> dict[str, Any]:
    """The bot's first message in answer to ``line``."""
    return next(r for r in replies if r["input"] == line and r["kind"] != "error")


@pytest.fixture
async def console_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database for several console processes in a row: a SQLite file, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'runs.db'}"
        return
    async with fresh_database() as url:
        yield url


def test_help_through_the_console_as_json(tmp_path: Path) -> None:
    proc = run_console(tmp_path, "/help")
    assert proc.returncode == 0, proc.stderr
    replies = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(replies) == 1
    reply = replies[0]
    assert reply["input"] == "/help"
    assert reply["kind"] == "response" and reply["member"] == "alice" and reply["ephemeral"] is True
    assert reply["embeds"][0]["title"] == "Roundtable commands"
    assert reply["allowed_mentions"] == {"parse": []}
    assert set(reply) == {
        "input",
        "kind",
        "member",
        "ephemeral",
        "content",
        "embeds",
        "components",
        "files",
        "allowed_mentions",
    }


def test_bad_lines_are_clear_errors_and_the_console_carries_on(tmp_path: Path) -> None:
    proc = run_console(
        tmp_path,
        "/nosuchcommand",
        "/help please",
        ":click Vote",
        ":wait soon",
        ":frobnicate",
        "@bad name! /help",
        "# a comment",
        "",
        "@bob /help",
    )
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    replies = [json.loads(line) for line in proc.stdout.splitlines()]
    errors = [r for r in replies if r["kind"] == "error"]
    assert [e["input"] for e in errors] == [
        "/nosuchcommand",
        "/help please",
        ":click Vote",
        ":wait soon",
        ":frobnicate",
        "@bad name! /help",
    ]
    assert "no /nosuchcommand command" in errors[0]["content"]
    assert "don't know what 'please' is for" in errors[1]["content"]
    assert replies[-1]["input"] == "@bob /help" and replies[-1]["member"] == "bob"


def test_readable_text_output(tmp_path: Path) -> None:
    proc = run_console(tmp_path, "/help", ":help", json_mode=False)
    assert proc.returncode == 0, proc.stderr
    assert "┌ Roundtable commands" in proc.stdout
    assert "/help" in proc.stdout and ":restart" in proc.stdout


def test_empty_input_exits_cleanly(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'c.db'}"}
    env.pop("DISCORD_TOKEN", None)
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "No DISCORD_TOKEN is set" in proc.stderr


def test_the_readme_tour_runs_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [
        line.split("roundtable> ", 1)[1] for line in readme.splitlines() if line.startswith("roundtable> ")
    ]
    assert len(lines) >= 8
    proc = run_console(tmp_path, *lines)
    assert proc.returncode == 0, proc.stderr
    replies = [json.loads(line) for line in proc.stdout.splitlines()]
    problems = [r for r in replies if r["kind"] == "error" or "went wrong" in r["content"]]
    assert not problems, problems
    answered = {r["input"] for r in replies}
    assert set(lines) - {":restart"} <= answered  # every line got a reply (a restart prints none)


STANCE = '@alice /stance set motion:1 stance:agree reason:"deterrence works"'


def test_a_member_is_the_same_person_in_every_run_and_every_server(tmp_path: Path, console_url: str) -> None:
    first = replies_of(run_console(tmp_path, STANCE, "@alice /stance history", url=console_url))
    alice = MENTION.findall(answer_to(first, "@alice /stance history")["embeds"][0]["description"])
    # A second process on the same database: bob is new, alice is who she was.
    second = replies_of(
        run_console(
            tmp_path,
            "@bob /stance history",
            "@alice /stance history",
            ":guild Other Group",
            "@alice /stance history",
            url=console_url,
        )
    )
    bob_history, alice_again, alice_elsewhere = (
        r for r in second if r["input"].endswith("/stance history") and r["kind"] == "response"
    )
    assert "deterrence works" not in json.dumps(bob_history)
    assert MENTION.findall(bob_history["embeds"][0]["description"]) != alice
    assert "deterrence works" in json.dumps(alice_again)
    assert MENTION.findall(alice_again["embeds"][0]["description"]) == alice
    # Another server is another place, but alice is still alice there (and her stance stays home).
    assert MENTION.findall(alice_elsewhere["embeds"][0]["description"]) == alice
    assert "deterrence works" not in json.dumps(alice_elsewhere)


def _closes_at(reply: dict[str, Any]) -> datetime:
    found = TIMESTAMP.findall(json.dumps(reply["embeds"]))
    assert found, reply
    return datetime.fromtimestamp(int(found[-1]), UTC)


def test_the_clock_continues_from_the_last_run(tmp_path: Path, console_url: str) -> None:
    poll = '@moderator /poll create question:"Which chapter next?" options:"A; B" minutes:60'
    first = replies_of(run_console(tmp_path, poll, ":wait 7200", url=console_url))
    first_close = _closes_at(answer_to(first, poll))
    second = replies_of(run_console(tmp_path, poll, url=console_url))
    second_close = _closes_at(answer_to(second, poll))
    # The second poll was created after the first run's two waited hours, not at 2026-01-01 again.
    assert (second_close - first_close).total_seconds() >= 7200


def test_text_mode_shows_names_and_dates_and_json_keeps_the_markup(tmp_path: Path) -> None:
    lines = (
        STANCE,
        "@alice /stance history",
        '@moderator /poll create question:"Which chapter next?" options:"A; B" minutes:90',
    )
    readable = run_console(tmp_path / "text", *lines, json_mode=False)
    assert readable.returncode == 0, readable.stderr
    assert "<@" not in readable.stdout and "<t:" not in readable.stdout, readable.stdout
    assert "@alice's stances" in readable.stdout
    assert "Closes in 2 hours (" in readable.stdout  # 90 minutes rounds as Discord does
    raw = json.dumps(replies_of(run_console(tmp_path / "json", *lines)))
    assert MENTION.search(raw) and TIMESTAMP.search(raw)


def test_files_saves_every_attachment_and_says_where(tmp_path: Path) -> None:
    lines = (
        STANCE,
        "@moderator /export positions",
        '@moderator /poll create question:"Which chapter next?" options:"A; B"',
        "@bob :click A",
        "@alice /poll results",
    )
    folder = tmp_path / "files"
    replies = replies_of(run_console(tmp_path, *lines, files=folder))
    export = answer_to(replies, "@moderator /export positions")
    chart = answer_to(replies, "@alice /poll results")
    [csv_file] = export["files"]
    [png_file] = chart["files"]
    assert set(csv_file) == {"filename", "path"} and csv_file["filename"].endswith(".csv")
    assert Path(csv_file["path"]).parent == folder
    assert "deterrence works" in Path(csv_file["path"]).read_text(encoding="utf-8")
    assert png_file["filename"] == "poll-1.png"
    assert Path(png_file["path"]).read_bytes().startswith(b"\x89PNG")
    # Text mode prints the path; without --files the JSON keeps plain file names.
    readable = run_console(tmp_path, "@alice /poll results", json_mode=False, files=folder)
    assert f"saved to {folder / 'poll-1-2.png'}" in readable.stdout, readable.stdout
    plain = answer_to(replies_of(run_console(tmp_path, "@alice /poll results")), "@alice /poll results")
    assert plain["files"] == ["poll-1.png"]
