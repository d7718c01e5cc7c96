"""The app manifest (slack_app/manifest.yaml) creates the app the code serves: every command the
Slack front end registers is in it, every command in it is registered or listed as coming in
docs/slack.md, mentions arrive escaped, Socket Mode and buttons are on, and each scope asked
for is explained in docs/slack.md."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import yaml

from bot.runtime import Runtime
from bot.settings import ROOT, Settings
from slack_app.front import SlackFront

MANIFEST = ROOT / "slack_app" / "manifest.yaml"
DOCS = ROOT / "docs" / "slack.md"


def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def manifest_commands() -> dict[str, dict[str, Any]]:
    return {c["command"].removeprefix("/"): c for c in manifest()["features"]["slash_commands"]}


async def registered(settings: Settings) -> set[str]:
    slack = replace(settings, slack_bot_token="xoxb-manifest", slack_app_token="xapp-manifest")
    runtime = Runtime(slack)
    try:
        return set(SlackFront(runtime, slack).commands)
    finally:
        await runtime.close()


def docs_status() -> dict[str, str]:
    """docs/slack.md's command table: command -> its status cell ("yes" or "coming")."""
    rows = re.findall(r"^\| `/([a-z]+)[^`]*` \| ([^|]+) \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE)
    return {name: status.strip() for name, status in rows}


async def test_every_registered_command_is_in_the_manifest_and_the_rest_coming(settings: Settings) -> None:
    commands = manifest_commands()
    served = await registered(settings)
    assert served and served <= set(commands), sorted(served - set(commands))
    status = docs_status()
    assert set(status) == set(commands), sorted(set(status) ^ set(commands))
    for name in commands:
        expected = "yes" if name in served else "coming"
        assert status[name] == expected, f"docs/slack.md says /{name} is {status[name]!r}, not {expected!r}"


def test_commands_are_escaped_described_and_short() -> None:
    for name, command in manifest_commands().items():
        assert command["should_escape"] is True, name  # mentions arrive as <@U…|name>
        assert 0 < len(command["description"]) <= 100, name
        assert len(command.get("usage_hint", "")) <= 100, name
        assert "url" not in command, name  # Socket Mode: no request URL


def test_socket_mode_and_buttons_are_on_and_each_scope_is_explained() -> None:
    loaded = manifest()
    assert loaded["settings"]["socket_mode_enabled"] is True
    assert loaded["settings"]["interactivity"]["is_enabled"] is True
    assert loaded["features"]["bot_user"]["display_name"] == "Roundtable"
    scopes = loaded["oauth_config"]["scopes"]["bot"]
    assert "commands" in scopes and "chat:write" in scopes
    docs = DOCS.read_text(encoding="utf-8")
    for scope in scopes:
        assert re.search(rf"^\| `{re.escape(scope)}` \| .+\|$", docs, re.MULTILINE), scope
