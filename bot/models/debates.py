"""Oxford-style debates: sides, pre/post votes, speeches and arguments."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, BigIntPK, Snowflake, partial_index

# The words these text columns hold (typed here; the columns stay plain strings).
DebatePhase = Literal["prevote", "speeches", "postvote", "closed"]
AssignMode = Literal["volunteer", "counter"]
Side = Literal["for", "against"]
ParticipantSide = Literal["for", "against", "audience"]
VotePhase = Literal["pre", "post"]
Choice = Literal["for", "against", "undecided"]


class Debate(Base):
    __tablename__ = "debates"
    __table_args__ = (
        Index("ix_debates_guild_channel_phase", "guild_id", "channel_id", "phase"),
        # One debate per channel at a time, even when two moderators start one at the same instant.
        partial_index("uq_debates_open_channel", "channel_id", unique=True, where="phase != 'closed'"),
    )

    id: Mapped[BigIntPK]
    guild_id: Mapped[Snowflake]
    channel_id: Mapped[Snowflake]
    # The board (the opening message), the current speech's live clock and the post-vote
    # message: kept so that every message of the debate can be edited to show the current state.
    message_id: Mapped[Snowflake | None]
    speech_message_id: Mapped[Snowflake | None]
    postvote_message_id: Mapped[Snowflake | None]
    motion_id: Mapped[int] = mapped_column(ForeignKey("motions.id", ondelete="CASCADE"))
    moderator_id: Mapped[Snowflake]
    phase: Mapped[DebatePhase] = mapped_column(String(16))
    rounds: Mapped[list[Any]]
    speech_seconds: Mapped[int]
    assign: Mapped[AssignMode] = mapped_column(String(16), default="volunteer")
    # Index into the speech schedule (rounds x alternating sides); -1 before the first speech.
    speech_index: Mapped[int] = mapped_column(default=-1)
    speech_ends_at: Mapped[datetime | None]
    # Seconds left in the speech while paused; None when running.
    paused_remaining: Mapped[float | None]
    result: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class DebateParticipant(Base):
    __tablename__ = "debate_participants"

    debate_id: Mapped[int] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    side: Mapped[ParticipantSide] = mapped_column(String(16))
    joined_at: Mapped[datetime]
    # The member's display name when they last joined (boards and results show names, not ids).
    display_name: Mapped[str | None] = mapped_column(String(100))


class DebateVote(Base):
    __tablename__ = "debate_votes"

    debate_id: Mapped[int] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    phase: Mapped[VotePhase] = mapped_column(String(8), primary_key=True)
    choice: Mapped[Choice] = mapped_column(String(16))
    created_at: Mapped[datetime]
    # The voter's display name when they voted (the result names who moved).
    display_name: Mapped[str | None] = mapped_column(String(100))


class DebateArgument(Base):
    __tablename__ = "debate_arguments"

    id: Mapped[BigIntPK]
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[Snowflake]
    side: Mapped[Side] = mapped_column(String(16))
    round_name: Mapped[str] = mapped_column(String(32))
    speech_index: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
