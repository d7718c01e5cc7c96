"""Buttons that outlive the bot process: "did you mean" choices and /actors paging.

Both are ``DynamicItem``s whose custom_id carries everything needed (pack id, actor slug or
page), so they work for anyone who can see the message and keep working after a restart.
Paging buttons are shared by the channel on purpose: the list is public and the same for
everyone, and whoever pages it moves the one message forward, as a shared book would.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.errors import NotFound
from bot.services.pack_index import IndexCache, PackIndex
from bot.ui import reply
from bot.ui.actor_embeds import actor_card, actor_pages, actors_page
from bot.ui.custom_ids import ID
from bot.ui.errors import RoundtableView, guarded
from bot.ui.host import host_of
from bot.ui.limits import BUTTON_LABEL, clip

GONE = "That content pack is no longer loaded; run the command again."


def _cache(interaction: discord.Interaction) -> IndexCache:
    return host_of(interaction).indexes


async def _index(interaction: discord.Interaction, pack_id: int) -> PackIndex:
    bot = host_of(interaction)
    async with bot.db.unit_of_work() as session:
        index = await _cache(interaction).for_pack_id(session, pack_id)
    if index is None:
        raise NotFound(GONE)
    return index


class WhoButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"roundtable:who:(?P<pack>{ID}):(?P<slug>[a-z0-9-]+)",
):
    """Shows one actor's card: the choices under "did you mean" and "nearest names"."""

    def __init__(self, pack_id: int, slug: str, label: str = "Show") -> None:
        self.pack_id = pack_id
        self.slug = slug
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL),
                style=discord.ButtonStyle.primary,
                custom_id=f"roundtable:who:{pack_id}:{slug}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> WhoButton:
        label = getattr(item, "label", None) or "Show"
        return cls(int(match["pack"]), match["slug"], label)

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        index = await _index(interaction, self.pack_id)
        actor = index.actors.get(self.slug)
        if actor is None:
            raise NotFound(GONE)
        await reply.send(interaction, embed=actor_card(index, actor))


class ActorsPageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"roundtable:actors:(?P<pack>{ID}):(?P<kind>[a-z]+):(?P<page>{ID})",
):
    """Moves an /actors message to ``page``."""

    def __init__(self, pack_id: int, kind: str, page: int, label: str, disabled: bool = False) -> None:
        self.pack_id = pack_id
        self.kind = kind
        self.page = page
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"roundtable:actors:{pack_id}:{kind}:{page}",
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ActorsPageButton:
        return cls(int(match["pack"]), match["kind"], int(match["page"]), getattr(item, "label", None) or "")

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        index = await _index(interaction, self.pack_id)
        embed, view = actors_message(index, None if self.kind == "all" else self.kind, self.page)
        await reply.edit(interaction, embed=embed, view=view)


def actors_message(
    index: PackIndex, kind: str | None, page: int
) -> tuple[discord.Embed, discord.ui.View | None]:
    pages = actor_pages(index, kind)
    if not pages:
        raise NotFound(f"The article names no actors of kind {kind!r}.")
    page = max(0, min(page, len(pages) - 1))
    total = sum(1 for a in index.actors.values() if kind is None or a.kind == kind)
    embed = actors_page(index, pages, page, total)
    if len(pages) == 1:
        return embed, None
    key = kind or "all"
    view = RoundtableView(timeout=None)
    view.add_item(ActorsPageButton(index.pack_id, key, max(page - 1, 0), "◀ Previous", disabled=page == 0))
    view.add_item(
        ActorsPageButton(
            index.pack_id, key, min(page + 1, len(pages) - 1), "Next ▶", disabled=page == len(pages) - 1
        )
    )
    return embed, view


def choices_view(index: PackIndex, slugs: list[str]) -> RoundtableView:
    view = RoundtableView(timeout=None)
    for slug in slugs[:5]:
        view.add_item(WhoButton(index.pack_id, slug, index.name_of(slug)))
    return view
