"""A poll's lifecycle through SimCord: a scheduled start, a reminder and a close across restarts;
the "Manage" button's private panel (close now, extend, reopen, edit, who hasn't voted, the
counts); /poll manage; /poll list closed:true and /poll results of past polls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from simcord.results import InteractionResult
from sqlalchemy import select

from bot.app import Roundtable
from bot.models import Job, Poll
from tests.cogs.test_polls import buttons, create, db_rows, message, public_bot_messages, receipt
from tests.conftest import World

TEA = {"question": "Tea or coffee?", "options": "Tea; Coffee; Neither"}


def manage(poll_id: int) -> tuple[str, str]:
    return ("Manage", f"roundtable:poll:{poll_id}:manage")


def labels(msg: Any) -> list[str]:
    return [label for row in buttons(msg) for label, _ in row]


def panel_of(result: InteractionResult) -> Any:
    shown = receipt(result)
    assert shown.ephemeral, shown.content
    return shown


async def open_panel(world: World, actor: Any, poll_message: Any) -> Any:
    return panel_of(await actor.click(poll_message, label="Manage"))


async def jobs_of(world: World, poll_id: int) -> dict[str, str]:
    found = await db_rows(world, select(Job).order_by(Job.id))
    return {j.kind: j.status for j in found if j.payload.get("poll_id") == poll_id}


async def poll_row(world: World, poll_id: int) -> Poll:
    [poll] = await db_rows(world, select(Poll).where(Poll.id == poll_id))
    return poll


# ---------------------------------------------------------------- scheduled start, reminder, close


async def test_a_scheduled_poll_posts_itself_reminds_once_and_closes_across_restarts(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    created = await world.alice.slash(
        world.channel, "poll create", **TEA, opens="30m", duration="2h", remind="30m"
    )
    assert created.ephemeral
    assert created.response.content.startswith("Poll #1 is scheduled: it posts itself in this channel <t:")
    assert public_bot_messages(world) == []  # nothing to vote on yet
    listed = await world.bob.slash(world.channel, "poll list")
    assert "opens <t:" in listed.response.embeds[0].description

    # Past the interaction's 15 minutes, a restart must not take the unposted poll for an orphan.
    await world.env.advance_time(20 * 60)
    await world.env.restart_bot(make_bot())
    assert [p.id for p in await db_rows(world, select(Poll))] == [1]
    assert public_bot_messages(world) == []

    await world.env.advance_time(10 * 60 + 5)
    [posted] = public_bot_messages(world)
    assert posted.embeds[0].title == "Tea or coffee?" and posted.embeds[0].footer.text.startswith("Poll #1")
    assert labels(posted) == ["Tea", "Coffee", "Neither", "Manage"]
    assert (await poll_row(world, 1)).message_id == posted.id
    voted = await world.bob.click(posted, label="Tea")
    assert receipt(voted).content == "You voted for **Tea**."

    await world.env.restart_bot(make_bot())
    # The reminder: 30 minutes before the close (1h30 after the start), once.
    await world.env.advance_time(89 * 60)
    assert not [m for m in public_bot_messages(world) if "Reminder" in m.content]
    await world.env.advance_time(2 * 60)
    [reminder] = [m for m in public_bot_messages(world) if "Reminder" in m.content]
    assert reminder.content.startswith("⏰ Reminder: poll #1 [Tea or coffee?](https://discord.com/channels/")
    assert "closes <t:" in reminder.content

    await world.env.restart_bot(make_bot())
    await world.env.advance_time(30 * 60)
    closed = [m for m in public_bot_messages(world) if m.content == "Poll #1 has closed."]
    assert len(closed) == 1 and "**Tea** — 1 · 100%" in closed[0].embeds[0].description
    assert buttons(message(world, posted.id)) == [[manage(1)]]

    await world.env.restart_bot(make_bot())
    await world.env.advance_time(3600)
    assert len([m for m in public_bot_messages(world) if "Reminder" in m.content]) == 1
    assert len([m for m in public_bot_messages(world) if m.content == "Poll #1 has closed."]) == 1
    assert await jobs_of(world, 1) == {"poll-open": "done", "poll-remind": "done", "poll-close": "done"}


async def test_a_poll_closed_before_its_start_never_posts(world: World) -> None:
    created = await world.alice.slash(world.channel, "poll create", **TEA, opens="1h")
    assert created.ephemeral
    closed = await world.alice.slash(world.channel, "poll close", poll="1")
    assert not closed.ephemeral
    await world.env.advance_time(2 * 3600)
    # Only the results of the close: no poll message with buttons was ever posted.
    assert [m for m in public_bot_messages(world) if m.components] == []
    assert (await jobs_of(world, 1))["poll-open"] == "cancelled"


# ---------------------------------------------------------------- the Manage panel


async def test_manage_is_for_the_creator_and_moderators_and_shows_hidden_counts_privately(
    world: World,
) -> None:
    result, poll_id = await create(world, **TEA, results="after_close")
    poll_message = result.response
    await world.bob.click(poll_message, label="Coffee")
    assert "— 1" not in message(world, poll_message.id).embeds[0].description  # hidden from members

    refused = receipt(await world.bob.click(poll_message, label="Manage"))
    assert refused.ephemeral
    assert refused.content.startswith(
        f"Only the member who started poll #{poll_id}, or a moderator, can manage it."
    )

    mine = await open_panel(world, world.alice, poll_message)
    text = mine.embeds[0].description
    assert text.startswith(f"**Manage poll #{poll_id}** · 1 voter · only you see this")
    assert "**Coffee** — 1 · 100%" in text and "hidden from the members until the poll closes" in text
    assert labels(mine) == ["Close now", "Extend", "Who hasn't voted"]  # a vote came: no Edit
    moderated = await open_panel(world, world.moderator, poll_message)
    assert "**Coffee** — 1 · 100%" in moderated.embeds[0].description
    # (A forged press of a control, checked again on every press, is tested on Slack, where a
    # press can be forged: SimCord, like Discord, only lets a member press what they see.)


async def test_close_now_then_reopen_with_a_new_close(world: World) -> None:
    result, poll_id = await create(world, **TEA, minutes=60)
    poll_message = result.response
    await world.bob.click(poll_message, label="Tea")
    panel = await open_panel(world, world.alice, poll_message)

    closed = await world.alice.click(panel, label="Close now")
    assert receipt(closed).ephemeral
    assert receipt(closed).content == f"Poll #{poll_id} is closed. The results are posted in the channel."
    [posted] = [m for m in public_bot_messages(world) if m.content == f"Poll #{poll_id} was closed."]
    assert "**Final results** · 1 voter" in posted.embeds[0].description
    assert buttons(message(world, poll_message.id)) == [[manage(poll_id)]]
    assert (await jobs_of(world, poll_id))["poll-close"] == "cancelled"

    panel = await open_panel(world, world.alice, message(world, poll_message.id))
    assert labels(panel) == ["Reopen", "Who hasn't voted"]
    form = await world.alice.click(panel, label="Reopen")
    assert form.modal is not None and form.modal["title"] == f"Reopen poll #{poll_id}"
    bad = await world.alice.submit_modal(form, {"duration": "soon"})
    assert "I couldn't read 'soon' as a duration" in receipt(bad).content
    form = await world.alice.click(panel, label="Reopen")
    reopened = await world.alice.submit_modal(form, {"duration": "30m"})
    assert receipt(reopened).ephemeral
    assert receipt(reopened).content.startswith(f"Poll #{poll_id} is open again, until <t:")
    again = message(world, poll_message.id)
    assert (
        labels(again) == ["Tea", "Coffee", "Neither", "Manage"]
        and "Closes <t:" in again.embeds[0].description
    )
    changed = await world.bob.click(again, label="Coffee")
    assert receipt(changed).content == "Changed your vote from **Tea** to **Coffee**."  # votes kept

    await world.env.advance_time(30 * 60 + 5)
    [final] = [m for m in public_bot_messages(world) if m.content == f"Poll #{poll_id} has closed."]
    assert "**Coffee** — 1 · 100%" in final.embeds[0].description


async def test_extend_moves_the_close_and_its_timer(world: World) -> None:
    result, poll_id = await create(world, **TEA, duration="10m")
    before = (await poll_row(world, poll_id)).closes_at
    panel = await open_panel(world, world.moderator, result.response)
    form = await world.moderator.click(panel, label="Extend")
    assert form.modal is not None
    too_long = await world.moderator.submit_modal(form, {"duration": "8d"})
    assert "1 minute to 7 days" in receipt(too_long).content
    form = await world.moderator.click(panel, label="Extend")
    extended = await world.moderator.submit_modal(form, {"duration": "1h"})
    assert receipt(extended).content.startswith(f"Poll #{poll_id} now closes <t:")
    after = (await poll_row(world, poll_id)).closes_at
    assert before is not None and after is not None and after - before == timedelta(hours=1)
    shown = message(world, result.response.id).embeds[0].description
    assert f"<t:{int(after.timestamp())}:R>" in shown

    await world.env.advance_time(15 * 60)
    assert [m for m in public_bot_messages(world) if m.content == f"Poll #{poll_id} has closed."] == []
    await world.env.advance_time(60 * 60)
    assert len([m for m in public_bot_messages(world) if m.content == f"Poll #{poll_id} has closed."]) == 1


async def test_edit_before_any_vote_and_not_after(world: World) -> None:
    result, poll_id = await create(world, question="Tea or cofee?", options="Tea; Cofee")
    panel = await open_panel(world, world.alice, result.response)
    assert labels(panel) == ["Close now", "Extend", "Edit", "Who hasn't voted"]
    form = await world.alice.click(panel, label="Edit")
    assert form.modal is not None
    duplicate = await world.alice.submit_modal(form, {"question": "Tea or coffee?", "options": "Tea\ntea"})
    assert "appears twice" in receipt(duplicate).content
    form = await world.alice.click(panel, label="Edit")
    edited = await world.alice.submit_modal(
        form, {"question": "Tea or coffee?", "options": "Tea\nCoffee\nWater"}
    )
    assert receipt(edited).content == f"Poll #{poll_id} is updated: 3 options."
    shown = message(world, result.response.id)
    assert shown.embeds[0].title == "Tea or coffee?" and labels(shown) == ["Tea", "Coffee", "Water", "Manage"]

    form = await world.alice.click(panel, label="Edit")  # opened before the vote below
    await world.bob.click(shown, label="Water")
    late = await world.alice.submit_modal(form, {"question": "Changed?", "options": "A\nB"})
    assert "already has votes" in receipt(late).content
    assert (await poll_row(world, poll_id)).question == "Tea or coffee?"
    panel = await open_panel(world, world.alice, shown)
    assert "Edit" not in labels(panel)


async def test_who_hasnt_voted_names_recent_participants_privately_and_never_for_anonymous_polls(
    world: World,
) -> None:
    carol, dave = world.member("carol"), world.member("dave")
    earlier, _ = await create(world, question="Earlier?", options="Yes; No")
    await carol.click(earlier.response, label="Yes")
    await dave.click(earlier.response, label="No")
    result, poll_id = await create(world, **TEA)
    await world.bob.click(result.response, label="Tea")
    await carol.click(result.response, label="Coffee")

    panel = await open_panel(world, world.alice, result.response)
    missing = receipt(await world.alice.click(panel, label="Who hasn't voted"))
    assert missing.ephemeral
    assert missing.content.startswith(f"Not voted yet on poll #{poll_id}: alice, dave.")
    assert "nobody was pinged" in missing.content and "<@" not in missing.content
    sent = [r.json for r in world.env.http_requests if isinstance(r.json, dict) and "content" in r.json]
    assert all(
        r.get("allowed_mentions") == {"parse": []} for r in sent if "Not voted yet" in str(r["content"])
    )

    secret, _ = await create(world, question="Secret?", options="Yes; No", anonymous=True)
    panel = await open_panel(world, world.alice, secret.response)
    assert "Who hasn't voted" not in labels(panel)  # (a forged press is refused: tests/slack)


async def test_the_manage_command_reaches_a_poll_with_no_room_for_the_button(world: World) -> None:
    options = "; ".join(f"Option {i}" for i in range(25))
    result, poll_id = await create(world, question="Which one?", options=options)
    assert "Manage" not in labels(result.response) and len(buttons(result.response)) == 5
    panel = await world.alice.slash(world.channel, "poll manage", poll="which one")
    assert panel.ephemeral and panel.response.embeds[0].description.startswith(f"**Manage poll #{poll_id}**")
    refused = await world.bob.slash(world.channel, "poll manage", poll=str(poll_id))
    assert refused.ephemeral and "can manage it" in refused.response.content


# ---------------------------------------------------------------- closed polls


async def test_closed_list_and_past_results_respect_visibility(world: World) -> None:
    nothing = await world.bob.slash(world.channel, "poll list", closed=True)
    assert nothing.ephemeral and nothing.response.content == "No polls have closed in this server yet."
    live, live_id = await create(world, question="Which day?", options="Mon; Tue")
    hidden, hidden_id = await create(
        world, question="Secret ballot?", options="Yes; No", results="after_close"
    )
    private, private_id = await create(
        world, question="Rate the talk?", options="Good; Bad", results="creator"
    )
    _, still_open = await create(world, question="Still open?", options="A; B")
    for poll_message, label in ((live.response, "Tue"), (hidden.response, "No"), (private.response, "Good")):
        await world.bob.click(poll_message, label=label)
    for poll_id in (live_id, hidden_id, private_id):
        await world.alice.slash(world.channel, "poll close", poll=str(poll_id))

    listed = await world.bob.slash(world.channel, "poll list", closed=True)
    assert listed.ephemeral and listed.response.embeds[0].title == "Closed polls"
    text = listed.response.embeds[0].description
    assert f"**#{live_id}** [Which day?](" in text and "**Tue** won (1, 100%)" in text
    assert f"**#{hidden_id}** [Secret ballot?](" in text and "**No** won (1, 100%)" in text
    line = next(x for x in text.splitlines() if f"#{private_id}" in x)
    assert "results for its creator and moderators only" in line and "Good" not in line
    assert f"#{still_open}" not in text
    creator_view = (await world.alice.slash(world.channel, "poll list", closed=True)).response.embeds[0]
    line = next(x for x in creator_view.description.splitlines() if f"#{private_id}" in x)
    assert "**Good** won (1, 100%)" in line

    past = await world.bob.slash(world.channel, "poll results", poll="secret ballot")
    assert not past.ephemeral and "**Final results** · 1 voter" in past.response.embeds[0].description
    by_number = await world.bob.slash(world.channel, "poll results", poll=f"#{live_id}")
    assert "**Tue** — 1 · 100%" in by_number.response.embeds[0].description


async def test_close_now_on_a_creator_only_poll_shows_the_counts_to_the_closer_alone(world: World) -> None:
    result, poll_id = await create(world, **TEA, results="creator")
    await world.bob.click(result.response, label="Coffee")
    panel = await open_panel(world, world.alice, result.response)
    closed = receipt(await world.alice.click(panel, label="Close now"))
    assert closed.ephemeral and closed.content.startswith(f"Poll #{poll_id} is closed. Only its creator")
    assert "**Coffee** — 1 · 100%" in closed.embeds[0].description
    [told] = [m for m in public_bot_messages(world) if m.content.startswith(f"Poll #{poll_id} was closed.")]
    assert told.content.endswith("Its results are for its creator and the moderators.")
    assert told.embeds == [] and told.attachments == []
    assert "1 · 100%" not in message(world, result.response.id).embeds[0].description
