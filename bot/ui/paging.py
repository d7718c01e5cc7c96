"""◀ / ▶ buttons that page a list message: the one paging component every list uses.

A page button is a ``DynamicItem`` whose custom id carries what the list needs to be read again
(``roundtable:<name>:<state...>:<page>:<prev|next>``), so it works after a restart and for anyone
who can see the message. A subclass names its list and what its state looks like::

    class HistoryPage(PageButton, name="stance-history", state=rf"(?P<member>{ID}):(?P<motion>{ID}):"):
        ...

and implements ``from_match`` (rebuild itself from the id) and ``callback``. The page arithmetic
(how many pages, which page a number means, the pair of buttons around a page) is here only.

The direction part is optional when read, so ids made before it existed (``/actors``:
``roundtable:actors:<pack>:<kind>:<page>``) still page their message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar, Literal, Protocol, Self, TypeVar

import discord

from bot.pages import clamp as clamp
from bot.pages import page_count as page_count
from bot.pages import page_of as page_of
from bot.ui.custom_ids import ID
from bot.ui.errors import RoundtableView

T = TypeVar("T")
Direction = Literal["prev", "next"]


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    # Never registered: each subclass brings its own template (``__init_subclass__``).
    template=r"roundtable:paging-base(?!)",
):
    """One ◀ or ▶ button; ``page`` is the (0-based) page it shows when pressed."""

    name: ClassVar[str]
    labels: ClassVar[tuple[str, str]] = ("◀ Previous", "Next ▶")

    def __init_subclass__(cls, *, name: str, state: str = "", suffix: str = "") -> None:
        """``state``: the regex of what stands between the name and the page, each part ending in ``:``;
        ``suffix``: an optional regex after the direction."""
        cls.name = name
        super().__init_subclass__(
            template=rf"roundtable:{name}:{state}(?P<page>{ID})(?::(?P<dir>prev|next))?{suffix}"
        )

    def __init__(
        self,
        page: int,
        direction: Direction,
        *,
        state: Sequence[int | str] = (),
        suffix: str = "",
        disabled: bool = False,
    ) -> None:
        self.page = page
        self.direction: Direction = direction
        parts = "".join(f"{part}:" for part in state)
        super().__init__(
            discord.ui.Button(
                label=self.labels[direction == "next"],
                style=discord.ButtonStyle.secondary,
                custom_id=f"roundtable:{self.name}:{parts}{page}:{direction}{suffix}",
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        direction: Direction = "prev" if match["dir"] == "prev" else "next"
        return cls.from_match(match, int(match["page"]), direction)

    @classmethod
    def from_match(cls, match: re.Match[str], page: int, direction: Direction) -> Self:
        """The button again, from its custom id's ``match`` (the subclass's state groups)."""
        raise NotImplementedError


class MakeButton(Protocol):
    """A page button's class with its state bound (``functools.partial(HistoryPage, member, motion)``)."""

    def __call__(self, page: int, direction: Direction, *, disabled: bool) -> PageButton: ...


def page_buttons(page: int, pages: int, button: MakeButton) -> RoundtableView | None:
    """◀ and ▶ around ``page`` of ``pages`` (None for a single page); ◀ is disabled on the first
    page, ▶ on the last."""
    if pages <= 1:
        return None
    view = RoundtableView(timeout=None)
    view.add_item(button(max(page - 1, 0), "prev", disabled=page == 0))
    view.add_item(button(min(page + 1, pages - 1), "next", disabled=page >= pages - 1))
    return view
