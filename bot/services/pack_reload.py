"""Applying re-read content packs at once, in this process and every other on the database.

``apply_packs`` brings each pack into the database as seeding does (``content.sync_pack``:
paragraphs and actors replaced, motions updated in place so stances on surviving motions are
kept) and sets a new *packs generation* in ``app_meta``. Every process's index cache
(``bot.services.pack_index``) looks at that row (``packs_generation``) at most once a second,
when a command needs an index, and drops what it cached when it changed: the next /who or /ask
in any process reads the new content.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import AppMeta
from bot.packs import Pack
from bot.services import content
from bot.services.upsert import upsert

GENERATION_KEY = "packs:generation"


async def packs_generation(session: AsyncSession) -> str | None:
    row = await session.get(AppMeta, GENERATION_KEY)
    return row.value if row is not None else None


async def apply_packs(session: AsyncSession, packs: list[tuple[int, Pack]], now: datetime) -> list[str]:
    """Sync each (position, pack); returns the ids of the packs that changed. Every call sets a new
    generation (a kept text may have changed while the pack did not), so every process rebuilds."""
    changed = [
        pack.meta.id for position, pack in packs if await content.sync_pack(session, pack, position, now)
    ]
    await upsert(
        session,
        AppMeta,
        {"key": GENERATION_KEY, "value": secrets.token_hex(8)},
        keys=("key",),
        update=("value",),
    )
    return changed
