"""The one rule for turning a typed name into a motion, a poll or a pack.

A command that changes state must act only on the target the member meant, so a typed name
resolves to one target only when it is exact or clearly unique:

1. a number or id (``3``, ``#3``: ``number`` reads it, the callers look it up), or an exact
   title, ignoring case, punctuation and spacing;
2. otherwise, the only title that holds every typed word, each at least ``WORD_SCORE`` similar
   to one of its words (rapidfuzz ``ratio`` on lower-cased words, so "TOKYO OFFICE" and
   "liason ofice tokyo" name "NATO should open a liaison office in Tokyo").

Anything weaker changes nothing. The likely targets come back in an ``Ambiguous`` error for the
front end to ask "did you mean ...?": every title that holds all the words when there are
several, else those whose whole-string score (rapidfuzz ``WRatio``) is at least
``SUGGEST_SCORE``, at most ``SUGGESTIONS``. No likely target at all is ``NotFound``.

Why words rather than one whole-string score: ``WRatio`` gives 85 or more to any long title
that shares a single word with the text ("seoul office" scores 86 against the *Tokyo* office
motion), so no threshold on it separates a typo from a different motion. docs/positions.md
has the examples.

What autocomplete offers while a member types is ``matching``: the same scores, a lower bar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final, TypeVar

from rapidfuzz import fuzz, utils

from bot.errors import Ambiguous, NotFound, UserError

T = TypeVar("T")

# One typo in a five-letter word is 80; "liason"/"liaison" 92, "summit"/"summits" 92,
# "seoul"/"should" 55.
WORD_SCORE: Final = 80.0
# "seoul summit" against "The AP4 should keep attending NATO summits" is 71; a stray fragment
# ("abc" against "Pick a chapter", "nope" against "Next week's article") is 60.
SUGGEST_SCORE: Final = 65.0
SUGGESTIONS: Final = 5
# What autocomplete still offers while a member is typing (half a word scores about 45).
CHOICE_SCORE: Final = 40.0

_NUMBER = re.compile(r"^\s*#?\s*(\d+)\s*$")


def number(raw: str | int, *, digits: int = 18) -> int | None:
    """The number a member typed to name a target (``3``, ``#3``, at most ``digits`` digits), else None."""
    if isinstance(raw, int):
        return raw
    match = _NUMBER.match(raw)
    return int(match.group(1)) if match and len(match.group(1)) <= digits else None


def normalise(text: str) -> str:
    """Lower case, punctuation as spaces, single spaces: what every comparison here sees."""
    return " ".join(utils.default_process(text).split())


def holds_every_word(typed: str, title: str) -> bool:
    """Every word of ``typed`` is (nearly) a word of ``title`` (both already normalised)."""
    words = title.split()
    return bool(words) and all(
        max(fuzz.ratio(word, candidate) for candidate in words) >= WORD_SCORE for word in typed.split()
    )


def scored(typed: str, items: Sequence[T], title: Callable[[T], str]) -> list[tuple[float, T]]:
    """Every item with its whole-string score against ``typed``, best first. Ties (common when
    one word differs, as "Seoul office" against two office motions) go to the title sharing more
    of the words, then keep the items' order."""
    wanted = normalise(typed)
    ranked = []
    for index, item in enumerate(items):
        name = normalise(title(item))
        ranked.append((fuzz.WRatio(wanted, name), fuzz.token_set_ratio(wanted, name), index))
    ranked.sort(key=lambda row: (-row[0], -row[1], row[2]))
    return [(score, items[index]) for score, _words, index in ranked]


def matching(
    typed: str, items: Sequence[T], *, number: Callable[[T], int], title: Callable[[T], str], limit: int
) -> list[T]:
    """What autocomplete offers for ``typed``: the first items when nothing is typed, those whose
    number starts with typed digits (``#`` allowed), else the titles scoring ``CHOICE_SCORE``, best first."""
    typed = typed.strip().lstrip("#").strip()
    if not typed:
        return list(items[:limit])
    if typed.isdigit():
        return [item for item in items if str(number(item)).startswith(typed)][:limit]
    return [item for score, item in scored(typed, items, title) if score >= CHOICE_SCORE][:limit]


def pick(
    typed: str,
    items: Sequence[T],
    *,
    title: Callable[[T], str],
    key: Callable[[T], str],
    label: Callable[[T], str],
    kind: str,
    missing: str | UserError,
) -> T:
    """The one item ``typed`` names by title, else ``Ambiguous`` (the likely ones) or ``NotFound``
    (``missing`` is its message, or the error to raise: a ``Refused`` whose wording names a command)."""
    gone = missing if isinstance(missing, UserError) else NotFound(missing)
    wanted = normalise(typed)
    if not wanted:
        raise gone
    exact = [item for item in items if normalise(title(item)) == wanted]
    if len(exact) == 1:
        return exact[0]
    ranking = scored(typed, items, title)
    holding = [item for _score, item in ranking if holds_every_word(wanted, normalise(title(item)))]
    if not exact and len(holding) == 1:
        return holding[0]
    likely = exact or holding or [item for score, item in ranking if score >= SUGGEST_SCORE]
    if not likely:
        raise gone
    raise Ambiguous(kind, typed, [(key(item), label(item)) for item in likely[:SUGGESTIONS]])
