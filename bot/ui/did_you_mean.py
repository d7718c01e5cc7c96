"""A "did you mean ...?" question: a command whose name was unclear waits for the member to pick a target.

``report_error`` hands an ``Ambiguous`` error from a slash command here. The command and its
arguments are stored (bot/services/choices.py) and the member gets a private question with one
button per likely target. A press by that member (nobody else) runs the same command again with
the picked target's exact key (a number, an id or a slug), which resolves without doubt. The
buttons are ``DynamicItem``s (``roundtable:pick:<choice id>:<token>:<index>``), so they work after a restart.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord
from discord import app_commands

from bot.errors import Ambiguous
from bot.replies.did_you_mean import chosen_text, question_text
from bot.services import choices
from bot.ui import reply
from bot.ui.checks import guild_id_of
from bot.ui.custom_ids import ID
from bot.ui.errors import RoundtableView, report_error
from bot.ui.host import BotHost, host_of
from bot.ui.limits import BUTTON_LABEL, clip

log = logging.getLogger(__name__)

_PLAIN = (str, int, float, bool, type(None))


def _option(arguments: dict[str, Any], error: Ambiguous) -> str | None:
    """The option that held the unclear name: the one whose value is what was typed."""
    named = [
        name
        for name, value in arguments.items()
        if isinstance(value, str) and value.strip() == error.typed.strip()
    ]
    if error.kind in named:
        return error.kind
    return named[0] if len(named) == 1 else None


async def ask(interaction: discord.Interaction, error: Ambiguous) -> bool:
    """Ask the member which target they meant; False when this command cannot be asked about."""
    command = interaction.command
    if not isinstance(command, app_commands.Command) or interaction.guild_id is None:
        return False
    arguments = dict(iter(interaction.namespace))
    option = _option(arguments, error)
    if option is None or not all(isinstance(v, _PLAIN) for v in arguments.values()):
        return False
    bot = host_of(interaction)
    async with bot.db.unit_of_work() as session:
        held = await choices.hold(
            session,
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            command=command.qualified_name,
            option=option,
            arguments=arguments,
            candidates=error.candidates,
            now=bot.clock(),
        )
    view = RoundtableView(timeout=None)
    for index, (_key, label) in enumerate(error.candidates):
        view.add_item(PickButton(held.id, held.token, index, label))
    await reply.send(interaction, question_text(error), view=view, ephemeral=True)
    return True


def _command(bot: BotHost, qualified_name: str) -> app_commands.Command[Any, ..., Any] | None:
    first, *rest = qualified_name.split()
    found: Any = bot.tree.get_command(first)
    for part in rest:
        found = found.get_command(part) if isinstance(found, app_commands.Group) else None
    return found if isinstance(found, app_commands.Command) else None


class PickButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"roundtable:pick:(?P<choice>{ID}):(?P<token>[0-9a-f]{{16}}):(?P<index>\d)",
):
    """One target offered by "did you mean ...?"; pressing it runs the held command on it."""

    def __init__(self, choice_id: int, token: str, index: int, label: str = "…") -> None:
        self.choice_id = choice_id
        self.token = token
        self.index = index
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL),
                style=discord.ButtonStyle.primary,
                custom_id=f"roundtable:pick:{choice_id}:{token}:{index}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PickButton:
        return cls(int(match["choice"]), match["token"], int(match["index"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self._run(interaction)
        except Exception as error:
            await report_error(interaction, error)

    async def _run(self, interaction: discord.Interaction) -> None:
        bot = host_of(interaction)
        async with bot.db.unit_of_work() as session:
            chosen = await choices.take(
                session,
                choice_id=self.choice_id,
                token=self.token,
                index=self.index,
                guild_id=guild_id_of(interaction),
                user_id=interaction.user.id,
                now=bot.clock(),
            )
        command = _command(bot, chosen.command)
        if command is None:
            await reply.edit(interaction, f"/{chosen.command} is no longer available.", view=RoundtableView())
            return
        # Close the question first; the command then answers with messages of its own.
        await reply.edit(interaction, chosen_text(chosen.label), view=RoundtableView())
        # discord.py types a callback as either a cog's method or a free function (a union mypy
        # cannot narrow); every held command is a cog's, so its cog comes first.
        await command.callback(command.binding, interaction, **chosen.arguments)  # type: ignore[arg-type]
