"""Buttons of /stance: history pages and the forget confirmation. Both are DynamicItems, so they
keep working after a restart; their state comes from the custom id and the database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

import discord
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotAllowed, UserError
from bot.models import Motion
from bot.services import motions, positions, privacy
from bot.services.voter_keys import vote_secret
from bot.ui import reply
from bot.ui.checks import guild_id_of
from bot.ui.custom_ids import ID
from bot.ui.errors import RoundtableView, guarded
from bot.ui.host import host_of
from bot.ui.paging import Direction, PageButton, clamp, page_buttons
from bot.ui.privacy import forgotten_text
from cogs.stances._render import history_embed, history_pages

# A forget confirmation is honoured this long after it was shown.
CONFIRM_WINDOW = timedelta(minutes=10)


@dataclass
class HistoryView:
    embed: discord.Embed
    view: RoundtableView | None
    private: bool


async def load_history(
    session: AsyncSession, *, guild_id: int, viewer_id: int, member_id: int, motion_id: int | None, page: int
) -> HistoryView:
    """A page of ``member_id``'s history as ``viewer_id`` may see it (NotAllowed when private)."""
    await positions.require_visible(session, guild_id=guild_id, viewer_id=viewer_id, member_id=member_id)
    motion: Motion | None = None
    if motion_id is not None:
        motion = await motions.get_motion(session, guild_id, motion_id)
    entries = await positions.history(session, guild_id=guild_id, user_id=member_id, motion_id=motion_id)
    private = await positions.is_private(session, guild_id=guild_id, user_id=member_id)
    pages = history_pages(entries)
    page = clamp(page, pages)
    embed = history_embed(entries, member_id=member_id, motion=motion, page=page, private=private)
    view = page_buttons(page, pages, partial(HistoryPage, member_id, motion_id or 0))
    return HistoryView(embed, view, private)


class HistoryPage(PageButton, name="stance-history", state=rf"(?P<member>{ID}):(?P<motion>{ID}):"):
    """◀ / ▶ on a /stance history message: shows page ``page`` (motion 0 means every motion)."""

    labels = ("◀ Newer", "Older ▶")

    def __init__(
        self, member_id: int, motion_id: int, page: int, direction: Direction, *, disabled: bool = False
    ) -> None:
        self.member_id, self.motion_id = member_id, motion_id
        super().__init__(page, direction, state=(member_id, motion_id), disabled=disabled)

    @classmethod
    def from_match(cls, match: re.Match[str], page: int, direction: Direction) -> HistoryPage:
        return cls(int(match["member"]), int(match["motion"]), page, direction)

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with host_of(interaction).db.unit_of_work() as session:
            shown = await load_history(
                session,
                guild_id=guild_id,
                viewer_id=interaction.user.id,
                member_id=self.member_id,
                motion_id=self.motion_id or None,
                page=self.page,
            )
        await reply.edit(interaction, embed=shown.embed, view=shown.view)


def forget_buttons(user_id: int, issued: int) -> RoundtableView:
    view = RoundtableView(timeout=None)
    view.add_item(ForgetButton(user_id, issued, "yes"))
    view.add_item(ForgetButton(user_id, issued, "no"))
    return view


class ForgetButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"roundtable:stance-forget:(?P<user>{ID}):(?P<issued>{ID}):(?P<action>yes|no)",
):
    """Confirms (or cancels) /stance forget. Only the member who asked may press it."""

    def __init__(self, user_id: int, issued: int, action: str) -> None:
        self.user_id, self.issued, self.action = user_id, issued, action
        super().__init__(
            discord.ui.Button(
                label="Forget everything" if action == "yes" else "Cancel",
                style=discord.ButtonStyle.danger if action == "yes" else discord.ButtonStyle.secondary,
                custom_id=f"roundtable:stance-forget:{user_id}:{issued}:{action}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ForgetButton:
        return cls(int(match["user"]), int(match["issued"]), match["action"])

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.user_id:
            raise NotAllowed("Only the member who asked to be forgotten can confirm it.")
        guild_id = guild_id_of(interaction)
        bot = host_of(interaction)
        now = bot.clock()
        if self.action == "no":
            await reply.edit(interaction, "Cancelled: nothing was deleted.", embeds=[], view=RoundtableView())
            return
        if now.timestamp() - self.issued > CONFIRM_WINDOW.total_seconds():
            raise UserError("This confirmation has expired. Run /stance forget again if you still want it.")
        async with bot.db.unit_of_work() as session:
            secret = await vote_secret(session, bot.settings.vote_hash_key)
            forgotten = await privacy.forget_member(
                session, guild_id=guild_id, user_id=self.user_id, secret=secret
            )
        await reply.edit(
            interaction,
            forgotten_text(forgotten.deleted, forgotten.unlinked, now),
            embeds=[],
            view=RoundtableView(),
        )
