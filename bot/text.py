"""Small wording helpers shared by every front end and by services (no platform imports)."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "member")`` is "1 member"; ``plural(3, "member")`` is "3 members".

    Pass ``plural_form`` for irregular nouns: ``plural(2, "child", "children")``.
    """
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count:,} {word}"


def noun(count: int, singular: str, plural_form: str | None = None) -> str:
    """The noun alone, agreeing with ``count``: ``noun(1, "vote")`` is "vote"."""
    return singular if count == 1 else (plural_form or f"{singular}s")
