"""Scheduled work (speech timers, poll closes), claimed atomically by the shard that owns the guild."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, BigIntPK, Snowflake

JobStatus = Literal["pending", "running", "done", "failed", "cancelled"]


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_due", "status", "due_at"),)

    id: Mapped[BigIntPK]
    guild_id: Mapped[Snowflake]
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]]
    due_at: Mapped[datetime]
    status: Mapped[JobStatus] = mapped_column(String(16), default="pending")
    # Makes scheduling idempotent: one pending job per key (e.g. "poll-close:12").
    dedupe_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
