"""/config's replies, on both front ends."""

from __future__ import annotations

from bot.actions.config import Settings
from bot.replies.model import Card, Reply

BLURPLE = 0x5865F2


def settings_reply(settings: Settings, *, moderators_name: str, moderators_text: str) -> Reply:
    """The settings card; who moderates is worded by the front end (a role, or named members)."""
    card = Card(title="Server settings", colour=BLURPLE)
    card.add_field(moderators_name, moderators_text)
    card.add_field(
        "Members add motions",
        "directly" if settings.members_add_motions else "as proposals a moderator approves",
    )
    card.add_field("Text being read", f"{settings.pack_title} (`{settings.pack_slug}`)")
    return Reply(cards=[card], private=True)


def member_motions_text(allow: bool) -> str:
    if allow:
        return "Members' motions are now added at once."
    return "Members' motions now wait for a moderator (`/motion pending`)."


def moderator_named_text(name: str, added: bool) -> str:
    if added:
        return f"{name} now counts as a moderator, besides the workspace's owners and admins."
    return f"{name} was already a moderator."


def moderator_unnamed_text(name: str, removed: bool) -> str:
    return f"{name} no longer counts as a moderator." if removed else f"{name} was not a named moderator."
