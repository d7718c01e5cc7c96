"""Page arithmetic for every paged list, on every front end: how many pages, which page a number
means, the items on a page. bot/ui/paging.py (Discord's ◀ / ▶) and the actions use it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def page_count(items: int, size: int) -> int:
    """How many pages ``items`` fill, ``size`` a page (an empty list is one empty page)."""
    return max(1, -(-items // size))


def clamp(page: int, pages: int) -> int:
    """``page`` (0-based) inside 0 .. pages - 1: a button made before the list shrank still shows one."""
    return min(max(page, 0), pages - 1)


def page_of(items: Sequence[T], page: int, size: int) -> Sequence[T]:
    """The items on ``page`` (0-based, already clamped)."""
    return items[page * size : (page + 1) * size]
