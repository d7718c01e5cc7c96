"""/vote and /map on both front ends: members vote on motions with the card's buttons, and the
map shows the groups, what each believes and what they share, with the chart (alt text on the
file). Then Slack's own cases: the card's namespaced buttons, hostile motion text, a workspace
and a guild on one database, ``/export poll`` in the DM, usage for a line that does not parse."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from bot.models import Stance
from bot.services import identities, motions
from bot.services.opinion_map import MIN_PARTICIPANTS
from slack_app.simulator import Result, SlackSimulator, buttons
from tests.conftest import DatabaseFactory, World
from tests.front_ends import DiscordFront, Front, Seen, SlackFront
from tests.opinion_map_support import NOW, pack_motions, two_camps, warm_up, write_ledger

PINGS = ("<!channel>", "<!here>", "<!everyone>", "<@U123ABC>", "<@U123ABC|boss>")
CAMP_A = ("alice", "bob", "carol", "dave")
CAMP_B = ("erin", "frank", "grace", "heidi")


@pytest.fixture(autouse=True)
def _warm() -> None:
    warm_up()  # scikit-learn and matplotlib load once per process, not inside a test's settle


@pytest.fixture(params=["discord", "slack"])
def front(request: pytest.FixtureRequest, database_factory: DatabaseFactory) -> Front:
    if request.param == "discord":
        return DiscordFront(request.getfixturevalue("world"))
    return SlackFront(request.getfixturevalue("slack"))


def _answers(member: str) -> list[str]:
    """Motions 1-8 in the order /vote deals them: the camps split on 1-3 and agree on 4-8;
    heidi passes the last one (nothing recorded: 7 votes, still enough to be placed)."""
    split = "Agree" if member in CAMP_A else "Disagree"
    answers = [split] * 3 + ["Agree"] * 5
    if member == "heidi":
        answers[-1] = "Pass"
    return answers


async def _vote(front: Front, member: str) -> Seen:
    card = await front.run(member, "vote")
    assert card.private and set(card.buttons) == {"Agree", "Disagree", "Pass"}
    assert card.words.strip().startswith("#1 ")
    for number, label in enumerate(_answers(member), start=1):
        assert f"#{number} " in card.words, card.words
        card = await front.press(member, card, label)
        assert card.private
    return card


def _chart(front: Front, seen: Seen) -> tuple[str, str]:
    """The map chart sent with ``seen``: its file name and alt text (checked to be a PNG)."""
    if isinstance(front, DiscordFront):
        [image] = seen.source.attachments
        assert image.content_type == "image/png"
        return str(image.filename), str(image.description)
    result: Result = seen.source
    [asked] = [c.args for c in result.calls if c.method == "files.getUploadURLExternal"]
    [done] = [c.args for c in result.calls if c.method == "files.completeUploadExternal"]
    assert front.sim.fake.files[done["files"][0]["id"]]["data"].startswith(b"\x89PNG")
    return str(asked["filename"]), str(asked["alt_txt"])


async def test_members_vote_and_the_map_shows_the_groups_and_what_each_believes(front: Front) -> None:
    early = await front.run("alice", "map group", motions="1-8")
    assert not early.private and "Not enough votes for an opinion map yet." in early.words
    assert (
        f"A map needs {MIN_PARTICIPANTS} members" in early.words and "/vote deals the motions" in early.words
    )

    for member in CAMP_A + CAMP_B:
        last = await _vote(front, member)
        assert last.words.strip().startswith("#9 ")  # the next motion after the eight answered
    heidi = await front.member_id("heidi")
    async with front.db.unit_of_work() as session:
        rows = (await session.execute(select(Stance.user_id, Stance.source))).all()
    assert len(rows) == 8 * 8 - 1 and {source for _user, source in rows} == {"vote"}
    assert sum(user == heidi for user, _source in rows) == 7  # her pass recorded nothing

    shown = await front.run("moderator", "map group", motions="1-8")
    assert not shown.private
    words = shown.words
    assert "Opinion map: 8 members, 2 groups, 8 motions" in words
    assert "two groups is the most the data supports" in words  # fewer than 12 placed
    assert "Group A · 4 members" in words and "Group B · 4 members" in words
    # What each group believes: one agrees with #1-#3, the other rejects them, 100% vs 0%.
    for number in (1, 2, 3):
        assert re.search(rf"agree #{number} .*— 100% here \(4 of 4\) vs 0% of the others", words)
        assert re.search(rf"disagree #{number} .*— 100% here \(4 of 4\) vs 0% of the others", words)
    shared = words.split("Shared by every group", 1)[1]
    for number in (4, 5, 6, 7):
        assert f"agree #{number} " in shared
    filename, alt = _chart(front, shown)
    assert filename == "opinion-map.png"
    assert alt.startswith("Scatter plot of 8 members in 2 opinion groups; nearby dots voted alike.")
    assert "Scatter plot" not in shown.text  # the alt text is the file's, not repeated in the words

    mine = await front.run("erin", "map me", motions="1-8")
    assert mine.private
    assert re.search(r"You're in group [AB] \(4 members; 4 in the other group\)", mine.words)
    believes = mine.words.split("believes", 1)[1].split("Shared by every group", 1)[0]
    assert believes.count("disagree #") == 3 and "agree #1 " not in believes.replace("disagree", "")
    assert "You are circled on the map." in mine.words
    filename, alt = _chart(front, mine)
    assert filename == "opinion-map.png" and alt.startswith("Scatter plot of 8 members")
    if isinstance(front, SlackFront):  # a private chart goes to the member's direct messages
        [done] = [c.args for c in mine.source.calls if c.method == "files.completeUploadExternal"]
        assert done["channel_id"].startswith("D")

    newcomer = await front.run("ivan", "map me", motions="1-8")
    assert newcomer.private and "You're not on the map yet" in newcomer.words
    assert "You've answered 0 of these 8 motions" in newcomer.words


# ---------------------------------------------------------------- Slack's own cases


def _private(result: Result) -> str:
    [reply] = [r for r in result.replies if r.get("response_type") == "ephemeral" or r["kind"] == "edit"]
    return str(reply["text"]).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


async def test_the_vote_card_is_private_with_namespaced_buttons_that_edit_it(slack: SlackSimulator) -> None:
    first = await slack.command("alice", "vote")
    [reply] = first.replies
    assert reply["response_type"] == "ephemeral"
    [motion_1] = [m for m in await pack_motions(slack.host.db) if m.number == 1]
    assert buttons(reply) == {
        "Agree": f"roundtable:vote:{motion_1.id}:agree",
        "Disagree": f"roundtable:vote:{motion_1.id}:disagree",
        "Pass": f"roundtable:vote:{motion_1.id}:pass",
    }
    assert "You've answered 0 of" in first.text() and "Pass if you have no view." in first.text()
    passed = await slack.press("alice", buttons(reply)["Pass"])
    [edit] = passed.replies
    assert edit["kind"] == "edit" and edit["replace_original"] is True
    assert "#2 " in passed.text()
    async with slack.host.db.unit_of_work() as session:
        assert list(await session.execute(select(Stance))) == []  # a pass records nothing
    agreed = await slack.press("alice", buttons(edit)["Agree"])
    assert "#3 " in agreed.text() and "You've answered 1 of" in agreed.text()
    # An old card pressed again changes nothing: /stance set changes a stance.
    again = await slack.press("alice", buttons(edit)["Disagree"])
    assert "#3 " in again.text()
    async with slack.host.db.unit_of_work() as session:
        assert [s.value for s in (await session.execute(select(Stance))).scalars()] == [1]


async def test_the_end_of_the_deck_points_to_the_map(slack: SlackSimulator) -> None:
    everything = await pack_motions(slack.host.db)
    alice = slack.member("alice")
    async with slack.host.db.unit_of_work() as session:
        space = await identities.internal_id(session, "slack", "space", slack.team())
        member = await identities.internal_id(session, "slack", "member", alice, name="alice")
    visible = [m for m in everything if not m.retired]
    await write_ledger(slack.host.db, space, {member: {m.id: 1 for m in visible[:-1]}})
    card = await slack.command("alice", "vote")
    done = await slack.press("alice", buttons(card.replies[0])["Disagree"])
    text = done.text()
    assert text.startswith("You've answered every motion. Thank you! `/map group` shows")
    assert "`/map me` where you stand" in text and "`/stance set` changes an answer" in text
    assert buttons(done.replies[0]) == {}


def _no_pings(payload: Any) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    assert not any(ping in text for ping in PINGS), text[:300]


def _within_limits(payload: dict[str, Any]) -> None:
    blocks = payload.get("blocks") or []
    assert len(blocks) <= 50
    for block in blocks:
        for part in [block.get("text"), *block.get("fields", [])]:
            if isinstance(part, dict):
                assert len(part["text"]) <= 3000
        if block.get("type") == "header":
            assert len(block["text"]["text"]) <= 150
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75
    assert len(payload.get("text") or "") <= 4000


HOSTILE = "<!channel> <!here> <@U123ABC> *bold* _it_ ~s~ `code` > q \u202eevil\u200b مرحبا"


async def test_hostile_motion_text_never_pings_and_stays_inside_slacks_limits(slack: SlackSimulator) -> None:
    names = (*CAMP_A, *CAMP_B)
    users = [slack.member(name) for name in names]
    judy = slack.member("judy")
    async with slack.host.db.unit_of_work() as session:
        space = await identities.internal_id(session, "slack", "space", slack.team())
        ids = [
            await identities.internal_id(session, "slack", "member", user, name=name)
            for user, name in zip(users, names, strict=True)
        ]
        judy_id = await identities.internal_id(session, "slack", "member", judy, name="judy")
        # A member's motion at the longest title allowed, with a context of about 5,000 characters.
        hostile = await motions.propose_motion(
            session, guild_id=space, user_id=ids[0], text=(HOSTILE + " x" * 100)[:200], approve=True, now=NOW
        )
        hostile.context = (HOSTILE + " ") * 72
        hostile_id, hostile_number = hostile.id, hostile.number
        pack = [m.id for m in await motions.visible_motions(session, space) if m.id != hostile_id]
    assert len(hostile.context) > 5000
    await write_ledger(slack.host.db, space, two_camps(ids, [hostile_id, *pack[:7]], split=4))
    await write_ledger(slack.host.db, space, {judy_id: {motion: 1 for motion in pack}})

    card = await slack.command("judy", "vote")  # every other motion answered: the hostile one
    shown = await slack.command("moderator", "map", f"group 1-7,{hostile_number}")
    mine = await slack.command("alice", "map", f"me 1-7,{hostile_number}")
    typed = await slack.command("alice", "map", "group " + "<!channel> " * 500)
    assert f"#{hostile_number} " in card.text() and "Pass if you have no view." in card.text()
    assert "Opinion map: 9 members, 2 groups, 8 motions" in shown.text()  # judy too
    assert f"#{hostile_number} " in shown.text() and "You're in group" in mine.text()
    assert "is neither motion numbers" in _private(typed)
    for call in slack.fake.calls:
        if call.method in ("chat.postMessage", "chat.update", "response_url", "files.getUploadURLExternal"):
            _no_pings(call.args)
            _within_limits(call.args)
    for result in (card, shown, mine, typed):
        for reply in result.replies:
            _no_pings(reply)
            _within_limits(reply)
    # Shown as typed: the pings are escaped text, and the member's markup is not formatting.
    assert "&lt;!channel&gt;" in json.dumps(card.replies) and "<!channel>" in card.text()
    header = card.replies[0]["blocks"][0]
    assert header["type"] == "header" and header["text"]["type"] == "plain_text"  # markup shows as typed
    assert "*bold* _it_ ~s~ `code`" in header["text"]["text"]
    assert "\u202eevil\u200b" in card.text()  # right-to-left and zero-width kept, inert


async def test_a_workspace_map_never_counts_a_guilds_votes_on_one_database(
    world: World, slack: SlackSimulator
) -> None:
    everything = await pack_motions(slack.host.db)
    members = [world.alice, world.bob] + [world.member(f"member{i}") for i in range(12)]
    await write_ledger(
        slack.host.db, world.guild.id, two_camps([m.id for m in members], [m.id for m in everything[:10]], 5)
    )
    discord_map = await world.moderator.slash(world.channel, "map group", motions="1-11")
    assert discord_map.response is not None
    assert discord_map.response.embeds[0].title == "Opinion map: 14 members, 2 groups, 10 motions"

    # The same motions (a pack's, shared), the same database: the workspace has no votes.
    mapped = await slack.command("alice", "map", "group 1-11")
    assert "Not enough votes for an opinion map yet." in mapped.text()
    assert "0 have so far, so 7 more are needed" in mapped.text()
    assert slack.fake.of("files.completeUploadExternal") == []
    card = await slack.command("alice", "vote")
    assert "You've answered 0 of" in card.text() and "#1 " in card.text()
    # A Slack press carrying a motion id answers in the workspace only.
    await slack.press("alice", buttons(card.replies[0])["Agree"])
    again = await world.moderator.slash(world.channel, "map group", motions="1-11")
    assert again.response is not None
    assert again.response.embeds[0].title == "Opinion map: 14 members, 2 groups, 10 motions"
    async with slack.host.db.unit_of_work() as session:
        guilds = {s.guild_id for s in (await session.execute(select(Stance))).scalars()}
    assert len(guilds) == 2 and world.guild.id in guilds


async def test_a_line_that_does_not_parse_gets_the_usage_privately(slack: SlackSimulator) -> None:
    bare = await slack.command("alice", "map")
    assert "/map needs a subcommand (group, me)" in _private(bare)
    assert "/map group [motions:…]" in _private(bare) and "/map me [motions:…]" in _private(bare)
    missing = await slack.command("alice", "map", "group 1,99")
    assert _private(missing) == "There is no motion #99. /motions lists them."
    pack = await slack.command("alice", "map", "me no such pack")
    assert "'no such pack' is neither motion numbers (like 1,2,5) nor a pack. /pack list." in _private(pack)
    extra = await slack.command("alice", "vote", "now please")
    assert "I don't know what “now please” is for." in _private(extra)
    assert slack.fake.of("files.completeUploadExternal") == []


async def test_export_poll_goes_privately_to_the_dm(slack: SlackSimulator) -> None:
    created = await slack.command("alice", "poll", 'create "Tea or coffee?" Tea; Coffee')
    [posted] = [c.args for c in created.calls if c.method == "chat.postMessage"]
    message = slack.fake.message(str(posted["channel"]), max(ts for _ch, ts in slack.fake.messages))
    await slack.press("bob", buttons(message)["Tea"], message=message)

    mine = await slack.command("alice", "export", "poll")
    assert "one row per vote, with the voter" in _private(mine)
    assert [c for c in mine.calls if c.method == "chat.postMessage"] == []  # nothing public
    [done] = [c.args for c in mine.calls if c.method == "files.completeUploadExternal"]
    assert done["channel_id"].startswith("D")
    data = slack.fake.files[done["files"][0]["id"]]["data"].decode()
    assert "Tea" in data and slack.member("bob") in data

    theirs = await slack.command("bob", "export", "poll Tea or coffee")
    assert "counts per option only" in _private(theirs)
    [done] = [c.args for c in theirs.calls if c.method == "files.completeUploadExternal"]
    assert slack.member("bob") not in slack.fake.files[done["files"][0]["id"]]["data"].decode()
