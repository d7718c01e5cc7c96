"""/motions and /motion: the propositions members take stances on, and members' own proposals."""

from __future__ import annotations

import logging
import re
from functools import partial
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import UserError
from bot.models import Motion
from bot.services import guilds, motions, positions
from bot.text import plural
from bot.ui import reply
from bot.ui.autocomplete import motion_autocomplete
from bot.ui.checks import guild_id_of, is_moderator, require_moderator
from bot.ui.errors import RoundtableView, guarded
from bot.ui.host import host_of
from bot.ui.limits import CHOICE_NAME, CHOICES, CONTENT, EMBED_DESCRIPTION, FIELD_VALUE, clip
from bot.ui.motion_grounds import grounds_text
from bot.ui.paging import Direction, PageButton, clamp, page_buttons, page_count, page_of

if TYPE_CHECKING:
    from bot.app import Roundtable

PAGE_SIZE = 10
REASON_MAX = 1000

log = logging.getLogger(__name__)


def _paragraphs(numbers: list[Any]) -> str:
    return ", ".join(f"¶{n}" for n in numbers) if numbers else "proposed by a member"


async def motions_page(
    session: AsyncSession, guild_id: int, page: int, *, private: bool = False
) -> tuple[discord.Embed, RoundtableView | None]:
    """One page of the list; ``private``: a member's own copy, whose buttons page it in place."""
    found = await motions.visible_motions(session, guild_id)
    pages = page_count(len(found), PAGE_SIZE)
    page = clamp(page, pages)
    lines = [
        f"**#{m.number}** {clip(m.title, 150)} · {_paragraphs(m.paragraphs)}"
        for m in page_of(found, page, PAGE_SIZE)
    ]
    embed = discord.Embed(
        title="Motions",
        description=clip("\n".join(lines) or "No motions yet.", EMBED_DESCRIPTION),
        colour=discord.Colour.blurple(),
    )
    embed.set_footer(
        text=f"Page {page + 1}/{pages} · {plural(len(found), 'motion')} · /motion show motion:3 for one, "
        "/stance set to take a stance"
    )
    return embed, page_buttons(page, pages, partial(MotionsPage, private=private))


async def motion_pages(session: AsyncSession, guild_id: int) -> int:
    return page_count(len(await motions.visible_motions(session, guild_id)), PAGE_SIZE)


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
            embed, view = await motions_page(session, guild_id, self.page, private=True)
        if self.private:
            await reply.edit(interaction, embed=embed, view=view)
        else:
            await reply.send(interaction, embed=embed, view=view, ephemeral=True)


def motion_embed(motion: Motion, sides: motions.Sides, distribution: positions.Distribution) -> discord.Embed:
    embed = discord.Embed(
        title=clip(f"#{motion.number} {motion.title}", 256),
        description=clip(motion.context, EMBED_DESCRIPTION),
        colour=discord.Colour.blurple(),
    )
    embed.add_field(name="In the text", value=_paragraphs(motion.paragraphs), inline=False)
    if sides.grounds_for or sides.grounds_against:
        for name, grounds in (
            ("The case for", sides.grounds_for),
            ("The case against", sides.grounds_against),
        ):
            embed.add_field(name=name, value=grounds_text(grounds), inline=False)
    elif sides.for_names or sides.against_names:
        embed.add_field(name="For, per the text", value=clip(", ".join(sides.for_names) or "—", FIELD_VALUE))
        embed.add_field(
            name="Against, per the text", value=clip(", ".join(sides.against_names) or "—", FIELD_VALUE)
        )
    if motion.proposed_by is not None:
        embed.add_field(name="Proposed by", value=f"<@{motion.proposed_by}> ({motion.status})", inline=False)
    counts = ", ".join(
        f"{distribution.counts[v]} {positions.STANCES[v]}" for v in sorted(positions.STANCES, reverse=True)
    )
    embed.add_field(
        name="The group",
        value=f"{plural(distribution.total, 'stance')}: {counts}"
        if distribution.total
        else "No stances yet.",
        inline=False,
    )
    embed.set_footer(text=f"/stance set motion:{motion.number} · /stance summary motion:{motion.number}")
    return embed


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
            pages = await motion_pages(session, guild_id)
            if page > pages:
                raise UserError(
                    f"There {'is' if pages == 1 else 'are'} {plural(pages, 'page')} of motions: "
                    f"try /motions page:{pages}."
                )
            embed, view = await motions_page(session, guild_id, page - 1)
        await reply.send(interaction, embed=embed, view=view)

    @motion.command(
        name="show", description="A motion with its context in the text and where the group stands"
    )
    @app_commands.describe(motion="The motion: its number (3 or #3) or words from it")
    @app_commands.autocomplete(motion=motion_autocomplete)
    async def show(self, interaction: discord.Interaction, motion: str) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            found = await motions.resolve_motion(session, guild_id, motion)
            sides = await motions.motion_sides(session, found)
            current = await positions.current_stances(session, guild_id=guild_id, motion_id=found.id)
        await reply.send(
            interaction, embed=motion_embed(found, sides, positions.Distribution.of(current.values()))
        )

    @motion.command(
        name="add", description="Propose a motion (moderators approve it unless the server allows)"
    )
    @app_commands.describe(text="The proposition, e.g. 'NATO should open an office in Seoul'")
    async def add(
        self, interaction: discord.Interaction, text: app_commands.Range[str, 1, motions.TITLE_MAX]
    ) -> None:
        guild_id = guild_id_of(interaction)
        now = self.bot.clock()
        async with self.bot.db.unit_of_work() as session:
            config = await guilds.peek_config(session, guild_id)
            direct = bool(config and config.members_add_motions) or await is_moderator(session, interaction)
            added = await motions.propose_motion(
                session, guild_id=guild_id, user_id=interaction.user.id, text=text, approve=direct, now=now
            )
        if direct:
            message = (
                f"Added motion **#{added.number}**: {added.title}\n"
                f"Take a stance: `/stance set motion:{added.number}`."
            )
        else:
            message = (
                f"Proposed motion **#{added.number}**: {added.title}\n"
                f"A moderator can approve it with `/motion approve motion:{added.number}`."
            )
        await reply.send(interaction, message)

    @motion.command(name="pending", description="Proposed motions waiting for a moderator")
    async def pending(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            waiting = await motions.pending_motions(session, guild_id)
        lines = [f"**#{m.number}** {clip(m.title, 150)} · by <@{m.proposed_by}>" for m in waiting]
        embed = discord.Embed(
            title="Motions waiting for review",
            description=clip("\n".join(lines) or "Nothing is waiting.", EMBED_DESCRIPTION),
            colour=discord.Colour.blurple(),
        )
        await reply.send(interaction, embed=embed, ephemeral=True)

    async def _review(
        self, interaction: discord.Interaction, raw: str, approve: bool, reason: str | None = None
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
            reviewed = await motions.review_motion(session, guild_id=guild_id, raw=raw, approve=approve)
        if approve:
            text = f"Approved motion **#{reviewed.number}**: {reviewed.title}"
            if reviewed.proposed_by is not None:
                text += f" (proposed by <@{reviewed.proposed_by}>)"
            await reply.send(interaction, text)
            return
        # A rejection is between the moderators and the proposer: never announced in the channel.
        text = f"Rejected motion **#{reviewed.number}**: {reviewed.title}"
        if reviewed.proposed_by is not None:
            told = await self._tell_proposer(interaction, reviewed, reason)
            text += (
                f"\nI told <@{reviewed.proposed_by}> privately" + (", with your reason." if reason else ".")
                if told
                else f"\nI could not message <@{reviewed.proposed_by}> (their direct messages are closed)."
            )
        await reply.send(interaction, text, ephemeral=True)

    async def _tell_proposer(
        self, interaction: discord.Interaction, motion: Motion, reason: str | None
    ) -> bool:
        """A direct message to the proposer about their rejected motion; False when it cannot go."""
        assert motion.proposed_by is not None
        where = interaction.guild.name if interaction.guild is not None else "the server"
        text = (
            f"The moderators of **{where}** did not approve your motion **#{motion.number}**: {motion.title}"
        )
        text += f"\nTheir reason: {reason}" if reason else "\nThey gave no reason."
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
