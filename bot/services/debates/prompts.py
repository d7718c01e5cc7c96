"""Untimed prompts: a motion to talk over."""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound
from bot.models import (
    ActorRow,
    Debate,
    Motion,
)
from bot.services import motions

# ---------------------------------------------------------------- untimed prompts


async def prompt_motion(
    session: AsyncSession, guild_id: int, rng: random.Random, raw: str | None = None
) -> Motion:
    """A motion for a quick talk: the one named, else one this guild has not debated yet (at random)."""
    if raw:
        return await motions.resolve_motion(session, guild_id, raw)
    visible = await motions.visible_motions(session, guild_id)
    if not visible:
        raise NotFound("There are no motions to discuss yet.")
    debated_query = select(Debate.motion_id).where(Debate.guild_id == guild_id)
    debated = set((await session.execute(debated_query)).scalars())
    fresh = [m for m in visible if m.id not in debated]
    return rng.choice(fresh or visible)


async def actor_names(session: AsyncSession, pack_id: int, slugs: list[str]) -> list[str]:
    """Display names of a pack's actors (the slug itself when the actor is unknown)."""
    if not slugs:
        return []
    query = select(ActorRow.slug, ActorRow.name).where(ActorRow.pack_id == pack_id, ActorRow.slug.in_(slugs))
    names = dict((await session.execute(query)).tuples().all())
    return [names.get(slug, slug) for slug in slugs]
