"""/pack reload through SimCord: an edited pack file is applied without a restart, in this bot
and in a second bot on the same database; problems are shown privately and change nothing;
stances on motions that survive are kept; only moderators reload."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import pytest
import simcord
import yaml

from bot.app import Roundtable
from bot.services.pack_index import RELOAD_CHECK_SECONDS
from bot.settings import Settings
from tests.conftest import PACKS, World
from tests.pack_factory import tiny_pack, write_pack
from tests.reliability.bot_thread import BotThread

T = TypeVar("T")

EDITED = "Ten Southeast Asian states that meet as a bloc (edited tonight)."


@pytest.fixture
def packs_dir(tmp_path: Path) -> Path:
    root = tmp_path / "packs"
    shutil.copytree(PACKS / "nato-in-asia", root / "nato-in-asia")
    write_pack(root, tiny_pack("week-two", title="Next week's article"))
    return root


@pytest.fixture
def settings(settings: Settings, packs_dir: Path) -> Settings:
    return replace(settings, packs_dir=packs_dir)


def _edit(packs_dir: Path, file: str, change: Callable[[list[dict[str, object]]], None]) -> None:
    path = packs_dir / "nato-in-asia" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _new_profile(actors: list[dict[str, object]]) -> None:
    next(a for a in actors if a["id"] == "asean")["profile"] = EDITED


async def _profile(actor: simcord.MemberActor, channel: simcord.TextChannel) -> str:
    card = await actor.slash(channel, "who", actor="ASEAN")
    return card.response.embeds[0].description or ""


async def test_reload_applies_an_edit_at_once_and_keeps_stances(world: World, packs_dir: Path) -> None:
    assert EDITED not in await _profile(world.alice, world.channel)
    await world.alice.slash(world.channel, "stance set", motion="3", stance="agree")

    _edit(packs_dir, "actors.yaml", _new_profile)
    _edit(
        packs_dir, "motions.yaml", lambda ms: ms[2].update(title="The AP4 should keep going to NATO summits")
    )
    refused = await world.alice.slash(world.channel, "pack reload")
    assert refused.ephemeral and "Only moderators" in refused.response.content
    assert EDITED not in await _profile(world.alice, world.channel)

    done = await world.moderator.slash(world.channel, "pack reload")
    assert done.ephemeral
    report = done.followups[0].embeds[0] if done.followups else done.response.embeds[0]
    assert report.title == "Packs reloaded"
    assert "Updated: **NATO in Asia, or a NATO for Asia?** (`nato-in-asia`)." in (report.description or "")
    assert "Unchanged: `week-two`." in (report.description or "")

    assert EDITED in await _profile(world.alice, world.channel)  # no restart
    history = await world.alice.slash(world.channel, "stance history")
    text = history.response.content or "".join(e.description or "" for e in history.response.embeds)
    assert "**agree**" in text and "keep going to NATO summits" in text


async def test_reload_shows_problems_privately_and_keeps_what_was_loaded(
    world: World, packs_dir: Path
) -> None:
    _edit(packs_dir, "actors.yaml", lambda actors: actors[0].update(kind="planet", paragraphs=[99]))
    done = await world.moderator.slash(world.channel, "pack reload")
    assert done.ephemeral
    report = done.followups[0].embeds[0] if done.followups else done.response.embeds[0]
    assert report.title == "Packs reloaded, with problems"
    field = next(f for f in report.fields if f.name.startswith("nato-in-asia: not applied"))
    assert "actors.yaml: [0] (id=nato).kind" in (field.value or "")
    assert (await world.alice.slash(world.channel, "who", actor="NATO")).response.embeds[0].title == "NATO"


async def test_a_second_bot_on_the_database_sees_the_reload(
    world: World, packs_dir: Path, make_bot: Callable[[], Roundtable]
) -> None:
    other = BotThread(make_bot).start()  # another process: its own loop, SimCord and engine
    try:

        def there(make: Callable[[], Coroutine[Any, Any, T]]) -> Awaitable[T]:
            return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(make(), other.loop))

        async def join() -> tuple[simcord.MemberActor, simcord.TextChannel]:
            guild = other.env.create_guild("Another study group")
            return guild.add_member(other.env.create_user("reader")), guild.create_text_channel("general")

        reader, channel = await there(join)

        async def read_there() -> str:
            return await _profile(reader, channel)

        assert EDITED not in await there(read_there)  # cached in the other process now

        _edit(packs_dir, "actors.yaml", _new_profile)
        await world.moderator.slash(world.channel, "pack reload")
        assert EDITED in await _profile(world.alice, world.channel)

        # Well inside the index cache's own minute for the guild's choice: the other process
        # looked at the packs generation again (real seconds: the cache's clock is monotonic).
        await asyncio.to_thread(time.sleep, RELOAD_CHECK_SECONDS + 0.1)
        assert EDITED in await there(read_there)
        assert other.new_errors() == []
    finally:
        await asyncio.to_thread(other.stop)


async def test_reload_retires_a_pack_whose_folder_is_gone_and_brings_it_back(
    world: World, packs_dir: Path, tmp_path: Path
) -> None:
    done = await world.moderator.slash(world.channel, "pack use", pack="week-two")
    assert "now reads **Next week's article**" in done.response.content
    assert (await world.alice.slash(world.channel, "who", actor="A1")).response.embeds[0].title == "Actor 1"

    shutil.move(packs_dir / "week-two", tmp_path / "week-two-away")
    done = await world.moderator.slash(world.channel, "pack reload")
    report = done.followups[0].embeds[0] if done.followups else done.response.embeds[0]
    assert "Retired, as their folders are gone: **Next week's article**." in (report.description or "")
    listed = await world.alice.slash(world.channel, "pack list")
    assert "week-two" not in (listed.response.embeds[0].description or "")
    # The space read the retired pack: it reads the first one now.
    assert (await world.alice.slash(world.channel, "who", actor="ASEAN")).response.embeds[0].title == "ASEAN"
    refused = await world.moderator.slash(world.channel, "pack use", pack="week-two")
    assert refused.ephemeral and "no pack called 'week-two'" in refused.response.content

    shutil.move(tmp_path / "week-two-away", packs_dir / "week-two")
    done = await world.moderator.slash(world.channel, "pack reload")
    report = done.followups[0].embeds[0] if done.followups else done.response.embeds[0]
    assert "Updated: **Next week's article** (`week-two`)." in (report.description or "")
    listed = await world.alice.slash(world.channel, "pack list")  # the space's choice holds again
    assert "▶ **Next week's article** (`week-two`)" in (listed.response.embeds[0].description or "")


async def test_a_pack_whose_folder_fails_to_load_is_not_retired(world: World, packs_dir: Path) -> None:
    (packs_dir / "week-two" / "actors.yaml").write_text("- id: [not, a, slug]\n", encoding="utf-8")
    done = await world.moderator.slash(world.channel, "pack reload")
    report = done.followups[0].embeds[0] if done.followups else done.response.embeds[0]
    assert report.title == "Packs reloaded, with problems"
    assert "Retired" not in (report.description or "")
    listed = await world.alice.slash(world.channel, "pack list")
    assert "`week-two`" in (listed.response.embeds[0].description or "")


async def test_a_restart_retires_a_pack_whose_folder_is_gone(
    world: World, packs_dir: Path, tmp_path: Path, make_bot: Callable[[], Roundtable]
) -> None:
    await world.moderator.slash(world.channel, "pack use", pack="week-two")
    shutil.move(packs_dir / "week-two", tmp_path / "week-two-away")

    await world.env.restart_bot(make_bot())  # no /pack reload: the start itself notices
    listed = await world.alice.slash(world.channel, "pack list")
    assert "week-two" not in (listed.response.embeds[0].description or "")
    assert (await world.alice.slash(world.channel, "who", actor="ASEAN")).response.embeds[0].title == "ASEAN"

    shutil.move(tmp_path / "week-two-away", packs_dir / "week-two")
    await world.env.restart_bot(make_bot())
    listed = await world.alice.slash(world.channel, "pack list")  # back, and the space's choice holds
    assert "▶ **Next week's article** (`week-two`)" in (listed.response.embeds[0].description or "")
