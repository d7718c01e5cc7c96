"""Two packs side by side: /pack list, /pack use (moderators), and /who reading the chosen one."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.conftest import PACKS, World
from tests.pack_factory import tiny_pack, write_pack


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    root = tmp_path / "packs"
    shutil.copytree(PACKS / "nato-in-asia", root / "nato-in-asia")
    write_pack(root, tiny_pack("week-two", title="Next week's article"))
    return replace(settings, packs_dir=root)


async def test_pack_list_marks_the_active_pack(world: World) -> None:
    result = await world.alice.slash(world.channel, "pack list")
    assert result.ephemeral
    text = result.response.embeds[0].description or ""
    assert "▶ **NATO in Asia, or a NATO for Asia?** (`nato-in-asia`)" in text
    assert "• **Next week's article** (`week-two`)" in text


async def test_only_moderators_switch_packs(world: World) -> None:
    refused = await world.alice.slash(world.channel, "pack use", pack="week-two")
    assert refused.ephemeral and "Only moderators" in refused.response.content
    still = await world.alice.slash(world.channel, "who", actor="ASEAN")
    assert still.response.embeds[0].title == "ASEAN"

    done = await world.moderator.slash(world.channel, "pack use", pack="week-two")
    assert "now reads **Next week's article**" in done.response.content
    old = await world.alice.slash(world.channel, "who", actor="ASEAN")
    assert old.ephemeral and "names no actor called “ASEAN”" in old.response.content
    new = await world.alice.slash(world.channel, "who", actor="A1")
    assert new.response.embeds[0].title == "Actor 1"
    out_of_range = await world.alice.slash(world.channel, "source", paragraph=3)
    assert "has paragraphs 1 to 2" in out_of_range.response.content


async def test_unknown_pack_is_a_friendly_error(world: World) -> None:
    result = await world.moderator.slash(world.channel, "pack use", pack="nope")
    assert result.ephemeral and "no pack called 'nope'" in result.response.content


async def test_pack_autocomplete(world: World) -> None:
    choices = await world.moderator.autocomplete(world.channel, "pack use", "pack", "week")
    assert [c["value"] for c in choices] == ["week-two"]


async def test_pack_use_by_title_case_and_the_pack_in_use(world: World) -> None:
    same = await world.moderator.slash(world.channel, "pack use", pack="nato-in-asia")
    assert same.ephemeral and "already reads **NATO in Asia, or a NATO for Asia?**" in same.response.content
    by_title = await world.moderator.slash(world.channel, "pack use", pack="NEXT WEEK'S ARTICLE")
    assert not by_title.ephemeral and "now reads **Next week's article**" in by_title.response.content
    # Words of a title that do not name one pack clearly change nothing until the moderator picks.
    asked = await world.moderator.slash(world.channel, "pack use", pack="nato week")
    assert asked.ephemeral and "Did you mean" in asked.response.content
    still = await world.alice.slash(world.channel, "who", actor="A1")
    assert still.response.embeds[0].title == "Actor 1"
