"""Polls and their votes. Anonymous votes keep only a keyed hash of the voter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, BigIntPK, Snowflake


class Poll(Base):
    __tablename__ = "polls"
    __table_args__ = (Index("ix_polls_guild_closed", "guild_id", "closed_at"),)

    id: Mapped[BigIntPK]
    guild_id: Mapped[Snowflake]
    channel_id: Mapped[Snowflake]
    message_id: Mapped[Snowflake | None]
    creator_id: Mapped[Snowflake]
    question: Mapped[str] = mapped_column(Text)
    options: Mapped[list[Any]]
    multiple: Mapped[bool] = mapped_column(default=False)
    anonymous: Mapped[bool] = mapped_column(default=False)
    hide_results: Mapped[bool] = mapped_column(default=False)
    motion_id: Mapped[int | None] = mapped_column(ForeignKey("motions.id", ondelete="SET NULL"))
    closes_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class PollVote(Base):
    __tablename__ = "poll_votes"
    __table_args__ = (UniqueConstraint("poll_id", "voter_key", "option_index"),)

    id: Mapped[BigIntPK]
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    option_index: Mapped[int]
    # Anonymous polls: an HMAC of (poll, member); otherwise the member id as text.
    voter_key: Mapped[str] = mapped_column(String(64))
    # Only for polls that are not anonymous.
    user_id: Mapped[Snowflake | None]
    created_at: Mapped[datetime]
