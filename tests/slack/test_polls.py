"""/poll on Slack through signed requests: the poll message and its buttons, live counts, an
anonymous timed poll across a restart, closes, hostile text, isolation from Discord, the export."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot.models import Job, Poll, PollVote, StanceEvent
from bot.runtime import Runtime
from slack_app.fake_api import PERMALINK_ROOT
from slack_app.simulator import Result, SlackSimulator, buttons
from tests.conftest import World
from tests.slack.conftest import ManualClock

MANAGE = "⚙️ Manage"  # the poll message's controls button (slack_app/poll_manage.py)
PINGS = ("<!channel>", "<!here>", "<!everyone>", "<@U123ABC>", "<@U123ABC|boss>")


class Posted:
    """A poll message as the fake Slack holds it now."""

    def __init__(self, slack: SlackSimulator, channel: str, ts: str) -> None:
        self.slack, self.channel, self.ts = slack, channel, ts

    @property
    def message(self) -> dict[str, Any]:
        return self.slack.fake.message(self.channel, self.ts)

    @property
    def poll_id(self) -> int:
        found = re.search(r"Poll #(\d+)", json.dumps(self.message["blocks"]))
        assert found is not None
        return int(found.group(1))

    @property
    def buttons(self) -> dict[str, str]:
        """label as a member reads it -> action id"""
        return {_unescaped(label): action for label, action in buttons(self.message).items()}

    def text(self) -> str:
        return _shown(self.message)

    async def press(self, member: str, label: str) -> Result:
        return await self.slack.press(member, self.buttons[label], message=self.message)


def _texts(payload: Any) -> list[str]:
    if isinstance(payload, dict):
        return [t for k, v in payload.items() if k not in ("action_id", "value", "kind") for t in _texts(v)]
    if isinstance(payload, list):
        return [t for v in payload for t in _texts(v)]
    return [payload] if isinstance(payload, str) else []


# Slack's date (shown in each reader's time zone) with its fallback, the moment in UTC.
_DATE = re.compile(r"<!date\^(\d+)\^[^|>]*\|([^>]*)>")


def _unescaped(text: str) -> str:
    """Text as the tests read it: each date as its UTC fallback, Slack's escapes undone."""
    text = _DATE.sub(lambda m: m.group(2), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _shown(payload: Any) -> str:
    """A payload's text as a member reads it (Slack's escapes undone)."""
    return _unescaped("\n".join(_texts(payload)))


async def create(slack: SlackSimulator, text: str, member: str = "alice") -> Posted:
    result = await slack.command(member, "poll", text)
    posted = [c for c in result.calls if c.method == "chat.postMessage"]
    assert len(posted) == 1, result.text()
    channel = str(posted[0].args["channel"])
    ts = max(ts for ch, ts in slack.fake.messages if ch == channel)
    return Posted(slack, channel, ts)


def updates(result: Result) -> list[dict[str, Any]]:
    return [c.args for c in result.calls if c.method == "chat.update"]


def private(result: Result) -> str:
    """The one private answer's text as the member reads it."""
    [reply] = [r for r in result.replies if r.get("response_type") == "ephemeral"]
    return _unescaped(reply["text"])


async def rows(runtime: Any, query: Any) -> list[Any]:
    async with runtime.db.unit_of_work() as session:
        return list((await session.execute(query)).scalars())


async def restart(slack: SlackSimulator, make_runtime: Callable[[], Runtime]) -> Runtime:
    """A new process on the same database and the same fake Slack."""
    old = slack.host
    runtime = make_runtime()
    await runtime.open()
    await slack.restart(runtime)
    if isinstance(old, Runtime):
        await old.close()
    return runtime


# ---------------------------------------------------------------- create and vote


async def test_the_positional_and_named_forms_post_a_poll_with_a_button_per_option(
    slack: SlackSimulator,
) -> None:
    natural = await create(slack, 'create "Should NATO open an office?" Yes; No; Unsure')
    poll_id = natural.poll_id
    assert natural.message["blocks"][0]["text"]["text"] == "Should NATO open an office?"
    assert natural.buttons == {
        "Yes": f"roundtable:poll:{poll_id}:0",
        "No": f"roundtable:poll:{poll_id}:1",
        "Unsure": f"roundtable:poll:{poll_id}:2",
        MANAGE: f"roundtable:poll:{poll_id}:manage",
    }
    assert "Single choice" in natural.text() and "Votes are not anonymous" in natural.text()

    named = await create(slack, 'create question:"Tea or coffee?" options:"Tea; Coffee" anonymous:yes')
    assert list(named.buttons) == ["Tea", "Coffee", MANAGE]
    assert "*Anonymous*: nobody, moderators included" in named.message["blocks"][1]["text"]["text"]

    unquoted = await create(slack, "create Meet on Friday? Yes; No minutes:30")
    assert unquoted.message["blocks"][0]["text"]["text"] == "Meet on Friday?"
    assert list(unquoted.buttons) == ["Yes", "No", MANAGE]
    assert "Closes at 09:30 UTC on 1 Jan 2026." in unquoted.text()
    # Each member reads the close in their own time zone: Slack's date, with the UTC text as its
    # fallback (09:30 UTC on 1 Jan 2026 is 1767259800).
    raw = json.dumps(unquoted.message["blocks"])
    assert "Closes <!date^1767259800^{date_short_pretty} at {time}|at 09:30 UTC on 1 Jan 2026>." in raw

    async with slack.host.db.unit_of_work() as session:
        poll = await session.get(Poll, poll_id)
        assert poll is not None
        # Roundtable's internal ids of the Slack channel and message (negative: not Discord's).
        assert poll.channel_id < 0 and poll.message_id is not None and poll.message_id < 0


async def test_a_vote_answers_privately_and_updates_the_live_counts(slack: SlackSimulator) -> None:
    posted = await create(slack, 'create "Tea or coffee?" Tea; Coffee; Neither')
    voted = await posted.press("bob", "Tea")
    assert private(voted) == "You voted for *Tea*."
    [update] = updates(voted)
    assert (update["channel"], update["ts"]) == (posted.channel, posted.ts)
    assert "*Tea* — 1 · 100%" in posted.text() and f"Poll #{posted.poll_id} · 1 voter" in posted.text()

    changed = await posted.press("bob", "Coffee")
    assert private(changed) == "Changed your vote from *Tea* to *Coffee*."
    assert "*Tea* — 0 · 0%" in posted.text() and "*Coffee* — 1 · 100%" in posted.text()

    again = await posted.press("bob", "Coffee")
    assert "You already voted for *Coffee*" in private(again)
    assert updates(again) == []  # nothing changed on the message
    votes = await rows(slack.host, select(PollVote).where(PollVote.poll_id == posted.poll_id))
    assert [v.option_index for v in votes] == [1]


async def test_hidden_results_show_no_counts_until_the_close_but_to_the_creator(
    slack: SlackSimulator,
) -> None:
    posted = await create(slack, 'create "Secret?" Yes; No hide_results:yes')
    assert "1. Yes" in posted.text() and "Results are hidden until the poll closes" in posted.text()
    voted = await posted.press("bob", "Yes")
    assert private(voted) == "You voted for *Yes*."
    assert updates(voted) == []
    early = await slack.command("bob", "poll", "results")
    assert "hidden until it closes" in private(early)
    peek = await slack.command("alice", "poll", "results")  # the creator, privately
    [shown] = [r for r in peek.replies if r.get("response_type") == "ephemeral"]
    assert "*Yes* — 1 · 100%" in _shown(shown) and "Only you can see this" in _shown(shown)
    assert not [r for r in peek.replies if r.get("response_type") == "in_channel"]
    closed = await slack.command("alice", "poll", "close")
    assert "*Yes* — 1 · 100%" in posted.text() and list(posted.buttons) == [MANAGE]
    assert "Final results" in closed.text()


async def test_a_line_that_does_not_parse_gets_the_usage_privately(slack: SlackSimulator) -> None:
    result = await slack.command("alice", "poll", "create")
    assert "/poll create needs question" in private(result)
    assert "/poll create <question>" in private(result)
    bad = await slack.command("alice", "poll", 'create "Q?" Yes; No minutes:soon')
    assert "minutes needs a whole number" in private(bad)
    one = await slack.command("alice", "poll", 'create "Q?" Yes')
    assert "at least 2 options" in private(one)
    assert slack.fake.of("chat.postMessage") == []
    assert await rows(slack.host, select(Poll)) == []


# ---------------------------------------------------------------- the timed anonymous poll


async def test_an_anonymous_timed_poll_survives_a_restart_and_closes_once(
    slack: SlackSimulator,
    make_runtime: Callable[[], Runtime],
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    posted = await create(slack, 'create "Secret ballot?" Yes; No; Abstain anonymous:yes minutes:2')
    poll_id = posted.poll_id
    assert "Closes at 09:02 UTC" in posted.text()
    first = await posted.press("bob", "Yes")
    assert "This poll is anonymous: nobody else can see your vote." in private(first)

    runtime = await restart(slack, make_runtime)
    carol = await posted.press("carol", "No")
    assert private(carol).startswith("You voted for *No*.")
    changed = await posted.press("bob", "No")  # the same member, after the restart: changed, not doubled
    assert private(changed).startswith("Changed your vote from *Yes* to *No*.")
    assert "*No* — 2 · 100%" in posted.text()

    clock.advance(110)
    assert await runtime.scheduler.run_due() == 0
    clock.advance(15)
    before = len(slack.fake.calls)
    assert await runtime.scheduler.run_due() == 1
    calls = slack.fake.calls[before:]
    # The poll message: closed, final counts, no option buttons (only "Manage", for Reopen).
    assert list(posted.buttons) == [MANAGE]
    assert "Closed " in posted.text() and f"Poll #{poll_id} · 2 voters · closed" in posted.text()
    # The results, in the poll's channel, with the chart as a file with alt text.
    [announced] = [c.args for c in calls if c.method == "chat.postMessage"]
    assert announced["channel"] == posted.channel
    shown = _shown(announced)
    assert f"Poll #{poll_id} has closed." in shown and "*Final results* · 2 voters" in shown
    assert "Anonymous poll: only counts are kept" in shown
    [chart] = [f for f in slack.fake.files.values() if f.get("filename") == f"poll-{poll_id}.png"]
    assert chart["channel"] == posted.channel and chart["data"].startswith(b"\x89PNG")
    assert chart["alt_txt"].startswith(f"Bar chart of poll #{poll_id}") and "No: 2 (100%)" in chart["alt_txt"]

    late = await slack.press("dave", f"roundtable:poll:{poll_id}:0", message=posted.message)
    assert "is closed: votes are no longer counted" in private(late)

    # Another restart and more time: the close does not run again.
    runtime = await restart(slack, make_runtime)
    clock.advance(600)
    assert await runtime.scheduler.run_due() == 0
    closes = [c for c in slack.fake.of("chat.postMessage") if "has closed" in _shown(c.args)]
    assert len(closes) == 1
    jobs = await rows(runtime, select(Job).where(Job.kind == "poll-close"))
    assert [j.status for j in jobs] == ["done"]

    # Nobody is named: the votes hold keyed hashes only, and nothing sent or logged holds a voter.
    votes = await rows(runtime, select(PollVote).where(PollVote.poll_id == poll_id))
    assert len(votes) == 2 and all(v.user_id is None and len(v.voter_key) == 64 for v in votes)
    voters = [slack.member("bob"), slack.member("carol")]
    for call in slack.fake.calls:
        if call.method in ("chat.postMessage", "chat.update", "files.getUploadURLExternal"):
            assert not any(v in json.dumps(call.args) for v in voters)
    # Our own logs at any level, and every library's from INFO up (their DEBUG logs each request).
    ours = ("bot", "slack_app", "cogs")
    logged = [r for r in caplog.records if r.name.split(".")[0] in ours or r.levelno >= logging.INFO]
    assert not any(v in record.getMessage() for record in logged for v in voters)


async def test_close_by_command_is_for_the_creator_or_a_moderator_and_cancels_the_timer(
    slack: SlackSimulator, clock: ManualClock
) -> None:
    posted = await create(slack, 'create "Tea or coffee?" Tea; Coffee minutes:5')
    await posted.press("bob", "Coffee")
    refused = await slack.command("bob", "poll", f"close {posted.poll_id}")
    assert "Only the member who started poll" in private(refused)
    assert posted.buttons != {}

    slack.member("olga", admin=True)
    closed = await slack.command("olga", "poll", f"close #{posted.poll_id}")
    [reply] = [r for r in closed.replies if r["kind"] in ("response", "followup")]
    assert reply["response_type"] == "in_channel"
    assert "*Final results* · 1 voter" in closed.text()
    assert list(posted.buttons) == [MANAGE] and "Closed " in posted.text()
    uploads = [c for c in closed.calls if c.method == "files.completeUploadExternal"]
    assert len(uploads) == 1 and uploads[0].args["channel_id"] == posted.channel

    again = await slack.command("alice", "poll", f"close {posted.poll_id}")
    assert "already closed" in private(again) or "no open polls" in private(again)
    clock.advance(10 * 60)
    assert await slack.host.scheduler.run_due() == 0


async def test_list_and_results(slack: SlackSimulator) -> None:
    nothing = await slack.command("bob", "poll", "list")
    assert private(nothing) == "No polls are open in this workspace. Start one with /poll create."
    tea = await create(slack, 'create "Tea or coffee?" Tea; Coffee')
    office = await create(slack, 'create "A Tokyo office?" Yes; No minutes:30 anonymous:yes')
    await tea.press("bob", "Tea")
    listing = await slack.command("bob", "poll", "list")
    listed = private(listing)
    # Each question links to its message: the permalink Slack gives (chat.getPermalink), asked once each
    link = f"{PERMALINK_ROOT}{tea.channel}/p{tea.ts.replace('.', '')}"
    assert f"*#{tea.poll_id}* <{link}|Tea or coffee?> — 1 voter" in listed
    assert f"<{PERMALINK_ROOT}{office.channel}/p{office.ts.replace('.', '')}|A Tokyo office?>" in listed
    assert "— 0 voters · anonymous · closes at 09:30 UTC" in listed
    assert sum(1 for c in listing.calls if c.method == "chat.getPermalink") == 2
    number = office.poll_id
    del slack.fake.messages[(office.channel, office.ts)]  # deleted in Slack: listed without a link
    relisted = private(await slack.command("bob", "poll", "list"))
    assert f"*#{number}* A Tokyo office? — 0 voters" in relisted and f"<{link}|Tea or coffee?>" in relisted
    results = await slack.command("bob", "poll", "results tea")
    assert "*Results so far (the poll is open)* · 1 voter" in results.text()
    assert any(f.get("filename") == f"poll-{tea.poll_id}.png" for f in slack.fake.files.values())
    missing = await slack.command("bob", "poll", "results 999")
    assert "There is no poll #999" in private(missing)


# ---------------------------------------------------------------- hostile text and limits


def _within_limits(payload: dict[str, Any]) -> None:
    blocks = payload.get("blocks") or []
    assert len(blocks) <= 50
    for block in blocks:
        for part in [block.get("text"), *block.get("fields", [])]:
            if isinstance(part, dict):
                assert len(part["text"]) <= 3000
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75
    assert len(payload.get("text") or "") <= 4000


def _no_pings(payload: Any) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    assert not any(ping in text for ping in PINGS), text[:300]


async def test_hostile_text_never_pings_and_stays_inside_slacks_limits(slack: SlackSimulator) -> None:
    question = "<!channel> <!here> <@U123ABC> *bold* _it_ ~s~ `code` \u202eevil\u200b?"
    options = [
        "<!channel>",
        "<@U123ABC|boss>",
        "<!everyone> " + "x" * 60,
        "\u202e\u200b" + "مرحبا" * 10,
        "*a* _b_ ~c~ `d` > e",
        *[f"{i:02d} <!here> " + "w" * 68 for i in range(20)],
    ]
    assert all(len(o) <= 80 for o in options) and len(options) == 25
    posted = await create(slack, f'create "{question}" ' + "; ".join(options))
    assert len(posted.buttons) == 25
    for label in options[:2]:
        voted = await posted.press("bob", label)
        for reply in voted.replies:
            _no_pings(reply)
            _within_limits(reply)
    closed = await slack.command("alice", "poll", "close")
    for call in slack.fake.calls:
        if call.method in ("chat.postMessage", "chat.update", "response_url"):
            _no_pings(call.args)
            _within_limits(call.args)
    for reply in closed.replies:
        _no_pings(reply)
    # Shown as typed: the pings are text, the member's markup is not formatting.
    assert "<!channel>" in posted.text() and "<@U123ABC|boss>" in posted.text()

    long = await slack.command("alice", "poll", 'create "' + "<!channel> " * 500 + '" Yes; No')
    assert "Keep the question under 256 characters" in private(long)
    huge_option = await slack.command("alice", "poll", 'create "Q?" Yes; ' + "<!here>" * 700)
    assert "Keep each option under 80 characters" in private(huge_option)
    for result in (long, huge_option):
        for reply in result.replies:
            _no_pings(reply)
            _within_limits(reply)


# ---------------------------------------------------------------- privacy and isolation


async def test_the_export_goes_privately_to_the_dm_with_rows_only_for_creator_and_moderators(
    slack: SlackSimulator,
) -> None:
    posted = await create(slack, 'create "Tea or coffee?" Tea; Coffee')
    bob = slack.member("bob")
    await posted.press("bob", "Tea")
    await posted.press("carol", "Coffee")

    def csv_of(result: Result) -> list[dict[str, str]]:
        [done] = [c for c in result.calls if c.method == "files.completeUploadExternal"]
        assert done.args["channel_id"].startswith("D")  # the member's direct messages
        file_id = done.args["files"][0]["id"]
        return list(csv.DictReader(io.StringIO(slack.fake.files[file_id]["data"].decode())))

    mine = await slack.command("alice", "poll", "export")
    assert "one row per vote, with the voter" in private(mine)
    assert [c for c in mine.calls if c.method == "chat.postMessage"] == []  # nothing public
    table = csv_of(mine)
    assert [(r["option"], r["voter"], r["voter_id"]) for r in table] == [
        ("Tea", "bob", bob),
        ("Coffee", "carol", slack.member("carol")),
    ]

    theirs = await slack.command("bob", "poll", "export")
    assert "counts per option only" in private(theirs)
    assert [(r["option"], r["votes"]) for r in csv_of(theirs)] == [("Tea", "1"), ("Coffee", "1")]

    slack.member("olga", admin=True)
    moderated = await slack.command("olga", "poll", f"export {posted.poll_id}")
    assert len(csv_of(moderated)) == 2

    anonymous = await create(slack, 'create "Secret?" Yes; No anonymous:yes')
    await anonymous.press("bob", "Yes")
    hidden = await slack.command("alice", "poll", "export")
    assert "no voter is recorded anywhere" in private(hidden)
    assert [(r["option"], r["votes"]) for r in csv_of(hidden)] == [("Yes", "1"), ("No", "0")]


async def test_a_workspace_and_another_workspace_never_see_each_others_polls(slack: SlackSimulator) -> None:
    posted = await create(slack, 'create "Tea or coffee?" Tea; Coffee')
    other = slack.team("Other Group")
    elsewhere = await slack.command("alice", "poll", f"results {posted.poll_id}", team=other)
    assert f"There is no poll #{posted.poll_id}" in private(elsewhere)
    stranger = await slack.press("mallory", posted.buttons["Tea"], message=posted.message, team=other)
    assert "no longer exists" in private(stranger)
    assert "No polls are open" in private(await slack.command("alice", "poll", "list", team=other))


async def test_a_guild_and_a_workspace_on_one_database_never_share_a_poll(
    world: World, slack: SlackSimulator
) -> None:
    created = await world.alice.slash(world.channel, "poll create", question="Discord tea?", options="A; B")
    assert created.response is not None
    discord_id = int(str(created.response.embeds[0].footer.text).split("#")[1].split(" ")[0])
    posted = await create(slack, 'create "Slack tea?" A; B')
    assert posted.poll_id != discord_id

    seen = await slack.command("alice", "poll", f"results {discord_id}")
    assert f"There is no poll #{discord_id}" in private(seen)
    slack_list = private(await slack.command("alice", "poll", "list"))
    assert "Slack tea?" in slack_list and "Discord tea?" not in slack_list
    # A Slack press carrying the Discord poll's id finds nothing in the workspace.
    forged = await slack.press("bob", f"roundtable:poll:{discord_id}:0", message=posted.message)
    assert "no longer exists" in private(forged)

    listed = await world.bob.slash(world.channel, "poll list")
    assert listed.response is not None
    text = str(listed.response.embeds[0].description)
    assert "Discord tea?" in text and "Slack tea?" not in text
    other = await world.bob.slash(world.channel, "poll results", poll=str(posted.poll_id))
    assert other.ephemeral and other.response is not None
    assert f"There is no poll #{posted.poll_id} here" in str(other.response.content)
    votes = await rows(slack.host, select(PollVote))
    assert votes == []


async def test_a_quick_poll_on_a_motion_records_stances_in_the_ledger(slack: SlackSimulator) -> None:
    posted = await create(slack, "quick 1")
    assert posted.message["blocks"][0]["text"]["text"].startswith("Motion #1: ")
    stances = ["Strongly agree", "Agree", "Undecided", "Disagree", "Strongly disagree"]
    assert list(posted.buttons) == [*stances, MANAGE]
    voted = await posted.press("bob", "Disagree")
    assert "The ledger records your stance on motion #1 as disagree now." in private(voted)
    async with slack.host.db.unit_of_work() as session:
        events = list((await session.execute(select(StanceEvent))).scalars())
    assert [(e.value, e.source, e.ref_id) for e in events] == [(-1, "poll", posted.poll_id)]
