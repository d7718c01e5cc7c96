"""A "did you mean ...?" question waiting for the member's answer (the command they meant to run)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, BigIntPK, Snowflake


class PendingChoice(Base):
    """One command held back because a name in it was not clear, with the likely targets.

    A press on one of the offered choices runs ``command`` with ``arguments`` and ``option``
    set to that choice's key; only ``user_id`` (who ran the command) may press.
    """

    __tablename__ = "pending_choices"
    __table_args__ = (Index("ix_pending_choices_created_at", "created_at"),)

    id: Mapped[BigIntPK]
    # Random, in the buttons' custom ids: SQLite may give a deleted question's id to a new one.
    token: Mapped[str] = mapped_column(String(16))
    guild_id: Mapped[Snowflake]
    user_id: Mapped[Snowflake]
    # The command's qualified name, e.g. "stance set".
    command: Mapped[str] = mapped_column(String(100))
    # The option that held the unclear name, e.g. "motion".
    option: Mapped[str] = mapped_column(String(32))
    arguments: Mapped[dict[str, Any]]
    # [[key, label], ...], best first.
    candidates: Mapped[list[Any]]
    created_at: Mapped[datetime]
