"""The positions ledger: every stance a member took, and their current one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, BigIntPK, Snowflake


class StanceEvent(Base):
    """Append-only history: one row per stance taken (value -2..2)."""

    __tablename__ = "stance_events"
    __table_args__ = (
        Index("ix_stance_events_guild_motion_time", "guild_id", "motion_id", "created_at"),
        Index("ix_stance_events_guild_user_time", "guild_id", "user_id", "created_at"),
    )

    id: Mapped[BigIntPK]
    guild_id: Mapped[Snowflake]
    user_id: Mapped[Snowflake]
    motion_id: Mapped[int] = mapped_column(ForeignKey("motions.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(SmallInteger)
    # self | debate-pre | debate-post | poll | vote
    source: Mapped[str] = mapped_column(String(16))
    # The debate or poll behind the stance, when there is one.
    ref_id: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class Stance(Base):
    """The current stance of a member on a motion (the latest event), kept for fast summaries."""

    __tablename__ = "stances"
    __table_args__ = (Index("ix_stances_guild_motion", "guild_id", "motion_id"),)

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    motion_id: Mapped[int] = mapped_column(
        ForeignKey("motions.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    value: Mapped[int] = mapped_column(SmallInteger)
    source: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime]
