"""/export positions: CSV of the ledger with private members under stable pseudonyms."""

from __future__ import annotations

import csv
import io

import discord

from tests.conftest import World


async def _export(world: World) -> tuple[str, list[dict[str, str]]]:
    result = await world.moderator.slash(world.channel, "export positions")
    assert result.ephemeral
    [attachment] = result.response.attachments
    assert attachment.filename.startswith("positions-") and attachment.filename.endswith(".csv")
    text = (await attachment.read()).decode("utf-8")
    return text, list(csv.DictReader(io.StringIO(text)))


async def test_export_is_for_moderators_and_pseudonymises_private_members(world: World) -> None:
    refused = await world.alice.slash(world.channel, "export positions")
    assert refused.ephemeral and "Only moderators" in refused.response.content

    await world.alice.slash(world.channel, "stance set", motion="1", stance="agree", reason="=1+1")
    await world.alice.slash(world.channel, "stance set", motion="1", stance="strongly agree")
    await world.bob.slash(world.channel, "stance set", motion="2", stance="disagree")
    await world.alice.slash(world.channel, "stance privacy", visibility="private")

    text, rows = await _export(world)
    alias = rows[0]["member"]
    assert alias.startswith("member-")
    assert [(r["member"], r["member_id"], r["motion"], r["stance"], r["current"]) for r in rows] == [
        (alias, "", "#1", "agree", "no"),
        (alias, "", "#1", "strongly agree", "yes"),
        ("bob", str(world.bob.id), "#2", "disagree", "yes"),
    ]
    assert rows[0]["reason"] == "'=1+1"  # no spreadsheet formulas
    assert str(world.alice.id) not in text and "alice" not in text

    _again, rows_again = await _export(world)
    assert rows_again[0]["member"] == alias  # stable across exports

    other = world.env.create_guild("Other Group")
    channel = other.create_text_channel("general")
    mods = other.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    owner = other.add_member(world.env.create_user("owner"), roles=[mods])
    result = await owner.slash(channel, "export positions")
    [attachment] = result.response.attachments
    assert (await attachment.read()).decode().strip().count("\n") == 0  # header only: nothing of ours


async def test_the_export_message_counts_with_agreeing_nouns(world: World) -> None:
    await world.alice.slash(world.channel, "stance set", motion="1", stance="agree")
    await world.alice.slash(world.channel, "stance privacy", visibility="private")
    result = await world.moderator.slash(world.channel, "export positions")
    text = result.response.content
    assert text.startswith("1 stance by 1 member, one row per stance")
    assert "1 private member appears under a pseudonym" in text and "(s)" not in text
