"""Charts, the opinion map, /ask's index and migrations load their libraries on first use, not at start.

matplotlib (about 30 MB) and scikit-learn (about 85 MB) serve only charts and the map, which
most interactions never touch; bm25s with scipy only the passage index; Alembic only a database
that is behind (issue 19, docs/benchmarks.md "Memory" and "Start"). A fresh interpreter imports
the bot and loads every cog, or starts it, then reports which of them it imported. Not timed.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

from bot.settings import ROOT

PROBE = """
import asyncio, json, sys
from bot.app import cog_extensions, create_bot
from bot.settings import Settings

async def main() -> None:
    bot = create_bot(Settings(database_url="sqlite+aiosqlite:///:memory:"))
    for extension in cog_extensions():
        await bot.load_extension(extension)
    print(json.dumps({"cogs": len(bot.cogs), "modules": sorted({m.split(".")[0] for m in sys.modules})}))

asyncio.run(main())
"""
# bm25s, and scipy through it (about 0.3 s and 13 MB), serve only the passage index of /ask and
# /who: bot.services.ask imports it on the index's first build, bot.stopwords reads its word list.
# numpy itself serves only those and the map's arithmetic (bot.services.opinion_map).
LAZY = {"matplotlib", "sklearn", "bm25s", "scipy", "numpy"}


def test_starting_the_bot_imports_no_library_of_charts_maps_or_the_passage_index() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert loaded["cogs"] >= 5, loaded["cogs"]  # the cogs really loaded
    assert LAZY.isdisjoint(loaded["modules"]), sorted(LAZY & set(loaded["modules"]))


START = """
import asyncio, json, sys
from dataclasses import replace
import simcord
from bot.app import create_bot
from bot.settings import ROOT, Settings

async def main(url: str) -> None:
    settings = replace(Settings.from_env({}), database_url=url, packs_dir=ROOT / "data" / "packs")
    async with simcord.run(create_bot(settings)):
        pass
    print(json.dumps({"modules": sorted({m.split(".")[0] for m in sys.modules} | set(sys.modules))}))

asyncio.run(main(sys.argv[1]))
"""


def _started(url: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", START, url], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1])["modules"])


def test_starting_on_an_up_to_date_database_does_not_import_alembic(tmp_path: Path) -> None:
    """Alembic (about 0.6 s and 11 MB) runs only when the database is behind or empty: the first
    start migrates with it, the next finds the head with one query (bot.db, issue 19)."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    assert "alembic" in _started(url)  # empty: migrated
    started = _started(url)
    assert "alembic" not in started  # at head: checked without Alembic
    assert LAZY.isdisjoint(started), sorted(LAZY & started)  # a real start, packs synced, too
    # A bot on SQLite loads no PostgreSQL dialect (about 2 MB): not for its upserts, not for the
    # partial indexes' PostgreSQL WHERE (bot.models.base.partial_index).
    assert "sqlalchemy.dialects.sqlite" in started
    assert "sqlalchemy.dialects.postgresql" not in started


async def test_starting_on_an_up_to_date_postgresql_database_does_not_import_alembic() -> None:
    """The same on PostgreSQL (skipped without TEST_DATABASE_URL): a fresh database of its own."""
    from tests.reliability.pg_fresh import fresh_database

    async with fresh_database() as url:
        assert "alembic" in await asyncio.to_thread(_started, url)
        assert "alembic" not in await asyncio.to_thread(_started, url)


ASK = """
import json, sys
from bot.app import load_packs
from bot.services import ask, pack_index
from bot.settings import Settings

pack = load_packs(Settings(database_url="sqlite+aiosqlite:///:memory:"))[0]
index = pack_index.index_from_pack(pack)
answer = ask.ask(index, "Why does China oppose NATO in Asia?")
after_ask = sorted({m.split(".")[0] for m in sys.modules})
import sklearn.decomposition  # the opinion map's library still imports scipy afterwards
import bm25s
print(json.dumps({"covered": answer.covered, "after_ask": after_ask, "scipy_later": "scipy" in sys.modules,
                  "bm25s_scipy": bm25s.SCIPY_AVAILABLE}))
"""


def test_ask_ranks_without_scipy_and_the_map_still_gets_it() -> None:
    """bm25s would import scipy (about 10 MB) only to offer a second way of building the same score
    matrix; /ask imports it without (bot/bm25s_import.py), and scikit-learn imports scipy later."""
    proc = subprocess.run(
        [sys.executable, "-c", ASK], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["covered"]
    assert "bm25s" in seen["after_ask"] and "scipy" not in seen["after_ask"], seen["after_ask"]
    assert seen["scipy_later"] and seen["bm25s_scipy"] is False
