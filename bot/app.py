"""The bot: opens the database, loads every cog, registers persistent views, syncs commands."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import pkgutil
from datetime import datetime, timedelta
from typing import Any

import discord
from discord.ext import commands

import cogs
from bot.clock import Clock, system_clock
from bot.db import Database
from bot.input_text import clean_payload
from bot.models import AppMeta
from bot.packs import Pack, discover_packs, load_pack
from bot.runtime import log_synced
from bot.scheduler import POLL_SECONDS, SOLO_POLL_SECONDS, Scheduler
from bot.services import content, polls
from bot.services.pack_index import RELOAD_CHECK_SECONDS, IndexCache
from bot.services.upsert import upsert
from bot.settings import Settings
from bot.text import plural
from bot.ui.custom_ids import OutOfRange
from bot.ui.did_you_mean import PickButton
from bot.ui.errors import RoundtableTree
from bot.ui.reply import NO_PINGS

log = logging.getLogger(__name__)

# More interactions than this waiting behind a handler: it acknowledges before its work...
BACKLOG_LIMIT = 8
# ...and so do handlers that start within this time after such a queue was last seen.
LOAD_LINGER = timedelta(seconds=1)
# How many handlers that acknowledged first work at once (bot.ui.reply.acknowledge_if_busy).
DEFERRED_WORK_SLOTS = 4
# How long Discord lets a bot answer an interaction (its token's life).
INTERACTION_LIFETIME = timedelta(minutes=15)


def cog_extensions() -> list[str]:
    """Every extension under ``cogs/`` (modules and packages; names starting with ``_`` are skipped)."""
    return sorted(
        f"{cogs.__name__}.{info.name}"
        for info in pkgutil.iter_modules(cogs.__path__)
        if not info.name.startswith("_")
    )


class PacksDirError(Exception):
    """PACKS_DIR cannot give the bot its content: the message says why and what to do."""


def load_packs(settings: Settings) -> list[Pack]:
    """Every pack under PACKS_DIR. Raises PackError for a broken pack, PacksDirError for a
    missing folder or two folders holding packs with one id (the second would replace the first)."""
    root = settings.packs_dir
    if not root.is_dir():
        raise PacksDirError(
            f"PACKS_DIR is {root}, which is not a folder: point PACKS_DIR at the folder holding the "
            "content packs (the default is data/packs in the Roundtable folder)"
        )
    packs = [load_pack(folder) for folder in discover_packs(root)]
    folders: dict[str, list[str]] = {}
    for folder, pack in zip(discover_packs(root), packs, strict=True):
        folders.setdefault(pack.meta.id, []).append(folder.name)
    twice = {slug: names for slug, names in folders.items() if len(names) > 1}
    if twice:
        slug, names = next(iter(twice.items()))
        raise PacksDirError(
            f"Two content packs in PACKS_DIR ({root}) have the id {slug!r}: {' and '.join(names)}. "
            "Give each pack.yaml its own id, or remove one of the folders"
        )
    if not packs:
        log.warning("PACKS_DIR (%s) holds no content pack: /who, /ask and motions have nothing to read", root)
    return packs


def _intents() -> discord.Intents:
    # No privileged intents: slash commands and components need none.
    return discord.Intents.default()


class Roundtable(commands.AutoShardedBot):
    """The bot, sharded or not: discord.py's ``AutoShardedBot`` runs one shard as well as many.

    Without SHARD_COUNT it runs one shard (shard count 1), as a plain ``commands.Bot`` would:
    one gateway connection, every guild. With SHARD_COUNT (and SHARD_IDS) it runs those shards.
    """

    settings: Settings
    db: Database
    clock: Clock
    scheduler: Scheduler
    packs: list[Pack]
    indexes: IndexCache
    always_sync: bool
    # Interactions received whose handling has not started yet (see ``under_load``).
    backlog: int
    deferred_work: asyncio.Semaphore

    def __init__(
        self,
        settings: Settings,
        *,
        db: Database | None = None,
        clock: Clock | None = None,
        always_sync: bool = False,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=_intents(),
            tree_cls=RoundtableTree,
            allowed_mentions=NO_PINGS,
            help_command=None,
            shard_count=settings.shard_count or 1,
            # None runs every shard, as discord.py documents; its options TypedDict says list[int].
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,  # type: ignore[arg-type]
        )
        self.settings = settings
        self.db = db or Database(settings.database_url)
        self.clock = clock or system_clock
        self.always_sync = always_sync
        self.packs = []
        # The content packs as /who and /ask read them, and which one each guild reads.
        self.indexes = IndexCache(kept_text_root=settings.packs_dir, reload_check=RELOAD_CHECK_SECONDS)
        self.backlog = 0
        # Handlers that acknowledged first (under load) do their work a few at a time.
        self.deferred_work = asyncio.Semaphore(DEFERRED_WORK_SLOTS)
        self._queue_seen_at: datetime | None = None
        self.scheduler = Scheduler(
            self.db,
            self.clock,
            shard_count=settings.shard_count,
            shard_ids=settings.shard_ids,
            # Sharded bots are several processes on one database: look for each other's jobs often.
            poll_seconds=POLL_SECONDS if settings.shard_count else SOLO_POLL_SECONDS,
        )

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        # discord.py dispatches "interaction" as each one arrives, before it schedules the
        # handler; ``on_interaction`` runs just before the handler starts.
        if event_name == "interaction":
            self.backlog += 1
            # Before any handler reads it (they run as tasks scheduled just before this call):
            # members' text without NUL and other control characters (bot/input_text.py).
            clean_payload(args[0].data)
        super().dispatch(event_name, *args, **kwargs)

    async def on_interaction(self, _interaction: discord.Interaction) -> None:
        self.backlog -= 1

    def under_load(self, *, waits_for_database: bool = True) -> bool:
        """Whether a handler should acknowledge its interaction before doing its work
        (``bot.ui.reply.acknowledge_if_busy``): many interactions are queued behind it, each
        waiting for the work before it, or were a moment ago (the last of a burst still waits
        for the work of the rest); or the database would make it wait (``waits_for_database``:
        false for a handler that may not need the database)."""
        now = self.clock()
        queued = self.backlog > BACKLOG_LIMIT
        if queued:
            self._queue_seen_at = now
        elif self._queue_seen_at is not None and now - self._queue_seen_at < LOAD_LINGER:
            queued = True
        return queued or (waits_for_database and self.db.busy)

    async def setup_hook(self) -> None:
        try:
            await self.db.upgrade()
            self.packs = load_packs(self.settings)
        except BaseException:
            # Bad configuration stops the start (bot/startup_errors.py words it): let go of the
            # database first, so no connection outlives the event loop.
            await self.db.dispose()
            raise
        await self._start_up()

    async def _start_up(self) -> None:
        async with self.db.unit_of_work() as session:
            synced = await content.sync_folder(session, self.packs, self.clock())
            # A process that stopped between a poll's commit and posting its message left a poll
            # nobody can vote on; once its interaction has expired, nothing will post it.
            orphans = await polls.discard_orphans(session, created_before=self.clock() - INTERACTION_LIFETIME)
        log_synced(synced)
        if orphans:
            removed = plural(len(orphans), "poll")
            log.warning("removed %s whose message was never posted: %s", removed, orphans)
        for extension in cog_extensions():
            await self.load_extension(extension)
        self.add_dynamic_items(PickButton)  # "did you mean ...?" works for every cog's commands
        self.add_dynamic_items(OutOfRange)  # forged custom ids with numbers past 64 bits
        await self.sync_commands()
        self.scheduler.start()

    async def sync_commands(self) -> None:
        """Sync the command tree, unless its definitions are what we last synced (Discord's daily limit)."""
        tree: discord.app_commands.CommandTree[Any] = self.tree
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        if guild is not None:
            tree.copy_global_to(guild=guild)
        payload = [c.to_dict(tree) for c in tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
        key = f"command-sync:{self.application_id}:{guild.id if guild else 'global'}"
        async with self.db.unit_of_work() as session:
            row = await session.get(AppMeta, key)
            if row is not None and row.value == digest and not self.always_sync:
                log.info("commands unchanged since the last sync; not syncing")
                return
        await tree.sync(guild=guild)
        async with self.db.unit_of_work() as session:
            # Several shard processes may start together: an upsert cannot collide.
            await upsert(session, AppMeta, {"key": key, "value": digest}, keys=("key",), update=("value",))
        log.info("synced %d commands to %s", len(payload), f"guild {guild.id}" if guild else "all guilds")

    async def close(self) -> None:
        await self.scheduler.stop()
        await super().close()
        await self.db.dispose()


def create_bot(settings: Settings, **kwargs: Any) -> Roundtable:
    """The bot for ``settings`` (its shards: SHARD_COUNT and SHARD_IDS, or one)."""
    return Roundtable(settings, **kwargs)
