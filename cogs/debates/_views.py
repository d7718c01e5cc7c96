"""Debate buttons that outlive restarts (DynamicItems: state from the database) and the argue form."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.services import debates
from bot.ui.custom_ids import ID
from bot.ui.errors import RoundtableView, guarded, report_error
from bot.ui.limits import TEXT_INPUT_VALUE
from cogs.debates import _actions

PREFIX = "roundtable:debate"

JOIN_LABELS = {
    "for": "Join For",
    "against": "Join Against",
    "audience": "Audience",
    "debate": "Debate (steelman)",
}
VOTE_LABELS = {"for": "Vote For", "against": "Vote Against", "undecided": "Undecided"}
VOTE_STYLES = {
    "for": discord.ButtonStyle.primary,
    "against": discord.ButtonStyle.danger,
    "undecided": discord.ButtonStyle.secondary,
}


class JoinButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"{PREFIX}:(?P<id>{ID}):join:(?P<side>for|against|audience|debate)",
):
    def __init__(self, debate_id: int, side: str) -> None:
        style = discord.ButtonStyle.secondary if side == "audience" else discord.ButtonStyle.success
        super().__init__(
            discord.ui.Button(
                label=JOIN_LABELS[side], style=style, custom_id=f"{PREFIX}:{debate_id}:join:{side}"
            )
        )
        self.debate_id, self.side = debate_id, side

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> JoinButton:
        return cls(int(match["id"]), match["side"])

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        await _actions.join(interaction, self.debate_id, self.side)


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"{PREFIX}:(?P<id>{ID}):vote:(?P<choice>for|against|undecided)",
):
    def __init__(self, debate_id: int, choice: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=VOTE_LABELS[choice],
                style=VOTE_STYLES[choice],
                custom_id=f"{PREFIX}:{debate_id}:vote:{choice}",
            )
        )
        self.debate_id, self.choice = debate_id, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> VoteButton:
        return cls(int(match["id"]), match["choice"])

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        await _actions.vote(interaction, self.debate_id, self.choice)


class ArgueModal(discord.ui.Modal, title="Your argument"):
    text: discord.ui.TextInput[ArgueModal] = discord.ui.TextInput(
        label="Your argument for this round",
        custom_id="text",
        style=discord.TextStyle.paragraph,
        max_length=min(debates.ARGUMENT_LIMIT, TEXT_INPUT_VALUE),
    )

    def __init__(self, debate_id: int) -> None:
        super().__init__()
        self.debate_id = debate_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await _actions.argue(interaction, self.debate_id, self.text.value)

    # A modal's errors come without an item; the optional one keeps the signature of View's on_error
    # too, which discord.py's Modal narrows.
    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any] | None = None, /
    ) -> None:
        await report_error(interaction, error)


class ArgueButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"{PREFIX}:(?P<id>{ID}):argue"):
    def __init__(self, debate_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Argue", style=discord.ButtonStyle.primary, custom_id=f"{PREFIX}:{debate_id}:argue"
            )
        )
        self.debate_id = debate_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ArgueButton:
        return cls(int(match["id"]))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        debate_id = await _actions.check_debater(interaction, self.debate_id)
        await interaction.response.send_modal(ArgueModal(debate_id))


class SkipAllButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"{PREFIX}:(?P<id>{ID}):skip-all:(?P<answer>yes|no)",
):
    """The answer to "skip every speech?" (/debate end from the pre-vote): the custom id names the
    debate, so it holds across a restart and acts on that debate only (as Slack's buttons do)."""

    def __init__(self, debate_id: int, answer: str) -> None:
        yes = answer == "yes"
        super().__init__(
            discord.ui.Button(
                label="Skip every speech" if yes else "Cancel",
                style=discord.ButtonStyle.danger if yes else discord.ButtonStyle.secondary,
                custom_id=f"{PREFIX}:{debate_id}:skip-all:{answer}",
            )
        )
        self.debate_id, self.answer = debate_id, answer

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> SkipAllButton:
        return cls(int(match["id"]), match["answer"])

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        await _actions.skip_all(interaction, self.debate_id, confirmed=self.answer == "yes")


def skip_all_view(debate_id: int) -> RoundtableView:
    view = RoundtableView(timeout=None)
    view.add_item(SkipAllButton(debate_id, "yes"))
    view.add_item(SkipAllButton(debate_id, "no"))
    return view


DYNAMIC_ITEMS = (JoinButton, VoteButton, ArgueButton, SkipAllButton)


def board_view(debate_id: int, assign: str, *, prevote_open: bool = True) -> RoundtableView:
    """Join and pre-vote buttons under the debate's opening message (none once the pre-vote closed)."""
    view = RoundtableView(timeout=None)
    if not prevote_open:
        return view
    sides = ("debate", "audience") if assign == "counter" else ("for", "against", "audience")
    for side in sides:
        view.add_item(JoinButton(debate_id, side))
    for choice in VOTE_LABELS:
        item = VoteButton(debate_id, choice)
        item.item.row = 1
        view.add_item(item)
    return view


def speech_view(debate_id: int) -> RoundtableView:
    view = RoundtableView(timeout=None)
    view.add_item(ArgueButton(debate_id))
    return view


def postvote_view(debate_id: int) -> RoundtableView:
    view = RoundtableView(timeout=None)
    for choice in VOTE_LABELS:
        view.add_item(VoteButton(debate_id, choice))
    return view
