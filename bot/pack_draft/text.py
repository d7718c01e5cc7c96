"""The article as numbered paragraphs: splitting, trailing boilerplate, and text keys for comparing.

A text file holds one paragraph per line, or paragraphs separated by blank lines (then the lines
inside a paragraph are joined). Trailing boilerplate, such as a subscription notice or a comments
footer, is left out unless asked for; an author's biography is part of the text and is kept.
"""

from __future__ import annotations

import re
from pathlib import Path

# A paragraph at the end of the text that says one of these is the site's, not the author's.
_BOILERPLATE = re.compile(
    r"\b(?:subscription|subscriber|subscribe|sign up|sign in|log in|newsletter|comment on (?:this|stories)"
    r"|comments? (?:are|is) (?:closed|open)|leave a comment|post a comment|display name|all rights reserved"
    r"|copyright|terms of (?:use|service)|privacy policy|cookie|share this (?:article|story)"
    r"|related articles?|advertisement|follow us)\b|©|^read more:",
    re.IGNORECASE,
)

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")


def split_paragraphs(raw: str) -> list[str]:
    """Paragraphs in order: blank-line separated when the text has blank lines, else one per line."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
    else:
        blocks = text.split("\n")
    return [_SPACE.sub(" ", block).strip() for block in blocks if block.strip()]


def is_boilerplate(paragraph: str) -> bool:
    return bool(_BOILERPLATE.search(paragraph))


def strip_footer(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(the text, the trailing boilerplate left out)."""
    end = len(paragraphs)
    while end > 0 and is_boilerplate(paragraphs[end - 1]):
        end -= 1
    return paragraphs[:end], paragraphs[end:]


def read_article(path: Path, *, keep_footer: bool = False) -> list[str]:
    """The paragraphs of the text file at ``path`` (paragraph 1 first)."""
    paragraphs = split_paragraphs(path.read_text(encoding="utf-8"))
    return paragraphs if keep_footer else strip_footer(paragraphs)[0]


def clean(text: str) -> str:
    """Straight quotes, single spaces, case-folded: the key for 'is this verbatim in that'."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip().casefold()


def words(text: str) -> list[str]:
    """Lower-case words and numbers, for counting runs of shared words."""
    return _WORD.findall(clean(text).replace("'", ""))


def name_pattern(names: list[str]) -> re.Pattern[str] | None:
    """Matches any of ``names`` (or its plural) in a ``bot.packs.normalise``d paragraph.

    A leading "the" is optional, so "the U.S." is named by "U.S. commitments"."""
    from bot.packs import normalise

    keys = {re.escape(re.sub(r"^the ", "", normalise(name))) for name in names}
    keys.discard("")
    if not keys:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(keys, key=len, reverse=True)) + r")(?:s|es)?(?!\w)")
