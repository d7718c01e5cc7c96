"""A poll's lifecycle on Slack through signed requests: a scheduled start, a reminder and a close
across restarts; the "Manage" panel (close now, extend, reopen, edit, who hasn't voted, the
counts) with its modals; forged presses; /poll manage; /poll list closed:yes; past results."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.models import Job, Poll
from bot.runtime import Runtime
from slack_app.front import SlackFront
from slack_app.simulator import Result, SlackSimulator, buttons
from tests.slack.conftest import ManualClock
from tests.slack.test_polls import MANAGE, Posted, _shown, create, private, restart, rows


def panel(result: Result) -> dict[str, Any]:
    """The private panel a press on Manage answers with."""
    [reply] = [r for r in result.replies if r.get("response_type") == "ephemeral"]
    assert "Manage poll #" in _shown(reply), _shown(reply)
    return reply


def modal(result: Result) -> dict[str, Any]:
    [opened] = [r for r in result.replies if r["kind"] == "modal"]
    view: dict[str, Any] = opened["view"]
    return view


async def press_control(slack: SlackSimulator, member: str, shown: dict[str, Any], label: str) -> Result:
    return await slack.press(member, buttons(shown)[label])


async def poll_row(slack: SlackSimulator, poll_id: int) -> Poll:
    [poll] = await rows(slack.host, select(Poll).where(Poll.id == poll_id))
    return poll


def announced(slack: SlackSimulator, text: str) -> list[str]:
    return [_shown(c.args) for c in slack.fake.of("chat.postMessage") if text in _shown(c.args)]


# ---------------------------------------------------------------- scheduled start, reminder, close


async def test_a_scheduled_poll_posts_itself_reminds_once_and_closes_across_restarts(
    slack: SlackSimulator, make_runtime: Callable[[], Runtime], clock: ManualClock
) -> None:
    result = await slack.command(
        "alice", "poll", 'create "Tea or coffee?" Tea; Coffee opens:30m duration:2h remind:30m'
    )
    assert private(result).startswith(
        "Poll #1 is scheduled: it posts itself in this channel 09:30 UTC on 1 Jan 2026 and closes 11:30 UTC"
    )
    assert slack.fake.of("chat.postMessage") == []
    listed = private(await slack.command("bob", "poll", "list"))
    assert "opens at 09:30 UTC" in listed
    early = await slack.press("bob", "roundtable:poll:1:0")  # forged: nobody has been shown it
    assert private(early).startswith("Poll #1 hasn't opened yet")

    clock.advance(20 * 60)
    runtime = await restart(slack, make_runtime)
    assert await runtime.scheduler.run_due() == 0
    clock.advance(10 * 60)
    assert await runtime.scheduler.run_due() == 1
    [call] = slack.fake.of("chat.postMessage")
    channel = str(call.args["channel"])
    ts = max(ts for ch, ts in slack.fake.messages if ch == channel)
    posted = Posted(slack, channel, ts)
    assert list(posted.buttons) == ["Tea", "Coffee", MANAGE] and posted.poll_id == 1
    assert "Closes at 11:30 UTC" in posted.text()
    assert (await poll_row(slack, 1)).message_id is not None
    voted = await posted.press("bob", "Tea")  # the press finds the message the job posted
    assert private(voted) == "You voted for *Tea*."

    runtime = await restart(slack, make_runtime)
    clock.advance(89 * 60)
    assert await runtime.scheduler.run_due() == 0
    clock.advance(60)
    assert await runtime.scheduler.run_due() == 1
    [reminder] = announced(slack, "Reminder")
    assert "⏰ Reminder: poll #1 “Tea or coffee?” closes at 11:30 UTC on 1 Jan 2026." in reminder

    runtime = await restart(slack, make_runtime)
    clock.advance(30 * 60)
    assert await runtime.scheduler.run_due() == 1
    assert len(announced(slack, "Poll #1 has closed.")) == 1
    assert list(posted.buttons) == [MANAGE]

    runtime = await restart(slack, make_runtime)
    clock.advance(3600)
    assert await runtime.scheduler.run_due() == 0
    assert len(announced(slack, "Reminder")) == 1
    jobs = await rows(runtime, select(Job).order_by(Job.id))
    assert [(j.kind, j.status) for j in jobs] == [
        ("poll-open", "done"),
        ("poll-remind", "done"),
        ("poll-close", "done"),
    ]


# ---------------------------------------------------------------- the Manage panel


async def test_the_panel_is_private_to_the_creator_and_moderators_and_forged_presses_are_refused(
    slack: SlackSimulator,
) -> None:
    posted = await create(slack, 'create "Tea or coffee?" Tea; Coffee results:after_close')
    await posted.press("bob", "Coffee")
    assert "— 1" not in posted.text()

    refused = await posted.press("bob", MANAGE)
    assert private(refused).startswith(f"Only the member who started poll #{posted.poll_id}, or a moderator")
    shown = panel(await posted.press("alice", MANAGE))
    text = _shown(shown)
    assert "*Coffee* — 1 · 100%" in text and "hidden from the members until the poll closes" in text
    assert list(buttons(shown)) == ["Close now", "Extend", "Who hasn't voted"]
    assert [
        c for c in slack.fake.calls if c.method == "chat.postMessage" and "Manage poll" in _shown(c.args)
    ] == []

    slack.member("olga", admin=True)
    assert "*Coffee* — 1 · 100%" in _shown(panel(await posted.press("olga", MANAGE)))

    for control in ("close", "extend", "reopen", "edit", "missing"):
        forged = await slack.press("bob", f"roundtable:poll:{posted.poll_id}:manage:{control}")
        assert "can manage it" in private(forged), control
        assert not [r for r in forged.replies if r["kind"] == "modal"]
    assert (await poll_row(slack, posted.poll_id)).closed_at is None


async def test_close_now_reopen_and_extend_through_the_panel_and_its_modals(
    slack: SlackSimulator, clock: ManualClock
) -> None:
    posted = await create(slack, 'create "Tea or coffee?" Tea; Coffee duration:1h')
    await posted.press("bob", "Tea")
    shown = panel(await posted.press("alice", MANAGE))

    closed = await press_control(slack, "alice", shown, "Close now")
    assert private(closed) == f"Poll #{posted.poll_id} is closed. The results are posted in the channel."
    [results] = announced(slack, f"Poll #{posted.poll_id} was closed.")
    assert "*Final results* · 1 voter" in results
    assert list(posted.buttons) == [MANAGE]

    shown = panel(await posted.press("alice", MANAGE))
    assert list(buttons(shown)) == ["Reopen", "Who hasn't voted"]
    form = modal(await press_control(slack, "alice", shown, "Reopen"))
    assert form["title"]["text"] == f"Reopen poll #{posted.poll_id}"
    bad = await slack.submit("alice", form, {"duration": "soon"})
    assert bad.ack is not None and "couldn't read 'soon'" in str(bad.ack)
    reopened = await slack.submit("alice", form, {"duration": "30m"})
    assert private(reopened) == (
        f"Poll #{posted.poll_id} is open again, until 09:30 UTC on 1 Jan 2026. Its votes are kept."
    )
    assert list(posted.buttons) == ["Tea", "Coffee", MANAGE]
    changed = await posted.press("bob", "Coffee")
    assert private(changed) == "Changed your vote from *Tea* to *Coffee*."

    shown = panel(await posted.press("alice", MANAGE))
    form = modal(await press_control(slack, "alice", shown, "Extend"))
    extended = await slack.submit("alice", form, {"duration": "1h"})
    assert private(extended) == f"Poll #{posted.poll_id} now closes 10:30 UTC on 1 Jan 2026."
    assert "Closes at 10:30 UTC" in posted.text()
    poll = await poll_row(slack, posted.poll_id)
    assert poll.closes_at is not None and poll.closed_at is None

    clock.advance(31 * 60)
    assert await slack.host.scheduler.run_due() == 0  # the old close time passed: nothing
    clock.advance(60 * 60)
    assert await slack.host.scheduler.run_due() == 1
    [final] = announced(slack, f"Poll #{posted.poll_id} has closed.")
    assert "*Coffee* — 1 · 100%" in final


async def test_edit_before_any_vote_and_who_hasnt_voted(slack: SlackSimulator) -> None:
    earlier = await create(slack, 'create "Earlier?" Yes; No')
    await earlier.press("carol", "Yes")
    await earlier.press("dave", "No")
    posted = await create(slack, 'create "Tea or cofee?" Tea; Cofee')
    shown = panel(await posted.press("alice", MANAGE))
    assert list(buttons(shown)) == ["Close now", "Extend", "Edit", "Who hasn't voted"]
    form = modal(await press_control(slack, "alice", shown, "Edit"))
    assert form["blocks"][1]["element"]["initial_value"] == "Tea\nCofee"
    edited = await slack.submit(
        "alice", form, {"question": "Tea or coffee?", "options": "Tea\nCoffee\nWater"}
    )
    assert private(edited) == f"Poll #{posted.poll_id} is updated: 3 options."
    assert posted.message["blocks"][0]["text"]["text"] == "Tea or coffee?"
    assert list(posted.buttons) == ["Tea", "Coffee", "Water", MANAGE]

    await posted.press("bob", "Water")
    await posted.press("carol", "Tea")
    late = await slack.submit("alice", form, {"question": "Changed?", "options": "A\nB"})
    assert "already has votes" in str(late.ack)
    assert (await poll_row(slack, posted.poll_id)).question == "Tea or coffee?"

    shown = panel(await posted.press("alice", MANAGE))
    assert "Edit" not in buttons(shown)
    missing = await press_control(slack, "alice", shown, "Who hasn't voted")
    text = private(missing)
    assert text.startswith(f"Not voted yet on poll #{posted.poll_id}: alice, dave.")
    assert "nobody was pinged" in text
    for reply in missing.replies:
        assert "<@" not in str(reply)

    secret = await create(slack, 'create "Secret?" Yes; No anonymous:yes')
    shown = panel(await secret.press("alice", MANAGE))
    assert "Who hasn't voted" not in buttons(shown)
    forged = await slack.press("alice", f"roundtable:poll:{secret.poll_id}:manage:missing")
    assert "is anonymous" in private(forged)


# ---------------------------------------------------------------- commands


async def test_manage_command_closed_list_and_past_results(slack: SlackSimulator) -> None:
    assert (
        private(await slack.command("bob", "poll", "list closed:yes"))
        == "No polls have closed in this workspace yet."
    )
    day = await create(slack, 'create "Which day?" Mon; Tue')
    hidden = await create(slack, 'create "Secret ballot?" Yes; No results:after_close')
    rating = await create(slack, 'create "Rate the talk?" Good; Bad results:creator')
    await create(slack, 'create "Still open?" A; B')
    await day.press("bob", "Tue")
    await hidden.press("bob", "No")
    await rating.press("bob", "Good")

    managed = await slack.command("alice", "poll", "manage secret ballot")
    assert f"Manage poll #{hidden.poll_id}" in _shown(ephemeral(managed))
    refused = await slack.command("bob", "poll", f"manage {hidden.poll_id}")
    assert "can manage it" in private(refused)

    for poll in (day, hidden, rating):
        await slack.command("alice", "poll", f"close {poll.poll_id}")
    listed = _shown(ephemeral(await slack.command("bob", "poll", "list closed:yes")))
    assert f"*#{day.poll_id}* Which day? — closed" in listed and "*Tue* won (1, 100%)" in listed
    assert "*No* won (1, 100%)" in listed
    line = next(x for x in listed.splitlines() if f"#{rating.poll_id}" in x)
    assert "results for its creator and moderators only" in line and "Good" not in line
    assert "Still open?" not in listed
    mine = _shown(ephemeral(await slack.command("alice", "poll", "list closed:yes")))
    assert "*Good* won (1, 100%)" in next(x for x in mine.splitlines() if f"#{rating.poll_id}" in x)

    past = await slack.command("bob", "poll", "results secret ballot")
    assert "*Final results* · 1 voter" in past.text()
    by_number = await slack.command("bob", "poll", f"results #{day.poll_id}")
    assert "*Tue* — 1 · 100%" in by_number.text()


def ephemeral(result: Result) -> dict[str, Any]:
    [reply] = [r for r in result.replies if r.get("response_type") == "ephemeral"]
    return reply


async def test_extend_is_capped_at_a_week(slack: SlackSimulator) -> None:
    posted = await create(slack, 'create "Long one?" Yes; No duration:6d')
    shown = panel(await posted.press("alice", MANAGE))
    form = modal(await press_control(slack, "alice", shown, "Extend"))
    capped = await slack.submit("alice", form, {"duration": "2d"})
    assert "a poll runs at most a week" in str(capped.ack)
    poll = await poll_row(slack, posted.poll_id)
    assert poll.closes_at is not None and poll.closes_at - poll.created_at == timedelta(days=6)


async def test_two_processes_post_a_scheduled_poll_and_its_reminder_once(
    slack: SlackSimulator, make_runtime: Callable[[], Runtime], clock: ManualClock
) -> None:
    """Two processes serving the same workspace race for each timer: the jobs table's claim lets
    one of them post the poll, one the reminder and one the close."""
    await slack.command(
        "alice", "poll", 'create "Tea or coffee?" Tea; Coffee opens:10m duration:1h remind:15m'
    )
    other = make_runtime()
    await other.open()
    assert slack.front is not None
    SlackFront(other, slack.front.settings)  # a second process's handlers, on the same fake Slack
    first = slack.host.scheduler
    try:
        for minutes, posted in ((10, "Tea or coffee?"), (55, "Reminder"), (70, "has closed")):
            clock.set(ManualClock.START + timedelta(minutes=minutes))
            ran = await asyncio.gather(first.run_due(), other.scheduler.run_due())
            assert sorted(ran) == [0, 1], (minutes, ran)
            assert len(announced(slack, posted)) == 1, posted
    finally:
        await other.close()


async def test_close_now_on_a_creator_only_poll_shows_the_counts_to_the_closer_alone(
    slack: SlackSimulator,
) -> None:
    posted = await create(slack, 'create "Rate the talk?" Good; Bad results:creator')
    await posted.press("bob", "Good")
    shown = panel(await posted.press("alice", MANAGE))
    closed = await press_control(slack, "alice", shown, "Close now")
    [mine] = [r for r in closed.replies if r.get("response_type") == "ephemeral"]
    assert "Only its creator and the moderators see its results" in _shown(mine)
    assert "*Good* — 1 · 100%" in _shown(mine)
    [told] = announced(slack, f"Poll #{posted.poll_id} was closed.")
    assert "Its results are for its creator and the moderators." in told and "100%" not in told
    assert not [f for f in slack.fake.files.values() if f.get("channel") == posted.channel]
    assert "100%" not in posted.text()
