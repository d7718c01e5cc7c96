"""A poll's controls row on Discord: Rank (a ranked poll's private ranking form) and Add option.

Both are ``DynamicItem``s that read the poll from the database when pressed, so they work after
a restart. The ranking form is a modal with one select per place (a modal holds 5 fields:
members rank their top 5, or every option of a smaller poll); its submission is one ranking,
stored in one unit of work, so no half-made ranking is ever counted. Nothing here logs who
ranked or added what.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.actions import polls as actions
from bot.models import Poll
from bot.replies import polls as replies
from bot.services.polls import PollState, rank_slots
from bot.ui import reply
from bot.ui.checks import guild_id_of
from bot.ui.custom_ids import ID
from bot.ui.errors import guarded, report_error
from bot.ui.host import host_of
from bot.ui.limits import SELECT_OPTIONS, SELECT_TEXT, clip
from cogs.polls._render import poll_embed

log = logging.getLogger(__name__)

MODAL_TITLE = 45


class _Form(discord.ui.Modal):
    # A modal's errors come without an item (the same signature as View.on_error otherwise).
    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any] | None = None, /
    ) -> None:
        await report_error(interaction, error)


class RankForm(_Form):
    """One select per place: 1st choice (required), then optional places."""

    def __init__(self, poll: Poll, current: list[int]) -> None:
        super().__init__(title=clip(f"Rank poll #{poll.id}", MODAL_TITLE))
        self.poll_id = poll.id
        self.places: list[discord.ui.Select[Any]] = []
        for place in range(1, rank_slots(poll) + 1):
            # Filled in with the member's ranking so far, so changing it is a small edit.
            chosen = current[place - 1] if place <= len(current) else None
            select: discord.ui.Select[Any] = discord.ui.Select(
                custom_id=f"place-{place}",
                options=[
                    discord.SelectOption(label=clip(label, SELECT_TEXT), value=str(i), default=i == chosen)
                    for i, label in enumerate(poll.options[:SELECT_OPTIONS])
                ],
                min_values=1 if place == 1 else 0,
                max_values=1,
                required=place == 1,
                placeholder="Your first choice" if place == 1 else "Optional",
            )
            self.places.append(select)
            self.add_item(discord.ui.Label(text=replies.place_label(place), component=select))

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = host_of(interaction)
        picked: list[str | None] = [s.values[0] if s.values else None for s in self.places]
        async with reply.acknowledge_if_busy(
            interaction, bot.under_load(), bot.deferred_work, ephemeral=True
        ):
            result = await bot.db.run(
                actions.rank,
                space_id=guild_id_of(interaction),
                poll_id=self.poll_id,
                member_id=interaction.user.id,
                picked=picked,
                hash_key=bot.settings.vote_hash_key,
                now=bot.clock(),
            )
        if result.state.results_visible:
            await _refresh(interaction, result.state)
        await reply.send(interaction, replies.rank_receipt(result), ephemeral=True)


class AddOptionForm(_Form):
    option: discord.ui.TextInput[AddOptionForm] = discord.ui.TextInput(
        label="Your option", custom_id="option", max_length=80
    )

    def __init__(self, poll: Poll) -> None:
        super().__init__(title=clip(f"Add an option to poll #{poll.id}", MODAL_TITLE))
        self.poll_id = poll.id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = host_of(interaction)
        member = interaction.user
        state: PollState = await bot.db.run(
            actions.add_option,
            space_id=guild_id_of(interaction),
            poll_id=self.poll_id,
            member_id=member.id,
            member_name=member.display_name,
            label=self.option.value,
            now=bot.clock(),
        )
        await _refresh(interaction, state, buttons=True)
        await reply.send(interaction, replies.option_added(state, state.poll.options[-1]), ephemeral=True)


async def _refresh(interaction: discord.Interaction, state: PollState, *, buttons: bool = False) -> None:
    """Show ``state`` on the poll message the form was opened from (its buttons too, when asked)."""
    from cogs.polls._views import poll_view  # the view holds these buttons: imported when used

    try:
        if buttons:
            await reply.edit(interaction, embed=poll_embed(state), view=poll_view(state.poll))
        else:
            await reply.edit(interaction, embed=poll_embed(state))
    except discord.HTTPException as exc:
        # A deleted poll message: the ballot still counts; the receipt still goes to the member.
        log.warning("could not update the message of poll %s: %s", state.poll.id, exc)


class RankButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"roundtable:poll:(?P<poll_id>{ID}):rank"
):
    def __init__(self, poll_id: int, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=replies.RANK_LABEL,
                style=discord.ButtonStyle.primary,
                custom_id=replies.rank_id(poll_id),
                row=row,
            )
        )
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> RankButton:
        return cls(int(match["poll_id"]))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = host_of(interaction)
        async with bot.db.unit_of_work() as session:
            form = await actions.check_ranking(
                session,
                space_id=guild_id_of(interaction),
                poll_id=self.poll_id,
                member_id=interaction.user.id,
                hash_key=bot.settings.vote_hash_key,
                now=bot.clock(),
            )
        await interaction.response.send_modal(RankForm(form.poll, form.current))


class AddOptionButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"roundtable:poll:(?P<poll_id>{ID}):add"
):
    def __init__(self, poll_id: int, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=replies.ADD_LABEL,
                style=discord.ButtonStyle.secondary,
                custom_id=replies.add_id(poll_id),
                row=row,
            )
        )
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> AddOptionButton:
        return cls(int(match["poll_id"]))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = host_of(interaction)
        async with bot.db.unit_of_work() as session:
            poll = await actions.check_adding(
                session, space_id=guild_id_of(interaction), poll_id=self.poll_id, now=bot.clock()
            )
        await interaction.response.send_modal(AddOptionForm(poll))


CONTROL_ITEMS = (RankButton, AddOptionButton)
