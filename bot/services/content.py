"""Content packs in the database: idempotent seeding, and which pack a guild reads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BindParameter, ColumnElement, Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound
from bot.models import ActorRow, GuildConfig, Motion, PackRow, ParagraphRow
from bot.packs import Pack
from bot.services.upsert import insert_unless_present


def pack_hash(pack: Pack) -> str:
    return hashlib.sha256(pack.model_dump_json(by_alias=True).encode()).hexdigest()


async def sync_pack(session: AsyncSession, pack: Pack, position: int, now: datetime) -> bool:
    """Bring the database in line with ``pack``. Returns False when nothing had to change."""
    digest = pack_hash(pack)
    meta = pack.meta
    # Shard processes start together: creating the row is one statement that cannot collide,
    # and the row stays locked until commit, so a second process waits and then finds the
    # pack up to date instead of loading it again (or dying on uq_packs_slug).
    published = meta.source.published.isoformat() if meta.source.published else None
    await insert_unless_present(
        session,
        PackRow,
        {
            "slug": meta.id,
            "title": meta.title,
            "summary": meta.summary,
            "author": meta.source.author,
            "publication": meta.source.publication,
            "published": published,
            "paragraph_count": meta.paragraph_count,
            "position": position,
            "content_hash": "",
            "loaded_at": now,
        },
        keys=("slug",),
    )
    locked = select(PackRow).where(PackRow.slug == meta.id).with_for_update()
    row = (await session.execute(locked.execution_options(populate_existing=True))).scalar_one()
    if row.content_hash == digest and row.position == position and row.retired_at is None:
        return False
    row.retired_at = None  # its folder is back
    row.title, row.summary, row.position = meta.title, meta.summary, position
    row.author, row.publication, row.published = (
        meta.source.author,
        meta.source.publication,
        published,
    )
    row.paragraph_count = meta.paragraph_count
    row.loaded_at = now
    if row.content_hash == digest:
        return True
    row.content_hash = digest
    await session.flush()

    # Paragraphs and actors are pure content: replace them. Motions carry history: update in place.
    await session.execute(delete(ParagraphRow).where(ParagraphRow.pack_id == row.id))
    await session.execute(delete(ActorRow).where(ActorRow.pack_id == row.id))
    session.add_all(
        [
            ParagraphRow(
                pack_id=row.id,
                number=p.number,
                summary=p.summary,
                facts=list(p.facts),
                actor_ids=list(p.actors),
                terms=list(p.terms),
            )
            for p in pack.paragraphs
        ]
    )
    session.add_all(
        [
            ActorRow(
                pack_id=row.id,
                slug=a.id,
                name=a.name,
                kind=a.kind,
                office=a.office,
                aliases=list(a.aliases),
                profile=a.profile,
                paragraphs=list(a.paragraphs),
                position=a.position.model_dump() if a.position else None,
                claims=[c.model_dump() for c in a.claims],
                quotes=[q.model_dump() for q in a.quotes],
                related=[r.model_dump() for r in a.related],
            )
            for a in pack.actors
        ]
    )
    existing = {
        m.number: m
        for m in (
            await session.execute(select(Motion).where(Motion.pack_id == row.id, Motion.guild_id.is_(None)))
        ).scalars()
    }
    for m in pack.motions:
        motion = existing.pop(m.number, None)
        if motion is None:
            motion = Motion(pack_id=row.id, guild_id=None, number=m.number, status="approved", created_at=now)
            session.add(motion)
        motion.title, motion.context, motion.paragraphs = m.title, m.context, list(m.paragraphs)
        motion.sides_for, motion.sides_against = list(m.sides_for), list(m.sides_against)
        motion.grounds_for = [g.model_dump() for g in m.grounds_for]
        motion.grounds_against = [g.model_dump() for g in m.grounds_against]
        motion.retired = False
    for dropped in existing.values():
        dropped.retired = True
    await session.flush()
    return True


async def sync_packs(session: AsyncSession, packs: list[Pack], now: datetime) -> list[str]:
    """Seed every pack (in order); returns the slugs that changed."""
    changed = []
    for position, pack in enumerate(packs):
        if await sync_pack(session, pack, position, now):
            changed.append(pack.meta.id)
    return changed


@dataclass(frozen=True)
class Synced:
    changed: list[str]  # the ids of the packs seeded or updated
    retired: list[str]  # the titles of the packs retired, as their folders are gone


async def sync_folder(session: AsyncSession, packs: list[Pack], now: datetime) -> Synced:
    """At a start: seed every pack of the folder, and retire those whose folder is gone, as
    /pack reload does (``retire_missing``). With no pack read, none is retired."""
    changed = await sync_packs(session, packs, now)
    retired = await retire_missing(session, {pack.meta.id for pack in packs}, now) if packs else []
    return Synced(changed, retired)


async def list_packs(session: AsyncSession) -> list[PackRow]:
    """The packs spaces may read (not those retired), in the order they are offered."""
    return list((await session.execute(_offered().order_by(PackRow.position, PackRow.id))).scalars())


def _offered() -> Select[tuple[PackRow]]:
    return select(PackRow).where(PackRow.retired_at.is_(None))


async def retire_missing(session: AsyncSession, kept: set[str], now: datetime) -> list[str]:
    """Retire every pack whose id is not in ``kept`` (the packs folder's, read again): no space
    reads it any more, and each that did falls back to the first pack. Its motions and stances
    stay; ``sync_pack`` brings it back if its folder returns. Returns the retired packs' titles."""
    gone = [row for row in await list_packs(session) if row.slug not in kept]
    for row in gone:
        row.retired_at = now
    await session.flush()
    return [row.title for row in gone]


async def active_pack(session: AsyncSession, guild_id: int | None) -> PackRow:
    """The pack a guild reads: its choice, else the first pack.

    Two indexed lookups, whatever the number of packs loaded (this runs on every /who and /ask).
    """
    if guild_id is not None:
        config = await session.get(GuildConfig, guild_id)
        if config is not None and config.active_pack:
            chosen = (
                await session.execute(_offered().where(PackRow.slug == config.active_pack))
            ).scalar_one_or_none()
            if chosen is not None:
                return chosen
    first = (
        await session.execute(_offered().order_by(PackRow.position, PackRow.id).limit(1))
    ).scalar_one_or_none()
    if first is None:
        raise NotFound("No content pack is loaded yet. Add one under data/packs/ and restart the bot.")
    return first


def active_pack_id(guild_id: BindParameter[int]) -> ColumnElement[int]:
    """SQL for the id of the pack a guild reads, as ``active_pack`` chooses it (NULL when no pack
    is loaded), to use inside a query: one round trip instead of two lookups first. The guild is
    a bound parameter, so a statement built once serves every guild."""
    offered = PackRow.retired_at.is_(None)
    first = (
        select(PackRow.id).where(offered).order_by(PackRow.position, PackRow.id).limit(1).scalar_subquery()
    )
    chosen = (
        select(PackRow.id)
        .join(GuildConfig, GuildConfig.active_pack == PackRow.slug)
        .where(GuildConfig.guild_id == guild_id, offered)
        .scalar_subquery()
    )
    return func.coalesce(chosen, first)


async def resolve_pack(session: AsyncSession, raw: str) -> PackRow:
    """A loaded pack named by its id (slug, any case) or its title (resolve.pick's rule)."""
    from bot.services import resolve

    text = raw.strip()
    packs = await list_packs(session)
    by_slug = [p for p in packs if p.slug.casefold() == text.casefold()]
    if by_slug:
        return by_slug[0]
    return resolve.pick(
        text,
        packs,
        title=lambda p: p.title,
        key=lambda p: p.slug,
        label=lambda p: f"{p.title} ({p.slug})",
        kind="pack",
        missing=f"There is no pack called {text[:64]!r}. Try /pack list.",
    )


async def set_active_pack(session: AsyncSession, guild_id: int, slug: str, now: datetime) -> PackRow:
    from bot.services.guilds import get_config

    for pack in await list_packs(session):
        if pack.slug == slug:
            config = await get_config(session, guild_id, now)
            config.active_pack = slug
            return pack
    raise NotFound(f"There is no pack called {slug!r}. Try /pack list.")
