"""The poll's buttons: ``DynamicItem``s that read everything from the database, so they survive restarts.

Why buttons and not a select menu: one click votes (a select needs two, and on mobile it
opens a sheet); the same click toggles an option in a multiple-choice poll; and 25 buttons
in 5 rows cover the most options a poll may have (25, like a select). Labels are capped at
80 characters, a button's limit.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.actions import polls as actions
from bot.models import Poll
from bot.replies.polls import custom_id, updates_poll_message, vote_receipt
from bot.services.polls import VoteResult
from bot.ui import reply
from bot.ui.checks import guild_id_of
from bot.ui.custom_ids import ID
from bot.ui.errors import RoundtableView, guarded
from bot.ui.host import host_of
from cogs.polls._ballots import AddOptionButton, RankButton
from cogs.polls._manage import ManageButton
from cogs.polls._render import poll_embed

BUTTONS_PER_ROW = 5
MAX_ROWS = 5


class PollButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"roundtable:poll:(?P<poll_id>{ID}):(?P<option>{ID})",
):
    def __init__(self, poll_id: int, option: int, *, label: str = "…", row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=custom_id(poll_id, option),
                row=row,
            )
        )
        self.poll_id = poll_id
        self.option = option

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PollButton:
        # Parse only: the poll's state is read from the database in the callback.
        return cls(int(match["poll_id"]), int(match["option"]))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = host_of(interaction)
        # No log line here: for anonymous polls it would tie a member to a vote.
        async with reply.acknowledge_if_busy(
            interaction, bot.under_load(), bot.deferred_work, ephemeral=True
        ):
            result: VoteResult = await bot.db.run(
                actions.vote,
                space_id=guild_id_of(interaction),
                poll_id=self.poll_id,
                member_id=interaction.user.id,
                option=self.option,
                hash_key=bot.settings.vote_hash_key,
                now=bot.clock(),
            )
        if updates_poll_message(result):
            # Live counts: the interaction's own edit of the poll message (no extra channel request).
            await reply.edit(interaction, embed=poll_embed(result.state))
        await reply.send(interaction, vote_receipt(result), ephemeral=True)


def poll_view(poll: Poll) -> RoundtableView:
    """One button per option, five to a row (25 options fill the message's 5 rows); a ranked poll
    has none (its options are ranked in a form); none once closed. The controls take the last
    row: Rank and Add option while open, and "Manage" (cogs/polls/_manage.py, kept once closed)
    when a row is left."""
    view = RoundtableView(timeout=None)
    rows = 0
    is_open = poll.closed_at is None
    if is_open and not poll.ranked:
        for index, label in enumerate(poll.options):
            view.add_item(PollButton(poll.id, index, label=label, row=index // BUTTONS_PER_ROW))
        rows = -(-len(poll.options) // BUTTONS_PER_ROW)
    if rows < MAX_ROWS:
        if is_open and poll.ranked:
            view.add_item(RankButton(poll.id, row=rows))
        if is_open and poll.member_options:
            view.add_item(AddOptionButton(poll.id, row=rows))
        view.add_item(ManageButton(poll.id, row=rows))
    return view
