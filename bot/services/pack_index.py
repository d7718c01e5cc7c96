"""An in-memory, read-only view of one content pack, built lazily from the database and cached.

Every /who, /ask and autocomplete keystroke reads only the guild's active pack. Its actors and
paragraphs are loaded once per pack version (the cache key holds the pack's ``content_hash``, so
an edited pack is rebuilt on first use) and derived structures (the name index, the passage
ranking) are built on first need. The cache is bounded, so loading 1000 packs costs memory only
for the packs guilds actually read.

Which pack a guild reads is remembered too (for the ``GUILD_CAPACITY`` guilds that read last,
so a bot in many servers holds a bounded memory), for ``GUILD_TTL_SECONDS``: within that time a
/who or /ask touches no database at all. ``/pack use`` forgets the guild's choice at once
(``forget_guild``); a pack chosen by another process is seen within the TTL. A ``/pack reload``
in any process is seen within ``RELOAD_CHECK_SECONDS`` (the bot's cache looks at the packs
generation that often, one primary-key lookup, and only when a command needs the index).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.kept_text import read_kept_text
from bot.models import ActorRow, PackRow, ParagraphRow
from bot.packs import Actor, Pack, Paragraph
from bot.services import content, pack_reload

T = TypeVar("T")

DEFAULT_CAPACITY = 64
# Guilds whose pack choice is remembered (a few dozen bytes each); the least recent go first.
GUILD_CAPACITY = 10_000
GUILD_TTL_SECONDS = 60.0
RELOAD_CHECK_SECONDS = 1.0


@dataclass
class PackIndex:
    """One pack as the commands read it. Actors keep the pack's order."""

    pack_id: int
    slug: str
    title: str
    content_hash: str
    paragraph_count: int
    actors: dict[str, Actor]
    paragraphs: dict[int, Paragraph]
    summary: str = ""  # the pack's summary of the whole text (/ask answers "what is it about" with it)
    # The facilitator's kept copy of the text (bot.kept_text): paragraph number -> paragraph.
    kept_text: dict[int, str] = field(default_factory=dict)
    author: str = ""  # who wrote the text (metadata: /ask does not say "not quoted" of the author)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    def derived(self, key: str, build: Callable[[PackIndex], T]) -> T:
        """A structure computed from this pack once (``build(self)``), then reused."""
        if key not in self._derived:
            self._derived[key] = build(self)
        return self._derived[key]

    def name_of(self, slug: str) -> str:
        actor = self.actors.get(slug)
        return actor.name if actor else slug

    def quotes_in(self, number: int) -> list[tuple[Actor, str, str | None]]:
        """(actor, quotation, context) for every quotation the pack cites from paragraph ``number``."""
        return [
            (actor, quote.text, quote.context)
            for actor in self.actors.values()
            for quote in actor.quotes
            if quote.paragraph == number
        ]


def actor_from_row(row: ActorRow) -> Actor:
    return Actor.model_validate(
        {
            "id": row.slug,
            "name": row.name,
            "kind": row.kind,
            "aliases": row.aliases,
            "office": row.office,
            "profile": row.profile,
            "paragraphs": row.paragraphs,
            "position": row.position,
            "claims": row.claims,
            "quotes": row.quotes,
            "related": row.related,
        }
    )


async def build_index(session: AsyncSession, pack: PackRow) -> PackIndex:
    actor_rows = (
        await session.execute(select(ActorRow).where(ActorRow.pack_id == pack.id).order_by(ActorRow.id))
    ).scalars()
    paragraph_rows = (
        await session.execute(
            select(ParagraphRow).where(ParagraphRow.pack_id == pack.id).order_by(ParagraphRow.number)
        )
    ).scalars()
    actors = {row.slug: actor_from_row(row) for row in actor_rows}
    paragraphs = {
        row.number: Paragraph(
            number=row.number, summary=row.summary, facts=row.facts, actors=row.actor_ids, terms=row.terms
        )
        for row in paragraph_rows
    }
    return PackIndex(
        pack_id=pack.id,
        slug=pack.slug,
        title=pack.title,
        content_hash=pack.content_hash,
        paragraph_count=pack.paragraph_count,
        actors=actors,
        paragraphs=paragraphs,
        summary=pack.summary,
        author=pack.author,
    )


def index_from_pack(pack: Pack, pack_id: int = 0) -> PackIndex:
    """The same view straight from a loaded pack (no database): for checks, tests and scripts."""
    return PackIndex(
        pack_id=pack_id,
        slug=pack.meta.id,
        title=pack.meta.title,
        content_hash=content.pack_hash(pack),
        paragraph_count=pack.meta.paragraph_count,
        actors={actor.id: actor for actor in pack.actors},
        paragraphs={p.number: p for p in sorted(pack.paragraphs, key=lambda p: p.number)},
        summary=pack.meta.summary,
        author=pack.meta.source.author,
    )


class IndexCache:
    """Least-recently-used PackIndex objects keyed by (pack id, content hash), and which one each
    guild reads. One per bot (``bot.indexes``)."""

    def __init__(
        self,
        capacity: int = DEFAULT_CAPACITY,
        *,
        guild_ttl: float = GUILD_TTL_SECONDS,
        guild_capacity: int = GUILD_CAPACITY,
        monotonic: Callable[[], float] = time.monotonic,
        kept_text_root: Path | None = None,
        reload_check: float | None = None,
    ) -> None:
        self.capacity = capacity
        self.kept_text_root = kept_text_root  # PACKS_DIR: where kept texts are read from
        # Every this many seconds, one lookup asks the database whether any process reloaded the
        # packs (/pack reload); None: never (a cache that only this process changes).
        self.reload_check = reload_check
        self._generation: str | None = None
        self._generation_seen_at: float | None = None
        self.guild_ttl = guild_ttl
        self.guild_capacity = guild_capacity
        self._monotonic = monotonic
        self._entries: OrderedDict[tuple[int, str], PackIndex] = OrderedDict()
        # guild id -> (the key of the index it reads, when that was looked up)
        self._guilds: OrderedDict[int | None, tuple[tuple[int, str], float]] = OrderedDict()
        self.builds = 0  # how many times a pack was loaded from the database (for tests and benches)

    def __len__(self) -> int:
        return len(self._entries)

    async def for_pack(self, session: AsyncSession, pack: PackRow) -> PackIndex:
        key = (pack.id, pack.content_hash)
        index = self._entries.get(key)
        if index is None:
            index = await build_index(session, pack)
            index.kept_text = read_kept_text(self.kept_text_root, pack.slug, pack.paragraph_count)
            self.builds += 1
            self._entries[key] = index
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(key)
        return index

    def _reload_check_due(self) -> bool:
        if self.reload_check is None:
            return False
        seen = self._generation_seen_at
        return seen is None or self._monotonic() - seen >= self.reload_check

    async def _check_reload(self, session: AsyncSession) -> None:
        """Drop every cached index when the packs generation changed since the last look."""
        if not self._reload_check_due():
            return
        generation = await pack_reload.packs_generation(session)
        if self._generation_seen_at is not None and generation != self._generation:
            self.forget_all()
        self.reloaded(generation)

    def reloaded(self, generation: str | None) -> None:
        """The packs generation this cache is now in step with (looked up, or set by a reload)."""
        self._generation, self._generation_seen_at = generation, self._monotonic()

    def cached_for_guild(self, guild_id: int | None) -> PackIndex | None:
        """The guild's index without the database, when its choice was looked up within the TTL
        (and, with ``reload_check``, no look for a reload is due)."""
        if self._reload_check_due():
            return None
        remembered = self._guilds.get(guild_id)
        if remembered is None:
            return None
        key, seen_at = remembered
        index = self._entries.get(key)
        if index is None or self._monotonic() - seen_at >= self.guild_ttl:
            del self._guilds[guild_id]
            return None
        self._entries.move_to_end(key)
        self._guilds.move_to_end(guild_id)
        return index

    async def for_guild(self, session: AsyncSession, guild_id: int | None) -> PackIndex:
        """The index of the guild's active pack (its choice, else the first pack)."""
        await self._check_reload(session)
        index = self.cached_for_guild(guild_id)
        if index is None:
            index = await self.for_pack(session, await content.active_pack(session, guild_id))
            self._guilds[guild_id] = ((index.pack_id, index.content_hash), self._monotonic())
            self._guilds.move_to_end(guild_id)
            while len(self._guilds) > self.guild_capacity:
                self._guilds.popitem(last=False)
        return index

    def forget_all(self) -> None:
        """The packs were reloaded (here or in another process): build every index afresh."""
        self._guilds.clear()
        self._entries.clear()

    def forget_guild(self, guild_id: int | None) -> None:
        """The guild chose another pack: look its choice up again on next use."""
        self._guilds.pop(guild_id, None)

    async def for_pack_id(self, session: AsyncSession, pack_id: int) -> PackIndex | None:
        """The index of a pack by id (buttons carry the pack id); None when it is gone."""
        pack = await session.get(PackRow, pack_id)
        return None if pack is None else await self.for_pack(session, pack)
