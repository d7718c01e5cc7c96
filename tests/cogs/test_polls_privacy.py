"""Anonymous polls show no voter anywhere; hidden results stay hidden from everyone until the close."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import Roundtable
from bot.models import Job, PollVote, StanceEvent
from tests.conftest import World


async def db_rows(world: World, query: Any) -> list[Any]:
    bot: Roundtable = world.env.bot  # type: ignore[assignment]
    async with bot.db.unit_of_work() as s:
        return list((await s.execute(query)).scalars())


def receipt(result: Any) -> Any:
    return result.followups[-1] if result.followups else result.response


def everything_shown(world: World) -> str:
    """Every message in the channel as a moderator sees it: content, embeds, components, file names."""
    parts = []
    for m in world.channel.history(viewer=world.moderator):
        parts.append(m.content)
        parts += [json.dumps(e.to_dict()) for e in m.embeds]
        parts += [json.dumps(c.to_dict()) for c in m.components]
        parts += [f"{a.filename} {a.description}" for a in m.attachments]
    return "\n".join(parts)


async def test_an_anonymous_poll_shows_no_voter_anywhere(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    carol = world.member("carol")
    voters = [world.bob, carol]
    caplog.set_level(logging.DEBUG)
    created = await world.alice.slash(
        world.channel, "poll create", question="Secret ballot?", options="Yes; No; Abstain", anonymous=True
    )
    poll_message = created.response
    poll_id = int(poll_message.embeds[0].footer.text.split("#")[1].split(" ")[0])
    assert "nobody, moderators included, can see who voted what" in poll_message.embeds[0].description

    first = await world.bob.click(poll_message, label="Yes")
    assert "This poll is anonymous: nobody else can see your vote." in receipt(first).content
    await carol.click(poll_message, label="No")
    await world.bob.click(poll_message, label="No")  # a changed anonymous vote

    results = await world.moderator.slash(world.channel, "poll results")
    assert "**No** — 2 · 100%" in results.response.embeds[0].description
    export = await world.moderator.slash(world.channel, "poll export")
    assert export.ephemeral and "no voter is recorded anywhere" in export.response.content
    (attachment,) = export.response.attachments
    table = (await attachment.read()).decode()
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [(r["option"], r["votes"]) for r in rows] == [("Yes", "0"), ("No", "2"), ("Abstain", "0")]
    await world.alice.slash(world.channel, "poll close")

    # Nothing the moderator can see names a voter...
    shown = everything_shown(world) + table
    for voter in voters:
        assert str(voter.id) not in shown
        assert voter.name not in shown
    # ...nothing the bot sent to Discord does either (the receipts go only to the voter's own client)...
    for request in world.env.http_requests:
        body = json.dumps(request.json, default=str) if request.json is not None else ""
        assert all(str(v.id) not in body for v in voters), request.path
    # ...nothing was logged with a voter's id...
    assert all(str(v.id) not in record.getMessage() for record in caplog.records for v in voters)
    # ...and the table keeps only keyed hashes.
    votes = await db_rows(world, select(PollVote).where(PollVote.poll_id == poll_id))
    assert len(votes) == 2
    assert all(v.user_id is None and len(v.voter_key) == 64 for v in votes)
    assert all(str(voter.id) not in v.voter_key for v in votes for voter in voters)


async def test_an_anonymous_timed_poll_survives_a_restart_and_closes_once(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    """The scenario tests/slack/test_polls.py runs on Slack, here on Discord."""
    carol = world.member("carol")
    created = await world.alice.slash(
        world.channel,
        "poll create",
        question="Secret ballot?",
        options="Yes; No; Abstain",
        anonymous=True,
        minutes=2,
    )
    poll_message = created.response
    poll_id = int(poll_message.embeds[0].footer.text.split("#")[1].split(" ")[0])
    first = await world.bob.click(poll_message, label="Yes")
    assert "This poll is anonymous: nobody else can see your vote." in receipt(first).content

    await world.env.restart_bot(make_bot())
    voted = await carol.click(poll_message, label="No")
    assert receipt(voted).content.startswith("You voted for **No**.")
    changed = await world.bob.click(poll_message, label="No")  # after the restart: changed, not doubled
    assert receipt(changed).content.startswith("Changed your vote from **Yes** to **No**.")

    def announcements() -> list[Any]:
        return [m for m in world.channel.history() if m.content == f"Poll #{poll_id} has closed."]

    await world.env.advance_time(110)
    assert announcements() == []
    await world.env.advance_time(15)
    (announcement,) = announcements()
    embed = announcement.embeds[0]
    assert "**Final results** · 2 voters" in embed.description and "**No** — 2 · 100%" in embed.description
    assert "Anonymous poll: only counts are kept" in embed.description
    assert announcement.attachments[0].description.startswith(f"Bar chart of poll #{poll_id}")
    final = next(m for m in world.channel.history() if m.id == poll_message.id)
    assert [[c.custom_id for c in row.children] for row in final.components] == [  # type: ignore[attr-defined]
        [f"roundtable:poll:{poll_id}:manage"]
    ] and "Closed <t:" in final.embeds[0].description

    await world.env.restart_bot(make_bot())
    await world.env.advance_time(600)
    assert len(announcements()) == 1
    jobs = await db_rows(world, select(Job).where(Job.kind == "poll-close"))
    assert [j.status for j in jobs] == ["done"]
    votes = await db_rows(world, select(PollVote).where(PollVote.poll_id == poll_id))
    assert len(votes) == 2 and all(v.user_id is None and len(v.voter_key) == 64 for v in votes)
    shown = everything_shown(world)
    assert all(str(v.id) not in shown for v in (world.bob, carol))


async def test_an_anonymous_motion_poll_keeps_out_of_the_ledger_and_says_why(world: World) -> None:
    created = await world.alice.slash(world.channel, "poll quick", motion="1", anonymous=True)
    description = created.response.embeds[0].description
    assert "not** recorded in the stance ledger" in description
    assert "a ledger entry would tie a vote to a member" in description
    voted = await world.bob.click(created.response, label="Agree")
    assert "ledger" not in receipt(voted).content
    await world.alice.slash(world.channel, "poll close")
    assert await db_rows(world, select(StanceEvent)) == []


async def test_hidden_results_show_only_to_the_creator_and_moderators_until_the_close(world: World) -> None:
    created = await world.alice.slash(
        world.channel, "poll create", question="Who wins?", options="Red; Blue", hide_results=True
    )
    poll_message = created.response
    before = poll_message.embeds[0].description
    assert "Results are hidden until the poll closes" in before and "1. Red" in before

    voted = await world.bob.click(poll_message, label="Blue")
    assert receipt(voted).ephemeral and receipt(voted).content == "You voted for **Blue**."
    # The poll message was not edited: no counts leak through it.
    current = next(m for m in world.channel.history() if m.id == poll_message.id)
    assert current.embeds[0].description == before and "voter" not in current.embeds[0].footer.text

    for who in (world.alice, world.moderator):  # the creator and a moderator see them, privately
        peek = await who.slash(world.channel, "poll results")
        assert peek.ephemeral and "**Blue** — 1 · 100%" in peek.response.embeds[0].description
        assert "Only you can see this" in peek.response.embeds[0].description
        export = await who.slash(world.channel, "poll export")
        assert export.ephemeral and export.response.attachments
    for command in ("poll results", "poll export"):  # any other member is refused
        refused = await world.bob.slash(world.channel, command)
        assert refused.ephemeral and not refused.response.attachments
        assert "hidden until it closes" in refused.response.content
    public = [m for m in world.channel.history(viewer=world.bob) if not m.flags.ephemeral]
    assert all("1 · 100%" not in (e.description or "") for m in public for e in m.embeds)

    closed = await world.alice.slash(world.channel, "poll close")
    assert not closed.ephemeral and "**Blue** — 1 · 100%" in closed.response.embeds[0].description
    after = await world.bob.slash(world.channel, "poll results")
    assert not after.ephemeral and "**Final results** · 1 voter" in after.response.embeds[0].description


async def test_a_hidden_motion_poll_writes_the_ledger_only_at_the_close(world: World) -> None:
    created = await world.alice.slash(world.channel, "poll quick", motion="2", hide_results=True, minutes=1)
    assert (
        "becomes the voter's stance in the ledger when the poll closes"
        in created.response.embeds[0].description
    )
    voted = await world.bob.click(created.response, label="Disagree")
    assert "as disagree when the poll closes" in receipt(voted).content
    assert await db_rows(world, select(StanceEvent)) == []
    await world.env.advance_time(61)
    events = await db_rows(world, select(StanceEvent))
    assert [(e.user_id, e.value, e.source) for e in events] == [(world.bob.id, -1, "poll")]


async def test_export_of_a_public_poll_lists_who_voted_what(world: World) -> None:
    created = await world.alice.slash(
        world.channel, "poll create", question="Venue?", options="Library; Cafe"
    )
    await world.bob.click(created.response, label="Cafe")
    export = await world.alice.slash(world.channel, "poll export")
    assert export.ephemeral and "one row per vote, with the voter" in export.response.content
    (attachment,) = export.response.attachments
    rows = list(csv.DictReader(io.StringIO((await attachment.read()).decode())))
    assert [(r["option"], r["voter_id"]) for r in rows] == [("Cafe", str(world.bob.id))]
