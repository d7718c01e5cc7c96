"""Shared checks for the positions cogs' SimCord tests."""

from __future__ import annotations

from typing import Any

import discord
import simcord

from bot.ui import limits


def assert_no_pings_and_within_limits(env: simcord.Env) -> None:
    """Every message the bot sent or edited could not ping anyone and fits Discord's limits."""
    checked = 0
    for request in env.http_requests:
        body: Any = request.json
        if not isinstance(body, dict):
            continue
        data = body.get("data", body) if "type" in body else body
        if not isinstance(data, dict) or not ({"content", "embeds", "components"} & set(data)):
            continue
        checked += 1
        assert data.get("allowed_mentions") == {"parse": []}, (request.path, data.get("allowed_mentions"))
        assert len(data.get("content") or "") <= limits.CONTENT
        embeds = [discord.Embed.from_dict(e) for e in data.get("embeds") or []]
        assert len(embeds) <= limits.EMBEDS_PER_MESSAGE
        assert sum(len(e) for e in embeds) <= limits.EMBED_TOTAL
        for embed in embeds:
            assert len(embed.description or "") <= limits.EMBED_DESCRIPTION
            assert all(len(f.value or "") <= limits.FIELD_VALUE for f in embed.fields)
    assert checked, "no message payloads were recorded"


def buttons(message: Any) -> list[dict[str, Any]]:
    """The buttons of a SimCord ResponseMessage (raw dicts) or a discord.Message, as dicts."""
    found = []
    for row in message.components:
        if isinstance(row, dict):
            found += row.get("components", [])
        else:
            found += [
                {"label": c.label, "custom_id": c.custom_id, "disabled": c.disabled} for c in row.children
            ]
    return found


def text_of(message: Any) -> str:
    """Content and embed text of a message, for assertions."""
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or "", embed.footer.text or ""]
        parts += [f"{f.name}\n{f.value}" for f in embed.fields]
    return "\n".join(parts)
