"""Issue 21's ballots on Discord through SimCord: results modes, max_choices, ranked choice with its
instant runoff, and options added by members."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import discord
from simcord.results import InteractionResult
from sqlalchemy import select

from bot.app import Roundtable
from bot.models import Poll, PollVote, StanceEvent
from tests.conftest import World

MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE = "0", "1", "2", "3"
CAPITALS = {
    "question": "Where should the capital be?",
    "options": "Memphis; Nashville; Chattanooga; Knoxville",
}


async def db_rows(world: World, query: Any) -> list[Any]:
    bot: Roundtable = world.env.bot  # type: ignore[assignment]
    async with bot.db.unit_of_work() as s:
        return list((await s.execute(query)).scalars())


def receipt(result: InteractionResult) -> Any:
    return result.followups[-1] if result.followups else result.response


def poll_id_of(result: InteractionResult) -> int:
    return int(result.response.embeds[0].footer.text.split("#")[1].split(" ")[0])


def current(world: World, message_id: int) -> discord.Message:
    return next(m for m in world.channel.history() if m.id == message_id)


def rows_of(message: Any) -> list[list[str]]:
    """Button labels by row (a response's components are dicts, a channel message's objects)."""
    out = []
    for row in message.components:
        children = row["components"] if isinstance(row, dict) else row.children
        out.append([c["label"] if isinstance(c, dict) else c.label for c in children])
    return out


def labels(message: Any) -> list[str]:
    return [label for row in rows_of(message) for label in row]


def public_text(world: World, viewer: Any) -> str:
    """Everything a member can see in the channel that is not someone's private answer."""
    parts = []
    for m in world.channel.history(viewer=viewer):
        if m.flags.ephemeral:
            continue
        parts.append(m.content)
        parts += [json.dumps(e.to_dict()) for e in m.embeds]
        parts += [f"{a.filename} {a.description}" for a in m.attachments]
    return "\n".join(parts)


# ---------------------------------------------------------------- results modes


async def test_creator_mode_shows_counts_only_to_the_creator_and_moderators_even_after_the_close(
    world: World,
) -> None:
    created = await world.alice.slash(
        world.channel, "poll create", question="Rate the speaker?", options="Good; Poor", results="creator"
    )
    poll_message = created.response
    poll_id = poll_id_of(created)
    assert "for the poll's creator and the moderators only" in poll_message.embeds[0].description
    carol = world.member("carol")
    await world.bob.click(poll_message, label="Good")
    await carol.click(poll_message, label="Good")
    assert current(world, poll_message.id).embeds[0].description == poll_message.embeds[0].description

    for who in (world.alice, world.moderator):
        peek = await who.slash(world.channel, "poll results", poll=str(poll_id))
        assert peek.ephemeral and "**Good** — 2 · 100%" in peek.response.embeds[0].description
        assert peek.response.attachments[0].description.startswith(f"Bar chart of poll #{poll_id}")
    refused = await world.bob.slash(world.channel, "poll results", poll=str(poll_id))
    assert refused.ephemeral and "for its creator and the moderators only" in refused.response.content
    assert not refused.response.embeds and not refused.response.attachments
    listed = await world.bob.slash(world.channel, "poll list")
    assert "results hidden" in listed.response.embeds[0].description
    assert "2 voters" not in listed.response.embeds[0].description
    denied = await world.bob.slash(world.channel, "poll export", poll=str(poll_id))
    assert denied.ephemeral and not denied.response.attachments

    closed = await world.alice.slash(world.channel, "poll close")
    assert closed.ephemeral and "**Good** — 2 · 100%" in closed.response.embeds[0].description
    [told] = [m for m in world.channel.history() if m.content.startswith(f"Poll #{poll_id} has closed")]
    assert not told.flags.ephemeral and told.embeds == [] and told.attachments == []
    final = current(world, poll_message.id)
    assert labels(final) == ["Manage"] and "2 ·" not in final.embeds[0].description
    after = await world.bob.slash(world.channel, "poll results", poll=str(poll_id))
    assert after.ephemeral and "for its creator and the moderators only" in after.response.content
    export = await world.moderator.slash(world.channel, "poll export", poll=str(poll_id))
    rows = list(csv.DictReader(io.StringIO((await export.response.attachments[0].read()).decode())))
    assert sorted(r["voter_id"] for r in rows) == sorted([str(world.bob.id), str(carol.id)])
    assert "100%" not in public_text(world, world.bob) and "2 voters" not in public_text(world, world.bob)


async def test_a_timed_creator_mode_poll_announces_its_close_without_counts(world: World) -> None:
    created = await world.alice.slash(
        world.channel, "poll create", question="Secret?", options="Yes; No", results="creator", duration="1m"
    )
    poll_id = poll_id_of(created)
    await world.bob.click(created.response, label="Yes")
    await world.env.advance_time(61)
    [announcement] = [
        m for m in world.channel.history() if m.content.startswith(f"Poll #{poll_id} has closed")
    ]
    assert "results are for its creator and the moderators" in announcement.content
    assert announcement.embeds == [] and announcement.attachments == []


async def test_a_creator_mode_motion_poll_writes_no_ledger_entry(world: World) -> None:
    created = await world.alice.slash(world.channel, "poll quick", motion="1", results="creator")
    assert "**not** recorded in the stance ledger" in created.response.embeds[0].description
    voted = await world.bob.click(created.response, label="Agree")
    assert "ledger" not in receipt(voted).content
    await world.alice.slash(world.channel, "poll close")
    assert await db_rows(world, select(StanceEvent)) == []


async def test_after_close_mode_counts_show_to_all_once_closed(world: World) -> None:
    created = await world.alice.slash(
        world.channel, "poll create", question="Venue?", options="Library; Cafe", results="after_close"
    )
    await world.bob.click(created.response, label="Cafe")
    early = await world.bob.slash(world.channel, "poll results")
    assert early.ephemeral and "hidden until it closes" in early.response.content
    await world.alice.slash(world.channel, "poll close")
    final = current(world, created.response.id)
    assert "**Cafe** — 1 · 100%" in final.embeds[0].description
    late = await world.bob.slash(world.channel, "poll results")
    assert not late.ephemeral and "**Cafe** — 1 · 100%" in late.response.embeds[0].description


# ---------------------------------------------------------------- max_choices


async def test_max_choices_refuses_the_extra_pick_privately(world: World) -> None:
    created = await world.alice.slash(
        world.channel, "poll create", question="Which days?", options="Mon; Tue; Wed; Thu", max_choices=2
    )
    poll_id = poll_id_of(created)
    assert "Multiple choice, up to 2" in created.response.embeds[0].description
    await world.bob.click(created.response, label="Mon")
    await world.bob.click(created.response, label="Wed")
    refused = await world.bob.click(created.response, label="Thu")
    assert refused.ephemeral
    assert receipt(refused).content == (
        f"Poll #{poll_id} lets each member pick up to 2 options, and you have: **Mon**, **Wed**. "
        "Click one of them to remove it first."
    )
    await world.bob.click(created.response, label="Mon")  # remove one, then the pick fits
    added = await world.bob.click(created.response, label="Thu")
    assert receipt(added).content == "Added **Thu**. Your choices: **Wed**, **Thu**."
    votes = await db_rows(world, select(PollVote).where(PollVote.poll_id == poll_id))
    assert sorted(v.option_index for v in votes) == [2, 3]


# ---------------------------------------------------------------- ranked choice


async def rank(actor: Any, poll_message: Any, *places: str) -> InteractionResult:
    shown = await actor.click(poll_message, label="Rank…")
    assert shown.modal is not None, shown.response
    return await actor.submit_modal(shown, {f"place-{i}": [p] for i, p in enumerate(places, start=1)})


async def test_a_ranked_poll_is_counted_by_instant_runoff_with_its_rounds(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    created = await world.alice.slash(world.channel, "poll create", ranked=True, **CAPITALS)
    poll_message = created.response
    poll_id = poll_id_of(created)
    assert labels(poll_message) == ["Rank…", "Manage"]
    assert (
        "Ranked choice: press **Rank…** to give your order of the options"
        in poll_message.embeds[0].description
    )

    # The profile: 3 Memphis > Nashville > Chattanooga > Knoxville; 2 Nashville > Chattanooga >
    # Knoxville; 1 Chattanooga > Knoxville > Nashville; 1 Knoxville > Chattanooga > Nashville.
    profile = [
        (MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE),
        (MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE),
        (MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE),
        (NASHVILLE, CHATTANOOGA, KNOXVILLE),
        (NASHVILLE, CHATTANOOGA, KNOXVILLE),
        (CHATTANOOGA, KNOXVILLE, NASHVILLE),
        (KNOXVILLE, CHATTANOOGA, NASHVILLE),
    ]
    voters = [world.member(f"voter{i}") for i in range(len(profile))]
    first = await rank(voters[0], poll_message, KNOXVILLE)
    assert receipt(first).ephemeral and receipt(first).content == "Your ranking: 1. **Knoxville**."
    await world.env.restart_bot(make_bot())  # the Rank button and its form work after a restart
    for voter, places in zip(voters, profile, strict=True):
        await rank(voter, poll_message, *places)
    changed = receipt(await rank(voters[0], poll_message, *profile[0]))
    assert changed.content.startswith("Changed your ranking to: 1. **Memphis**, 2. **Nashville**")
    reopened = await voters[0].click(poll_message, label="Rank…")  # the form shows the ranking so far
    selects = [c["component"] for c in reopened.modal["components"]]  # type: ignore[index]
    assert [[o["value"] for o in s["options"] if o.get("default")] for s in selects] == [
        [MEMPHIS],
        [NASHVILLE],
        [CHATTANOOGA],
        [KNOXVILLE],
    ]
    live = current(world, poll_message.id).embeds[0].description
    assert "First choices:" in live and "**Memphis** — 3 · 43%" in live

    twice = await rank(world.bob, poll_message, MEMPHIS, MEMPHIS)
    assert twice.ephemeral and "same option in places 1 and 2" in receipt(twice).content

    votes = await db_rows(world, select(PollVote).where(PollVote.poll_id == poll_id))
    assert len(votes) == sum(len(p) for p in profile)
    assert sorted(v.rank for v in votes if v.user_id == voters[0].id) == [1, 2, 3, 4]

    closed = await world.alice.slash(world.channel, "poll close")
    description = closed.response.embeds[0].description
    assert "**Final results** · 7 voters" in description
    assert (
        "Round 1: Memphis 3 · Nashville 2 · Chattanooga 1 · Knoxville 1 — **Chattanooga** and "
        "**Knoxville** tie for the fewest (1) in every round so far: all are eliminated."
    ) in description
    assert "Round 2: Nashville 4 · Memphis 3" in description
    assert "**Nashville** wins with 4 of 7 ballots (57%) in round 2: a majority." in description
    alt = closed.response.attachments[0].description
    assert "by instant-runoff round" in alt and "Nashville wins with 4 of 7 ballots" in alt
    final = current(world, poll_message.id)
    assert labels(final) == ["Manage"] and "**Nashville** wins" in final.embeds[0].description
    export = await world.alice.slash(world.channel, "poll export")
    table = list(csv.DictReader(io.StringIO((await export.response.attachments[0].read()).decode())))
    assert [(r["option"], r["rank"]) for r in table if r["voter_id"] == str(voters[5].id)] == [
        ("Nashville", "3"),
        ("Chattanooga", "1"),
        ("Knoxville", "2"),
    ]


async def test_an_anonymous_ranked_poll_keeps_only_keyed_hashes(world: World) -> None:
    created = await world.alice.slash(
        world.channel, "poll create", ranked=True, anonymous=True, question="Lead?", options="Ana; Ben; Cy"
    )
    done = await rank(world.bob, created.response, "2", "0")
    assert "nobody else can see your ranking" in receipt(done).content
    votes = await db_rows(world, select(PollVote).where(PollVote.poll_id == poll_id_of(created)))
    assert [(v.option_index, v.rank) for v in sorted(votes, key=lambda v: v.rank)] == [(2, 1), (0, 2)]
    assert all(v.user_id is None and len(v.voter_key) == 64 for v in votes)
    export = await world.alice.slash(world.channel, "poll export")
    table = (await export.response.attachments[0].read()).decode()
    assert str(world.bob.id) not in table and "voter_id" not in table


async def test_a_ranked_poll_of_many_options_ranks_the_top_five(world: World) -> None:
    options = "; ".join(f"Option {i}" for i in range(8))
    created = await world.alice.slash(
        world.channel, "poll create", ranked=True, question="Top?", options=options
    )
    assert "give your top 5" in created.response.embeds[0].description
    shown = await world.bob.click(created.response, label="Rank…")
    assert shown.modal is not None
    assert len(shown.modal["components"]) == 5  # type: ignore[index]


# ---------------------------------------------------------------- member options


async def test_members_add_options_credited_and_vote_on_them(world: World) -> None:
    created = await world.alice.slash(
        world.channel, "poll create", question="Lunch?", options="Pizza; Soup", member_options=True
    )
    poll_message = created.response
    poll_id = poll_id_of(created)
    assert labels(poll_message) == ["Pizza", "Soup", "Add option", "Manage"]
    shown = await world.bob.click(poll_message, label="Add option")
    assert shown.modal is not None
    added = await world.bob.submit_modal(shown, {"option": "  Sushi  "})
    assert receipt(added).ephemeral
    assert receipt(added).content == f"Added **Sushi** to poll #{poll_id}. It is credited to you on the poll."
    now = current(world, poll_message.id)
    assert labels(now) == ["Pizza", "Soup", "Sushi", "Add option", "Manage"]
    assert f"**Sushi** — 0 · 0% *(added by {world.bob.name})*" in now.embeds[0].description
    voted = await world.alice.click(now, label="Sushi")
    assert receipt(voted).content == "You voted for **Sushi**."

    again = await world.alice.submit_modal(
        await world.alice.click(now, label="Add option"), {"option": "sushi"}
    )
    assert receipt(again).ephemeral and "already has the option 'sushi'" in receipt(again).content
    [poll] = await db_rows(world, select(Poll).where(Poll.id == poll_id))
    assert poll.options == ["Pizza", "Soup", "Sushi"] and poll.option_authors == [None, None, world.bob.id]


async def test_an_anonymous_poll_credits_nobody_for_an_added_option(world: World) -> None:
    created = await world.alice.slash(
        world.channel,
        "poll create",
        question="Secret lunch?",
        options="Pizza; Soup",
        member_options=True,
        anonymous=True,
    )
    added = await world.bob.submit_modal(
        await world.bob.click(created.response, label="Add option"), {"option": "Tacos"}
    )
    assert receipt(added).content == f"Added **Tacos** to poll #{poll_id_of(created)}."
    [poll] = await db_rows(world, select(Poll))
    assert poll.option_authors == [None, None, None]
    assert "added by" not in current(world, created.response.id).embeds[0].description


async def test_added_options_stop_at_what_the_message_can_hold(world: World) -> None:
    too_many = await world.alice.slash(
        world.channel,
        "poll create",
        question="Pick?",
        options="; ".join(f"o{i}" for i in range(21)),
        member_options=True,
    )
    assert too_many.ephemeral and "at most 20 options" in too_many.response.content
    created = await world.alice.slash(
        world.channel,
        "poll create",
        question="Pick?",
        options="; ".join(f"o{i}" for i in range(19)),
        member_options=True,
    )
    assert [len(row) for row in rows_of(created.response)] == [5, 5, 5, 4, 2]  # Add option, Manage
    await world.bob.submit_modal(
        await world.bob.click(created.response, label="Add option"), {"option": "o19"}
    )
    full = current(world, created.response.id)
    assert [len(row) for row in rows_of(full)] == [5, 5, 5, 5, 2]
    refused = await world.bob.click(full, label="Add option")
    assert refused.modal is None and refused.ephemeral
    assert "has 20 options, the most its message can hold" in receipt(refused).content


async def test_a_poll_without_member_options_has_no_add_button(world: World) -> None:
    created = await world.alice.slash(world.channel, "poll create", question="Q?", options="A; B")
    assert labels(created.response) == ["A", "B", "Manage"]
