"""The sentences for ``bot.errors.Refused``: what a rule refused, worded for people.

Each feature adds its reasons to ``REASONS`` (a template function taking the facts and the
platform's command spelling). A reason with no wording is a bug, shown as the reason itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from bot.errors import Refused
from bot.replies.commands import Spelling, plain_spelling

log = logging.getLogger(__name__)

Wording = Callable[[Mapping[str, object], Spelling], str]

REASONS: dict[str, Wording] = {}


def reason(name: str) -> Callable[[Wording], Wording]:
    """Register the wording of a reason: ``@reason("debate.side-empty")``."""

    def register(wording: Wording) -> Wording:
        REASONS[name] = wording
        return wording

    return register


def word(refusal: Refused, spell: Spelling = plain_spelling) -> str:
    _load()
    wording = REASONS.get(refusal.reason)
    if wording is None:
        log.error("no wording for refusal %r", refusal.reason)
        return refusal.reason
    return wording(refusal.facts, spell)


_loaded: list[bool] = []


def _load() -> None:
    """Import every feature's wording module once (they register their reasons on import)."""
    if _loaded:
        return
    _loaded.append(True)
    import importlib
    import pkgutil

    import bot.replies as package

    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{info.name}")
