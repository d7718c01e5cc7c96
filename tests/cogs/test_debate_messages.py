"""Issue 15: every message of a debate shows the current state or is closed, tallies stay hidden
while a vote is open, one live clock per speech, and ending from the pre-vote asks first."""

from __future__ import annotations

from collections.abc import Callable

from bot.app import Roundtable
from tests.cogs.debate_support import bot_messages, current, only_debate, two_debaters
from tests.conftest import World


def _fields(message: object) -> dict[str, str]:
    return {f.name: f.value for f in message.embeds[0].fields}  # type: ignore[attr-defined]


async def test_the_board_counts_update_from_slash_commands_and_after_a_restart(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    board = await two_debaters(world)
    carol = world.member("carol")
    await carol.slash(world.channel, "debate join", side="audience")
    await world.alice.slash(world.channel, "debate vote", side="for")
    fields = _fields(current(world, carol, board))
    assert fields["Audience"] == "1 member"
    assert fields["Pre-vote: open"] == "1 vote so far. The split is shown when the pre-vote closes."
    assert "For 1" not in str(fields)  # the count, never the split, while the vote is open

    await world.env.restart_bot(make_bot())
    await carol.slash(world.channel, "debate vote", side="against")
    assert _fields(current(world, carol, board))["Pre-vote: open"].startswith("2 votes so far.")


async def test_status_hides_each_tally_until_its_vote_closes(world: World) -> None:
    await two_debaters(world)
    await world.alice.slash(world.channel, "debate vote", side="for")
    await world.bob.slash(world.channel, "debate vote", side="against")
    during = await world.bob.slash(world.channel, "debate status")
    fields = _fields(during.response)
    assert fields["Pre-vote"] == "2 votes; the split is shown when it closes"
    assert "For 1" not in str(fields) and "Against 1" not in str(fields)

    await world.moderator.slash(world.channel, "debate next")
    after = _fields((await world.bob.slash(world.channel, "debate status")).response)
    assert after["Pre-vote (2 votes)"] == "For 1, Against 1, Undecided 0"

    await world.moderator.slash(world.channel, "debate end")
    await world.alice.slash(world.channel, "debate vote", side="against")
    post = _fields((await world.bob.slash(world.channel, "debate status")).response)
    assert post["Post-vote"] == "1 vote; counted when a moderator closes it"
    assert "Against 1" not in post["Post-vote"]


async def test_one_live_clock_per_speech_edited_on_pause_resume_and_extend(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    await two_debaters(world, speech_seconds=60)
    env = world.env
    speech = (await world.moderator.slash(world.channel, "debate next")).response
    first_ends = speech.embeds[0].description
    assert "ends <t:" in first_ends
    posted = len(bot_messages(world, world.alice))

    await env.advance_time(10)
    paused = await world.moderator.slash(world.channel, "debate pause")
    assert paused.ephemeral  # the moderator is told privately; the channel sees the clock change
    shown = current(world, world.alice, speech).embeds[0].description
    assert shown.startswith("⏸️ **Paused** with 0:50 left.") and "ends <t:" not in shown

    await env.advance_time(100)
    await env.restart_bot(make_bot())  # the clock's message id is in the database
    await world.moderator.slash(world.channel, "debate resume")
    resumed = current(world, world.alice, speech).embeds[0].description
    assert "0:50 on the clock, ends <t:" in resumed and resumed != first_ends

    await world.moderator.slash(world.channel, "debate extend", seconds=20)
    extended = current(world, world.alice, speech).embeds[0].description
    assert "1:10 on the clock, ends <t:" in extended and extended != resumed

    await env.advance_time(58)  # the warning comes 12 s before the end: on the same message
    assert "⏳ **0:12 left**" in current(world, world.alice, speech).embeds[0].description
    assert len(bot_messages(world, world.alice)) == posted  # nothing new was posted for speech 1


async def test_the_warning_fires_right_after_resuming_a_speech_that_was_nearly_over(world: World) -> None:
    await two_debaters(world, speech_seconds=60)
    env = world.env
    speech = (await world.moderator.slash(world.channel, "debate next")).response
    await env.advance_time(50)  # warned at 48 s
    await world.moderator.slash(world.channel, "debate pause")
    assert "⏳" not in current(world, world.alice, speech).embeds[0].description
    await env.advance_time(30)
    await world.moderator.slash(world.channel, "debate resume")  # 10 s left, under the warning's 12
    await env.advance_time(1)
    assert "⏳ **0:10 left**" in current(world, world.alice, speech).embeds[0].description


async def test_ending_from_the_pre_vote_asks_the_moderator_first(world: World) -> None:
    await two_debaters(world)
    asked = await world.moderator.slash(world.channel, "debate end")
    assert asked.ephemeral and "skips **every** speech" in asked.response.content
    assert (await only_debate(world)).phase == "prevote"  # nothing happens before the press

    cancelled = await world.moderator.click(asked.response, label="Cancel")
    assert cancelled.response.content == "Cancelled: nothing changed."
    assert (await only_debate(world)).phase == "prevote"

    again = await world.moderator.slash(world.channel, "debate end")
    # The question is private to the moderator who asked; its buttons check a moderator anyway.
    assert again.ephemeral

    done = await world.moderator.click(again.response, label="Skip every speech")
    assert done.response.content == "Every speech skipped: the post-vote is open."
    debate = await only_debate(world)
    assert debate.phase == "postvote" and debate.postvote_message_id is not None
    post = current(
        world,
        world.alice,
        next(m for m in bot_messages(world, world.alice) if m.id == debate.postvote_message_id),
    )
    assert post.embeds[0].title == "The speeches are over: the post-vote is open"


async def test_the_skip_every_speech_question_holds_across_a_restart(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    await two_debaters(world)
    asked = await world.moderator.slash(world.channel, "debate end")
    await world.env.restart_bot(make_bot())  # the buttons name the debate: nothing in memory

    done = await world.moderator.click(asked.response, label="Skip every speech")
    assert done.response.content == "Every speech skipped: the post-vote is open."
    assert done.response.components == []  # answered: the question shows no buttons any more
    assert (await only_debate(world)).phase == "postvote"
