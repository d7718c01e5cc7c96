"""The facilitator's own copy of a text, kept beside its pack (``pack draft --keep-text``).

``PACKS_DIR/<pack id>/article.local.txt`` holds the paragraphs, one per line (or blank-line
separated). ``.gitignore`` excludes it: it is never committed. When it is there, /source shows
the paragraph itself and /ask ranks the raw paragraphs too; without it, everything works from
the pack alone.
"""

from __future__ import annotations

import logging
from pathlib import Path

from bot.pack_draft.text import read_article

log = logging.getLogger(__name__)

KEPT_TEXT_FILE = "article.local.txt"


def kept_text_path(packs_dir: Path, slug: str) -> Path:
    return packs_dir / slug / KEPT_TEXT_FILE


def read_kept_text(packs_dir: Path | None, slug: str, paragraph_count: int) -> dict[int, str]:
    """Paragraph number -> the paragraph, for the paragraphs the pack has; empty when no copy is kept."""
    if packs_dir is None:
        return {}
    path = kept_text_path(packs_dir, slug)
    if not path.is_file():
        return {}
    try:
        paragraphs = read_article(path)
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("kept text %s unreadable: %s", path, exc)
        return {}
    if len(paragraphs) != paragraph_count:
        log.warning("kept text %s has %d paragraphs, the pack %d", path, len(paragraphs), paragraph_count)
    return {n: text for n, text in enumerate(paragraphs[:paragraph_count], start=1)}
