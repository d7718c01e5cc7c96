"""/motions and /motion on Slack: paging with private copies, proposals a moderator reviews, the
proposer told by direct message, names never raw ids; and isolation from a Discord guild."""

from __future__ import annotations

from slack_app.simulator import SlackSimulator, buttons
from tests.cogs.positions_cog_support import text_of
from tests.conftest import World


async def test_motions_page_and_a_press_gives_a_private_copy(slack: SlackSimulator) -> None:
    listed = await slack.command("alice", "motions")
    [reply] = listed.replies
    assert reply["response_type"] == "in_channel"
    assert "*#1* NATO should open a liaison office in Tokyo · ¶6, ¶7, ¶8" in listed.text()
    assert "Page 1/3 · 29 motions · /motion show 3 for one, /stance set to take a stance" in listed.text()
    nxt = await slack.press("bob", buttons(reply)["Next ▶"])
    [own] = nxt.replies
    assert own["kind"] == "followup" and own["response_type"] == "ephemeral" and "Page 2/3" in nxt.text()
    moved = await slack.press("bob", buttons(own)["Next ▶"])
    assert moved.replies[0]["kind"] == "edit" and "Page 3/3" in moved.text()
    too_far = await slack.command("alice", "motions", "4")
    assert "There are 3 pages of motions: try /motions 3." in too_far.text()


async def test_show_names_the_proposer_by_name(slack: SlackSimulator) -> None:
    slack.member("olga", admin=True)
    proposed = await slack.command("alice", "motion", "add NATO should open an office in Seoul")
    assert "Proposed motion *#33*" in proposed.text()
    assert "A moderator can approve it with `/motion approve 33`." in proposed.text()
    not_yet = await slack.command("bob", "stance", "set 33 agree")
    assert "#33 is waiting for a moderator's approval" in not_yet.text()

    pending = await slack.command("olga", "motion", "pending")
    assert "*#33* NATO should open an office in Seoul · by alice" in pending.text()
    refused = await slack.command("bob", "motion", "approve 33")
    assert "Only moderators can do that" in refused.text()
    approved = await slack.command("olga", "motion", "approve 33")
    assert approved.replies[0]["response_type"] == "in_channel"
    assert "Approved motion *#33*: NATO should open an office in Seoul (proposed by alice)" in approved.text()
    shown = await slack.command("bob", "motion", "show 33")
    assert "alice (approved)" in shown.text() and "/stance set 33 · /stance summary 33" in shown.text()
    assert "<@" not in str(shown.replies) and "-" + "1" not in shown.text().split("Proposed by")[1][:3]
    missing = await slack.command("bob", "motion", "show 99")
    assert "There is no motion #99. /motions lists them." in missing.text()


async def test_a_rejection_is_private_and_the_proposer_gets_a_direct_message(slack: SlackSimulator) -> None:
    slack.member("olga", admin=True)
    bob = slack.member("bob")
    await slack.command("bob", "motion", "add The G7 should invite the AP4 every year")
    rejected = await slack.command("olga", "motion", "reject 33 The column never mentions <!channel> the G7.")
    [reply] = [r for r in rejected.replies if r["kind"] in ("response", "followup")]
    assert reply["response_type"] == "ephemeral"
    assert (
        "Rejected motion *#33*" in rejected.text()
        and "I told bob privately, with your reason." in rejected.text()
    )
    [dm] = [c for c in rejected.calls if c.method == "chat.postMessage"]
    assert dm.args["channel"] == "D" + bob.lstrip("U")
    assert "did not approve your motion *#33*" in dm.args["text"]
    assert "<!channel>" not in str(dm.args) and "&lt;!channel&gt;" in dm.args["text"]
    again = await slack.command("olga", "motion", "reject 33")
    assert "Motion #33 is not waiting for review. See /motion pending." in again.text()


async def test_a_workspace_and_a_guild_on_one_database_never_see_each_others_data(
    world: World, slack: SlackSimulator
) -> None:
    # The same motion number, one stance each side, one private member each side.
    await world.alice.slash(world.channel, "stance set", motion="3", stance="agree", reason="guild reason")
    await slack.command("alice", "stance", "set 3 disagree workspace reason")
    await slack.command("alice", "stance", "privacy private")
    await world.moderator.slash(world.channel, "config member-motions", allow=True)
    await world.alice.slash(world.channel, "motion add", text="A motion only the guild has")

    slack_summary = await slack.command("bob", "stance", "summary 3")
    assert (
        "*1* member holds" in slack_summary.text()
        and "disagree* — 1 (100%): 1 private" in slack_summary.text()
    )
    discord_summary = await world.bob.slash(world.channel, "stance summary", motion="3")
    text = text_of(discord_summary.followups[0] if discord_summary.followups else discord_summary.response)
    assert "**1** member holds" in text and f"**agree** — 1 (100%): <@{world.alice.id}>" in text

    history = await slack.command("alice", "stance", "history")
    assert "workspace reason" in history.text() and "guild reason" not in history.text()
    privacy = await slack.command("alice", "privacy")
    assert "Stances:* 1 current, 1 in your history" in privacy.text()
    assert "*Visibility:* private" in privacy.text()
    discord_privacy = await world.alice.slash(world.channel, "privacy")
    assert "**Visibility:** public" in text_of(discord_privacy.response)
    assert "**Group records that name you:** 1 motion proposed" in text_of(discord_privacy.response)

    assert "There is no motion #33" in (await slack.command("bob", "motion", "show 33")).text()
    asked = await slack.command("alice", "stance", "forget")
    await slack.press("alice", buttons(asked.replies[0])["Forget everything"])
    still = await world.alice.slash(world.channel, "stance history")
    assert "guild reason" in text_of(still.response)
