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


ELLIPSIS = "…"


def clip(text: str | None, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in an ellipsis when cut."""
    if not text:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def chunk_lines(lines: list[str], limit: int) -> list[str]:
    """Join lines into pages of at most ``limit`` characters (a line longer than a page is clipped)."""
    pages: list[str] = []
    current = ""
    for line in lines:
        line = clip(line, limit)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pages.append(current)
            current = line
        else:
            current = candidate
    if current:
        pages.append(current)
    return pages
