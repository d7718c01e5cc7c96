"""/stance on both front ends: the ledger with history, privacy and forget as one scenario run
through SimCord and through the Slack simulator; then Slack's own cases: the natural positional
form, hostile reasons, did-you-mean buttons that run only for the member who asked."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.models import Identity, Moderator, PendingChoice, StanceEvent
from bot.services import identities
from slack_app.simulator import SlackSimulator, buttons
from tests.conftest import DatabaseFactory
from tests.front_ends import DiscordFront, Front, SlackFront
from tests.positions_support import rows_naming

MOTION_1 = "#1 NATO should open a liaison office in Tokyo"


@pytest.fixture(params=["discord", "slack"])
def front(request: pytest.FixtureRequest, database_factory: DatabaseFactory) -> Front:
    """The front end a scenario runs through (``database_factory`` here so that each runs on
    every backend: both front ends' fixtures build on it)."""
    if request.param == "discord":
        return DiscordFront(request.getfixturevalue("world"))
    return SlackFront(request.getfixturevalue("slack"))


async def test_the_stance_ledger_keeps_history_hides_the_private_and_forgets(front: Front) -> None:
    first = await front.run("alice", "stance set", motion="3", stance="undecided")
    assert first.private and "Recorded on #3" in first.words and "• undecided" in first.words
    second = await front.run(
        "alice", "stance set", motion="#3", stance="agree", reason="¶5: they keep showing up"
    )
    assert "↗ undecided → agree" in second.words and "Reason: ¶5: they keep showing up" in second.words
    await front.run("alice", "stance set", motion="liaison office Tokyo", stance="strongly disagree")
    await front.run("bob", "stance set", motion="3", stance="disagree")

    history = await front.run("alice", "stance history")
    assert history.private  # always private: it holds reasons
    assert f"{front.shown_as('alice')}'s stances" in history.words
    assert "↗ undecided → agree" in history.words and "¶5: they keep showing up" in history.words
    assert "• strongly disagree" in history.words and "3 stances · 1 change of mind" in history.words
    only_3 = await front.run("bob", "stance history", member="alice", motion="3")
    assert only_3.private and "2 stances" in only_3.words and "#1 " not in only_3.words

    hidden = await front.run("alice", "stance privacy", visibility="private")
    assert hidden.private and "now private" in hidden.words
    refused = await front.run("bob", "stance history", member="alice")
    assert refused.private and "keeps their stances private" in refused.words
    assert "stance summary" in refused.words and "agree" not in refused.words
    summary = await front.run("bob", "stance summary", motion="3")
    assert not summary.private and "2 members hold" in summary.words
    assert "agree — 1 (50%): 1 private" in summary.words
    assert front.shown_as("bob") in summary.text and front.shown_as("alice") not in summary.text

    stored = await front.run("alice", "privacy")
    assert stored.private and "Stances: 2 current, 3 in your history" in stored.words

    asked = await front.run("alice", "stance forget")
    assert asked.private and "cannot be undone" in asked.words
    assert set(asked.buttons) == {"Forget everything", "Cancel"}
    alice = await front.member_id("alice")
    assert await rows_naming(front.db, alice)  # nothing deleted yet
    done = await front.press("alice", asked, "Forget everything")
    assert done.words.startswith(
        "Done: I deleted 3 stance history entries, 2 current stances, 1 privacy setting"
    )
    assert done.buttons == {}
    assert await rows_naming(front.db, alice) == {}
    after = await front.run("bob", "stance summary", motion="3")
    assert "1 member holds" in after.words
    again = await front.run("alice", "privacy")
    assert "Stances: 0 current, 0 in your history" in again.words
    nothing = await front.run("alice", "stance forget")
    assert "Nothing about you is stored" in nothing.words and nothing.buttons == {}


async def test_positional_form_and_strongly_in_two_words(slack: SlackSimulator) -> None:
    result = await slack.command("alice", "stance", "set 1 strongly agree deterrence works")
    [reply] = result.replies
    assert reply["response_type"] == "ephemeral"
    assert f"Recorded on *{MOTION_1}*: • *strongly agree*." in reply["text"]
    assert "Reason: deterrence works" in result.text()
    assert "public in this workspace (`/stance privacy` to change)" in result.text()
    history = await slack.command("alice", "stance", "history 1")
    assert "alice's stances on #1" in history.text() and "2026-01-01" in history.text()
    wrong = await slack.command("alice", "stance", "set 1 maybe")
    assert "Choose a stance" in wrong.text() and wrong.replies[0]["response_type"] == "ephemeral"
    bare = await slack.command("alice", "stance", "set")
    assert "/stance set needs motion, stance" in bare.text() and "Usage" in bare.text()


async def test_summary_uploads_its_chart_with_alt_text(slack: SlackSimulator) -> None:
    await slack.command("alice", "stance", "set 2 agree")
    result = await slack.command("bob", "stance", "summary 2")
    assert "*1* member holds" in result.text() and "alice" in result.text()
    [complete] = [c for c in result.calls if c.method == "files.completeUploadExternal"]
    [upload] = [c for c in result.calls if c.method == "files.getUploadURLExternal"]
    assert upload.args["filename"] == "stances.png"
    assert upload.args["alt_txt"].startswith("Bar chart of 1 member's stance on #2")
    assert complete.args["channel_id"] == slack.channel("general")
    assert slack.fake.files[complete.args["files"][0]["id"]]["data"].startswith(b"\x89PNG")
    nobody = await slack.command("bob", "stance", "summary 5")
    assert "Nobody has taken a stance" in nobody.text() and "`/stance set`" in nobody.text()


HOSTILE = "<!channel> <!here> <@U123ABC> *bold* _it_ ~gone~ `code` > quoted \u202eevil\u200b"


def _assert_safe(result: object, *replies: dict) -> None:  # type: ignore[type-arg]
    for reply in replies:
        raw = str(reply)
        assert "<!channel>" not in raw and "<!here>" not in raw and "<@U123ABC>" not in raw
        assert len(reply.get("blocks") or []) <= 50
        for block in reply.get("blocks") or []:
            for part in [block.get("text"), *block.get("fields", [])]:
                if isinstance(part, dict):
                    assert len(part["text"]) <= 3000
        assert len(reply.get("text") or "") <= 4000


async def test_hostile_reasons_never_ping_and_stay_inside_slacks_limits(slack: SlackSimulator) -> None:
    taken = await slack.command("alice", "stance", f"set 3 agree {HOSTILE}")
    _assert_safe(taken, *taken.replies)
    # Shown as typed: the member's markup is not Slack's formatting, their mention is text.
    assert HOSTILE.replace("\u202e", "").split(" > ")[0] in taken.text().replace("\u200b", "").replace(
        "\\", ""
    )
    assert "*bold\\*" not in taken.replies[0]["text"] and "\\*bold" not in taken.text()
    history = await slack.command("alice", "stance", "history")
    _assert_safe(history, *history.replies)
    assert "<!channel>" in history.text()  # as text, escaped in the payload

    huge = await slack.command("alice", "stance", "set 3 agree " + "x" * 5000)
    [refused] = huge.replies
    assert refused["response_type"] == "ephemeral" and "under 1000 characters" in huge.text()
    _assert_safe(huge, refused)
    async with slack.host.db.unit_of_work() as s:
        assert (await s.execute(select(func.count()).select_from(StanceEvent))).scalar_one() == 1

    many = await slack.command("bob", "motion", "add " + HOSTILE + " should be a motion " + "y" * 5000)
    _assert_safe(many, *many.replies)
    assert "under 200 characters" in many.text()


async def test_did_you_mean_buttons_run_the_command_only_for_the_member_who_asked(
    slack: SlackSimulator,
) -> None:
    asked = await slack.command("alice", "stance", 'set motion:"seoul summit" stance:agree reason:Vilnius')
    [question] = asked.replies
    assert question["response_type"] == "ephemeral" and "Did you mean" in question["text"]
    choices = buttons(question)
    [label] = [name for name in choices if name.startswith("#3 ")]
    async with slack.host.db.unit_of_work() as s:
        assert (await s.execute(select(func.count()).select_from(StanceEvent))).scalar_one() == 0

    stolen = await slack.press("bob", choices[label])
    assert "Only the member who ran the command can choose here" in stolen.text()
    async with slack.host.db.unit_of_work() as s:
        assert (await s.execute(select(func.count()).select_from(StanceEvent))).scalar_one() == 0

    pressed = await slack.press("alice", choices[label])
    kinds = [r["kind"] for r in pressed.replies]
    assert kinds[0] == "edit" and "You chose" in pressed.replies[0]["text"]
    assert "Recorded on *#3" in pressed.text() and "Reason: Vilnius" in pressed.text()
    async with slack.host.db.unit_of_work() as s:
        [(value, reason)] = (await s.execute(select(StanceEvent.value, StanceEvent.reason))).all()
        assert (await s.execute(select(func.count()).select_from(PendingChoice))).scalar_one() == 0
    assert (value, reason) == (1, "Vilnius")
    again = await slack.press("alice", choices[label])
    assert "expired or was already answered" in again.text()


async def test_only_the_asker_confirms_forget_and_an_old_confirmation_expires(
    slack: SlackSimulator, clock
) -> None:  # type: ignore[no-untyped-def]
    await slack.command("alice", "stance", "set 3 agree")
    asked = await slack.command("alice", "stance", "forget")
    choices = buttons(asked.replies[0])
    stolen = await slack.press("bob", choices["Forget everything"])
    assert "Only the member who asked to be forgotten" in stolen.text()
    cancelled = await slack.press("alice", choices["Cancel"])
    assert cancelled.replies[0]["kind"] == "edit" and "Cancelled: nothing was deleted." in cancelled.text()
    clock.advance(11 * 60)
    late = await slack.press("alice", choices["Forget everything"])
    assert "This confirmation has expired. Run /stance forget again" in late.text()
    async with slack.host.db.unit_of_work() as s:
        assert (await s.execute(select(func.count()).select_from(StanceEvent))).scalar_one() == 1


async def test_history_pages_with_buttons_that_edit_in_place(slack: SlackSimulator) -> None:
    for i in range(12):
        await slack.command("alice", "stance", f"set {1 + i % 4} {('agree', 'disagree')[i % 2]}")
    alice = slack.member("alice")
    history = await slack.command("bob", "stance", f"history member:<@{alice}|alice>")
    assert "Page 1/2" in history.text()
    pages = buttons(history.replies[0])
    assert list(pages) == ["Older ▶"]
    older = await slack.press("bob", pages["Older ▶"])
    assert older.replies[0]["kind"] == "edit" and "Page 2/2" in older.text() and "12 stances" in older.text()


async def test_forgetting_a_slack_member_drops_their_stored_name_and_moderator_role(
    slack: SlackSimulator,
) -> None:
    slack.member("olga", admin=True)
    alice = slack.member("alice")
    await slack.command("olga", "config", f"moderator add <@{alice}|alice>")
    await slack.command("alice", "stance", "set 3 agree")
    asked = await slack.command("alice", "stance", "forget")
    done = await slack.press("alice", buttons(asked.replies[0])["Forget everything"])
    assert done.replies[0]["kind"] == "edit"
    async with slack.host.db.unit_of_work() as s:
        member = await identities.internal_id(s, "slack", "member", alice)
        assert (await s.execute(select(Identity.name).where(Identity.id == member))).scalar_one() is None
        assert (await s.execute(select(func.count()).select_from(Moderator))).scalar_one() == 0
    assert "Only moderators can do that" in (await slack.command("alice", "config", "show")).text()
