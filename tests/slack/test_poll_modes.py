"""Issue 21's ballots on Slack through signed requests against the fake Web API: results modes,
max_choices, ranked choice through its form with the instant runoff, and member-added options."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from bot.models import Poll, PollVote
from bot.runtime import Runtime
from slack_app.simulator import Result, SlackSimulator
from tests.slack.conftest import ManualClock
from tests.slack.test_polls import Posted, _shown, create, private, restart, rows, updates

MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE = "0", "1", "2", "3"
PROFILE = [
    (MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE),
    (MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE),
    (MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE),
    (NASHVILLE, CHATTANOOGA, KNOXVILLE),
    (NASHVILLE, CHATTANOOGA, KNOXVILLE),
    (CHATTANOOGA, KNOXVILLE, NASHVILLE),
    (KNOXVILLE, CHATTANOOGA, NASHVILLE),
]


def in_channel(result: Result) -> list[dict[str, Any]]:
    return [r for r in result.replies if r.get("response_type") == "in_channel" or r["kind"] == "message"]


def whispered(result: Result) -> str:
    """The private line a form's submission leaves in the channel (chat.postEphemeral)."""
    [call] = [c.args for c in result.calls if c.method == "chat.postEphemeral"]
    return _shown(call["text"])


def modal_of(result: Result) -> dict[str, Any]:
    [modal] = [r for r in result.replies if r["kind"] == "modal"]
    return dict(modal["view"])


async def rank(slack: SlackSimulator, posted: Posted, member: str, *places: str) -> Result:
    view = modal_of(await posted.press(member, "Rank…"))
    return await slack.submit(member, view, {f"place-{i}": p for i, p in enumerate(places, start=1)})


# ---------------------------------------------------------------- results modes


async def test_creator_mode_counts_are_private_to_the_creator_and_moderators(
    slack: SlackSimulator, make_runtime: Callable[[], Runtime], clock: ManualClock
) -> None:
    slack.member("olga", admin=True)
    posted = await create(slack, 'create "Rate the speaker?" Good; Poor results:creator duration:5m')
    poll_id = posted.poll_id
    assert "for the poll's creator and the moderators only" in posted.text()
    voted = await posted.press("bob", "Good")
    assert private(voted) == "You voted for *Good*." and updates(voted) == []

    for who in ("alice", "olga"):
        peek = await slack.command(who, "poll", f"results {poll_id}")
        assert "*Good* — 1 · 100%" in private(peek) or "*Good* — 1 · 100%" in peek.text()
        assert in_channel(peek) == []
    refused = await slack.command("bob", "poll", f"results {poll_id}")
    assert "for its creator and the moderators only" in private(refused)
    listed = await slack.command("bob", "poll", "list")
    assert "results hidden" in listed.text() and "1 voter" not in listed.text()
    denied = await slack.command("bob", "poll", f"export {poll_id}")
    assert "for its creator and the moderators only" in private(denied)

    runtime = await restart(slack, make_runtime)
    clock.advance(5 * 60 + 1)
    before = len(slack.fake.calls)
    assert await runtime.scheduler.run_due() == 1
    [announced] = [c.args for c in slack.fake.calls[before:] if c.method == "chat.postMessage"]
    assert f"Poll #{poll_id} has closed. Its results are for its creator" in _shown(announced)
    assert "1 · 100%" not in _shown(announced) and "100%" not in posted.text()
    charts = [f for f in slack.fake.files.values() if f.get("filename") == f"poll-{poll_id}.png"]
    assert charts and all(f["channel"] != posted.channel for f in charts)  # the peeks' DMs only
    after = await slack.command("bob", "poll", f"results {poll_id}")
    assert "for its creator and the moderators only" in private(after)

    # Closed by command: the counts go to the closer alone, the channel hears of the close only.
    other = await create(slack, 'create "Again?" Yes; No results:creator')
    await other.press("bob", "No")
    closed = await slack.command("alice", "poll", "close")
    assert "*No* — 1 · 100%" in private(closed)
    [told] = in_channel(closed)
    assert f"Poll #{other.poll_id} has closed. Its results are for" in _shown(told) and "100%" not in _shown(
        told
    )
    assert "100%" not in other.text() and list(other.buttons) == ["⚙️ Manage"]


async def test_max_choices_refuses_the_extra_pick_privately(slack: SlackSimulator) -> None:
    posted = await create(slack, 'create "Which days?" Mon; Tue; Wed max_choices:2')
    assert "Multiple choice, up to 2" in posted.text()
    await posted.press("bob", "Mon")
    await posted.press("bob", "Tue")
    refused = await posted.press("bob", "Wed")
    assert "pick up to 2 options, and you have: *Mon*, *Tue*" in private(refused)
    assert updates(refused) == []
    votes = await rows(slack.host, select(PollVote).where(PollVote.poll_id == posted.poll_id))
    assert sorted(v.option_index for v in votes) == [0, 1]


# ---------------------------------------------------------------- ranked choice


async def test_a_ranked_poll_through_the_form_gets_the_known_runoff(slack: SlackSimulator) -> None:
    posted = await create(
        slack, 'create "Where should the capital be?" Memphis; Nashville; Chattanooga; Knoxville ranked:yes'
    )
    poll_id = posted.poll_id
    assert posted.buttons == {
        "Rank…": f"roundtable:poll:{poll_id}:rank",
        "⚙️ Manage": f"roundtable:poll:{poll_id}:manage",
    }
    view = modal_of(await posted.press("bob", "Rank…"))
    selects = [b["element"] for b in view["blocks"] if b["type"] == "input"]
    assert [s["type"] for s in selects] == ["static_select"] * 4
    assert [o["text"]["text"] for o in selects[0]["options"]] == [
        "Memphis",
        "Nashville",
        "Chattanooga",
        "Knoxville",
    ]

    twice = await slack.submit("bob", view, {"place-1": MEMPHIS, "place-2": MEMPHIS})
    assert isinstance(twice.ack, dict) and twice.ack["response_action"] == "errors"
    assert "same option in places 1 and 2" in json.dumps(twice.ack["errors"])

    for i, places in enumerate(PROFILE):
        done = await rank(slack, posted, f"voter{i}", *places)
        assert whispered(done).startswith("Your ranking: 1. *")
    again = await rank(slack, posted, "voter0", *PROFILE[0])
    assert whispered(again).startswith("Changed your ranking to: 1. *Memphis*")
    refill = modal_of(await posted.press("voter3", "Rank…"))  # the form shows the ranking so far
    shown = [
        b["element"].get("initial_option", {}).get("value") for b in refill["blocks"] if b["type"] == "input"
    ]
    assert shown == [NASHVILLE, CHATTANOOGA, KNOXVILLE, None]
    assert "First choices:" in posted.text() and "*Memphis* — 3 · 43%" in posted.text()

    closed = await slack.command("alice", "poll", "close")
    shown = closed.text()
    assert "Round 1: Memphis 3 · Nashville 2 · Chattanooga 1 · Knoxville 1" in shown
    assert "*Chattanooga* and *Knoxville* tie for the fewest (1) in every round so far" in shown
    assert "Round 2: Nashville 4 · Memphis 3" in shown
    assert "*Nashville* wins with 4 of 7 ballots (57%) in round 2: a majority." in shown
    [chart] = [f for f in slack.fake.files.values() if f.get("filename") == f"poll-{poll_id}.png"]
    assert "by instant-runoff round" in chart["alt_txt"] and "Nashville wins" in chart["alt_txt"]
    assert list(posted.buttons) == ["⚙️ Manage"]
    votes = await rows(slack.host, select(PollVote).where(PollVote.poll_id == poll_id))
    assert len(votes) == sum(len(p) for p in PROFILE)
    # The closed list names the runoff's winner, not the most first choices (Memphis).
    listed = private(await slack.command("bob", "poll", "list closed:yes"))
    assert "*Nashville* won by instant runoff (4 of 7 in round 2)" in listed


# ---------------------------------------------------------------- member options


async def test_members_add_options_credited_unless_anonymous(slack: SlackSimulator) -> None:
    posted = await create(slack, 'create "Lunch?" Pizza; Soup member_options:yes')
    assert list(posted.buttons) == ["Pizza", "Soup", "Add option", "⚙️ Manage"]
    view = modal_of(await posted.press("bob", "Add option"))
    added = await slack.submit("bob", view, {"option": "<!channel> Sushi"})
    assert (
        whispered(added)
        == f"Added *<!channel> Sushi* to poll #{posted.poll_id}. It is credited to you on the poll."
    )
    assert list(posted.buttons) == ["Pizza", "Soup", "<!channel> Sushi", "Add option", "⚙️ Manage"]
    assert "(added by bob)" in posted.text()
    assert "<!channel>" not in json.dumps(posted.message["blocks"])  # shown as text, pings nobody
    voted = await posted.press("carol", "<!channel> Sushi")
    assert private(voted) == "You voted for *<!channel> Sushi*."
    duplicate = await slack.submit("carol", view, {"option": "pizza"})
    assert isinstance(duplicate.ack, dict) and "already has the option" in json.dumps(duplicate.ack)

    secret = await create(slack, 'create "Secret lunch?" Pizza; Soup member_options:yes anonymous:yes')
    await slack.submit("bob", modal_of(await secret.press("bob", "Add option")), {"option": "Tacos"})
    assert "Tacos" in secret.buttons and "added by" not in secret.text()
    polls = {p.question: p for p in await rows(slack.host, select(Poll))}
    assert polls["Lunch?"].option_authors[:2] == [None, None] and polls["Lunch?"].option_authors[2] < 0
    assert polls["Secret lunch?"].option_authors == [None, None, None]
