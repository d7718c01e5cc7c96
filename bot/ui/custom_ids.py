"""Numbers inside our buttons' custom ids, kept in range in one place.

A custom id comes back from Discord as the client sent it, so anyone can forge one
(``roundtable:poll:99999999999999999999999:0``). Every ``DynamicItem`` template matches its
numbers with ``ID``: up to 9,219,999,999,999,999,999, inside the 64-bit columns the ids are
stored in (snowflakes stay below that until about 2083). A forged id with a larger number
matches no button of ours but ``OutOfRange``, which answers privately that the button is
not one the bot made, instead of an overflow deep in the database driver.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.ui import reply

# Numbers from 0 to 9,219,999,999,999,999,999 (below 2**63 - 1).
ID = r"(?:[0-9]{1,18}|[1-8][0-9]{18}|9[01][0-9]{17}|92[01][0-9]{16})"
# Exactly the numbers ID refuses: 9,220,000,000,000,000,000 and up, or 20 digits and more.
_TOO_BIG = r"(?<![0-9])(?:[0-9]{20,}|9[3-9][0-9]{17}|92[2-9][0-9]{16})(?![0-9])"

NOT_OURS = "That button is not one the bot made, so it does nothing."


class OutOfRange(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"roundtable:[^\s]*?{_TOO_BIG}[^\s]*"
):
    """Any ``roundtable:`` custom id holding a number past ``ID``'s range: refused politely."""

    def __init__(self) -> None:
        super().__init__(discord.ui.Button(label="?", custom_id="roundtable:refused:99999999999999999999"))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> OutOfRange:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await reply.send(interaction, NOT_OURS, ephemeral=True)
