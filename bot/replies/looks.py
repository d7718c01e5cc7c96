"""How a platform shows the parts of a sentence that differ between platforms: commands, members,
moments, the word for a space, and text a member typed.

Discord shows ``<@id>`` as the member's name and ``<t:…:d>`` as a local date, and its replies
always showed members' text as typed; Slack has neither tag (and blocks.py escapes ``<``), so
its looks name members by their registry name and mark dates for Slack to show in each
reader's time zone, with members' text backslash-escaped so that the renderer shows it as typed
(slack_app/blocks.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.replies.commands import Spelling, bare, discord_spelling, slack_spelling
from bot.replies.moments import marker

# "d": a day; "f": a day and a time.
Moment = Literal["d", "f"]

_MARKUP = "\\*_~`|>[]()#:-"


def backslashed(text: str) -> str:
    """Member text with every markup character backslash-escaped (shown as typed)."""
    return "".join("\\" + ch if ch in _MARKUP else ch for ch in text)


@dataclass(frozen=True)
class Looks:
    spell: Spelling
    # A member by internal id, as the reply names them.
    who: Callable[[int], str]
    when: Callable[[datetime, Moment], str]
    # Text a member typed (a reason, a title), ready to sit inside our markup.
    typed: Callable[[str], str]
    # What a guild or a workspace is called in a sentence.
    space: str = "server"

    def bare(self, path: str, /, **options: object) -> str:
        """A command as spelled, without the code marks (footers, where Discord shows them raw)."""
        return bare(self.spell, path, **options)


def _discord_when(moment: datetime, style: Moment) -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def discord_looks() -> Looks:
    """Discord's: mentions and timestamps that Discord renders, members' text as it always was."""
    return Looks(
        spell=discord_spelling, who=lambda member: f"<@{member}>", when=_discord_when, typed=lambda t: t
    )


def slack_looks(names: Mapping[int, str]) -> Looks:
    """Slack's: members by the names the registry holds (never a raw id), dates as markers that
    Slack shows in each reader's time zone (bot/replies/moments.py)."""
    return Looks(
        spell=slack_spelling,
        who=lambda member: backslashed(names.get(member, "a member")),
        when=marker,
        typed=backslashed,
        space="workspace",
    )
