"""Buttons of /stance: history pages and the forget confirmation. Both are DynamicItems, so they
keep working after a restart; their state comes from the custom id and the database. The buttons
themselves are drawn by the shared replies (bot/replies/stances.py); these answer their presses."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.actions import stances as actions
from bot.replies import stances as replies
from bot.replies.looks import discord_looks
from bot.ui import reply
from bot.ui.cards import to_embed, to_view
from bot.ui.checks import guild_id_of
from bot.ui.custom_ids import ID
from bot.ui.errors import RoundtableView, guarded
from bot.ui.host import host_of
from bot.ui.paging import Direction, PageButton

if TYPE_CHECKING:
    pass

LOOKS = discord_looks()
CONFIRM_WINDOW = actions.CONFIRM_WINDOW


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
            shown = await actions.history(
                session,
                space_id=guild_id,
                viewer_id=interaction.user.id,
                member_id=self.member_id,
                motion_id=self.motion_id or None,
                page=self.page,
            )
        page = replies.history_reply(shown, LOOKS)
        await reply.edit(interaction, embeds=[to_embed(c) for c in page.cards], view=to_view(page.rows))


def forget_buttons(user_id: int, issued: int) -> discord.ui.View:
    """The confirmation's buttons as a view (the presses reach ``ForgetButton``)."""
    view = to_view([replies.forget_buttons(user_id, issued)])
    assert view is not None
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
                custom_id=replies.forget_action(user_id, issued, action),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ForgetButton:
        return cls(int(match["user"]), int(match["issued"]), match["action"])

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = host_of(interaction)
        now = bot.clock()
        actions.check_asker(interaction.user.id, self.user_id)  # Cancel too: only the asker's own
        if self.action == "no":
            await reply.edit(interaction, replies.CANCELLED, embeds=[], view=RoundtableView())
            return
        async with bot.db.unit_of_work() as session:
            forgotten = await actions.forget(
                session,
                space_id=guild_id_of(interaction),
                member_id=interaction.user.id,
                asker_id=self.user_id,
                issued=self.issued,
                now=now,
                hash_key=bot.settings.vote_hash_key,
            )
        await reply.edit(
            interaction,
            replies.forgotten_text(forgotten.deleted, forgotten.unlinked, now, LOOKS),
            embeds=[],
            view=RoundtableView(),
        )
