"""/stance set, history, summary and privacy through the real bot on SimCord."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.models import Debate, Motion, Stance, StanceEvent
from bot.services import positions
from tests.cogs.positions_cog_support import assert_no_pings_and_within_limits, buttons, text_of
from tests.conftest import World


async def _motion_id(world: World, number: int) -> int:
    async with world.env.bot.db.unit_of_work() as s:
        return (
            await s.execute(select(Motion.id).where(Motion.number == number, Motion.guild_id.is_(None)))
        ).scalar_one()


async def test_set_records_every_change_and_history_marks_the_shifts(world: World) -> None:
    first = await world.alice.slash(world.channel, "stance set", motion="3", stance="undecided")
    assert first.ephemeral and "• **undecided**" in first.response.content
    second = await world.alice.slash(
        world.channel, "stance set", motion="#3", stance="agree", reason="¶5: they keep showing up"
    )
    assert "↗ undecided → **agree**" in second.response.content
    await world.alice.slash(
        world.channel, "stance set", motion="liaison office Tokyo", stance="strongly disagree"
    )

    history = await world.alice.slash(world.channel, "stance history")
    assert history.ephemeral  # always private, even for a public member (issue 15)
    text = text_of(history.response)
    assert f"<@{world.alice.id}>'s stances" in text
    assert "↗ undecided → **agree**" in text and "¶5: they keep showing up" in text
    assert "• **strongly disagree**" in text and "**#1**" in text
    assert "3 stances · 1 change of mind" in text

    only_3 = await world.bob.slash(world.channel, "stance history", member=world.alice, motion="3")
    assert "**#1**" not in text_of(only_3.response) and "2 stances" in text_of(only_3.response)
    assert only_3.ephemeral  # someone else's history, reasons included, is not shown to the channel

    motion_id = await _motion_id(world, 3)
    async with world.env.bot.db.unit_of_work() as s:
        events = (
            (await s.execute(select(StanceEvent).where(StanceEvent.motion_id == motion_id))).scalars().all()
        )
        current = await s.get(Stance, (world.guild.id, world.alice.id, motion_id))
    assert [(e.value, e.source, e.user_id) for e in events] == [
        (0, "self", world.alice.id),
        (1, "self", world.alice.id),
    ]
    assert current is not None and current.value == 1
    assert_no_pings_and_within_limits(world.env)


async def test_a_private_member_is_hidden_from_others_but_counted(world: World) -> None:
    await world.alice.slash(world.channel, "stance set", motion="3", stance="agree")
    await world.bob.slash(world.channel, "stance set", motion="3", stance="disagree")
    result = await world.alice.slash(world.channel, "stance privacy", visibility="private")
    assert result.ephemeral and "private" in result.response.content

    refused = await world.bob.slash(world.channel, "stance history", member=world.alice)
    assert refused.ephemeral and "private" in refused.response.content
    assert "agree" not in refused.response.content

    own = await world.alice.slash(world.channel, "stance history")
    assert own.ephemeral  # her own view of private stances stays private
    assert "**agree**" in text_of(own.response) and "only you can see this" in text_of(own.response)

    summary = await world.bob.slash(world.channel, "stance summary", motion="3")
    text = text_of(summary.response)
    assert "**2** members hold" in text
    assert "**agree** — 1 (50%): 1 private" in text
    assert f"<@{world.bob.id}>" in text and f"<@{world.alice.id}>" not in text
    assert str(world.alice.id) not in summary.response.content

    await world.alice.slash(world.channel, "stance privacy", visibility="public")
    shown = await world.bob.slash(world.channel, "stance history", member=world.alice)
    assert shown.ephemeral and "**agree**" in text_of(shown.response)  # public, but shown privately


async def test_summary_has_a_chart_with_alt_text_and_the_shift_since_a_date(world: World) -> None:
    # Earlier stances (before the simulated "now", 2026-01-01), written through the ledger service.
    motion_id = await _motion_id(world, 1)
    async with world.env.bot.db.unit_of_work() as s:
        for member, value in ((world.alice, 0), (world.bob, -1)):
            await positions.record_stance(
                s,
                guild_id=world.guild.id,
                user_id=member.id,
                motion_id=motion_id,
                value=value,
                source=positions.SELF,
                now=datetime(2025, 12, 20, tzinfo=UTC),
            )
    await world.alice.slash(world.channel, "stance set", motion="1", stance="strongly agree")
    carol = world.member("carol")
    await carol.slash(world.channel, "stance set", motion="1", stance="agree")

    result = await world.moderator.slash(world.channel, "stance summary", motion="1", since="2025-12-31")
    message = result.response
    assert not message.ephemeral
    [chart] = message.attachments
    assert chart.filename == "stances.png" and chart.description
    assert chart.description.startswith("Bar chart of 3 members' stances on #1")
    assert not message.content  # the alt text is the file's description, not repeated
    png = await chart.read()
    assert png.startswith(b"\x89PNG")
    text = text_of(message)
    assert "Net shift since the date you chose" in text
    # then: 1 undecided, 1 disagree (balance -50); now: 2 agree-ish, 1 disagree (balance +33)
    assert "**+83 points towards agree**" in text
    assert "1 moved towards agree, 0 towards disagree, 1 unchanged, 1 new" in text
    assert message.embeds[0].image.url == "attachment://stances.png"

    bad = await world.alice.slash(world.channel, "stance summary", motion="1", since="yesterday")
    assert bad.ephemeral and "YYYY-MM-DD" in bad.response.content
    future = await world.alice.slash(world.channel, "stance summary", motion="1", since="2030-01-01")
    assert future.ephemeral and "future" in future.response.content
    assert_no_pings_and_within_limits(world.env)


async def test_summary_of_a_motion_nobody_took_a_stance_on_says_so(world: World) -> None:
    result = await world.alice.slash(world.channel, "stance summary", motion="2")
    assert "Nobody has taken a stance" in result.response.content
    assert result.response.attachments == []


async def test_unknown_motion_and_bad_reason_are_friendly_errors(world: World) -> None:
    missing = await world.alice.slash(world.channel, "stance set", motion="#999", stance="agree")
    assert missing.ephemeral and "no motion #999" in missing.response.content
    words = await world.alice.slash(world.channel, "stance set", motion="zzqx wobble", stance="agree")
    assert words.ephemeral and "No motion matches" in words.response.content


async def test_long_histories_page_with_buttons_that_survive_a_restart(world: World, make_bot) -> None:  # type: ignore[no-untyped-def]
    for i in range(23):
        await world.alice.slash(
            world.channel, "stance set", motion=str(1 + i % 4), stance=("agree", "disagree")[i % 2]
        )
    history = await world.bob.slash(world.channel, "stance history", member=world.alice)
    assert "Page 1/3" in text_of(history.response)
    prev, nxt = buttons(history.response)
    assert prev["disabled"] and not nxt.get("disabled")

    await world.env.restart_bot(make_bot())
    clicked = await world.bob.click(history.response, label="Older ▶")
    assert clicked.acknowledged
    [edited] = [m for m in world.channel.history(viewer=world.bob) if m.id == history.response.id]
    assert "Page 2/3" in text_of(edited) and "23 stances" in text_of(edited)
    prev, nxt = buttons(edited)
    assert not prev.get("disabled") and not nxt.get("disabled")


async def test_summary_right_after_a_debate_shows_who_moved_in_it(world: World) -> None:
    carol, dave = world.member("carol"), world.member("dave")
    await carol.slash(world.channel, "stance set", motion="1", stance="disagree")
    await dave.slash(world.channel, "stance set", motion="1", stance="disagree")
    await world.env.advance_time(60)
    await world.moderator.slash(world.channel, "debate start", motion="1", speech_seconds=60)
    await world.alice.slash(world.channel, "debate join", side="for")
    await world.bob.slash(world.channel, "debate join", side="against")
    await carol.slash(world.channel, "debate vote", side="for")
    await world.moderator.slash(world.channel, "debate next")  # closes the pre-vote: into the ledger
    async with world.env.bot.db.unit_of_work() as s:
        [debate_id] = (await s.execute(select(Debate.id))).scalars().all()

    summary = await dave.slash(world.channel, "stance summary", motion="1")
    text = text_of(summary.followups[0] if summary.followups else summary.response)
    assert f"Net shift since before debate {debate_id}" in text
    assert "no net movement" not in text
    assert "1 moved towards agree, 0 towards disagree, 1 unchanged, 0 new" in text

    by_number = await dave.slash(world.channel, "stance summary", motion="1", since=f"#{debate_id}")
    assert f"Net shift since before debate {debate_id}" in text_of(
        by_number.followups[0] if by_number.followups else by_number.response
    )
    missing = await dave.slash(world.channel, "stance summary", motion="1", since="999")
    assert missing.ephemeral and "no debate 999" in missing.response.content


async def test_one_members_stance_is_counted_in_the_singular(world: World) -> None:
    await world.alice.slash(world.channel, "stance set", motion="2", stance="agree")
    result = await world.bob.slash(world.channel, "stance summary", motion="2")
    [chart] = result.response.attachments
    assert chart.description.startswith("Bar chart of 1 member's stance on #2")
