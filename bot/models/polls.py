"""Polls and their votes. Anonymous votes keep only a keyed hash of the voter."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, BigIntPK, Snowflake

ResultsMode = Literal["live", "after_close", "creator"]


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
    # Who added each option (a member id), aligned with ``options``; None: the creator's, or an
    # anonymous poll's (whose added options are not credited). None in all: nobody added one.
    option_authors: Mapped[list[Any] | None]
    multiple: Mapped[bool] = mapped_column(default=False)
    # Multiple choice: at most this many options per member (None: as many as there are).
    max_choices: Mapped[int | None]
    # Members order the options; the result is an instant-runoff count (bot/services/polls/ranked.py).
    ranked: Mapped[bool] = mapped_column(default=False)
    # Members may add options (up to the platform's limit).
    member_options: Mapped[bool] = mapped_column(default=False)
    anonymous: Mapped[bool] = mapped_column(default=False)
    # live: counts for all as votes come; after_close: for all once closed; creator: only ever for
    # the creator and moderators. The creator and moderators see counts privately in every mode.
    results_mode: Mapped[ResultsMode] = mapped_column(String(16), default="live")
    motion_id: Mapped[int | None] = mapped_column(ForeignKey("motions.id", ondelete="SET NULL"))
    # A scheduled start: the poll is posted then (message_id stays None until it is).
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    # A reminder this many minutes before the close, posted once (reminded_at says when).
    remind_minutes: Mapped[int | None]
    reminded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class PollVote(Base):
    __tablename__ = "poll_votes"
    __table_args__ = (UniqueConstraint("poll_id", "voter_key", "option_index"),)

    id: Mapped[BigIntPK]
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    option_index: Mapped[int]
    # Ranked polls: the place the member gave this option (1 is first); None otherwise.
    rank: Mapped[int | None]
    # Anonymous polls: an HMAC of (poll, member); otherwise the member id as text.
    voter_key: Mapped[str] = mapped_column(String(64))
    # Only for polls that are not anonymous.
    user_id: Mapped[Snowflake | None]
    created_at: Mapped[datetime]
