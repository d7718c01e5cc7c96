"""What a handler may ask of the bot it runs in: a Protocol, so ``bot/ui`` and the cogs' views need
not import ``bot/app.py`` (the top of the house, which loads them).

``bot.app.Roundtable`` is the one implementation; ``host_of`` reads it off an interaction.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

if TYPE_CHECKING:
    import discord
    from discord import app_commands

    from bot.clock import Clock
    from bot.db import Database
    from bot.scheduler import Scheduler
    from bot.services.pack_index import IndexCache
    from bot.settings import Settings


@runtime_checkable
class BotHost(Protocol):
    """The bot's state that handlers use (``interaction.client`` is one)."""

    settings: Settings
    db: Database
    clock: Clock
    scheduler: Scheduler
    indexes: IndexCache
    # Handlers that acknowledged first (under load) do their work a few at a time.
    deferred_work: asyncio.Semaphore

    @property
    def tree(self) -> app_commands.CommandTree[Any]: ...

    def under_load(self, *, waits_for_database: bool = True) -> bool: ...


def host_of(interaction: discord.Interaction) -> BotHost:
    """The bot that received ``interaction``."""
    return cast(BotHost, interaction.client)
