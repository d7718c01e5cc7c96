"""Per-guild configuration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, Snowflake


class GuildConfig(Base):
    __tablename__ = "guild_configs"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # Slug of the content pack this guild reads; None means the first pack.
    active_pack: Mapped[str | None] = mapped_column(String(64))
    moderator_role_id: Mapped[Snowflake | None]
    members_add_motions: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]


class MemberSettings(Base):
    """A member's choices in one guild (privacy of their stances)."""

    __tablename__ = "member_settings"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    private: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime]


class Moderator(Base):
    """A member named a moderator of a space (``/config moderator add`` on Slack, which has no
    roles; a workspace's owners and admins always count besides)."""

    __tablename__ = "moderators"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    added_by: Mapped[Snowflake]
    created_at: Mapped[datetime]
