"""/vote and /map through SimCord: the real bot, the real database."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import simcord
from matplotlib.figure import Figure
from sqlalchemy import select

from bot.app import Roundtable
from bot.models import MemberSettings, Motion, Stance
from bot.ui import map_charts
from bot.ui.map_charts import MapDot, opinion_scatter
from tests.conftest import World
from tests.opinion_map_support import NOW, pack_motions, two_camps, warm_up, write_ledger


@pytest.fixture(autouse=True)
def _warm() -> None:
    warm_up()


def _custom_ids(message: Any) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row["components"]]


def _no_pings(env: simcord.Env) -> None:
    payloads = [r.json.get("data", r.json) for r in env.http_requests if isinstance(r.json, dict)]
    sent = [p for p in payloads if isinstance(p, dict) and ("content" in p or "embeds" in p)]
    assert sent
    for payload in sent:
        assert payload.get("allowed_mentions") == {"parse": []}, payload


async def _motions(bot: Roundtable) -> list[Motion]:
    return await pack_motions(bot.db)


async def _stances(bot: Roundtable, guild_id: int, user_id: int) -> dict[int, tuple[int, str]]:
    async with bot.db.unit_of_work() as s:
        rows = await s.execute(
            select(Stance.motion_id, Stance.value, Stance.source).where(
                Stance.guild_id == guild_id, Stance.user_id == user_id
            )
        )
        return {r.motion_id: (r.value, r.source) for r in rows}


async def _camps(
    world: World, bot: Roundtable, size: int, motions: list[Motion]
) -> list[simcord.MemberActor]:
    """``size`` members split into two camps over the first ten motions: alice and bob are in the
    first half (agreeing with motions 1-5), the last member in the second (rejecting them)."""
    members = [world.alice, world.bob] + [world.member(f"member{i}") for i in range(size - 2)]
    ids = [m.id for m in members]
    await write_ledger(bot.db, world.guild.id, two_camps(ids, [m.id for m in motions[:10]], split=5))
    return members


# ------------------------------------------------------------------------------------- /vote


async def test_vote_deals_motions_one_by_one_and_records_each_answer(
    world: World, simcord_bot: Roundtable
) -> None:
    motions = await _motions(simcord_bot)
    result = await world.alice.slash(world.channel, "vote")
    assert result.ephemeral
    card = result.response
    assert card.embeds[0].title.startswith(f"#1 {motions[0].title[:40]}")
    choices = ("agree", "disagree", "pass")
    assert _custom_ids(card) == [f"roundtable:vote:{motions[0].id}:{c}" for c in choices]
    assert f"0 of {len(motions)}" in card.embeds[0].footer.text

    for label, expected in (("Agree", 1), ("Disagree", -1)):
        before = card.embeds[0].title
        clicked = await world.alice.click(card, label=label)
        card = clicked.response
        assert card.ephemeral and card.embeds[0].title != before
        number = len(await _stances(simcord_bot, world.guild.id, world.alice.id))
        assert card.embeds[0].title.startswith(f"#{number + 1} ")
        stance = (await _stances(simcord_bot, world.guild.id, world.alice.id))[motions[number - 1].id]
        assert stance == (expected, "vote")
    # Pass records nothing (no named "undecided" stance) and deals the next motion (issue 15).
    card = (await world.alice.click(card, label="Pass")).response
    assert card.embeds[0].title.startswith("#4 ")
    stances = await _stances(simcord_bot, world.guild.id, world.alice.id)
    assert motions[2].id not in stances and len(stances) == 2
    card = (await world.alice.click(card, label="Agree")).response
    assert card.embeds[0].title.startswith("#5 ")
    assert f"3 of {len(motions)}" in card.embeds[0].footer.text
    # Bob's deck is his own: he starts at motion 1.
    bobs = await world.bob.slash(world.channel, "vote")
    assert bobs.response.embeds[0].title.startswith("#1 ")
    _no_pings(world.env)


async def test_the_last_answer_ends_the_deck_with_a_pointer_to_the_map(
    world: World, simcord_bot: Roundtable
) -> None:
    motions = await _motions(simcord_bot)
    await write_ledger(simcord_bot.db, world.guild.id, {world.alice.id: {m.id: 1 for m in motions[:-1]}})
    card = (await world.alice.slash(world.channel, "vote")).response
    assert card.embeds[0].title.startswith(f"#{motions[-1].number} ")
    done = (await world.alice.click(card, label="Disagree")).response
    assert done.content.startswith("You've answered every motion")
    assert "/map group" in done.content and "/map me" in done.content
    assert done.embeds == [] and done.components == []
    again = await world.alice.slash(world.channel, "vote")
    assert again.ephemeral and again.response.content.startswith("You've answered every motion")


async def test_passing_the_last_open_motion_says_it_stays_open(world: World, simcord_bot: Roundtable) -> None:
    motions = await _motions(simcord_bot)
    await write_ledger(simcord_bot.db, world.guild.id, {world.alice.id: {m.id: 1 for m in motions[:-1]}})
    card = (await world.alice.slash(world.channel, "vote")).response
    ended = (await world.alice.click(card, label="Pass")).response
    assert ended.content.startswith("That was the last card. You passed 1 motion: nothing was recorded")
    assert ended.components == []
    again = await world.alice.slash(world.channel, "vote")
    assert again.response.embeds[0].title.startswith(f"#{motions[-1].number} ")


async def test_vote_buttons_keep_working_after_a_restart(world: World, make_bot: Any) -> None:
    card = (await world.alice.slash(world.channel, "vote")).response
    new_bot = make_bot()
    await world.env.restart_bot(new_bot)
    clicked = await world.alice.click(card, label="Agree")
    assert clicked.response.embeds[0].title.startswith("#2 ")
    motions = await _motions(new_bot)
    assert (await _stances(new_bot, world.guild.id, world.alice.id)) == {motions[0].id: (1, "vote")}


# -------------------------------------------------------------------------------------- /map


async def test_map_below_the_thresholds_says_how_many_votes_are_missing(
    world: World, simcord_bot: Roundtable
) -> None:
    motions = await _motions(simcord_bot)
    await write_ledger(
        simcord_bot.db,
        world.guild.id,
        {world.alice.id: {m.id: 1 for m in motions[:7]}, world.bob.id: {m.id: -1 for m in motions[:3]}},
    )
    result = await world.moderator.slash(world.channel, "map group")
    message = result.followups[0] if result.followups else result.response
    assert not message.ephemeral
    assert message.content.startswith("**Not enough votes for an opinion map yet.**")
    assert "1 has so far, so 6 more are needed" in message.content
    assert "The member closest to qualifying needs 4 more votes." in message.content
    assert "5 more members need to start voting" in message.content
    assert "at least **39 more votes**" in message.content
    assert message.attachments == []

    mine = await world.bob.slash(world.channel, "map me")
    assert mine.ephemeral
    assert "You have answered 3 of them." in (mine.followups or [mine.response])[0].content


async def test_a_shortfall_of_one_says_one_vote_and_one_member(world: World, simcord_bot: Roundtable) -> None:
    motions = await _motions(simcord_bot)
    members = [world.member(f"m{i}") for i in range(6)]
    ledger = {m.id: {motion.id: 1 for motion in motions[:7]} for m in members[:5]}
    ledger[members[5].id] = {motion.id: 1 for motion in motions[:6]}  # one vote short
    await write_ledger(simcord_bot.db, world.guild.id, ledger)
    # 1-11 holds ten motions: #10 was merged into #9 and retired.
    result = await world.moderator.slash(world.channel, "map group", motions="1-11")
    text = (result.followups[0] if result.followups else result.response).content
    assert "5 have so far, so 2 more are needed" in text
    assert "The member closest to qualifying needs 1 more vote." in text
    assert "1 more member needs to start voting (7 votes each)." in text
    assert "at least **8 more votes**" in text
    assert "of these 10 motions" in text

    newcomer = world.member("m6")
    await write_ledger(
        simcord_bot.db, world.guild.id, {newcomer.id: {motion.id: -1 for motion in motions[:7]}}
    )
    result = await world.moderator.slash(world.channel, "map group", motions="1-10")
    text = (result.followups[0] if result.followups else result.response).content
    assert "6 have so far, so 1 more is needed" in text
    assert "That is at least **1 more vote**." in text


async def test_map_draws_the_groups_with_an_image_and_what_each_believes(
    world: World, simcord_bot: Roundtable, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[list[MapDot]] = []
    figures: list[Figure] = []
    real = opinion_scatter

    def spy(title: str, dots: list[MapDot], labels: list[str]) -> Any:
        drawn.append(dots)
        figures.append(real(title, dots, labels))
        return figures[-1]

    # The chart is drawn by bot/ui/map_charts.py's map_chart, shared by both front ends.
    monkeypatch.setattr(map_charts, "opinion_scatter", spy)
    motions = await _motions(simcord_bot)
    members = await _camps(world, simcord_bot, 14, motions)
    async with simcord_bot.db.unit_of_work() as s:
        s.add(MemberSettings(guild_id=world.guild.id, user_id=world.bob.id, private=True, updated_at=NOW))

    result = await world.moderator.slash(world.channel, "map group", motions="1-11")  # ten motions

    message = result.response
    assert not message.ephemeral
    [image] = message.attachments
    assert image.filename == "opinion-map.png" and image.content_type == "image/png"
    assert image.description.startswith("Scatter plot of 14 members in 2 opinion groups")
    embed = message.embeds[0]
    assert embed.title == "Opinion map: 14 members, 2 groups, 10 motions"
    assert embed.image.url == "attachment://opinion-map.png"
    # How distinct the groups are, in words; the silhouette score only in the footer.
    assert "**How distinct the groups are:** Very distinct" in embed.description
    assert "silhouette" not in embed.description.lower()
    assert embed.footer.text.startswith("Silhouette score 1.00 (from -1 to 1")
    # The alt text is the image's description only, not repeated in the message.
    assert "Scatter plot" not in json.dumps(embed.to_dict()) and not message.content
    assert "two groups is the most the data supports" not in embed.description  # 14 members
    fields = {f.name: f.value for f in embed.fields}
    assert set(fields) == {
        "Group A · 7 members",
        "Group B · 7 members",
        "Shared by every group",
        "Most divisive",
    }
    groups = [fields["Group A · 7 members"], fields["Group B · 7 members"]]
    assert sorted(v.count("**agree**") for v in groups) == [0, 5]
    assert sorted(v.count("**disagree**") for v in groups) == [0, 5]
    for motion in motions[:5]:
        assert all(f"#{motion.number} " in v for v in groups)
        assert f"#{motion.number} " not in fields["Shared by every group"]
    for motion in motions[5:10]:
        assert f"#{motion.number} " in fields["Shared by every group"]
    assert "100% here (7 of 7) vs 0% of the others" in groups[0]
    assert any(f"#{m.number} " in fields["Most divisive"] for m in motions[:5])
    assert len(embed) <= 6000 and all(len(v) <= 1024 for v in fields.values())
    # Private members are drawn but never named.
    [dots] = drawn
    assert len(dots) == len(members)
    names = {d.name for d in dots}
    assert "alice" in names and "bob" not in names and None in names
    # Each camp voted identically, so its members sit on one spot: one label lists them there,
    # instead of thirteen names printed over one another.
    [figure] = figures
    labels = sorted(" ".join(t.get_text().split()) for t in figure.axes[0].texts)
    assert labels == [
        "alice, member0, member1, member2, member3, member4",
        "member5, member6, member7, member8, member9 and 2 more",
    ]
    _no_pings(world.env)


async def test_small_groups_are_told_two_groups_is_the_most_the_data_supports(
    world: World, simcord_bot: Roundtable
) -> None:
    motions = await _motions(simcord_bot)
    await _camps(world, simcord_bot, 8, motions)
    result = await world.alice.slash(world.channel, "map group")
    embed = result.response.embeds[0]
    # The map is drawn from the ten motions anyone voted on, not every motion of the set.
    assert embed.title == "Opinion map: 8 members, 2 groups, 10 motions"
    assert (
        f"the other {len(motions) - 10} motions of the {len(motions)} chosen have no votes"
        in embed.description
    )
    assert "two groups is the most the data supports" in embed.description
    assert len(result.response.attachments) == 1


async def test_map_me_says_which_group_and_what_it_believes(world: World, simcord_bot: Roundtable) -> None:
    motions = await _motions(simcord_bot)
    members = await _camps(world, simcord_bot, 12, motions)

    result = await world.alice.slash(world.channel, "map me", motions="1-10")
    assert result.ephemeral
    message = result.response
    embed = message.embeds[0]
    assert re.fullmatch(r"You're in group [AB] \(6 members; 6 in the other group\)", embed.title)
    fields = {f.name: f.value for f in embed.fields}
    believes = next(v for k, v in fields.items() if k.startswith("What group"))
    # Alice's camp agrees with the five split motions; the other camp rejects them.
    assert believes.count("**agree**") == 5 and "**disagree**" not in believes
    assert "Shared by every group" in fields and "Where the groups split most" in fields
    assert "two groups is the most the data supports" not in embed.description  # 12 placed: up to 3
    assert len(message.attachments) == 1
    assert embed.footer.text.startswith("You are circled on the map. Silhouette score")
    [image] = message.attachments
    assert image.description.startswith("Scatter plot") and "Scatter plot" not in json.dumps(embed.to_dict())

    other = (await members[-1].slash(world.channel, "map me", motions="1-10")).response.embeds[0]
    assert other.title != embed.title  # the other camp
    assert "**disagree**" in next(v.value for v in other.fields if v.name.startswith("What group"))


async def test_map_me_explains_why_a_member_is_not_placed(world: World, simcord_bot: Roundtable) -> None:
    motions = await _motions(simcord_bot)
    members = [world.member(f"m{i}") for i in range(16)]
    await write_ledger(
        simcord_bot.db,
        world.guild.id,
        two_camps([m.id for m in members], [m.id for m in motions[:10]], split=5),
    )
    await write_ledger(simcord_bot.db, world.guild.id, {world.alice.id: {motions[0].id: 1}})
    result = await world.alice.slash(world.channel, "map me", motions="1-11")  # ten motions (#10 retired)
    embed = result.response.embeds[0]
    assert result.ephemeral
    assert embed.title == "You're not on the map yet"
    assert "You've answered 1 of these 10 motions; you're placed once you've answered 7." in embed.description
    assert result.response.attachments == []


async def test_a_bad_motion_set_is_a_private_error_before_any_work(world: World) -> None:
    result = await world.alice.slash(world.channel, "map group", motions="1,99")
    assert result.ephemeral and not result.deferred
    assert result.response.content == "There is no motion #99. /motions lists them."
