"""A reload applied by one process reaches another's index cache at its next look (services, on
a real database): stances-bearing motions are updated in place, the packs generation changes,
and a cache that looked before the reload drops what it holds once its look is due."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bot.db import Database
from bot.models import Motion
from bot.packs import load_pack
from bot.services.pack_index import IndexCache
from bot.services.pack_reload import apply_packs, packs_generation
from tests.pack_factory import tiny_pack, write_pack

NOW = datetime(2026, 1, 1, tzinfo=UTC)


async def test_another_process_sees_a_reload_at_its_next_look(database: Database, tmp_path: Path) -> None:
    first = load_pack(write_pack(tmp_path / "v1", tiny_pack("tiny")))
    async with database.unit_of_work() as session:
        await apply_packs(session, [(0, first)], NOW)
        generation = await packs_generation(session)
    now = [0.0]
    cache = IndexCache(reload_check=1.0, monotonic=lambda: now[0])
    async with database.unit_of_work() as session:
        old = await cache.for_guild(session, 7)
    assert cache.cached_for_guild(7) is old  # no database within the second

    edited = tiny_pack("tiny")
    edited["actors.yaml"][0]["profile"] = "Actor 0, described again tonight."
    edited["motions.yaml"][0]["title"] = "Tests should be real, always"
    async with database.unit_of_work() as session:  # /pack reload in the other process
        assert await apply_packs(session, [(0, load_pack(write_pack(tmp_path / "v2", edited)))], NOW) == [
            "tiny"
        ]
        assert await packs_generation(session) != generation
        motions = await session.scalar(select(func.count()).select_from(Motion))
        title = await session.scalar(select(Motion.title))
    assert (motions, title) == (1, "Tests should be real, always")  # updated in place

    now[0] = 0.5
    assert cache.cached_for_guild(7) is old  # not due yet
    now[0] = 1.5
    assert cache.cached_for_guild(7) is None  # due: the next lookup asks the database
    async with database.unit_of_work() as session:
        new = await cache.for_guild(session, 7)
    assert new.actors["actor-0"].profile == "Actor 0, described again tonight."
    assert cache.cached_for_guild(7) is new


async def test_a_cache_without_reload_checks_never_asks(database: Database, tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, tiny_pack("tiny")))
    async with database.unit_of_work() as session:
        await apply_packs(session, [(0, pack)], NOW)
    now = [0.0]
    cache = IndexCache(monotonic=lambda: now[0])
    async with database.unit_of_work() as session:
        index = await cache.for_guild(session, 7)
    now[0] = 30.0
    assert cache.cached_for_guild(7) is index
