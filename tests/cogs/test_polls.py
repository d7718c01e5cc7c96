"""/poll through SimCord: create, vote, change, multiple choice, 25 options, closes, restarts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord
import simcord
from simcord.results import InteractionResult
from sqlalchemy import select

from bot.app import Roundtable
from bot.models import Job, Poll, PollVote, StanceEvent
from tests.conftest import World

TEA = {"question": "Tea or coffee?", "options": "Tea; Coffee; Neither"}


def message(world: World, message_id: int) -> discord.Message:
    return next(m for m in world.channel.history() if m.id == message_id)


def buttons(msg: discord.Message | simcord.results.ResponseMessage) -> list[list[tuple[str, str]]]:
    rows = msg.components
    out = []
    for row in rows:
        children = row["components"] if isinstance(row, dict) else row.children
        out.append(
            [
                (c["label"], c["custom_id"]) if isinstance(c, dict) else (c.label, c.custom_id)  # type: ignore[union-attr]
                for c in children
            ]
        )
    return out


def receipt(result: InteractionResult) -> Any:
    """The ephemeral answer to a click (a followup when the click also updated the poll message)."""
    return result.followups[-1] if result.followups else result.response


async def db_rows(world: World, query: Any) -> list[Any]:
    bot: Roundtable = world.env.bot  # type: ignore[assignment]
    async with bot.db.unit_of_work() as s:
        return list((await s.execute(query)).scalars())


async def create(world: World, actor: Any = None, **options: Any) -> tuple[InteractionResult, int]:
    result = await (actor or world.alice).slash(world.channel, "poll create", **options)
    assert not result.ephemeral, result.response.content
    poll_id = int(result.response.embeds[0].footer.text.split("#")[1].split(" ")[0])
    return result, poll_id


def public_bot_messages(world: World) -> list[discord.Message]:
    return [m for m in world.channel.history() if m.author.bot and not m.flags.ephemeral]


# ---------------------------------------------------------------- create and vote


async def test_create_vote_and_change_a_vote(world: World) -> None:
    result, poll_id = await create(world, **TEA)
    poll_message = result.response
    embed = poll_message.embeds[0]
    assert embed.title == "Tea or coffee?"
    assert "Single choice" in embed.description and "Votes are not anonymous" in embed.description
    assert buttons(poll_message) == [
        [
            ("Tea", f"roundtable:poll:{poll_id}:0"),
            ("Coffee", f"roundtable:poll:{poll_id}:1"),
            ("Neither", f"roundtable:poll:{poll_id}:2"),
        ],
        [("Manage", f"roundtable:poll:{poll_id}:manage")],  # the controls row (cogs/polls/_manage.py)
    ]

    voted = await world.bob.click(poll_message, label="Tea")
    assert receipt(voted).ephemeral
    assert receipt(voted).content == "You voted for **Tea**."
    assert "**Tea** — 1 · 100%" in message(world, poll_message.id).embeds[0].description

    changed = await world.bob.click(poll_message, label="Coffee")
    assert receipt(changed).content == "Changed your vote from **Tea** to **Coffee**."
    live = message(world, poll_message.id).embeds[0]
    assert "**Tea** — 0 · 0%" in live.description and "**Coffee** — 1 · 100%" in live.description
    assert live.footer.text == f"Poll #{poll_id} · 1 voter"

    again = await world.bob.click(poll_message, label="Coffee")
    assert "already voted for **Coffee**" in receipt(again).content
    votes = await db_rows(world, select(PollVote).where(PollVote.poll_id == poll_id))
    assert [(v.option_index, v.user_id) for v in votes] == [(1, world.bob.id)]


async def test_bad_input_gets_a_private_friendly_error_and_posts_nothing(world: World) -> None:
    cases = {
        "Tea": "at least 2 options",
        "; ".join(f"o{i}" for i in range(26)): "at most 25 options",
        "Tea; " + "x" * 81: "under 80 characters",
        "Tea; tea": "appears twice",
    }
    for options, expected in cases.items():
        result = await world.alice.slash(world.channel, "poll create", question="Q?", options=options)
        assert result.ephemeral and expected in result.response.content, result.response.content
    bad_minutes = await world.alice.slash(
        world.channel, "poll create", question="Q?", options="A; B", minutes=0
    )
    assert bad_minutes.ephemeral and "1 minute" in bad_minutes.response.content
    assert public_bot_messages(world) == []
    assert await db_rows(world, select(Poll)) == []


async def test_twenty_five_options_fill_five_rows_of_five_buttons(world: World) -> None:
    labels = [f"Option {i:02d} " + "x" * 70 for i in range(25)]
    assert all(len(label) == 80 for label in labels)
    result, poll_id = await create(world, question="Which one?", options="; ".join(labels))
    rows = buttons(result.response)
    assert [len(row) for row in rows] == [5, 5, 5, 5, 5]
    assert [label for row in rows for label, _ in row] == labels
    embed = result.response.embeds[0]
    assert len(embed.description) <= 4096 and len(embed) <= 6000
    voted = await world.bob.click(result.response, custom_id=f"roundtable:poll:{poll_id}:24")
    assert receipt(voted).content == f"You voted for **{labels[24]}**."
    results = await world.alice.slash(world.channel, "poll results")
    assert f"**{labels[24]}** — 1 · 100%" in results.response.embeds[0].description


async def test_multiple_choice_clicks_toggle_options(world: World) -> None:
    result, poll_id = await create(world, question="Which days?", options="Mon; Tue; Wed", multiple=True)
    assert "Multiple choice" in result.response.embeds[0].description
    await world.bob.click(result.response, label="Mon")
    added = await world.bob.click(result.response, label="Wed")
    assert receipt(added).content == "Added **Wed**. Your choices: **Mon**, **Wed**."
    removed = await world.bob.click(result.response, label="Mon")
    assert receipt(removed).content == "Removed **Mon**. Your choices: **Wed**."
    await world.alice.click(result.response, label="Wed")
    description = message(world, result.response.id).embeds[0].description
    assert "**Mon** — 0" in description and "**Wed** — 2 · 100%" in description
    votes = await db_rows(world, select(PollVote).where(PollVote.poll_id == poll_id))
    assert sorted((v.user_id, v.option_index) for v in votes) == sorted(
        [(world.bob.id, 2), (world.alice.id, 2)]
    )


# ---------------------------------------------------------------- closing


def closed_announcements(world: World, poll_id: int) -> list[discord.Message]:
    return [m for m in public_bot_messages(world) if m.content == f"Poll #{poll_id} has closed."]


async def test_a_timed_poll_closes_once_with_results_and_chart_even_across_a_restart(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    result, poll_id = await create(world, **TEA, minutes=2)
    assert "Closes <t:" in result.response.embeds[0].description
    await world.bob.click(result.response, label="Tea")
    await world.alice.click(result.response, label="Tea")
    await world.moderator.click(result.response, label="Coffee")

    await world.env.advance_time(110)
    assert closed_announcements(world, poll_id) == []
    await world.env.advance_time(15)
    (announcement,) = closed_announcements(world, poll_id)
    embed = announcement.embeds[0]
    assert "**Final results** · 3 voters" in embed.description
    assert "Most votes: **Tea** (2)" in embed.description
    assert embed.image.url == f"attachment://poll-{poll_id}.png"
    (chart,) = announcement.attachments
    assert chart.filename == f"poll-{poll_id}.png"
    assert (
        chart.description and "Tea: 2 (67%)" in chart.description and "Coffee: 1 (33%)" in chart.description
    )
    assert embed.footer.text == f"Poll #{poll_id}"  # the alt text is on the file, not shown again
    assert (await chart.read()).startswith(b"\x89PNG")
    # The poll message shows the final counts and has no option buttons left: only "Manage".
    final = message(world, result.response.id)
    assert buttons(final) == [[("Manage", f"roundtable:poll:{poll_id}:manage")]]
    assert "Closed <t:" in final.embeds[0].description

    # Restarting and waiting again posts nothing more: the job ran once.
    await world.env.restart_bot(make_bot())
    await world.env.advance_time(200)
    assert len(closed_announcements(world, poll_id)) == 1
    jobs = await db_rows(world, select(Job).where(Job.kind == "poll-close"))
    assert [j.status for j in jobs] == ["done"]


async def test_a_close_that_falls_due_while_the_bot_is_down_fires_after_the_restart(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    result, poll_id = await create(world, **TEA, minutes=5)
    await world.bob.click(result.response, label="Neither")
    await world.env.restart_bot(make_bot())
    await world.env.advance_time(5 * 60 + 1)
    (announcement,) = closed_announcements(world, poll_id)
    assert "**Neither** — 1 · 100%" in announcement.embeds[0].description


async def test_close_by_command_is_for_the_creator_or_a_moderator(world: World) -> None:
    result, poll_id = await create(world, **TEA, minutes=2)
    await world.bob.click(result.response, label="Coffee")

    refused = await world.bob.slash(world.channel, "poll close", poll=str(poll_id))
    assert refused.ephemeral and "Only the member who started poll" in refused.response.content

    closed = await world.moderator.slash(world.channel, "poll close", poll=str(poll_id))
    assert not closed.ephemeral
    embed = closed.response.embeds[0]
    assert "**Final results** · 1 voter" in embed.description
    assert [a.filename for a in closed.response.attachments] == [f"poll-{poll_id}.png"]
    assert buttons(message(world, result.response.id)) == [[("Manage", f"roundtable:poll:{poll_id}:manage")]]

    again = await world.alice.slash(world.channel, "poll close", poll=str(poll_id))
    assert again.ephemeral and "already closed" in again.response.content
    # The timed close was cancelled: nothing is posted when its time comes.
    await world.env.advance_time(150)
    assert closed_announcements(world, poll_id) == []


async def test_the_creator_closes_their_own_poll_by_default_name(world: World) -> None:
    _, poll_id = await create(world, **TEA)
    closed = await world.alice.slash(world.channel, "poll close")
    assert "**Final results** · 0 voters" in closed.response.embeds[0].description
    assert f"Poll #{poll_id}" in closed.response.embeds[0].footer.text


async def test_votes_after_the_close_are_refused(world: World) -> None:
    result, poll_id = await create(world, **TEA)
    await world.bob.click(result.response, label="Tea")
    # Editing the poll message fails (say, a permission was taken away), so its buttons stay.
    world.env.inject_error(
        "PATCH", "/channels/*/messages/*", status=403, code=50013, message="Missing Permissions"
    )
    await world.alice.slash(world.channel, "poll close")
    assert buttons(message(world, result.response.id))  # still there
    late = await world.moderator.click(result.response, label="Coffee")
    assert late.ephemeral
    assert late.response.content == (
        f"Poll #{poll_id} is closed: votes are no longer counted. /poll results shows how it ended."
    )
    votes = await db_rows(world, select(PollVote).where(PollVote.poll_id == poll_id))
    assert [v.user_id for v in votes] == [world.bob.id]


# ---------------------------------------------------------------- restarts


async def test_buttons_on_an_old_message_and_results_work_after_a_restart(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    result, poll_id = await create(world, **TEA)
    await world.bob.click(result.response, label="Tea")
    await world.env.restart_bot(make_bot())

    carol = world.member("carol")
    voted = await carol.click(result.response, label="Coffee")
    assert receipt(voted).content == "You voted for **Coffee**."
    changed = await world.bob.click(result.response, label="Coffee")
    assert receipt(changed).content == "Changed your vote from **Tea** to **Coffee**."

    results = await world.alice.slash(world.channel, "poll results", poll=f"#{poll_id}")
    embed = results.response.embeds[0]
    assert "Results so far (the poll is open)** · 2 voters" in embed.description
    assert "**Coffee** — 2 · 100%" in embed.description
    assert results.response.attachments[0].description.startswith(f"Bar chart of poll #{poll_id}")


# ---------------------------------------------------------------- motions, quick, list


async def test_a_motion_poll_records_votes_in_the_ledger(world: World) -> None:
    result, poll_id = await create(world, question="Tokyo office?", options="Yes; No; Undecided", motion="1")
    assert "Linked to motion #1" in result.response.embeds[0].description
    voted = await world.bob.click(result.response, label="No")
    assert "records your stance on motion #1 as disagree" in receipt(voted).content
    await world.bob.click(result.response, label="Yes")
    events = await db_rows(world, select(StanceEvent).order_by(StanceEvent.id))
    assert [(e.user_id, e.value, e.source, e.ref_id) for e in events] == [
        (world.bob.id, -1, "poll", poll_id),
        (world.bob.id, 1, "poll", poll_id),
    ]

    wrong = await world.alice.slash(
        world.channel, "poll create", question="Q?", options="Yes; Maybe", motion="1"
    )
    assert wrong.ephemeral and "'Maybe' doesn't name a stance" in wrong.response.content


async def test_quick_poll_on_a_motion_offers_the_five_stances(world: World) -> None:
    choices = await world.alice.autocomplete(world.channel, "poll quick", "motion", "tokyo")
    assert choices[0]["value"] == "1"
    result = await world.alice.slash(world.channel, "poll quick", motion="1")
    embed = result.response.embeds[0]
    assert embed.title == "Motion #1: NATO should open a liaison office in Tokyo"
    assert [label for row in buttons(result.response) for label, _ in row] == [
        "Strongly agree",
        "Agree",
        "Undecided",
        "Disagree",
        "Strongly disagree",
        "Manage",
    ]
    await world.bob.click(result.response, label="Strongly agree")
    events = await db_rows(world, select(StanceEvent))
    assert [(e.user_id, e.value) for e in events] == [(world.bob.id, 2)]


async def test_list_shows_open_polls_and_autocomplete_finds_them(world: World) -> None:
    _, tea = await create(world, **TEA)
    _, office = await create(
        world, question="Should NATO open a Tokyo office?", options="Yes; No", minutes=30
    )
    await world.alice.slash(world.channel, "poll close", poll=str(tea))

    listed = await world.bob.slash(world.channel, "poll list")
    assert listed.ephemeral
    text = listed.response.embeds[0].description
    assert f"**#{office}**" in text and "closes <t:" in text and f"#{tea}**" not in text

    found = await world.bob.autocomplete(world.channel, "poll results", "poll", "tokyo")
    assert found[0]["value"] == str(office)
    open_only = await world.bob.autocomplete(world.channel, "poll close", "poll", "")
    assert [c["value"] for c in open_only] == [str(office)]
    everything = await world.bob.autocomplete(world.channel, "poll export", "poll", "")
    assert [c["value"] for c in everything] == [str(office), str(tea)]
    assert everything[1]["name"].endswith("(closed)")


async def test_another_server_cannot_see_the_poll(world: World) -> None:
    _, poll_id = await create(world, **TEA)
    other = world.env.create_guild("Elsewhere")
    channel = other.create_text_channel("general")
    stranger = other.add_member(world.env.create_user("stranger"))
    result = await stranger.slash(channel, "poll results", poll=str(poll_id))
    assert result.ephemeral and f"There is no poll #{poll_id} here" in result.response.content
    assert await stranger.autocomplete(channel, "poll results", "poll", "") == []


# ---------------------------------------------------------------- limits
# (200 simultaneous votes are tested at the service level, tests/unit/test_polls.py: SimCord runs
# one operation at a time, so its clicks cannot overlap.)


async def test_every_reply_stays_silent(world: World) -> None:
    result, _ = await create(world, question="<@&1> @everyone?", options="@everyone; @here")
    await world.bob.click(result.response, label="@here")
    await world.alice.slash(world.channel, "poll results")
    await world.alice.slash(world.channel, "poll close")
    sent = [
        r.json for r in world.env.http_requests if isinstance(r.json, dict) and "allowed_mentions" in r.json
    ]
    assert sent and all(r["allowed_mentions"] == {"parse": []} for r in sent)
    nested = [
        r.json["data"]
        for r in world.env.http_requests
        if isinstance(r.json, dict) and isinstance(r.json.get("data"), dict) and "embeds" in r.json["data"]
    ]
    assert nested and all(d.get("allowed_mentions") == {"parse": []} for d in nested)


# ---------------------------------------------------------------- member-typed text


async def test_option_and_question_markdown_is_shown_as_typed(world: World) -> None:
    result, poll_id = await create(world, question="Is **this** _the_ one?", options="**A**; B_c_d; [x](y)")
    poll_message = result.response
    embed = poll_message.embeds[0]
    assert embed.title == r"Is \*\*this\*\* \_the\_ one?"
    assert r"**\*\*A\*\***" in embed.description and "****A****" not in embed.description
    assert r"**B\_c\_d**" in embed.description and r"**\[x](y)**" in embed.description
    # Buttons are plain text: they keep the option exactly as typed.
    shown = [label for row in buttons(poll_message) for label, _ in row]
    assert shown == ["**A**", "B_c_d", "[x](y)", "Manage"]

    voted = await world.bob.click(poll_message, label="**A**")
    assert receipt(voted).content == r"You voted for **\*\*A\*\***."
    changed = await world.bob.click(poll_message, label="B_c_d")
    assert receipt(changed).content == r"Changed your vote from **\*\*A\*\*** to **B\_c\_d**."

    results = await world.alice.slash(world.channel, "poll results")
    shown = results.response.embeds[0]
    assert shown.title == r"Is \*\*this\*\* \_the\_ one?"
    assert r"Most votes: **B\_c\_d** (1)" in shown.description
    listed = (await world.bob.slash(world.channel, "poll list")).response.embeds[0].description
    assert rf"**#{poll_id}** [Is \*\*this\*\* \_the\_ one?](" in listed


async def test_dollar_signs_in_options_are_drawn_as_typed(world: World) -> None:
    # matplotlib reads text between two dollar signs as math: "$\frac$" could not be drawn at all.
    result, poll_id = await create(world, question="Budget: $5 or $10?", options=r"$\frac$; $10")
    await world.bob.click(result.response, label=r"$\frac$")
    results = await world.alice.slash(world.channel, "poll results")
    assert not results.ephemeral, results.response.content
    (chart,) = results.response.attachments
    assert chart.filename == f"poll-{poll_id}.png" and (await chart.read()).startswith(b"\x89PNG")


async def test_counts_in_poll_messages_agree_with_their_nouns(world: World) -> None:
    for i in range(26):
        last, poll_id = await create(world, question=f"Question {i}?", options="Yes; No")
    listed = (await world.bob.slash(world.channel, "poll list")).response.embeds
    text = "\n".join(e.description or "" for e in listed)
    assert "…and 1 older open poll (name them by number)." in text
    assert f"**#{poll_id}** [Question 25?](" in text and "— 0 voters" in text
    voted = await world.bob.click(last.response, label="Yes")
    assert receipt(voted).content == "You voted for **Yes**."
    assert message(world, last.response.id).embeds[0].footer.text == f"Poll #{poll_id} · 1 voter"
    results = await world.alice.slash(world.channel, "poll results", poll=str(poll_id))
    assert "**Results so far (the poll is open)** · 1 voter" in results.response.embeds[0].description
    assert results.response.attachments[0].description.startswith(
        f"Bar chart of poll #{poll_id}, \u201cQuestion 25?\u201d, 1 voter."
    )
