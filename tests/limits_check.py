"""Checks an outgoing REST payload against Discord's limits (docs/discord-limits.md).

Used by every test that wants to prove a reply would not be rejected with HTTP 400, and
that user text cannot ping anyone.
"""

from __future__ import annotations

from typing import Any

from simcord import HttpLogEntry

MESSAGE_ROUTE_HINTS = ("/messages", "/webhooks/", "/callback")


def _len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def embed_problems(embed: dict[str, Any]) -> list[str]:
    problems = []
    if _len(embed.get("title")) > 256:
        problems.append("embed title > 256")
    if _len(embed.get("description")) > 4096:
        problems.append("embed description > 4096")
    fields = embed.get("fields") or []
    if len(fields) > 25:
        problems.append("more than 25 fields")
    for f in fields:
        if not 1 <= _len(f.get("name")) <= 256:
            problems.append(f"field name length {_len(f.get('name'))}")
        if not 1 <= _len(f.get("value")) <= 1024:
            problems.append(f"field value length {_len(f.get('value'))}")
    if _len((embed.get("footer") or {}).get("text")) > 2048:
        problems.append("footer > 2048")
    if _len((embed.get("author") or {}).get("name")) > 256:
        problems.append("author name > 256")
    return problems


def embed_total(embed: dict[str, Any]) -> int:
    total = _len(embed.get("title")) + _len(embed.get("description"))
    total += sum(_len(f.get("name")) + _len(f.get("value")) for f in embed.get("fields") or [])
    total += _len((embed.get("footer") or {}).get("text")) + _len((embed.get("author") or {}).get("name"))
    return total


def component_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems = []
    if len(rows) > 5:
        problems.append(f"{len(rows)} action rows")
    for row in rows:
        children = row.get("components") or []
        buttons = [c for c in children if c.get("type") == 2]
        selects = [c for c in children if c.get("type") in (3, 5, 6, 7, 8)]
        if len(buttons) > 5 or len(selects) > 1 or (buttons and selects):
            problems.append("row over capacity")
        for c in children:
            custom_id = c.get("custom_id")
            if custom_id is not None and not 1 <= len(custom_id) <= 100:
                problems.append(f"custom_id length {len(custom_id)}")
            if _len(c.get("label")) > 80:
                problems.append("button label > 80")
            if _len(c.get("placeholder")) > 150:
                problems.append("placeholder > 150")
            options = c.get("options") or []
            if len(options) > 25:
                problems.append("select with more than 25 options")
            for o in options:
                for key in ("label", "value", "description"):
                    if _len(o.get(key)) > 100:
                        problems.append(f"select option {key} > 100")
    return problems


def message_problems(body: dict[str, Any]) -> list[str]:
    problems = []
    if _len(body.get("content")) > 2000:
        problems.append(f"content length {_len(body.get('content'))}")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems.append("more than 10 embeds")
    for embed in embeds:
        problems.extend(embed_problems(embed))
    if sum(embed_total(e) for e in embeds) > 6000:
        problems.append("embeds over 6000 characters in total")
    problems.extend(component_problems(body.get("components") or []))
    if body.get("content") or embeds:
        mentions = body.get("allowed_mentions")
        if mentions is None:
            problems.append("no allowed_mentions: Discord's default would let user text ping")
        elif (
            mentions.get("parse")
            or mentions.get("users")
            or mentions.get("roles")
            or mentions.get("replied_user")
        ):
            problems.append(f"allowed_mentions lets something ping: {mentions}")
    return problems


def modal_problems(data: dict[str, Any]) -> list[str]:
    problems = []
    if not 1 <= _len(data.get("title")) <= 45:
        problems.append("modal title length")
    rows = data.get("components") or []
    if not 1 <= len(rows) <= 5:
        problems.append("modal component count")
    for row in rows:
        for c in [row, *(row.get("components") or [])]:
            if c.get("type") == 4:
                if _len(c.get("label")) > 45:
                    problems.append("text input label > 45")
                if _len(c.get("value")) > 4000:
                    problems.append("text input value > 4000")
    return problems


def autocomplete_problems(data: dict[str, Any]) -> list[str]:
    choices = data.get("choices") or []
    problems = ["more than 25 choices"] if len(choices) > 25 else []
    for c in choices:
        if not 1 <= _len(c.get("name")) <= 100:
            problems.append(f"choice name length {_len(c.get('name'))}")
        if isinstance(c.get("value"), str) and len(c["value"]) > 100:
            problems.append("choice value > 100")
    return problems


def request_problems(entry: HttpLogEntry) -> list[str]:
    """Problems with one REST call the bot made (empty when Discord would accept it)."""
    body = entry.json
    if not isinstance(body, dict) or entry.method not in ("POST", "PATCH"):
        return []
    if not any(hint in entry.path for hint in MESSAGE_ROUTE_HINTS):
        return []
    if entry.path.endswith("/callback"):
        kind, data = body.get("type"), body.get("data") or {}
        if kind == 9:
            return modal_problems(data)
        if kind == 8:
            return autocomplete_problems(data)
        return message_problems(data) if kind in (4, 7) else []
    return message_problems(body)


def all_problems(entries: list[HttpLogEntry]) -> list[tuple[str, str, list[str]]]:
    found = []
    for entry in entries:
        problems = request_problems(entry)
        if problems:
            found.append((entry.method, entry.path, problems))
    return found
