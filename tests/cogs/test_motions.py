"""/motions, /motion show|add|pending|approve|reject through the real bot."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.models import Motion
from bot.packs import load_pack
from tests.cogs.positions_cog_support import assert_no_pings_and_within_limits, buttons, text_of
from tests.conftest import PACKS, World


async def test_motions_are_paginated_and_the_buttons_survive_a_restart(world: World, make_bot) -> None:  # type: ignore[no-untyped-def]
    listed = await world.alice.slash(world.channel, "motions")
    text = text_of(listed.response)
    assert "**#1** NATO should open a liaison office in Tokyo · ¶6, ¶7, ¶8" in text
    # 29 motions: 10 and 12 were merged into 9, and 29 into 28 (their numbers are retired).
    assert "**#13**" not in text and "Page 1/3 · 29 motions" in text
    await world.env.restart_bot(make_bot())
    # Bob's Next gives him his own copy at page 2; everyone still sees page 1 (issue 15).
    pressed = await world.bob.click(listed.response, label="Next ▶")
    [own] = pressed.followups or [pressed.response]
    assert own.ephemeral and "**#13**" in text_of(own) and "Page 2/3" in text_of(own)
    [shared] = [m for m in world.channel.history(viewer=world.alice) if m.id == listed.response.id]
    assert "Page 1/3" in text_of(shared)
    # His copy pages in place.
    await world.bob.click(own, label="Next ▶")
    [moved] = [m for m in world.channel.history(viewer=world.bob) if m.id == own.id]
    assert "Page 3/3" in text_of(moved) and "**#23**" in text_of(moved)
    too_far = await world.alice.slash(world.channel, "motions", page=4)
    assert too_far.ephemeral and "There are 3 pages of motions" in too_far.response.content
    last = await world.alice.slash(world.channel, "motions", page=3)
    assert "**#32**" in text_of(last.response)
    assert buttons(last.response)[1]["disabled"]
    assert_no_pings_and_within_limits(world.env)


async def test_show_gives_context_sides_and_the_group(world: World) -> None:
    await world.alice.slash(world.channel, "stance set", motion="1", stance="agree")
    shown = await world.bob.slash(world.channel, "motion show", motion="#1")
    text = text_of(shown.response)
    assert "#1 NATO should open a liaison office in Tokyo" in text
    assert "The case for\n• Wallace said a Tokyo office 'is in the interest of NATO'" in text
    assert "(¶7) · Ben Wallace, United Kingdom" in text
    assert "The case against\n• China objects" in text and "(¶8) · France" in text
    assert "1 stance: 0 strongly agree, 1 agree" in text


async def test_show_gives_both_cases_for_every_pack_motion(world: World) -> None:
    numbers = [m.number for m in load_pack(PACKS / "nato-in-asia").motions]
    assert len(numbers) == 29
    for number in numbers:
        shown = await world.bob.slash(world.channel, "motion show", motion=str(number))
        assert not shown.ephemeral, number
        fields = {f.name: f.value for f in shown.response.embeds[0].fields}
        for side in ("The case for", "The case against"):
            grounds = [line for line in fields[side].splitlines() if line.startswith("• ")]
            assert grounds and all(re.search(r"\(¶\d+(, ¶\d+)*\)", g) for g in grounds), (number, side)
    assert_no_pings_and_within_limits(world.env)


async def test_motion_autocomplete_by_number_and_words(world: World) -> None:
    by_words = await world.alice.autocomplete(world.channel, "motion show", "motion", "tokyo office")
    assert by_words[0]["value"] == "1"
    by_number = await world.alice.autocomplete(world.channel, "stance set", "motion", "#3")
    assert [c["value"] for c in by_number] == ["3", "30", "31", "32"]  # numbers starting with 3


async def test_a_member_proposes_and_a_moderator_approves(world: World) -> None:
    proposed = await world.alice.slash(
        world.channel, "motion add", text="NATO should open an office in Seoul"
    )
    assert "Proposed motion **#33**" in proposed.response.content
    not_yet = await world.bob.slash(world.channel, "stance set", motion="33", stance="agree")
    assert not_yet.ephemeral and "#33 is waiting for a moderator's approval" in not_yet.response.content

    pending = await world.moderator.slash(world.channel, "motion pending")
    assert f"**#33** NATO should open an office in Seoul · by <@{world.alice.id}>" in text_of(
        pending.response
    )
    choices = await world.moderator.autocomplete(world.channel, "motion approve", "motion", "seoul")
    assert [c["value"] for c in choices] == ["33"]

    refused = await world.bob.slash(world.channel, "motion approve", motion="33")
    assert refused.ephemeral and "Only moderators" in refused.response.content
    approved = await world.moderator.slash(world.channel, "motion approve", motion="33")
    assert "Approved motion **#33**" in approved.response.content
    taken = await world.bob.slash(world.channel, "stance set", motion="Seoul office", stance="agree")
    assert "#33 NATO should open an office in Seoul" in taken.response.content

    await world.bob.slash(world.channel, "motion add", text="The G7 should invite the AP4 every year")
    rejected = await world.moderator.slash(world.channel, "motion reject", motion="#34")
    assert "Rejected motion **#34**" in rejected.response.content
    async with world.env.bot.db.unit_of_work() as s:
        rows = (await s.execute(select(Motion).where(Motion.guild_id == world.guild.id))).scalars().all()
    assert sorted((m.number, m.status, m.proposed_by) for m in rows) == [
        (33, "approved", world.alice.id),
        (34, "rejected", world.bob.id),
    ]


async def test_guild_setting_lets_members_add_directly_and_duplicates_are_refused(world: World) -> None:
    await world.moderator.slash(world.channel, "config member-motions", allow=True)
    added = await world.alice.slash(world.channel, "motion add", text="Japan should join AUKUS pillar two")
    assert "Added motion **#33**" in added.response.content
    dup = await world.bob.slash(
        world.channel, "motion add", text="NATO should open a liaison office in Tokyo"
    )
    assert dup.ephemeral and "already motion #1" in dup.response.content


async def test_another_guild_does_not_see_our_motions(world: World) -> None:
    await world.moderator.slash(world.channel, "motion add", text="NATO should open an office in Seoul")
    other = world.env.create_guild("Other Group")
    channel = other.create_text_channel("general")
    stranger = other.add_member(world.env.create_user("stranger"))
    result = await stranger.slash(channel, "motion show", motion="33")
    assert result.ephemeral and "no motion #33" in result.response.content
    listed = await stranger.slash(channel, "motions", page=4)
    assert "Seoul" not in text_of(listed.response)


async def test_a_rejection_is_private_and_the_proposer_gets_the_reason(world: World) -> None:
    await world.bob.slash(world.channel, "motion add", text="The G7 should invite the AP4 every year")
    rejected = await world.moderator.slash(
        world.channel, "motion reject", motion="33", reason="The column never mentions the G7."
    )
    assert rejected.ephemeral and "Rejected motion **#33**" in rejected.response.content
    assert "told <@" in rejected.response.content
    public = [m for m in world.channel.history() if "Rejected" in (m.content or "")]
    assert public == []
    [told] = [m for m in world.bob.user.dm_channel.history() if "#33" in (m.content or "")]
    assert "did not approve your motion **#33**" in told.content
    assert "Their reason: The column never mentions the G7." in told.content
