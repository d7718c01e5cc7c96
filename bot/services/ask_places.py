"""Places a question may name: states, capitals and demonyms, for /ask's "a place the text never
names" rule.

The names are those of ``bot.pack_draft.places`` (its short forms, capitals and demonyms) and the
states of ISO 3166-1, read from pycountry's own data file without importing pycountry: the
package, with its other databases, costs about 4 MB that the first /ask should not pay (issue 19).
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path


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
