"""Typed models. Import from here so Alembic and services see every table."""

from bot.models.base import Base, UTCDateTime
from bot.models.choices import PendingChoice
from bot.models.content import ActorRow, Motion, PackRow, ParagraphRow
from bot.models.debates import Debate, DebateArgument, DebateParticipant, DebateVote
from bot.models.guilds import GuildConfig, MemberSettings, Moderator
from bot.models.identities import Identity
from bot.models.jobs import Job
from bot.models.meta import AppMeta
from bot.models.polls import Poll, PollVote
from bot.models.positions import Stance, StanceEvent

__all__ = [
    "ActorRow",
    "AppMeta",
    "Base",
    "Debate",
    "DebateArgument",
    "DebateParticipant",
    "DebateVote",
    "GuildConfig",
    "Identity",
    "Job",
    "MemberSettings",
    "Moderator",
    "Motion",
    "PackRow",
    "ParagraphRow",
    "PendingChoice",
    "Poll",
    "PollVote",
    "Stance",
    "StanceEvent",
    "UTCDateTime",
]
