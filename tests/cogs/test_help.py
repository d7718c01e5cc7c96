from __future__ import annotations

from tests.conftest import World


async def test_help_lists_every_command_grouped_by_feature(world: World) -> None:
    result = await world.alice.slash(world.channel, "help")
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title == "Roundtable commands"
    listed = "\n".join(f.value for f in embed.fields)
    for command in world.alice.available_commands(world.channel):
        assert f"`/{command}`" in listed, command
    assert "Help" in [f.name for f in embed.fields]
    assert all(len(f.value) <= 1024 for f in embed.fields)
