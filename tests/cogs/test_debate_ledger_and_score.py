"""Issue 15: debate votes keep the strength of a stance, and only members who voted both times are scored."""

from __future__ import annotations

from sqlalchemy import select

from bot.models import Stance, StanceEvent
from tests.cogs.debate_support import bot_of, only_debate, two_debaters
from tests.conftest import World


async def _run_to_close(world: World, pre: dict[str, str], post: dict[str, str]) -> object:
    board = await two_debaters(world)
    del board
    members = {"alice": world.alice, "bob": world.bob}
    for name, side in pre.items():
        await members.setdefault(name, world.member(name)).slash(world.channel, "debate vote", side=side)
    await world.moderator.slash(world.channel, "debate next")
    await world.moderator.slash(world.channel, "debate end")
    for name, side in post.items():
        await members.setdefault(name, world.member(name)).slash(world.channel, "debate vote", side=side)
    return await world.moderator.slash(world.channel, "debate close")


async def test_a_vote_on_the_side_a_member_holds_keeps_its_strength_and_is_no_change_of_mind(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "stance set", motion="1", stance="strongly agree")
    await world.bob.slash(world.channel, "stance set", motion="1", stance="strongly disagree")
    await _run_to_close(world, {"alice": "for", "bob": "undecided"}, {"alice": "for", "bob": "against"})

    debate = await only_debate(world)
    async with bot_of(world).db.unit_of_work() as session:
        alice = await session.get(Stance, (world.guild.id, world.alice.id, debate.motion_id))
        bob = await session.get(Stance, (world.guild.id, world.bob.id, debate.motion_id))
        events = (
            await session.execute(select(StanceEvent.user_id, StanceEvent.value).order_by(StanceEvent.id))
        ).all()
    assert alice is not None and alice.value == 2  # still strongly agree
    # Bob went undecided (a real change) and then back to Against: plain disagree, not his old strength.
    assert bob is not None and bob.value == -1
    assert [v for u, v in events if u == world.alice.id] == [2, 2, 2]

    history = await world.alice.slash(world.channel, "stance history")
    (embed,) = history.response.embeds
    assert embed.footer.text is not None and embed.footer.text.endswith("3 stances · 0 changes of mind")
    assert "→ **agree**" not in (embed.description or "")


async def test_the_winner_is_decided_only_by_members_who_voted_both_times(world: World) -> None:
    # Pre-vote: For 1 (Alice), Against 1 (Bob). Post-vote: only Alice, For again.
    closed = await _run_to_close(world, {"alice": "for", "bob": "against"}, {"alice": "for"})
    summary = closed.response.embeds[0]  # type: ignore[attr-defined]
    assert "For wins" not in summary.description
    assert summary.description.startswith("**A tie**: both sides moved the room equally. For +0.0 points")
    assert "Scored on the 1 member who voted both before and after." in summary.description
    assert "Not scored (they voted once): 1 only before." in summary.description
    assert "Too few to mean much" in summary.description
    fields = {f.name: f.value for f in summary.fields}
    assert "Before (1 vote)" in fields and "After (1 vote)" in fields
    stored = (await only_debate(world)).result
    assert stored is not None
    assert (stored["winner"], stored["scored"], stored["pre_only"], stored["small"]) == ("tie", 1, 1, True)
