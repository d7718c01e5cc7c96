"""``python -m bench.start --db URL``: start the bot on an existing database, say "ready", stop.

What a restart of the bot does before it answers anything (migrations checked, packs loaded,
cogs loaded, commands synced or found unchanged), under SimCord instead of Discord's gateway.
The parent (``bench/__main__.py``) times it from process start to the "ready" line:
``start.ready_s``. Only what ``python -m bot run`` itself imports is imported before.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from dataclasses import replace

READY = "ready"


async def _start(url: str) -> None:
    import simcord

    from bot.app import create_bot
    from bot.settings import ROOT, Settings

    settings = replace(Settings.from_env({}), database_url=url, packs_dir=ROOT / "data" / "packs")
    async with simcord.run(create_bot(settings)):
        print(READY, flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    asyncio.run(_start(args.db))


if __name__ == "__main__":
    main()
