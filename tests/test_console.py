"""The offline console, driven as a user would: lines piped into ``python -m bot console --json``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.settings import ROOT


def run_console(tmp_path: Path, *lines: str, json_mode: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"}
    env.pop("DISCORD_TOKEN", None)
    args = [sys.executable, "-m", "bot", "console", *(["--json"] if json_mode else [])]
    return subprocess.run(
        args, input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


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
