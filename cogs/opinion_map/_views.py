"""/vote's card on Discord: one motion with Agree / Disagree / Pass buttons that survive restarts.

The card and its buttons are the neutral reply (bot/replies/opinion_map.py); presses reach
``VoteButton`` by its custom id, ``roundtable:vote:<motion>:<choice>`` (the same on Slack).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.actions import opinion_map as actions
from bot.replies import opinion_map as replies
from bot.replies.commands import discord_spelling
from bot.services.opinion_votes import Deal
from bot.ui import reply
from bot.ui.cards import to_embed, to_view
from bot.ui.checks import guild_id_of
from bot.ui.custom_ids import ID
from bot.ui.errors import RoundtableView, guarded
from bot.ui.host import host_of

_STYLES = {"success": discord.ButtonStyle.success, "danger": discord.ButtonStyle.danger}


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"roundtable:vote:(?P<motion_id>{ID}):(?P<choice>agree|disagree|pass)",
):
    """One answer to one motion. The stance is always the clicking member's own."""

    def __init__(self, motion_id: int, choice: str) -> None:
        label, style = replies.BUTTONS[choice]
        super().__init__(
            discord.ui.Button(
                label=label,
                style=_STYLES.get(style, discord.ButtonStyle.secondary),
                custom_id=replies.custom_id(motion_id, choice),
            )
        )
        self.motion_id = motion_id
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> VoteButton:
        return cls(int(match["motion_id"]), match["choice"])

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = host_of(interaction)
        async with bot.db.unit_of_work() as session:
            deal = await actions.answer(
                session,
                space_id=guild_id_of(interaction),
                member_id=interaction.user.id,
                motion_id=self.motion_id,
                choice=self.choice,
                now=bot.clock(),
            )
        await show_deal(interaction, deal, edit=True)


async def show_deal(interaction: discord.Interaction, deal: Deal, *, edit: bool) -> None:
    """The next card, or the end of the deck; ``edit`` replaces the card the member answered."""
    shown = replies.deal_reply(deal, discord_spelling)
    if not edit:
        await reply.answer(interaction, shown)
        return
    # The end of the deck: the words alone, the card and its buttons gone.
    view = to_view(shown.rows) or RoundtableView(timeout=None)
    await reply.edit(interaction, shown.text or "", embeds=[to_embed(c) for c in shown.cards], view=view)
