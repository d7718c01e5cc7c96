"""/config: the moderator role and members' motions."""

from __future__ import annotations

from bot.models import GuildConfig
from tests.cogs.positions_cog_support import assert_no_pings_and_within_limits, text_of
from tests.conftest import World


async def test_settings_are_for_moderators_and_the_role_for_manage_server(world: World) -> None:
    refused = await world.alice.slash(world.channel, "config show")
    assert refused.ephemeral and "Only moderators" in refused.response.content
    shown = await world.moderator.slash(world.channel, "config show")
    assert shown.ephemeral and "none (Manage Server only)" in text_of(shown.response)

    helpers = world.guild.create_role("Helpers")
    carol = world.guild.add_member(world.env.create_user("carol"), roles=[helpers])
    assert (
        "Only moderators" in (await carol.slash(world.channel, "motion approve", motion="1")).response.content
    )

    set_role = await world.moderator.slash(world.channel, "config moderator-role", role=helpers)
    assert f"<@&{helpers.id}>" in set_role.response.content
    allowed = await carol.slash(world.channel, "config member-motions", allow=True)
    assert allowed.ephemeral and "added at once" in allowed.response.content
    # A moderator by role cannot choose who moderates: that needs Manage Server.
    escalate = await carol.slash(world.channel, "config moderator-role")
    assert escalate.ephemeral and "Manage Server" in escalate.response.content

    async with world.env.bot.db.unit_of_work() as s:
        config = await s.get(GuildConfig, world.guild.id)
    assert config is not None and config.moderator_role_id == helpers.id and config.members_add_motions

    shown = await carol.slash(world.channel, "config show")
    assert f"<@&{helpers.id}>" in text_of(shown.response) and "directly" in text_of(shown.response)
    cleared = await world.moderator.slash(world.channel, "config moderator-role")
    assert "No moderator role" in cleared.response.content
    assert "Only moderators" in (await carol.slash(world.channel, "config show")).response.content
    assert_no_pings_and_within_limits(world.env)
