"""Member names, not ``<@id>``, inside embeds in the playground and the README pictures.

Discord renders a mention in an embed's description or a field's value as the member's name
(without pinging anyone). SimCord's Preview (3.2) renders mentions only in message content and
shows the raw ``<@1456…>`` inside embeds, and it offers no option for it, so while a preview is
open we switch on the mention rule its own renderer already has for those two embed parts. Titles,
field names and footers stay plain, as on Discord.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simcord.preview import Preview

    from bot.console.session import ConsoleSession

# The embed parts in which Discord resolves mentions.
EMBED_PARTS_WITH_MENTIONS = ("embed_description", "embed_field_value")


@contextlib.contextmanager
def names_in_embeds() -> Iterator[None]:
    """Within this block, Preview pages show mentions inside embeds as names."""
    try:
        from simcord.preview import _markdown
    except ImportError as exc:  # pragma: no cover - simcord without the preview extra
        raise RuntimeError("the preview needs simcord[preview]") from exc
    policies = getattr(_markdown, "_FIELD_POLICIES", None)
    if not isinstance(policies, dict) or not all(
        "mentions" in policies.get(part, {}) for part in EMBED_PARTS_WITH_MENTIONS
    ):
        # A SimCord release that moved its renderer: fail loudly rather than show raw ids.
        raise RuntimeError(
            "this SimCord's Preview has no embed mention policy to switch on; see bot/console/preview.py"
        )
    saved = {part: policies[part]["mentions"] for part in EMBED_PARTS_WITH_MENTIONS}
    for part in EMBED_PARTS_WITH_MENTIONS:
        policies[part]["mentions"] = True
    try:
        yield
    finally:
        for part, value in saved.items():
            policies[part]["mentions"] = value


@contextlib.asynccontextmanager
async def open_preview(session: ConsoleSession, **options: Any) -> AsyncIterator[Preview]:
    """SimCord's Preview of the session's current channel (``env.preview`` options), with names
    in embeds: what the playground serves and the README pictures capture."""
    assert session.env is not None and session.place is not None
    with names_in_embeds():
        async with session.env.preview(session.place.channel, **options) as page:
            yield page
