"""The one cooldown mechanism for expensive commands (/ask, /map, charts).

Per (guild, member, bucket): a member who just drew a map waits ``Settings.cooldown_seconds``
before drawing another, while other members and other servers are not held up. Time comes from
``bot.clock()``, so SimCord's simulated time (tests, the console) moves cooldowns too. A refusal
raises discord.py's ``CommandOnCooldown``, which the central handler (bot/ui/errors.py) shows as
"Slow down a little: try again in N s." ephemerally. ``cooldown_seconds = 0`` turns them off.

State is in memory, per bot object (a restarted process starts with no cooldowns): cooldowns are
a courtesy against spam, not a rule worth a database write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from weakref import WeakKeyDictionary

import discord
from discord import app_commands

from bot.cooldowns import Cooldowns
from bot.ui.host import host_of

T = TypeVar("T")

_per_bot: WeakKeyDictionary[discord.Client, Cooldowns] = WeakKeyDictionary()


def cooldowns_of(bot: discord.Client) -> Cooldowns:
    """The cooldowns of one bot object (a new bot, as after a restart, starts afresh)."""
    found = _per_bot.get(bot)
    if found is None:
        found = _per_bot[bot] = Cooldowns()
    return found


def check_cooldown(interaction: discord.Interaction, bucket: str) -> None:
    """Raise ``CommandOnCooldown`` when this member used ``bucket`` in this server too recently."""
    bot = host_of(interaction)
    seconds = bot.settings.cooldown_seconds
    if seconds <= 0:
        return
    key = (interaction.guild_id or 0, interaction.user.id, bucket)
    left = cooldowns_of(interaction.client).hit(key, bot.clock(), seconds)
    if left > 0:
        raise app_commands.CommandOnCooldown(app_commands.Cooldown(1, seconds), left)


def expensive(bucket: str) -> Callable[[T], T]:
    """Decorate an app command: one use per member per server every ``cooldown_seconds``.

    Commands sharing a ``bucket`` share the wait (``/map group`` and ``/map me`` draw the same map).
    """

    def predicate(interaction: discord.Interaction) -> bool:
        check_cooldown(interaction, bucket)
        return True

    return app_commands.check(predicate)
