"""/motions and /motion: the propositions members take stances on, and members' own proposals.

Each command parses, calls its action (bot/actions/motions.py) in one unit of work and answers
with the shared reply (bot/replies/motions.py); the Slack front end does the same.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import motions as actions
from bot.models import Motion
from bot.replies import motions as replies
from bot.replies.looks import discord_looks
from bot.services import motions
from bot.ui import reply
from bot.ui.autocomplete import motion_autocomplete
from bot.ui.cards import to_embed, to_view
from bot.ui.checks import guild_id_of, is_moderator, require_moderator
from bot.ui.errors import guarded
from bot.ui.host import host_of
from bot.ui.limits import CHOICE_NAME, CHOICES, CONTENT, clip
from bot.ui.paging import Direction, PageButton

if TYPE_CHECKING:
    from bot.app import Roundtable

PAGE_SIZE = actions.PAGE_SIZE
REASON_MAX = 1000
LOOKS = discord_looks()

log = logging.getLogger(__name__)


class MotionsPage(PageButton, name="motions", suffix="(?P<own>:own)?"):
    """◀ / ▶ under /motions; the list is read again from the database on every press.

    A press on the shared message never changes it for everyone: the member gets their own
    private copy at that page (``:own``), whose buttons then page it in place.
    """

    def __init__(
        self, page: int, direction: Direction, *, disabled: bool = False, private: bool = False
    ) -> None:
        self.private = private
        super().__init__(page, direction, suffix=":own" if private else "", disabled=disabled)

    @classmethod
    def from_match(cls, match: re.Match[str], page: int, direction: Direction) -> MotionsPage:
        return cls(page, direction, private=bool(match["own"]))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with host_of(interaction).db.unit_of_work() as session:
            shown = await actions.list_page(session, space_id=guild_id, page=self.page)
        own = replies.motions_reply(shown, LOOKS, own=True)
        if self.private:
            await reply.edit(interaction, embeds=[to_embed(c) for c in own.cards], view=to_view(own.rows))
        else:
            await reply.answer(interaction, own)


async def pending_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    async with host_of(interaction).db.unit_of_work() as session:
        pending = await motions.pending_motions(session, interaction.guild_id)
    found = motions.pending_choices(pending, current[:100], limit=CHOICES)
    return [
        app_commands.Choice(name=clip(f"#{m.number} {m.title}", CHOICE_NAME), value=str(m.number))
        for m in found
    ]


class Motions(commands.Cog):
    feature = "Motions"

    motion = app_commands.Group(name="motion", description="One motion, or propose your own", guild_only=True)

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(MotionsPage)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(MotionsPage)

    @app_commands.command(name="motions", description="The motions of the text you can take stances on")
    @app_commands.guild_only()
    @app_commands.describe(page="Which page (10 motions a page)")
    async def list_motions(
        self, interaction: discord.Interaction, page: app_commands.Range[int, 1, 1000] = 1
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            shown = await actions.list_page(session, space_id=guild_id, page=page - 1, strict=True)
        await reply.answer(interaction, replies.motions_reply(shown, LOOKS))

    @motion.command(
        name="show", description="A motion with its context in the text and where the group stands"
    )
    @app_commands.describe(motion="The motion: its number (3 or #3) or words from it")
    @app_commands.autocomplete(motion=motion_autocomplete)
    async def show(self, interaction: discord.Interaction, motion: str) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            shown = await actions.show(session, space_id=guild_id, motion=motion)
        await reply.answer(interaction, replies.show_reply(shown, LOOKS))

    @motion.command(
        name="add", description="Propose a motion (moderators approve it unless the server allows)"
    )
    @app_commands.describe(text="The proposition, e.g. 'NATO should open an office in Seoul'")
    async def add(
        self, interaction: discord.Interaction, text: app_commands.Range[str, 1, motions.TITLE_MAX]
    ) -> None:
        guild_id = guild_id_of(interaction)

        async def moderator(session: AsyncSession) -> bool:
            return await is_moderator(session, interaction)

        async with self.bot.db.unit_of_work() as session:
            added = await actions.add(
                session,
                space_id=guild_id,
                member_id=interaction.user.id,
                text=text,
                now=self.bot.clock(),
                is_moderator=moderator,
            )
        await reply.answer(interaction, replies.added_reply(added, LOOKS))

    @motion.command(name="pending", description="Proposed motions waiting for a moderator")
    async def pending(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            waiting = await actions.pending(session, space_id=guild_id)
        await reply.answer(interaction, replies.pending_reply(waiting, LOOKS))

    async def _review(
        self, interaction: discord.Interaction, raw: str, approve: bool, reason: str | None = None
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
            reviewed = await actions.review(session, space_id=guild_id, motion=raw, approve=approve)
        if approve:
            await reply.answer(interaction, replies.approved_reply(reviewed, LOOKS))
            return
        told = (
            await self._tell_proposer(interaction, reviewed.motion, reason)
            if reviewed.motion.proposed_by is not None
            else None
        )
        await reply.answer(
            interaction, replies.rejected_reply(reviewed, LOOKS, told=told, with_reason=bool(reason))
        )

    async def _tell_proposer(
        self, interaction: discord.Interaction, motion: Motion, reason: str | None
    ) -> bool:
        """A direct message to the proposer about their rejected motion; False when it cannot go."""
        assert motion.proposed_by is not None
        where = interaction.guild.name if interaction.guild is not None else "the server"
        text = replies.rejection_notice(motion, where, reason, LOOKS)
        try:
            user = self.bot.get_user(motion.proposed_by) or await self.bot.fetch_user(motion.proposed_by)
            await user.send(clip(text, CONTENT), allowed_mentions=reply.NO_PINGS)
        except discord.HTTPException as exc:
            log.info("could not tell the proposer of motion %s: %s", motion.id, exc)
            return False
        return True

    @motion.command(name="approve", description="Approve a proposed motion (moderators)")
    @app_commands.describe(motion="The pending motion's number or words")
    @app_commands.autocomplete(motion=pending_autocomplete)
    async def approve(self, interaction: discord.Interaction, motion: str) -> None:
        await self._review(interaction, motion, True)

    @motion.command(name="reject", description="Reject a proposed motion (moderators; the proposer is told)")
    @app_commands.describe(
        motion="The pending motion's number or words",
        reason="Why (sent privately to the proposer with the news)",
    )
    @app_commands.autocomplete(motion=pending_autocomplete)
    async def reject(
        self,
        interaction: discord.Interaction,
        motion: str,
        reason: app_commands.Range[str, 1, REASON_MAX] | None = None,
    ) -> None:
        await self._review(interaction, motion, False, reason)


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Motions(bot))
