"""/pack on Slack: every member sees the list; only moderators change what the workspace reads."""

from __future__ import annotations

from slack_app.simulator import SlackSimulator


async def test_members_list_packs_and_only_moderators_choose_one(slack: SlackSimulator) -> None:
    listed = await slack.command("alice", "pack", "list")
    [reply] = listed.replies
    assert reply["response_type"] == "ephemeral"
    assert "▶ *NATO in Asia, or a NATO for Asia?* (`nato-in-asia`)" in listed.text()
    assert "This workspace reads: NATO in Asia" in listed.text()

    refused = await slack.command("alice", "pack", "use nato-in-asia")
    assert "Only moderators can do that" in refused.text()

    slack.member("olga", admin=True)
    same = await slack.command("olga", "pack", "use nato-in-asia")
    assert "This workspace already reads" in same.text()
    unknown = await slack.command("olga", "pack", "use no-such-pack")
    assert unknown.replies[0]["response_type"] == "ephemeral"
    assert "There is no pack called 'no-such-pack'" in unknown.text()

    reloaded = await slack.command("olga", "pack", "reload")
    assert "Packs reloaded" in reloaded.text()
    assert "Unchanged: `nato-in-asia`." in reloaded.text()
