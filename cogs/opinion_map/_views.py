"""/vote's card: one motion with Agree / Disagree / Pass buttons that survive restarts."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.services import opinion_votes
from bot.services.opinion_votes import Deal
from bot.text import plural
from bot.ui import reply
from bot.ui.checks import guild_id_of
from bot.ui.custom_ids import ID
from bot.ui.errors import RoundtableView, guarded
from bot.ui.host import host_of
from bot.ui.limits import EMBED_DESCRIPTION, EMBED_TITLE, clip
from bot.ui.markdown import escaped

BUTTONS: dict[str, tuple[str, discord.ButtonStyle]] = {
    "agree": ("Agree", discord.ButtonStyle.success),
    "disagree": ("Disagree", discord.ButtonStyle.danger),
    "pass": ("Pass", discord.ButtonStyle.secondary),
}

DONE = (
    "You've answered every motion. Thank you! `/map group` shows the group's opinion map and "
    "`/map me` where you stand in it; `/stance set` changes an answer."
)


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"roundtable:vote:(?P<motion_id>{ID}):(?P<choice>agree|disagree|pass)",
):
    """One answer to one motion. The stance is always the clicking member's own."""

    def __init__(self, motion_id: int, choice: str) -> None:
        label, style = BUTTONS[choice]
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"roundtable:vote:{motion_id}:{choice}")
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
        guild_id = guild_id_of(interaction)
        async with bot.db.unit_of_work() as session:
            await opinion_votes.answer(
                session,
                guild_id=guild_id,
                user_id=interaction.user.id,
                motion_id=self.motion_id,
                choice=self.choice,
                now=bot.clock(),
            )
            deal = await opinion_votes.next_motion(session, guild_id, interaction.user.id, self.motion_id)
        await show_deal(interaction, deal, edit=True)


def vote_card(deal: Deal) -> tuple[discord.Embed, RoundtableView]:
    motion = deal.motion
    assert motion is not None
    embed = discord.Embed(
        title=clip(f"#{motion.number} {escaped(motion.title)}", EMBED_TITLE),
        description=clip(motion.context, EMBED_DESCRIPTION),
        colour=discord.Colour.blurple(),
    )
    embed.set_footer(
        text=f"You've answered {deal.answered} of {plural(deal.total, 'motion')} · "
        f"{deal.left - 1} more after this one · Pass if you have no view."
    )
    view = RoundtableView(timeout=None)
    for choice in BUTTONS:
        view.add_item(VoteButton(motion.id, choice))
    return embed, view


async def show_deal(interaction: discord.Interaction, deal: Deal, *, edit: bool) -> None:
    """The next card, or the end of the deck; ``edit`` replaces the card the member answered."""
    if deal.motion is None and deal.left:  # the end of the deck, with passed motions still open
        text = (
            f"That was the last card. You passed {plural(deal.left, 'motion')}: nothing was recorded "
            "for them, and `/vote` deals them again."
        )
        if edit:
            await reply.edit(interaction, text, embeds=[], view=RoundtableView(timeout=None))
        else:
            await reply.send(interaction, text, ephemeral=True)
        return
    if deal.motion is None:
        if edit:
            await reply.edit(interaction, DONE, embeds=[], view=RoundtableView(timeout=None))
        else:
            await reply.send(interaction, DONE, ephemeral=True)
        return
    embed, view = vote_card(deal)
    if edit:
        await reply.edit(interaction, "", embed=embed, view=view)
    else:
        await reply.send(interaction, embed=embed, view=view, ephemeral=True)
