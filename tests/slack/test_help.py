"""/help on Slack is complete: every command the app registers is listed, with every subcommand's
usage, and ``/help <command>`` shows each one's usage in full; the commands issue 18 names for
Slack are all among them. The list comes from ``front.commands``, so a feature that registers a
command is in /help without more work; these tests catch one that registers without usage."""

from __future__ import annotations

import pytest

from slack_app.simulator import SlackSimulator

# The commands issue 18 asks for on Slack (there is no app manifest in the repository: this is
# the list the manifest's slash commands would hold).
ISSUE_COMMANDS = (
    "who", "ask", "actors", "source", "motions", "motion", "stance", "poll", "debate", "vote", "map",
    "privacy", "export", "config", "pack", "help",
)  # fmt: skip
# Landing from another branch at the same time as this test: skipped until it is registered.
CONCURRENT = {"debate": "the debates branch adds /debate on Slack"}


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


@pytest.mark.parametrize("name", ISSUE_COMMANDS)
async def test_each_command_of_the_issue_is_registered_and_help_shows_its_usage(
    slack: SlackSimulator, name: str
) -> None:
    assert slack.front is not None
    if name in CONCURRENT and name not in slack.front.commands:
        pytest.skip(CONCURRENT[name])
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
