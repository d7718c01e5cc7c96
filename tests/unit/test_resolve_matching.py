"""bot/services/resolve.py: the one number syntax and the one autocomplete rule every target uses."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import resolve


@dataclass(frozen=True)
class Item:
    number: int
    title: str


ITEMS = [
    Item(1, "NATO should open a liaison office in Tokyo"),
    Item(2, "NATO should open a liaison office in Seoul"),
    Item(12, "The AP4 should keep attending NATO summits"),
    Item(3, "Japan should raise defence spending to 2% of GDP"),
]


def _matching(typed: str, limit: int = 25) -> list[int]:
    found = resolve.matching(typed, ITEMS, number=lambda i: i.number, title=lambda i: i.title, limit=limit)
    return [i.number for i in found]


def test_a_number_is_digits_with_an_optional_hash_within_its_length() -> None:
    assert [resolve.number(raw) for raw in ("3", "#3", " # 12 ", 7)] == [3, 3, 12, 7]
    assert [resolve.number(raw) for raw in ("", "3a", "three", "#")] == [None] * 4
    assert resolve.number("1234567", digits=6) is None and resolve.number("123456", digits=6) == 123456


def test_autocomplete_offers_the_first_items_numbers_by_prefix_then_words() -> None:
    assert _matching("", limit=2) == [1, 2]
    assert _matching("1") == [1, 12] and _matching("#1") == [1, 12]
    # Words: the title sharing more of them wins a tie on the whole-string score.
    assert _matching("seoul office")[0] == 2
    assert _matching("tokyo office")[0] == 1
    assert _matching("zzzz qqqq") == []
