"""/help on Slack is complete: every command the app registers is listed, with every subcommand's
usage, and ``/help <command>`` shows the usage in full of every command in the app manifest
(slack_app/manifest.yaml) that docs/slack.md does not list as coming. The list comes from
``front.commands``, so a feature that registers a command is in /help without more work; these
tests catch one that registers without usage, or a manifest command with no help."""

from __future__ import annotations

import pytest

from slack_app.simulator import SlackSimulator
from tests.slack.test_manifest import docs_status, manifest_commands

MANIFEST_COMMANDS = sorted(manifest_commands())


def _unescaped(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


async def test_help_lists_every_registered_command_with_each_usage(slack: SlackSimulator) -> None:
    assert slack.front is not None
    commands = slack.front.commands
    result = await slack.command("alice", "help")
    [reply] = result.replies
    assert reply["response_type"] == "ephemeral"
    shown = result.text()
    assert "(shortened to fit Slack)" not in shown
    assert len(reply["blocks"]) <= 50
    for name, syntaxes in commands.items():
        assert syntaxes, f"/{name} is registered without a usage"
        assert f"/{name}" in shown
        for syntax in syntaxes:
            assert syntax.summary.strip(), f"/{syntax.path} has no summary"
            assert f"{syntax.usage()}`: {syntax.summary}" in _unescaped(shown), syntax.path


@pytest.mark.parametrize("name", MANIFEST_COMMANDS)
async def test_each_command_of_the_manifest_is_registered_and_help_shows_its_usage(
    slack: SlackSimulator, name: str
) -> None:
    assert slack.front is not None
    if docs_status().get(name) == "coming":
        pytest.skip(f"docs/slack.md lists /{name} as coming (another branch adds it)")
    assert name in slack.front.commands, f"/{name} is not registered on Slack"
    result = await slack.command("bob", "help", name)
    [reply] = result.replies
    assert reply["response_type"] == "ephemeral"
    shown = _unescaped(result.text())
    assert f"/{name}" in shown and "Type options in order" in shown
    for syntax in slack.front.commands[name]:
        assert f"`{syntax.usage()}`: {syntax.summary}" in shown
        if syntax.example:
            assert f"(e.g. `{syntax.example}`)" in shown
    # Typed with its slash and a subcommand, it is the same command's help.
    again = await slack.command("bob", "help", f"/{name} anything")
    assert _unescaped(again.text()) == shown
