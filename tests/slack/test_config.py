"""/config on Slack: owners and admins moderate and choose moderators; named moderators count."""

from __future__ import annotations

from slack_app.simulator import SlackSimulator


async def test_only_owners_and_admins_choose_moderators_and_named_ones_count(slack: SlackSimulator) -> None:
    slack.member("olga", admin=True)
    alice = slack.member("alice")

    refused = await slack.command("alice", "config", "show")
    assert refused.replies[0]["response_type"] == "ephemeral"
    assert "Only moderators can do that" in refused.text()

    self_named = await slack.command("alice", "config", f"moderator add <@{alice}|alice>")
    assert "Only the workspace's owners and admins can choose moderators" in self_named.text()

    named = await slack.command("olga", "config", f"moderator add <@{alice}|alice>")
    assert named.replies[0]["response_type"] == "ephemeral"
    assert "alice now counts as a moderator" in named.text()
    again = await slack.command("olga", "config", f"moderator add <@{alice}>")
    assert "already a moderator" in again.text()

    shown = await slack.command("alice", "config", "show")
    assert "the workspace's owners and admins, and alice" in shown.text()
    assert "Members add motions" in shown.text()

    # A named moderator still cannot hand the role on.
    bob = slack.member("bob")
    handed = await slack.command("alice", "config", f"moderator add <@{bob}>")
    assert "Only the workspace's owners and admins" in handed.text()

    changed = await slack.command("alice", "config", "member-motions yes")
    assert "Members' motions are now added at once." in changed.text()

    removed = await slack.command("olga", "config", f"moderator remove <@{alice}>")
    assert "alice no longer counts as a moderator" in removed.text()
    assert "Only moderators can do that" in (await slack.command("alice", "config", "show")).text()


async def test_a_moderator_of_one_workspace_is_nobody_in_another(slack: SlackSimulator) -> None:
    other = slack.team("Other Group")
    slack.member("olga", admin=True)
    alice = slack.member("alice")
    await slack.command("olga", "config", f"moderator add <@{alice}>")
    # The same person by name in another workspace is another member there.
    slack.member("alice", team=other)
    elsewhere = await slack.command("alice", "config", "show", team=other)
    assert "Only moderators can do that" in elsewhere.text()


async def test_a_line_that_does_not_parse_gets_the_usage_privately(slack: SlackSimulator) -> None:
    slack.member("olga", admin=True)
    result = await slack.command("olga", "config", "moderator add alice")
    [reply] = result.replies
    assert reply["response_type"] == "ephemeral"
    assert "Name the member with @" in result.text()
    assert "/config moderator <add|remove> <member>" in result.text()
    nothing = await slack.command("olga", "config", "")
    assert "/config needs a subcommand" in nothing.text()
