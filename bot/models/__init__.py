"""Typed models. Import from here so Alembic and services see every table."""

from bot.models.base import Base, UTCDateTime
from bot.models.choices import PendingChoice
from bot.models.content import ActorRow, Motion, MotionStatus, PackRow, ParagraphRow
from bot.models.debates import (
    AssignMode,
    Choice,
    Debate,
    DebateArgument,
    DebateParticipant,
    DebatePhase,
    DebateVote,
    ParticipantSide,
    Side,
    VotePhase,
)
from bot.models.guilds import GuildConfig, MemberSettings, Moderator
from bot.models.identities import Identity
from bot.models.jobs import Job, JobStatus
from bot.models.meta import AppMeta
from bot.models.polls import Poll, PollVote, ResultsMode
from bot.models.positions import Stance, StanceEvent

__all__ = [
    "ActorRow",
    "AppMeta",
    "AssignMode",
    "Base",
    "Choice",
    "Debate",
    "DebateArgument",
    "DebateParticipant",
    "DebatePhase",
    "DebateVote",
    "GuildConfig",
    "Identity",
    "Job",
    "JobStatus",
    "MemberSettings",
    "Moderator",
    "Motion",
    "MotionStatus",
    "PackRow",
    "ParagraphRow",
    "ParticipantSide",
    "PendingChoice",
    "Poll",
    "PollVote",
    "ResultsMode",
    "Side",
    "Stance",
    "StanceEvent",
    "UTCDateTime",
    "VotePhase",
]
