"""/privacy and /export positions on Slack: private, by name, private members pseudonymised, the
CSV uploaded to the member's direct messages only."""

from __future__ import annotations

import csv
import io

from slack_app.simulator import SlackSimulator


async def test_privacy_shows_what_is_stored_privately_with_slacks_spelling(slack: SlackSimulator) -> None:
    await slack.command("alice", "stance", "set 3 agree")
    shown = await slack.command("alice", "privacy")
    [reply] = shown.replies
    assert reply["response_type"] == "ephemeral"
    assert "What Roundtable stores about you here" in shown.text()
    assert "Only what you did in this workspace" in shown.text()
    assert "`/stance privacy private` hides your stances" in shown.text()
    assert "*Stances:* 1 current, 1 in your history" in shown.text()
    hidden = await slack.command("alice", "stance", "privacy priv")
    assert "now *private* in this workspace" in hidden.text()
    wrong = await slack.command("alice", "stance", "privacy secret")
    assert "visibility is one of public, private" in wrong.text()


async def test_export_goes_to_the_moderators_direct_messages_with_pseudonyms(slack: SlackSimulator) -> None:
    olga = slack.member("olga", admin=True)
    await slack.command("alice", "stance", "set 3 agree =HYPERLINK(1) is a reason")
    await slack.command("bob", "stance", "set 3 disagree")
    await slack.command("bob", "stance", "privacy private")
    refused = await slack.command("alice", "export", "positions")
    assert "Only moderators can do that" in refused.text()
    assert not [c for c in refused.calls if c.method.startswith("files.")]

    exported = await slack.command("olga", "export", "positions")
    [reply] = exported.replies
    assert reply["response_type"] == "ephemeral"
    assert "2 stances by 2 members" in exported.text() and "1 private member appears" in exported.text()
    [opened] = [c for c in exported.calls if c.method == "conversations.open"]
    assert opened.args["users"] == olga
    [complete] = [c for c in exported.calls if c.method == "files.completeUploadExternal"]
    assert complete.args["channel_id"] == "D" + olga.lstrip("U")
    stored = slack.fake.files[complete.args["files"][0]["id"]]
    assert stored["filename"].startswith("positions-20260101-0900")
    rows = list(csv.DictReader(io.StringIO(stored["data"].decode())))
    assert rows[0]["member"] == "alice"
    assert rows[1]["member"].startswith("member-") and rows[1]["member_id"] == ""
    assert rows[0]["reason"].startswith("'")  # a formula is never run by a spreadsheet
    unknown = await slack.command("olga", "export", "everything")
    assert "/export has no subcommand" in unknown.text() and "/export positions" in unknown.text()
