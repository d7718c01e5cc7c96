"""/debate on Slack through signed requests: the board with Join and Vote buttons kept current, a
live clock per speech with an Argue modal, timers across a restart, the result with its chart,
hostile arguments, and isolation from another workspace and from a Discord guild."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot.models import Debate, DebateArgument, DebateVote, Job
from bot.runtime import Runtime
from slack_app.simulator import Result, SlackSimulator, buttons
from tests.conftest import DatabaseFactory, World
from tests.front_ends import DiscordFront, Front, SlackFront
from tests.slack.conftest import ManualClock
from tests.slack.test_polls import PINGS, _no_pings, _shown, _within_limits, private, restart


def posts(slack: SlackSimulator, result: Result) -> list[tuple[str, str]]:
    """The (channel, ts) of the messages a request posted, in order."""
    found = []
    for call in result.calls:
        if call.method == "chat.postMessage":
            channel = str(call.args["channel"])
            ts = max((ts for ch, ts in slack.fake.messages if ch == channel), key=float)
            found.append((channel, ts))
    return found


class Message:
    def __init__(self, slack: SlackSimulator, where: tuple[str, str]) -> None:
        self.slack, self.channel, self.ts = slack, where[0], where[1]

    @property
    def payload(self) -> dict[str, Any]:
        return self.slack.fake.message(self.channel, self.ts)

    @property
    def buttons(self) -> dict[str, str]:
        return buttons(self.payload)

    def text(self) -> str:
        return _shown(self.payload)

    async def press(self, member: str, label: str) -> Result:
        return await self.slack.press(member, self.buttons[label], message=self.payload)


def newest(slack: SlackSimulator, channel: str) -> Message:
    ts = max((ts for ch, ts in slack.fake.messages if ch == channel), key=float)
    return Message(slack, (channel, ts))


async def only_debate(slack: SlackSimulator) -> Debate:
    async with slack.host.db.unit_of_work() as session:
        return (await session.execute(select(Debate))).scalar_one()


async def start(slack: SlackSimulator, text: str = "start 1 speech_seconds:30 rounds:opening") -> Message:
    slack.member("olga", admin=True)
    result = await slack.command("olga", "debate", text)
    [where] = posts(slack, result)
    return Message(slack, where)


async def argue_by_form(slack: SlackSimulator, member: str, speech: Message, text: str) -> Result:
    opened = await speech.press(member, "Argue")
    [modal] = [r for r in opened.replies if r["kind"] == "modal"]
    element = modal["view"]["blocks"][0]["element"]
    assert element["max_length"] <= 3000
    return await slack.submit(member, modal["view"], {"text": text})


async def test_a_timed_debate_across_a_restart_is_scored_by_the_shift(
    slack: SlackSimulator, make_runtime: Callable[[], Runtime], clock: ManualClock
) -> None:
    refused = await slack.command("bob", "debate", "start 1")
    assert private(refused).startswith("Only moderators can do that")

    board = await start(slack)
    debate = await only_debate(slack)
    assert debate.channel_id < 0 and debate.message_id is not None and debate.message_id < 0
    assert board.buttons == {
        "Join For": f"roundtable:debate:{debate.id}:join:for",
        "Join Against": f"roundtable:debate:{debate.id}:join:against",
        "Audience": f"roundtable:debate:{debate.id}:join:audience",
        "Vote For": f"roundtable:debate:{debate.id}:vote:for",
        "Vote Against": f"roundtable:debate:{debate.id}:vote:against",
        "Undecided": f"roundtable:debate:{debate.id}:vote:undecided",
    }
    assert "Debate: #1 NATO should open a liaison office in Tokyo" in board.text()

    joined = await board.press("alice", "Join For")
    assert "You debate *For*. Don't forget to vote (`/debate vote`)." in private(joined)
    await slack.command("bob", "debate", "join against")
    for member in ("carol", "dave", "erin"):
        await board.press(member, "Audience")
    assert "*For*\nalice" in board.text() and "*Against*\nbob" in board.text() and "3 members" in board.text()

    # Pre-vote: For 2 (alice, carol), Against 3.
    await board.press("alice", "Vote For")
    voted = await board.press("carol", "Vote For")
    assert private(voted).startswith("Your pre-vote: *For*.")
    for member in ("bob", "dave", "erin"):
        await slack.command(member, "debate", "vote against")
    assert "5 votes so far. The split is shown when the pre-vote closes." in board.text()
    assert "For 2" not in board.text()

    # Speech 1: the board closes (no buttons, the split shown); the clock is posted.
    first = await slack.command("olga", "debate", "next")
    [speech1_at] = posts(slack, first)
    speech1 = Message(slack, speech1_at)
    assert "Speech 1 of 2: Opening, For" in speech1.text() and "alice has the floor" in speech1.text()
    assert list(speech1.buttons) == ["Argue"]
    assert board.buttons == {} and "For 2, Against 3, Undecided 0" in board.text()
    late = await slack.command("dave", "debate", "vote for")
    assert "pre-vote closed" in private(late)
    argued = await argue_by_form(slack, "alice", speech1, "Security is indivisible.")
    assert argued.ack in (None, "")
    assert "Security is indivisible." in argued.text()
    outsider = await speech1.press("carol", "Argue")
    assert "Only the debaters argue" in private(outsider)
    assert not [r for r in outsider.replies if r["kind"] == "modal"]

    # The warning edits the same message; the end posts speech 2 and marks speech 1 over.
    clock.advance(25)
    assert await slack.host.scheduler.run_due() == 1
    assert "⏳ *0:05 left*" in speech1.text()
    clock.advance(6)
    assert await slack.host.scheduler.run_due() >= 1
    speech2 = newest(slack, board.channel)
    assert "Speech 2 of 2: Opening, Against" in speech2.text()
    assert "(over)" in speech1.text() and speech1.buttons == {}

    # A restart mid-speech: the Argue button, the clock's message and the timers carry on.
    runtime = await restart(slack, make_runtime)
    argued = await argue_by_form(slack, "bob", speech2, "Distance makes the promise hollow.")
    assert "Distance makes the promise hollow." in argued.text()
    paused = await slack.command("olga", "debate", "pause")
    assert private(paused).startswith("⏸️ Paused with 0:30 left")
    assert "Paused* with 0:30 left" in speech2.text()
    await slack.command("olga", "debate", "resume")
    clock.advance(31)
    await runtime.scheduler.run_due()
    await runtime.scheduler.run_due()
    post = newest(slack, board.channel)
    assert "The speeches are over: the post-vote is open" in post.text()
    assert "(over)" in speech2.text() and speech2.buttons == {}

    # Post-vote after the restart: For 3 (alice, carol, dave), Against 2: For gained 20 points.
    for member, label in (("alice", "Vote For"), ("carol", "Vote For"), ("dave", "Vote For")):
        answer = await post.press(member, label)
        assert private(answer).startswith("Your post-vote")
    for member in ("bob", "erin"):
        await slack.command(member, "debate", "vote against")
    status = await slack.command("carol", "debate", "status")
    assert "5 votes; counted when a moderator closes it" in private_text(status)

    closed = await slack.command("olga", "debate", "close")
    shown = closed.text()
    assert "The debate on *#1 NATO should open a liaison office in Tokyo* is closed." in shown
    assert "*For wins* by moving the room most: For +20.0 points (40% → 60%)" in shown
    assert "Scored on the 5 members who voted both before and after." in shown
    assert "*For*, alice: Security is indivisible." in shown
    assert post.buttons == {} and "The post-vote is closed" in post.text()
    assert "Closed" in board.text() and board.buttons == {}
    [chart] = [f for f in slack.fake.files.values() if f.get("filename") == "debate-result.png"]
    assert chart["channel"] == board.channel and chart["data"].startswith(b"\x89PNG")
    assert chart["alt_txt"].startswith("Bar chart of the vote before and after")
    assert "For 40% before, 60% after" in chart["alt_txt"]

    async with runtime.db.unit_of_work() as session:
        stored = (await session.execute(select(Debate))).scalar_one()
        assert stored.phase == "closed" and stored.result is not None and stored.result["winner"] == "for"
        assert len((await session.execute(select(DebateVote))).scalars().all()) == 10
        assert len((await session.execute(select(DebateArgument))).scalars().all()) == 2
        jobs = (await session.execute(select(Job).where(Job.kind.like("debate-%")))).scalars().all()
        assert {j.status for j in jobs} <= {"done", "cancelled"}
    clock.advance(600)
    assert await runtime.scheduler.run_due() == 0

    transcript = await slack.command("alice", "debate", "transcript")
    assert "The transcript of debate" in private(transcript)
    [done] = [c for c in transcript.calls if c.method == "files.completeUploadExternal"]
    assert done.args["channel_id"].startswith("D")
    file_id = done.args["files"][0]["id"]
    text = slack.fake.files[file_id]["data"].decode()
    assert "### For: alice" in text and "Distance makes the promise hollow." in text


def private_text(result: Result) -> str:
    [reply] = [r for r in result.replies if r.get("response_type") == "ephemeral"]
    return _shown(reply)


async def test_ending_from_the_pre_vote_asks_the_moderator_first(slack: SlackSimulator) -> None:
    board = await start(slack)
    asked = await slack.command("olga", "debate", "end")
    [question] = [r for r in asked.replies if r.get("response_type") == "ephemeral"]
    assert "skips *every* speech" in question["text"]
    labels = buttons(question)
    assert set(labels) == {"Skip every speech", "Cancel"}
    assert (await only_debate(slack)).phase == "prevote"
    stranger = await slack.press("bob", labels["Skip every speech"])
    assert private(stranger).startswith("Only moderators can do that")
    cancelled = await slack.press("olga", labels["Cancel"])
    assert "Cancelled: nothing changed." in cancelled.text()
    done = await slack.press("olga", labels["Skip every speech"])
    assert "Every speech skipped: the post-vote is open." in done.text()
    assert (await only_debate(slack)).phase == "postvote"
    assert board.buttons == {}
    assert "The speeches are over: the post-vote is open" in newest(slack, board.channel).text()


async def test_refusals_name_the_commands_and_usage_is_private(slack: SlackSimulator) -> None:
    nothing = await slack.command("alice", "debate", "vote for")
    assert "No debate is running in this channel. A moderator can start one with /debate start." in private(
        nothing
    )
    usage = await slack.command("alice", "debate", "join sideways")
    assert "side is one of for, against, audience, debate" in private(usage)
    await start(slack)
    again = await slack.command("olga", "debate", "start 2")
    assert "A debate is already running here (on motion #1)" in private(again)
    empty = await slack.command("olga", "debate", "next")
    assert "Nobody debates For and Against yet" in private(empty)
    prompt = await slack.command("alice", "debate", "prompt 1")
    assert "Talk it over: #1" in prompt.text() and "/debate start 1" in prompt.text()


async def test_hostile_arguments_never_ping_and_stay_inside_slacks_limits(slack: SlackSimulator) -> None:
    board = await start(slack)
    await board.press("alice", "Join For")
    await board.press("bob", "Join Against")
    speech = Message(slack, posts(slack, await slack.command("olga", "debate", "next"))[0])
    hostile = "<!channel> <!here> <@U123ABC|boss> *bold* _it_ ~s~ `code` \u202eevil\u200b " + "مرحبا"
    argued = await argue_by_form(slack, "alice", speech, hostile)
    assert "<!channel> <!here> <@U123ABC|boss>" in argued.text()
    too_long = await argue_by_form(slack, "alice", speech, "<!channel> " * 500)
    assert isinstance(too_long.ack, dict) and too_long.ack["response_action"] == "errors"
    assert "Keep an argument under 1500 characters" in json.dumps(too_long.ack)
    by_command = await slack.command("alice", "debate", "argue " + hostile)
    assert "<!channel>" in by_command.text()
    huge = await slack.command("alice", "debate", "argue " + "x" * 5000)
    assert "Keep an argument under 1500 characters" in private(huge)
    for _ in range(6):
        await slack.command("alice", "debate", "argue " + ("<@U123ABC> " * 130)[:1490])
    await slack.command("olga", "debate", "end")
    closed = await slack.command("olga", "debate", "close")
    for call in slack.fake.calls:
        if call.method in ("chat.postMessage", "chat.update", "response_url"):
            _no_pings(call.args)
            _within_limits(call.args)
    for reply in closed.replies:
        _no_pings(reply)
    assert not any(ping in json.dumps(closed.ack) for ping in PINGS)


async def test_a_workspace_and_a_guild_never_see_each_others_debates(
    world: World, slack: SlackSimulator
) -> None:
    started = await world.moderator.slash(world.channel, "debate start", motion="1")
    assert not started.ephemeral
    async with slack.host.db.unit_of_work() as session:
        discord_debate = (await session.execute(select(Debate))).scalar_one()
    board = await start(slack)
    slack_debate = max(await _debates(slack), key=lambda d: d.id)
    assert slack_debate.id != discord_debate.id and slack_debate.guild_id != discord_debate.guild_id

    forged = await slack.press(
        "bob", f"roundtable:debate:{discord_debate.id}:join:for", message=board.payload
    )
    assert "That debate no longer exists." in private(forged)
    other = slack.team("Other Group")
    elsewhere = await slack.command("alice", "debate", "status", team=other)
    assert "No debate is running in this channel" in private(elsewhere)

    status = await world.bob.slash(world.channel, "debate status")
    assert status.response.embeds[0].title.startswith("Debate: #1")
    await world.bob.slash(world.channel, "debate join", side="for")
    async with slack.host.db.unit_of_work() as session:
        fresh = await session.get(Debate, slack_debate.id)
        assert fresh is not None
    slack_status = await slack.command("carol", "debate", "status")
    assert "*For*\nnobody yet" in private_text(slack_status)


async def _debates(slack: SlackSimulator) -> list[Debate]:
    async with slack.host.db.unit_of_work() as session:
        return list((await session.execute(select(Debate))).scalars())


# ---------------------------------------------------------------- one scenario, both front ends


@pytest.fixture(params=["discord", "slack"])
def front(request: pytest.FixtureRequest, database_factory: DatabaseFactory) -> Front:
    """The front end the scenario runs through (``database_factory``: every backend)."""
    if request.param == "discord":
        return DiscordFront(request.getfixturevalue("world"))
    sim: SlackSimulator = request.getfixturevalue("slack")
    sim.member("moderator", admin=True)
    return SlackFront(sim)


async def _advance(request: pytest.FixtureRequest, front: Front, seconds: float) -> None:
    if isinstance(front, DiscordFront):
        await front.world.env.advance_time(seconds)
        return
    assert isinstance(front, SlackFront)
    request.getfixturevalue("clock").advance(seconds)
    while await front.sim.host.scheduler.run_due():
        pass


async def _restart(request: pytest.FixtureRequest, front: Front) -> None:
    if isinstance(front, DiscordFront):
        await front.world.env.restart_bot(request.getfixturevalue("make_bot")())
        return
    assert isinstance(front, SlackFront)
    await restart(front.sim, request.getfixturevalue("make_runtime"))


async def test_a_full_timed_debate_with_a_restart_on_both_front_ends(
    request: pytest.FixtureRequest, front: Front
) -> None:
    seconds: Any = 30 if front.name == "discord" else "30"
    started = await front.run(
        "moderator", "debate start", motion="1", speech_seconds=seconds, rounds="opening"
    )
    assert not started.private and "Debate: #1 NATO should open a liaison office in Tokyo" in started.words
    for member, side in (("alice", "for"), ("bob", "against"), ("carol", "audience")):
        joined = await front.run(member, "debate join", side=side)
        assert joined.private
    assert "You debate For" in (await front.run("alice", "debate join", side="for")).words
    for member, side in (("alice", "for"), ("bob", "against"), ("carol", "against")):
        voted = await front.run(member, "debate vote", side=side)
        assert voted.private and "Your pre-vote" in voted.words

    first = await front.run("moderator", "debate next")
    assert "Speech 1 of 2: Opening, For" in first.words and "alice has the floor" in first.words
    argued = await front.run("alice", "debate argue", text="Security is indivisible.")
    assert "Security is indivisible." in argued.words
    await _advance(request, front, 31)  # speech 2 begins on its own
    await _restart(request, front)
    status = await front.run("carol", "debate status")
    assert status.private and "Speech 2 of 2" in status.words and "bob" in status.words
    await _advance(request, front, 31)  # the post-vote opens on its own, after the restart

    for member, side in (("alice", "for"), ("bob", "against"), ("carol", "for")):
        voted = await front.run(member, "debate vote", side=side)
        assert "Your post-vote" in voted.words
    closed = await front.run("moderator", "debate close")
    assert not closed.private
    assert "For wins by moving the room most: For +33.3 points (33% → 67%)" in closed.words
    assert "Scored on the 3 members who voted both before and after." in closed.words
    async with front.db.unit_of_work() as session:
        stored = (await session.execute(select(Debate))).scalar_one()
    assert stored.phase == "closed" and stored.result is not None and stored.result["winner"] == "for"
