"""Buttons that outlive the bot process: "did you mean" choices and /actors paging.

Both are ``DynamicItem``s whose custom_id carries everything needed (pack id, actor slug or
page), so they work for anyone who can see the message and keep working after a restart.
Paging buttons are shared by the channel on purpose: the list is public and the same for
everyone, and whoever pages it moves the one message forward, as a shared book would.
"""

from __future__ import annotations

import re
from functools import partial
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
from bot.ui.paging import Direction, PageButton, clamp, page_buttons

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


class ActorsPageButton(PageButton, name="actors", state=rf"(?P<pack>{ID}):(?P<kind>[a-z]+):"):
    """Moves an /actors message to ``page``. Ids made before the paging component have no
    direction (``roundtable:actors:<pack>:<kind>:<page>``): they page all the same."""

    def __init__(
        self, pack_id: int, kind: str, page: int, direction: Direction, *, disabled: bool = False
    ) -> None:
        self.pack_id = pack_id
        self.kind = kind
        super().__init__(page, direction, state=(pack_id, kind), disabled=disabled)

    @classmethod
    def from_match(cls, match: re.Match[str], page: int, direction: Direction) -> ActorsPageButton:
        return cls(int(match["pack"]), match["kind"], page, direction)

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
    page = clamp(page, len(pages))
    total = sum(1 for a in index.actors.values() if kind is None or a.kind == kind)
    embed = actors_page(index, pages, page, total)
    view = page_buttons(page, len(pages), partial(ActorsPageButton, index.pack_id, kind or "all"))
    return embed, view


def choices_view(index: PackIndex, slugs: list[str]) -> RoundtableView:
    view = RoundtableView(timeout=None)
    for slug in slugs[:5]:
        view.add_item(WhoButton(index.pack_id, slug, index.name_of(slug)))
    return view
