"""Motions a guild can take stances on: its pack's motions and the ones its members added."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound, UserError
from bot.models import Motion
from bot.services.content import active_pack

_NUMBER = re.compile(r"^\s*#?\s*(\d{1,6})\s*$")


def _visible(pack_id: int, guild_id: int):  # type: ignore[no-untyped-def]
    return (
        Motion.pack_id == pack_id,
        or_(Motion.guild_id.is_(None), Motion.guild_id == guild_id),
        Motion.status == "approved",
        Motion.retired.is_(False),
    )


async def visible_motions(session: AsyncSession, guild_id: int) -> list[Motion]:
    """The motions of the guild's active pack plus the guild's own approved ones, by number."""
    pack = await active_pack(session, guild_id)
    query = select(Motion).where(*_visible(pack.id, guild_id)).order_by(Motion.number)
    return list((await session.execute(query)).scalars())


def parse_number(raw: str | int) -> int | None:
    if isinstance(raw, int):
        return raw
    match = _NUMBER.match(raw)
    return int(match.group(1)) if match else None


async def resolve_motion(session: AsyncSession, guild_id: int, raw: str | int) -> Motion:
    """A motion named by number (``3`` or ``#3``) or by words from its title."""
    motions = await visible_motions(session, guild_id)
    number = parse_number(raw)
    if number is not None:
        for motion in motions:
            if motion.number == number:
                return motion
        raise NotFound(f"There is no motion #{number}. /motions lists them.")
    text = str(raw).strip()
    if not text:
        raise UserError("Name a motion by its number (like 3 or #3) or by words from its title.")
    best = process.extractOne(text, {m.id: m.title for m in motions}, scorer=fuzz.WRatio, score_cutoff=60)
    if best is None:
        raise NotFound(f"No motion matches {text[:80]!r}. /motions lists them.")
    return next(m for m in motions if m.id == best[2])


async def motion_choices(session: AsyncSession, guild_id: int, typed: str, limit: int = 25) -> list[Motion]:
    """Best motions for what a member has typed so far (for autocomplete)."""
    motions = await visible_motions(session, guild_id)
    typed = typed.strip()
    number = parse_number(typed) if typed else None
    if not typed:
        return motions[:limit]
    if number is not None:
        return [m for m in motions if str(m.number).startswith(str(number))][:limit]
    ranked = process.extract(typed, {m.id: m.title for m in motions}, scorer=fuzz.WRatio, limit=limit)
    by_id = {m.id: m for m in motions}
    return [by_id[key] for _title, score, key in ranked if score >= 40]


async def next_number(session: AsyncSession, pack_id: int, guild_id: int) -> int:
    query = select(Motion.number).where(
        Motion.pack_id == pack_id, or_(Motion.guild_id.is_(None), Motion.guild_id == guild_id)
    )
    numbers = list((await session.execute(query)).scalars())
    return max(numbers, default=0) + 1


async def get_motion(session: AsyncSession, guild_id: int, motion_id: int) -> Motion:
    """A motion by database id, only if this guild may see it (guild isolation)."""
    motion = await session.get(Motion, motion_id)
    if motion is None or (motion.guild_id is not None and motion.guild_id != guild_id):
        raise NotFound("That motion no longer exists.")
    return motion
