"""Which motions a map covers: every visible one, numbers like ``1,2,5`` or ``1-8``, or a pack.

Refusals carry facts only (``map.*`` reasons, worded in bot/replies/opinion_map.py)."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Refused, RefusedNotFound
from bot.models import Motion
from bot.services.content import list_packs
from bot.services.motions import visible_in_pack, visible_motions
from bot.services.opinion_map.model import MIN_MOTIONS

_NUMBERS = re.compile(r"^[\s#\d,;\-–]+$")


async def resolve_motion_set(session: AsyncSession, guild_id: int, raw: str | None) -> list[Motion]:
    """The motions a map covers: all visible ones, a list like ``1,2,5`` or ``1-8``, or a pack's slug."""
    text = (raw or "").strip()
    if not text:
        chosen = await visible_motions(session, guild_id)
    elif _NUMBERS.match(text):
        chosen = _pick_numbers(await visible_motions(session, guild_id), text)
    else:
        chosen = await _pack_motions(session, guild_id, text)
    if len(chosen) < MIN_MOTIONS:
        raise Refused("map.too-few-motions", needed=MIN_MOTIONS, chosen=len(chosen))
    return chosen


def _pick_numbers(motions: list[Motion], text: str) -> list[Motion]:
    """Motions named one by one must all exist; a range takes the motions inside it, since a
    pack's numbers can have gaps (a merged motion's number is retired, never reused)."""
    by_number = {m.number: m for m in motions}
    wanted: list[int] = []
    for part in re.split(r"[\s,;]+", text.replace("#", "")):
        if not part:
            continue
        low, dash, high = part.replace("–", "-").partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise Refused("map.unreadable-numbers", typed=part[:20])
        start, end = int(low), int(high) if dash else int(low)
        if end < start or end - start > 500:
            raise Refused("map.not-a-range", typed=part[:20])
        inside = [n for n in range(start, end + 1) if n in by_number] if dash else [start]
        wanted.extend(inside or [start])
    missing = sorted({n for n in wanted if n not in by_number})
    if missing:
        raise RefusedNotFound("map.no-such-motion", numbers=tuple(missing[:10]))
    return [by_number[n] for n in sorted(set(wanted))]


async def _pack_motions(session: AsyncSession, guild_id: int, slug: str) -> list[Motion]:
    pack = next((p for p in await list_packs(session) if p.slug.lower() == slug.lower()), None)
    if pack is None:
        raise RefusedNotFound("map.not-numbers-or-pack", typed=slug[:60])
    return await visible_in_pack(session, guild_id, pack.id)
