"""Places a question may name: states, capitals and demonyms, for /ask's "a place the text never
names" rule; and the capitals that stand for a state the pack names ("what does Paris fear").

The names are those of ``bot.pack_draft.places`` (its short forms, capitals and demonyms) and the
states of ISO 3166-1, read from pycountry's own data file without importing pycountry: the
package, with its other databases, costs about 4 MB that the first /ask should not pay (issue 19).
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

from bot.services.actors import names
from bot.services.ask_text import folded
from bot.services.pack_index import PackIndex


def _iso_states() -> list[str]:
    spec = importlib.util.find_spec("pycountry")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "databases" / "iso3166-1.json"
    if not path.is_file():
        return []
    entries = json.loads(path.read_text(encoding="utf-8")).get("3166-1", [])
    names: list[str] = []
    for entry in entries:
        for key in ("name", "common_name"):
            name = entry.get(key)
            if name:
                names.append(str(name).split(",")[0])  # "Korea, Republic of" -> "Korea"
    return names


@cache
def place_names() -> tuple[str, ...]:
    """Every state, capital and demonym this module knows, as written."""
    from bot.pack_draft import places

    return tuple(dict.fromkeys([*_iso_states(), *places.SHORT_FORMS, *places.CAPITALS, *places.DEMONYMS]))


# A capital the pack never names stands for its state when the pack names it ("what does paris
# fear"), unless it is where something is ("an office in seoul"): ``ask.actors_named``, and the
# foreign-place rule in ``ask_silence``.
_LOCATIVE = re.compile(r" (?:in|at|to|from|near|into|outside|inside|around|visit|visited|visiting) $")


def located(key: str, place: str) -> bool:
    """``place`` follows a word that makes it a location ("in seoul", "visited paris")."""
    at = key.find(f" {place} ")
    return at >= 0 and bool(_LOCATIVE.search(key[: at + 1]))


def capital_seats(index: PackIndex) -> dict[str, str]:
    """One-word capitals no actor is named by (folded) -> the state actor they stand for."""
    return index.derived("ask-capitals", _capitals)


def _capitals(index: PackIndex) -> dict[str, str]:
    from bot.pack_draft.places import CAPITALS  # as place_names reads it: on first use

    table = names(index)
    seats: dict[str, str] = {}
    for capital, state in CAPITALS.items():
        plain, of = folded(capital), table.exact.get(folded(state))
        if of and " " not in plain and plain not in table.exact:
            seats[plain] = of
    return seats
