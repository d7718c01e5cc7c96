"""What every front end shares in one process: settings, the database, the clock, the content
packs as /who and /ask read them, and the scheduler that runs timers once across processes.

The Discord bot (bot/app.py) keeps these as its own attributes; the Slack front end takes a
``Runtime``. In one process serving both, the Slack front end is given the Discord bot itself,
which has the same attributes, so both share one database and one scheduler.
"""

from __future__ import annotations

import logging
from typing import Protocol

from bot.clock import Clock, system_clock
from bot.db import Database
from bot.packs import Pack
from bot.scheduler import SOLO_POLL_SECONDS, Scheduler
from bot.services import content
from bot.services.pack_index import RELOAD_CHECK_SECONDS, IndexCache
from bot.settings import Settings

log = logging.getLogger(__name__)


def log_synced(synced: content.Synced) -> None:
    """What a start's pack sync changed, in the log."""
    if synced.changed:
        log.info("content packs updated: %s", ", ".join(synced.changed))
    if synced.retired:
        log.info("content packs retired, as their folders are gone: %s", ", ".join(synced.retired))


class Host(Protocol):
    """What a front end's handlers use (the Discord bot and ``Runtime`` both have it)."""

    settings: Settings
    db: Database
    clock: Clock
    indexes: IndexCache
    scheduler: Scheduler
    packs: list[Pack]


class Runtime:
    """The shared state of a process without the Discord bot (Slack alone, the Slack console)."""

    def __init__(self, settings: Settings, *, db: Database | None = None, clock: Clock | None = None) -> None:
        self.settings = settings
        self.db = db or Database(settings.database_url)
        self.clock = clock or system_clock
        self.packs: list[Pack] = []
        self.indexes = IndexCache(kept_text_root=settings.packs_dir, reload_check=RELOAD_CHECK_SECONDS)
        # A process without the Discord bot serves Slack's timers only.
        self.scheduler = Scheduler(self.db, self.clock, poll_seconds=SOLO_POLL_SECONDS, platforms=("slack",))

    async def open(self) -> None:
        """Migrate the database, load and sync the content packs (as the Discord bot's start does)."""
        from bot.app import load_packs

        try:
            await self.db.upgrade()
            self.packs = load_packs(self.settings)
        except BaseException:
            await self.db.dispose()
            raise
        async with self.db.unit_of_work() as session:
            synced = await content.sync_folder(session, self.packs, self.clock())
        log_synced(synced)

    async def close(self) -> None:
        await self.scheduler.stop()
        await self.db.dispose()
