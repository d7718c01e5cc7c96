"""/pack list, /pack use and /pack reload: which content pack (article) a space reads."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import PackRow
from bot.pack_reload import FolderRead, read_packs
from bot.runtime import Host
from bot.services import content, pack_reload
from bot.services.pack_index import IndexCache


@dataclass(frozen=True)
class PackList:
    packs: list[PackRow]
    active: PackRow


@dataclass(frozen=True)
class PackChoice:
    title: str
    # The space read this pack already: nothing changed.
    already: bool


@dataclass(frozen=True)
class Reloaded:
    read: FolderRead
    changed: list[str]
    # The titles of the packs whose folders are gone, retired by this reload.
    retired: list[str] = field(default_factory=list)


async def list_packs(session: AsyncSession, space_id: int) -> PackList:
    return PackList(await content.list_packs(session), await content.active_pack(session, space_id))


async def use_pack(
    session: AsyncSession, indexes: IndexCache, space_id: int, typed: str, now: datetime
) -> PackChoice:
    """Make ``space_id`` read the pack ``typed`` names (its id or title; "did you mean" otherwise)."""
    wanted = await content.resolve_pack(session, typed)
    if (await content.active_pack(session, space_id)).id == wanted.id:
        return PackChoice(wanted.title, already=True)
    await content.set_active_pack(session, space_id, wanted.slug, now)
    indexes.forget_guild(space_id)
    return PackChoice(wanted.title, already=False)


async def reload_packs(host: Host) -> Reloaded:
    """Read the packs folder again (off the event loop) and apply what changed, in this process
    at once and in every other through the packs' generation (bot.services.pack_index)."""
    read = await asyncio.to_thread(read_packs, host.settings.packs_dir)
    async with host.db.unit_of_work() as session:
        changed = await pack_reload.apply_packs(session, read.packs, host.clock())
        # A pack whose folder is gone is retired; one whose folder failed to load is kept (its
        # folder is there, and its loaded version stays). With no pack read, nothing is retired.
        kept = {pack.meta.id for _, pack in read.packs} | set(read.problems)
        retired = await content.retire_missing(session, kept, host.clock()) if read.packs else []
        generation = await pack_reload.packs_generation(session)
    host.packs = [pack for _, pack in read.packs]
    host.indexes.forget_all()
    host.indexes.reloaded(generation)
    return Reloaded(read, changed, retired)
