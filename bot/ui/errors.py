"""The one place that turns errors into what the user sees.

The command tree's ``on_error``, views' ``on_error`` and dynamic buttons all call
``report_error``: a ``UserError`` is shown as it is, ephemerally; anything else is
logged with an error id that the user can quote to the maintainers.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.errors import Ambiguous, CooldownActive
from bot.replies.commands import discord_spelling
from bot.replies.errors import DATABASE_BUSY as DATABASE_BUSY
from bot.replies.errors import user_message as neutral_message
from bot.ui.reply import send

log = logging.getLogger(__name__)

ItemT = TypeVar("ItemT")
Callback = Callable[[ItemT, discord.Interaction], Coroutine[Any, Any, None]]


def _unwrap(error: BaseException) -> BaseException:
    original = getattr(error, "original", None)
    return original if isinstance(original, BaseException) else error


def user_message(error: BaseException) -> tuple[str, str | None]:
    """What to tell the user about ``error``, and an error id when it is our fault."""
    error = _unwrap(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return CooldownActive(error.retry_after).message, None
    if isinstance(error, app_commands.MissingPermissions):
        return "Only moderators can do that.", None
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works in a server, not in direct messages.", None
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't read {str(error.value)[:100]!r} as a {error.type.name.lower()}.", None
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You can't use that command here.", None
    return neutral_message(error, discord_spelling)


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the user what went wrong, privately.

    After a public ``defer()`` Discord turns the first followup into the (public) "thinking"
    message, so cogs validate input before deferring, or defer with ``ephemeral=True``.
    """
    ambiguous = _unwrap(error)
    if isinstance(ambiguous, Ambiguous):
        from bot.ui.did_you_mean import ask  # it renders its buttons with this module's views

        if await ask(interaction, ambiguous):
            return
    message, error_id = user_message(error)
    if error_id is not None:
        # Neither the member nor the full custom id is logged: together they could tie an
        # anonymous poll vote to a member. The error id is what links a report to this line.
        log.error("error %s in %s", error_id, _where(interaction), exc_info=_unwrap(error))
    try:
        await send(interaction, message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not show error %s to the user (interaction expired?)", error_id)


def _where(interaction: discord.Interaction) -> str:
    """The command's name, or the namespace of the component ("roundtable:poll"), for logs."""
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    data = interaction.data
    custom_id = str(data.get("custom_id", "?")) if data is not None else "?"
    return "component " + ":".join(custom_id.split(":")[:2])


class RoundtableTree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await report_error(interaction, error)


class RoundtableView(discord.ui.View):
    """Views route their errors to the same handler as commands."""

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_error(interaction, error)


def guarded(callback: Callback[ItemT]) -> Callback[ItemT]:
    """Wrap a ``DynamicItem`` callback: discord.py only logs their errors, we answer the user."""

    @functools.wraps(callback)
    async def wrapper(self: ItemT, interaction: discord.Interaction) -> None:
        try:
            await callback(self, interaction)
        except Exception as error:
            await report_error(interaction, error)

    return wrapper
