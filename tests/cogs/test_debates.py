"""/debate end to end in SimCord: a whole timed debate across a restart, and who may do what."""

from __future__ import annotations

import re
from collections.abc import Callable

import discord
from sqlalchemy import select

from bot.app import Roundtable
from bot.models import Debate, DebateArgument, DebateVote, MemberSettings, StanceEvent
from bot.services import positions
from bot.ui.limits import EMBED_TOTAL
from tests.cogs.debate_support import (
    assert_no_raw_ids_in_embeds,
    bot_messages,
    bot_of,
    current,
    custom_ids,
    latest_with,
    only_debate,
)
from tests.conftest import World


def assert_no_pings_and_inside_limits(world: World) -> None:
    for request in world.env.http_requests:
        payload = request.json
        if not isinstance(payload, dict) or not ({"content", "embeds"} & payload.keys()):
            continue
        assert payload.get("allowed_mentions") == {"parse": []}, (request.path, payload)
        assert len(payload.get("content") or "") <= 2000
        embeds = [discord.Embed.from_dict(e) for e in payload.get("embeds") or []]
        assert sum(len(e) for e in embeds) <= EMBED_TOTAL


async def test_a_whole_debate_across_a_restart_is_won_by_the_side_that_moved_the_room(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    env = world.env
    alice, bob = world.alice, world.bob  # the debaters
    audience = [world.member(name) for name in ("carol", "dave", "erin", "frank", "gina")]
    carol, dave, erin, frank, gina = audience

    started = await world.moderator.slash(world.channel, "debate start", motion="1", speech_seconds=60)
    board = started.response
    assert not started.ephemeral
    assert board.embeds[0].title == "Debate: #1 NATO should open a liaison office in Tokyo"
    debate = await only_debate(world)
    assert debate.message_id == board.id
    assert custom_ids(board) == [
        f"roundtable:debate:{debate.id}:join:for",
        f"roundtable:debate:{debate.id}:join:against",
        f"roundtable:debate:{debate.id}:join:audience",
        f"roundtable:debate:{debate.id}:vote:for",
        f"roundtable:debate:{debate.id}:vote:against",
        f"roundtable:debate:{debate.id}:vote:undecided",
    ]

    # Sides: by button and by slash command; the board shows the debaters.
    joined = await alice.click(board, label="Join For")
    assert joined.followups[0].ephemeral and "You debate **For**" in joined.followups[0].content
    await bob.slash(world.channel, "debate join", side="against")
    for member in audience:
        await member.click(board, label="Audience")
    refreshed = await erin.click(board, label="Audience")  # clicking again changes nothing
    fields = {f.name: f.value for f in refreshed.response.embeds[0].fields}
    assert fields["For"] == "alice" and fields["Against"] == "bob"
    assert fields["Audience"] == "5 members"

    # Pre-vote: For 2 of 7 (29%), Against 5 of 7 (71%). Alice changes her mind back: the last counts.
    await alice.click(board, label="Vote Against")
    await alice.click(board, label="Vote For")
    await carol.slash(world.channel, "debate vote", side="for")
    for member in (bob, dave, erin, frank, gina):
        vote = await member.click(board, label="Vote Against")
        answer = vote.followups[0]  # the board is updated in place, the answer is private
        assert answer.ephemeral and "Your pre-vote: **Against**" in answer.content
    fields = {f.name: f.value for f in current(world, alice, board).embeds[0].fields}
    assert fields["Pre-vote: open"] == "7 votes so far. The split is shown when the pre-vote closes."

    # Speech 1 (opening, For: Alice). The first "next" closes the pre-vote.
    first = await world.moderator.slash(world.channel, "debate next")
    assert first.response.embeds[0].title == "Speech 1 of 6: Opening, For"
    assert "alice has the floor" in first.response.embeds[0].description
    closed_board = current(world, alice, board)
    assert closed_board.components == []  # no Join or Vote buttons once the pre-vote closed
    fields = {f.name: f.value for f in closed_board.embeds[0].fields}
    assert fields["Pre-vote: closed, 7 votes"] == "For 2, Against 5, Undecided 0"
    late = await dave.slash(world.channel, "debate vote", side="for")
    assert late.ephemeral and "pre-vote closed" in late.response.content
    argued = await alice.slash(world.channel, "debate argue", text="Security is indivisible.")
    assert not argued.ephemeral and "Security is indivisible." in argued.response.content

    # The timer warns on the speech's own message, then hands the floor to Against.
    posted = len(bot_messages(world, alice))
    await env.advance_time(50)
    assert len(bot_messages(world, alice)) == posted  # the clock is edited, not posted again
    assert "⏳ **0:12 left**" in current(world, alice, first.response).embeds[0].description
    await env.advance_time(11)
    speech2 = latest_with(world, alice, "Argue")
    assert speech2.embeds[0].title == "Speech 2 of 6: Opening, Against"
    over = current(world, alice, first.response)
    assert over.embeds[0].title == "Speech 1 of 6: Opening, For (over)" and over.components == []

    # A restart mid-speech: the buttons and the timers carry on from the database.
    await env.restart_bot(make_bot())
    form = await bob.click(speech2, label="Argue")
    assert form.modal is not None and form.modal["title"] == "Your argument"
    submitted = await bob.submit_modal(form, {"text": "Distance makes the promise hollow."})
    assert "Distance makes the promise hollow." in submitted.response.content
    refused = await carol.click(speech2, label="Argue")
    assert refused.ephemeral and "Only the debaters argue" in refused.response.content
    await env.advance_time(60)
    assert latest_with(world, alice, "Argue").embeds[0].title == "Speech 3 of 6: Rebuttal, For"

    # Pause, let time pass, resume with extra time.
    paused = await world.moderator.slash(world.channel, "debate pause")
    assert paused.ephemeral
    left = re.match(r"⏸️ Paused with 0:(\d\d) left in the rebuttal speech", paused.response.content)
    assert left, paused.response.content
    await env.advance_time(300)
    assert latest_with(world, alice, "Argue").embeds[0].title == "Speech 3 of 6: Rebuttal, For"
    await world.moderator.slash(world.channel, "debate resume")
    extended = await world.moderator.slash(world.channel, "debate extend", seconds=20)
    assert f"1:{int(left.group(1)) + 20 - 60:02d} left" in extended.response.content
    status = await dave.slash(world.channel, "debate status")
    assert status.ephemeral and "Speech 3 of 6" in status.response.embeds[0].description

    # The remaining speeches run out on their own, and the post-vote opens.
    for _ in range(4):
        await env.advance_time(71)
    post = latest_with(world, alice, "Vote For")
    assert post.embeds[0].title == "The speeches are over: the post-vote is open"

    # Post-vote: For 3 of 7 (43%), Against 4 of 7 (57%): For gained 14 points, Against lost 14.
    for member, label in (
        (alice, "Vote For"),
        (carol, "Vote For"),
        (dave, "Vote For"),
        (bob, "Vote Against"),
        (erin, "Vote Against"),
        (frank, "Undecided"),
        (frank, "Vote Against"),
        (gina, "Vote Against"),
    ):
        await member.click(post, label=label)
    async with bot_of(world).db.unit_of_work() as session:  # Dave keeps his stances private
        session.add(
            MemberSettings(guild_id=world.guild.id, user_id=dave.id, private=True, updated_at=env.now())
        )

    closed = await world.moderator.slash(world.channel, "debate close")
    message = closed.response
    summary, arguments = message.embeds
    assert summary.title == "Result: #1 NATO should open a liaison office in Tokyo"
    assert summary.description.startswith(
        "**For wins** by moving the room most: For +14.3 points (29% → 43%)"
    )
    assert (
        "Against has more final votes (57% to 43%), but For gained more, so For wins" in summary.description
    )
    fields = {f.name: f.value for f in summary.fields}
    assert fields["Before (7 votes)"].splitlines()[0] == "For: 29% (2)"
    assert fields["After (7 votes)"].splitlines()[1] == "Against: 57% (4)"
    moved = fields["Who moved"]
    assert moved.splitlines() == [
        "1 member with private stances moved too (1 towards For, 0 towards Against).",
        "6 members voted the same both times.",
    ]
    assert "dave" not in moved
    assert "Scored on the 7 members who voted both before and after." in summary.description
    assert "Too few" not in summary.description
    by_round = {f.name: f.value for f in arguments.fields}
    assert by_round == {
        "Opening": "**For**, alice: Security is indivisible.\n"
        "**Against**, bob: Distance makes the promise hollow.",
        "Rebuttal": "No arguments recorded.",
        "Closing": "No arguments recorded.",
    }
    after_close = current(world, alice, post)
    assert after_close.embeds[0].title == "The post-vote is closed" and after_close.components == []
    assert current(world, alice, board).embeds[0].fields[-1].value == "Closed"
    (chart,) = message.attachments
    assert chart.filename == "debate-result.png"
    assert chart.description and chart.description.startswith("Bar chart of the vote before and after")
    assert "For 29% before, 43% after" in chart.description
    assert chart.description not in message.content  # the alt text belongs to the file only
    assert "Bar chart" not in message.content

    async with bot_of(world).db.unit_of_work() as session:
        stored = (await session.execute(select(Debate))).scalar_one()
        assert stored.phase == "closed" and stored.result is not None
        assert stored.result["winner"] == "for" and stored.result["leader"] == "against"
        votes = (await session.execute(select(DebateVote))).scalars().all()
        assert len(votes) == 14  # one pre and one post vote per member, however often they clicked
        frank_post = next(v for v in votes if v.user_id == frank.id and v.phase == "post")
        assert frank_post.choice == "against"
        events = (await session.execute(select(StanceEvent))).scalars().all()
        assert sorted((e.source, e.value) for e in events if e.user_id == dave.id) == [
            (positions.DEBATE_POST, 1),
            (positions.DEBATE_PRE, -1),
        ]
        assert {e.ref_id for e in events} == {stored.id}
        assert len((await session.execute(select(DebateArgument))).scalars().all()) == 2
    assert_no_pings_and_inside_limits(world)
    assert_no_raw_ids_in_embeds(world)


async def test_members_cannot_run_a_debate(world: World) -> None:
    refused = await world.alice.slash(world.channel, "debate start", motion="1")
    assert refused.ephemeral and refused.response.content.startswith("Only moderators can do that")
    assert bot_messages(world, world.alice) == []

    await world.moderator.slash(world.channel, "debate start", motion="1")
    for command, options in (
        ("debate next", {}),
        ("debate end", {}),
        ("debate close", {}),
        ("debate pause", {}),
        ("debate resume", {}),
        ("debate extend", {"seconds": 30}),
    ):
        result = await world.alice.slash(world.channel, command, **options)
        assert result.ephemeral, command
        assert result.response.content.startswith("Only moderators can do that"), command
    debate = await only_debate(world)
    assert debate.phase == "prevote" and debate.speech_index == -1


async def test_one_debate_per_channel(world: World) -> None:
    await world.moderator.slash(world.channel, "debate start", motion="1")
    again = await world.moderator.slash(world.channel, "debate start", motion="2")
    assert again.ephemeral and "A debate is already running here (on motion #1)" in again.response.content
    elsewhere = world.guild.create_text_channel("second-room")
    other = await world.moderator.slash(elsewhere, "debate start", motion="2")
    assert not other.ephemeral and other.response.embeds[0].title.startswith("Debate: #2")


async def test_without_a_debate_commands_explain_what_to_do(world: World) -> None:
    result = await world.alice.slash(world.channel, "debate vote", side="for")
    assert result.ephemeral and "No debate is running in this channel" in result.response.content


async def test_repeated_clicks_leave_one_vote_and_the_last_counts(world: World) -> None:
    # SimCord runs one operation at a time (overlapping clicks raise a SetupError), so the true
    # race of concurrent clicks is tested on the service: tests/unit/test_debates.py.
    started = await world.moderator.slash(world.channel, "debate start", motion="1")
    board = started.response
    for label in ("Vote For", "Vote Against", "Undecided", "Vote Against"):
        await world.alice.click(board, label=label)
    async with bot_of(world).db.unit_of_work() as session:
        votes = (await session.execute(select(DebateVote))).scalars().all()
    assert [(v.user_id, v.phase, v.choice) for v in votes] == [(world.alice.id, "pre", "against")]


async def test_steelman_debates_put_members_opposite_their_stance(world: World) -> None:
    started = await world.moderator.slash(world.channel, "debate start", motion="1", assign="counter")
    board = started.response
    assert [c.split(":")[-1] for c in custom_ids(board)[:2]] == ["debate", "audience"]
    async with bot_of(world).db.unit_of_work() as session:
        debate = (await session.execute(select(Debate))).scalar_one()
        await positions.record_stance(
            session,
            guild_id=world.guild.id,
            user_id=world.alice.id,
            motion_id=debate.motion_id,
            value=2,
            source=positions.SELF,
            now=world.env.now(),
        )
    joined = await world.alice.click(board, label="Debate (steelman)")
    assert "You debate **Against**" in joined.followups[0].content
    assert "steelman" in joined.followups[0].content
    by_slash = await world.bob.slash(world.channel, "debate join", side="for")
    assert "You debate **For**" in by_slash.response.content  # no stance: balances the sides


async def test_prompt_offers_a_motion_to_talk_over(world: World) -> None:
    result = await world.alice.slash(world.channel, "debate prompt", motion="1")
    embed = result.response.embeds[0]
    assert embed.title == "Talk it over: #1 NATO should open a liaison office in Tokyo"
    fields = {f.name: f.value for f in embed.fields}
    assert fields["In the text, for"] == "Ben Wallace, United Kingdom"
    # Both cases from the text, each ground with its paragraph, so the talk starts from the text.
    assert fields["The case for"].startswith("• Wallace said a Tokyo office 'is in the interest of NATO'")
    assert "(¶8) · France" in fields["The case against"]
    assert "strongest case against" in fields["Questions"]
    random_pick = await world.alice.slash(world.channel, "debate prompt")
    assert random_pick.response.embeds[0].title.startswith("Talk it over: #")
