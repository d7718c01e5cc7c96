"""Charts and the opinion map load their libraries on first use, not when the bot starts.

matplotlib (about 30 MB) and scikit-learn (about 85 MB) serve only charts and the map, which
most interactions never touch (issue 19, docs/benchmarks.md "Memory"). A fresh interpreter
imports the bot and loads every cog, then reports which of them it imported. Not timed.
"""

from __future__ import annotations

import json
import subprocess
import sys

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
LAZY = {"matplotlib", "sklearn"}


def test_starting_the_bot_imports_neither_matplotlib_nor_sklearn() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert loaded["cogs"] >= 5, loaded["cogs"]  # the cogs really loaded
    assert LAZY.isdisjoint(loaded["modules"]), sorted(LAZY & set(loaded["modules"]))

