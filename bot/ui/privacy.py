"""What members see about their own data: what is stored (/privacy, /stance forget's question)
and what forgetting did. Shared by the privacy and stances cogs."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.services.privacy import Stored
from bot.text import plural
from bot.ui.limits import EMBED_DESCRIPTION, clip


def stored_embed(stored: Stored, *, title: str, intro: str) -> discord.Embed:
    """What Roundtable holds about one member in this server."""
    lines = [
        f"**Stances:** {stored.current_stances} current, {stored.stance_history} in your history",
        f"**Visibility:** {'private' if stored.private else 'public'}"
        + (" (saved setting)" if stored.has_settings else " (default)"),
        f"**Poll votes:** {stored.poll_votes} in named polls, {stored.anonymous_poll_votes} in "
        "anonymous polls (stored under a keyed hash, not your id)",
        f"**Debates:** {plural(stored.debate_votes, 'vote')}, "
        f"{plural(stored.debate_participations, 'time')} on a side, "
        f"{plural(stored.debate_arguments, 'argument')}",
        f"**Group records that name you:** {plural(stored.motions_proposed, 'motion')} proposed, "
        f"{plural(stored.polls_created, 'poll')} created, "
        f"{plural(stored.debates_moderated, 'debate')} moderated",
    ]
    return discord.Embed(
        title=title, description=clip(intro + "\n\n" + "\n".join(lines), EMBED_DESCRIPTION), colour=0xD55E00
    )


def forgotten_text(deleted: dict[str, int], unlinked: dict[str, int], when: datetime) -> str:
    labels = {
        "stance_events": ("stance history entry", "stance history entries"),
        "stances": ("current stance", "current stances"),
        "member_settings": ("privacy setting", "privacy settings"),
        "poll_votes": ("poll vote", "poll votes"),
        "debate_votes": ("debate vote", "debate votes"),
        "debate_participants": ("debate side", "debate sides"),
        "debate_arguments": ("debate argument", "debate arguments"),
    }
    parts = [plural(count, *labels.get(table, (table, table))) for table, count in deleted.items() if count]
    kept = sum(unlinked.values())
    text = "Done: I deleted " + (", ".join(parts) if parts else "nothing (nothing was stored)") + "."
    if kept:
        records = plural(kept, "group record")
        verb = "stays" if kept == 1 else "stay"
        text += f" {records} you created (motions, polls, debates) {verb}, without your name."
    return text + f" ({discord.utils.format_dt(when, 'f')})"
