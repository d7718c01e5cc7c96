"""/stance forget with its confirmation button, and /privacy."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands

from bot.app import Roundtable
from bot.models import Poll, PollVote
from bot.services.voter_keys import vote_secret, voter_key
from bot.ui import reply
from cogs.stances._views import forget_buttons
from tests.cogs.positions_cog_support import assert_no_pings_and_within_limits, text_of
from tests.conftest import World
from tests.positions_support import rows_naming


@pytest.fixture
def simcord_bot(make_bot) -> Roundtable:  # type: ignore[no-untyped-def]
    """The bot, plus a test-only command that shows Alice's confirmation buttons publicly, so that
    another member can try to press them (Discord would only let her see the ephemeral original)."""
    bot = make_bot()

    @app_commands.command(name="show-forget-buttons", description="test only")
    async def show(interaction: discord.Interaction, owner: discord.Member) -> None:
        issued = int(bot.clock().timestamp())
        await reply.send(interaction, "Alice's confirmation", view=forget_buttons(owner.id, issued))

    bot.tree.add_command(show)
    return bot


async def _anonymous_vote(world: World, member_id: int) -> str:
    """An anonymous poll vote of the member, stored as the poll feature stores it (keyed hash)."""
    bot = world.env.bot
    async with bot.db.unit_of_work() as s:
        poll = Poll(
            guild_id=world.guild.id,
            channel_id=world.channel.id,
            creator_id=world.moderator.id,
            question="Secret?",
            options=["yes", "no"],
            anonymous=True,
            created_at=bot.clock(),
        )
        s.add(poll)
        await s.flush()
        key = voter_key(await vote_secret(s, bot.settings.vote_hash_key), poll.id, member_id)
        s.add(PollVote(poll_id=poll.id, option_index=0, voter_key=key, user_id=None, created_at=bot.clock()))
        return key


async def test_forget_after_confirmation_leaves_no_row_of_the_member(world: World) -> None:
    await world.alice.slash(world.channel, "stance set", motion="3", stance="agree", reason="¶5")
    await world.alice.slash(world.channel, "stance set", motion="3", stance="disagree")
    await world.alice.slash(world.channel, "stance privacy", visibility="private")
    await world.bob.slash(world.channel, "stance set", motion="3", stance="agree")
    alice_key = await _anonymous_vote(world, world.alice.id)
    bob_key = await _anonymous_vote(world, world.bob.id)
    bob_before = await rows_naming(world.env.bot.db, world.bob.id, (bob_key,))

    privacy = await world.alice.slash(world.channel, "privacy")
    assert privacy.ephemeral
    assert "**Stances:** 1 current, 2 in your history" in text_of(privacy.response)
    assert "1 in anonymous polls" in text_of(privacy.response)

    asked = await world.alice.slash(world.channel, "stance forget")
    assert asked.ephemeral and "cannot be undone" in text_of(asked.response)
    assert await rows_naming(world.env.bot.db, world.alice.id, (alice_key,))  # nothing deleted yet

    done = await world.alice.click(asked.response, label="Forget everything")
    assert done.acknowledged
    [edited] = [m for m in world.channel.history(viewer=world.alice) if m.id == asked.response.id]
    assert edited.content.startswith("Done: I deleted 2 stance history entries, 1 current stance,")
    assert "1 poll vote." in edited.content and edited.components == []

    assert await rows_naming(world.env.bot.db, world.alice.id, (alice_key,)) == {}
    assert await rows_naming(world.env.bot.db, world.bob.id, (bob_key,)) == bob_before
    summary = await world.bob.slash(world.channel, "stance summary", motion="3")
    assert "**1** member holds" in text_of(summary.response)
    again = await world.alice.slash(world.channel, "privacy")
    assert "**Stances:** 0 current, 0 in your history" in text_of(again.response)
    assert_no_pings_and_within_limits(world.env)


async def test_cancel_deletes_nothing(world: World) -> None:
    await world.alice.slash(world.channel, "stance set", motion="3", stance="agree")
    asked = await world.alice.slash(world.channel, "stance forget")
    await world.alice.click(asked.response, label="Cancel")
    [edited] = [m for m in world.channel.history(viewer=world.alice) if m.id == asked.response.id]
    assert edited.content == "Cancelled: nothing was deleted."
    assert await rows_naming(world.env.bot.db, world.alice.id) == {
        "stance_events.user_id": 1,
        "stances.user_id": 1,
    }


async def test_only_the_member_who_asked_can_confirm(world: World) -> None:
    await world.alice.slash(world.channel, "stance set", motion="3", stance="agree")
    shown = await world.moderator.slash(world.channel, "show-forget-buttons", owner=world.alice)
    pressed = await world.bob.click(shown.response, label="Forget everything")
    assert pressed.ephemeral and "Only the member who asked" in pressed.response.content
    assert await rows_naming(world.env.bot.db, world.alice.id) == {
        "stance_events.user_id": 1,
        "stances.user_id": 1,
    }


async def test_an_old_confirmation_expires(world: World, make_bot) -> None:  # type: ignore[no-untyped-def]
    await world.alice.slash(world.channel, "stance set", motion="3", stance="agree")
    asked = await world.alice.slash(world.channel, "stance forget")
    await world.env.restart_bot(make_bot())
    await world.env.advance_time(11 * 60)
    late = await world.alice.click(asked.response, label="Forget everything")
    assert late.ephemeral and "expired" in late.response.content
    assert await rows_naming(world.env.bot.db, world.alice.id) == {
        "stance_events.user_id": 1,
        "stances.user_id": 1,
    }


async def test_forget_with_nothing_stored_says_so_without_a_button(world: World) -> None:
    result = await world.bob.slash(world.channel, "stance forget")
    assert result.ephemeral and "Nothing about you is stored in this server" in result.response.content
    assert result.response.components == [] and not result.response.embeds
