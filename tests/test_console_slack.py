"""The offline console on Slack, driven as a user would: lines piped into
``python -m bot console --platform slack --json``, and the session itself where a test needs a
feature main does not have yet on Slack (a form, a timer, a file)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.console.slack import SlackConsoleSession
from bot.console.slack_render import render_slack_text
from bot.console.timeline import CLOCK_KEY
from bot.db import Database
from bot.models import AppMeta, Identity, Job
from bot.replies.model import Attachment, Reply
from bot.services import identities, jobs
from bot.settings import ROOT, Settings
from slack_app.grammar import Parsed, Syntax
from slack_app.turn import Turn
from tests.reliability.pg_fresh import fresh_database
from tests.slack.test_views import add_note_form

PACKS = ROOT / "data" / "packs"
KEYS = {"input", "kind", "member", "ephemeral", "text", "blocks", "files"}


def run_console(
    tmp_path: Path, *lines: str, json_mode: bool = True, url: str | None = None, files: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url or f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"}
    for name in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        env.pop(name, None)
    args = [sys.executable, "-m", "bot", "console", "--platform", "slack", *(["--json"] if json_mode else [])]
    if files is not None:
        args += ["--files", str(files)]
    return subprocess.run(
        args, input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def replies_of(proc: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def answers_to(replies: list[dict[str, Any]], line: str) -> list[dict[str, Any]]:
    return [r for r in replies if r["input"] == line]


@pytest.fixture
async def console_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database for several console processes: a SQLite file, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'runs.db'}"
        return
    async with fresh_database() as url:
        yield url


def test_who_answers_publicly_with_the_actor_card(tmp_path: Path) -> None:
    replies = replies_of(run_console(tmp_path, "/who ASEAN"))
    [reply] = replies
    assert set(reply) == KEYS
    assert reply["input"] == "/who ASEAN"
    assert reply["kind"] == "response" and reply["member"] == "alice" and reply["ephemeral"] is False
    assert reply["blocks"][0]["type"] == "header" and reply["blocks"][0]["text"]["text"] == "ASEAN"
    assert reply["text"].startswith("ASEAN\n") and "¶" in reply["text"]
    assert reply["files"] == []


def test_a_bad_line_gets_the_private_usage_and_the_console_carries_on(tmp_path: Path) -> None:
    lines = (
        "/source five",
        "/nosuchcommand",
        ":click Vote",
        ":wait soon",
        ":frobnicate",
        "@bad name! /help",
        "@bad! /help",
        ":submit note:hi",
        "# a comment",
        "",
        "@bob /help source",
    )
    replies = replies_of(run_console(tmp_path, *lines))
    [usage] = answers_to(replies, "/source five")
    # The app's own answer to a line that does not fit: private, with the command's usage.
    assert usage["kind"] == "response" and usage["ephemeral"] is True
    assert "whole number" in usage["text"] and "/source <paragraph>" in usage["text"]
    errors = [r for r in replies if r["kind"] == "error"]
    assert [e["input"] for e in errors] == [
        "/nosuchcommand",
        ":click Vote",
        ":wait soon",
        ":frobnicate",
        "@bad name! /help",
        "@bad! /help",
        ":submit note:hi",
    ]
    assert "there is no /nosuchcommand command" in errors[0]["text"]
    assert "a command starts with /" in errors[4]["text"]
    assert "'bad!' is not a member name" in errors[5]["text"]
    assert "has not opened a form for @alice" in errors[6]["text"]
    assert replies[-1]["input"] == "@bob /help source" and replies[-1]["member"] == "bob"
    assert "/source <paragraph>" in replies[-1]["text"]


def test_click_next_on_actors_edits_the_message_and_private_buttons_stay_private(tmp_path: Path) -> None:
    lines = (
        "/actors",
        "@bob :click Next",
        ":click Next ▶",
        "/who foreign minister",
        "@bob :click Qin Gang",
        ":click Qin Gang",
    )
    replies = replies_of(run_console(tmp_path, *lines))
    [first] = answers_to(replies, "/actors")
    assert "Page 1 of" in first["text"]
    [page2] = answers_to(replies, "@bob :click Next")
    assert page2["kind"] == "edit" and page2["member"] == "bob" and page2["ephemeral"] is False
    assert "Page 2 of" in page2["text"]
    [page3] = answers_to(replies, ":click Next ▶")
    assert page3["kind"] == "edit" and "Page 3 of" in page3["text"]
    [suggestion] = answers_to(replies, "/who foreign minister")
    assert suggestion["ephemeral"] is True and "Did you mean" in suggestion["text"]
    # Bob cannot see alice's private suggestions, so he has nothing to press.
    [refused] = answers_to(replies, "@bob :click Qin Gang")
    assert refused["kind"] == "error" and "no message here" in refused["text"]
    [card] = answers_to(replies, ":click Qin Gang")
    assert card["kind"] == "followup" and card["ephemeral"] is False
    assert card["text"].startswith("Qin Gang\n")


def test_guild_is_another_workspace_with_its_own_members_and_messages(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'guilds.db'}"
    lines = (
        "/actors",
        ":guild Other Group",
        "/who ASEAN",
        ":click Next",
        ":guild Study Group",
        ":click Next",
    )
    replies = replies_of(run_console(tmp_path, *lines, url=url))
    elsewhere, back = (r for r in replies if r["input"] == ":click Next")
    assert elsewhere["kind"] == "error"  # the other workspace never saw /actors
    assert back["kind"] == "edit" and "Page 2 of" in back["text"]
    identities = asyncio.run(_identities(url))
    spaces = {row.external_id for row in identities if row.kind == "space"}
    alices = {row.id for row in identities if row.kind == "member" and row.name == "alice"}
    assert len(spaces) == 2 and all(space.startswith("T") for space in spaces)
    assert len(alices) == 2  # a Slack member belongs to one workspace: another there is another user
    assert all(row.platform == "slack" and row.id < 0 for row in identities)


async def _identities(url: str) -> list[Identity]:
    db = Database(url)
    try:
        async with db.unit_of_work() as session:
            return list((await session.scalars(select(Identity))).all())
    finally:
        await db.dispose()


def test_restart_keeps_working_and_a_later_run_continues(tmp_path: Path, console_url: str) -> None:
    lines = ("/actors", ":restart", "@bob :click Next", "/who ASEAN", ":wait 7200")
    replies = replies_of(run_console(tmp_path, *lines, url=console_url))
    assert answers_to(replies, ":restart") == []  # a restart prints nothing
    [edit] = answers_to(replies, "@bob :click Next")
    assert edit["kind"] == "edit" and "Page 2 of" in edit["text"]
    [who] = answers_to(replies, "/who ASEAN")
    assert who["kind"] == "response" and who["text"].startswith("ASEAN")
    # A second process on the same database: the same members, after the first run's clock.
    again = replies_of(run_console(tmp_path, "/who NATO", url=console_url))
    assert again[0]["kind"] == "response" and again[0]["text"].startswith("NATO")
    identities = asyncio.run(_identities(console_url))
    assert sorted(row.name or "" for row in identities if row.kind == "member") == ["alice", "bob"]
    first_seen = min(row.created_at for row in identities)
    clock_mark = asyncio.run(_clock_mark(console_url))
    assert clock_mark - first_seen >= timedelta(seconds=7200)  # the waited hours stayed waited


async def _clock_mark(url: str) -> datetime:
    db = Database(url)
    try:
        async with db.unit_of_work() as session:
            stored = await session.scalar(select(AppMeta.value).where(AppMeta.key == CLOCK_KEY))
    finally:
        await db.dispose()
    assert stored
    return datetime.fromisoformat(stored)


def test_text_mode_reads_like_slack(tmp_path: Path) -> None:
    proc = run_console(tmp_path, "/who ASEAN", "/actors", "/source five", ":help", json_mode=False)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "[response]\n┌ ASEAN\n" in out
    assert "[Next ▶]" in out
    assert "[response (only @alice sees this)]" in out and "Usage: `/source <paragraph>`" in out
    assert ":guild <name>" in out and ":channel <name>" in out
    assert "&lt;" not in out and "&gt;" not in out


def test_the_readme_slack_tour_runs_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    prompt = "roundtable/slack> "
    lines = [line.split(prompt, 1)[1] for line in readme.splitlines() if line.startswith(prompt)]
    assert len(lines) >= 5
    replies = replies_of(run_console(tmp_path, *lines))
    problems = [r for r in replies if r["kind"] == "error" or "went wrong" in r["text"]]
    assert not problems, problems
    assert set(lines) - {":restart", ":guild Other Group"} <= {r["input"] for r in replies}


# -- the session in-process: features main has not brought to Slack yet -------------------------


@pytest.fixture
async def session(tmp_path: Path) -> AsyncIterator[SlackConsoleSession]:
    settings = replace(
        Settings.from_env({}),
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'session.db'}",
        packs_dir=PACKS,
        cooldown_seconds=0,
    )
    async with SlackConsoleSession(settings, files=tmp_path / "files") as opened:
        yield opened


async def run(session: SlackConsoleSession, line: str) -> list[dict[str, Any]]:
    return [reply.as_json() for reply in await session.run_line(line)]


async def test_submit_sends_the_forms_fields_and_shows_field_errors(session: SlackConsoleSession) -> None:
    seen = add_note_form(session.simulator)
    [modal] = await run(session, "@bob /note")
    assert modal["kind"] == "modal" and modal["ephemeral"] is True and modal["text"] == "A note"
    assert [b["block_id"] for b in modal["blocks"]] == ["note-block", "tone-block"]
    [kept_open] = await run(session, "@bob :submit note:hi")
    assert kept_open["kind"] == "modal" and "Note: Write at least three characters." in kept_open["text"]
    assert await run(session, "@alice :submit note:hello") == [
        {
            "input": "@alice :submit note:hello",
            "kind": "error",
            "member": "",
            "ephemeral": True,
            "text": "the bot has not opened a form for @alice",
            "blocks": [],
            "files": [],
        }
    ]
    [posted] = await run(session, '@bob :submit Note:"Read ¶5 first" tone:Loud')
    assert posted["kind"] == "message" and posted["ephemeral"] is False
    assert posted["text"] == "Note 7 (loud): Read ¶5 first"
    assert seen[-1].values == {"note": "Read ¶5 first", "tone": "loud"}
    [closed] = await run(session, "@bob :submit note:again")
    assert closed["kind"] == "error"  # the form closed when it was accepted


async def test_wait_runs_each_timer_at_its_own_time(session: SlackConsoleSession) -> None:
    runtime = session.runtime
    assert runtime is not None and session.simulator.front is not None
    client = session.simulator.front.client
    channel = session.channel_id
    ran_at = []

    async def ring(_db_session: Any, job: Job) -> Any:
        ran_at.append(runtime.clock())

        async def post() -> None:
            await client.chat_postMessage(channel=channel, text=f"ring {job.payload['n']}")

        return post

    runtime.scheduler.register("console-test-ring", ring, platform="slack")
    start = runtime.clock()
    async with runtime.db.unit_of_work() as db_session:
        space = await identities.internal_id(db_session, "slack", "space", session.simulator.team())
        for n, seconds in ((1, 60), (2, 90)):
            await jobs.schedule(
                db_session,
                guild_id=space,
                kind="console-test-ring",
                due_at=start + timedelta(seconds=seconds),
                now=start,
                payload={"n": n},
            )
    assert await run(session, ":wait 30") == []
    rung = await run(session, "@bob :wait 3600")
    assert [(r["kind"], r["member"], r["text"]) for r in rung] == [
        ("message", "bob", "ring 1"),
        ("message", "bob", "ring 2"),
    ]
    assert ran_at == [start + timedelta(seconds=60), start + timedelta(seconds=90)]
    assert runtime.clock() == start + timedelta(seconds=3630)


async def test_files_are_saved_and_listed_on_their_reply(
    session: SlackConsoleSession, tmp_path: Path
) -> None:
    front = session.simulator.front
    assert front is not None

    async def export(turn: Turn, _parsed: Parsed) -> None:
        chart = Attachment("chart.csv", b"a,b\n1,2\n", description="a table")
        await turn.send(Reply(text="Your export", files=[chart], private=True))

    # A command of the test's own (a real one would answer first: Bolt runs the first listener).
    front.command("testfile", [Syntax("testfile", "a file")], export)
    [first] = await run(session, "/testfile")
    [second] = await run(session, "/testfile")
    assert first["text"] == "Your export" and first["ephemeral"] is True
    folder = tmp_path / "files"
    assert first["files"] == [{"filename": "chart.csv", "path": str(folder / "chart.csv")}]
    assert second["files"] == [{"filename": "chart.csv", "path": str(folder / "chart-2.csv")}]
    assert (folder / "chart.csv").read_bytes() == b"a,b\n1,2\n"


async def test_text_mode_names_members_and_channels(session: SlackConsoleSession) -> None:
    front = session.simulator.front
    assert front is not None
    bob = session.simulator.member("bob", team=session.team)

    async def greet(turn: Turn, _parsed: Parsed) -> None:
        where = await turn.identify()
        text = f"<@{bob}> meet <@{where.user}> in <#{where.channel}> &amp; <https://example.org|read ¶5>"
        await turn.client.chat_postMessage(channel=where.channel, text=text)

    front.command("greet", [Syntax("greet", "a greeting")], greet)
    [reply] = await session.run_line("/greet")
    assert reply.text.startswith(f"<@{bob}> meet")  # --json keeps Slack's entities
    shown = render_slack_text(reply, session.names)
    assert "@bob meet @alice in #general & read ¶5 (https://example.org)" in shown
    assert "<@" not in shown


def test_every_feature_of_the_table_runs_in_the_slack_console(tmp_path: Path) -> None:
    """The README's features through ``console --platform slack`` as a user types them: a stance,
    a poll voted by a button, a debate board, the opinion-map deck, settings and help."""
    lines = [
        "@alice /stance set 1 agree deterrence works",
        "@alice /stance history",
        '@moderator /poll create "Should NATO open an office in Tokyo?" Yes; No; Unsure',
        "@bob :click Yes",
        "@moderator /debate start 1",
        "@alice /vote",
        "@alice /map group",
        "@moderator /config show",
        "@alice /motions",
        "@alice /help debate",
    ]
    replies = replies_of(run_console(tmp_path, *lines))
    assert not [r for r in replies if r["kind"] == "error"], [
        r["text"] for r in replies if r["kind"] == "error"
    ]
    for line in lines:
        assert answers_to(replies, line), line
        assert not any("something went wrong" in r["text"] for r in answers_to(replies, line)), line
    [stance] = answers_to(replies, lines[0])
    assert stance["ephemeral"] is True and "agree" in stance["text"].lower()
    poll = answers_to(replies, lines[2])
    assert any(r["kind"] == "message" and "Should NATO open an office in Tokyo?" in r["text"] for r in poll)
    voted = answers_to(replies, lines[3])
    assert any(r["ephemeral"] for r in voted)  # the voter's receipt is private
    board = answers_to(replies, lines[4])
    assert any(r["kind"] == "message" and "Join" in json.dumps(r["blocks"]) for r in board)
    [deck] = answers_to(replies, lines[5])
    assert deck["ephemeral"] is True and "Agree" in json.dumps(deck["blocks"])
    assert "/debate start" in answers_to(replies, lines[9])[0]["text"]
