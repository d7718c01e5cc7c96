"""Platform-scoped identities: which platform's space, member, channel or message an integer id is.

Every other table keeps integer ids (``guild_id`` is a space, ``user_id`` a member). A Discord
id is its own internal id: a snowflake, always positive. Any other platform's ids (strings)
get a negative integer allocated here. The CHECK below keeps the two ranges apart, so rows of
two platforms can never share an id (docs/architecture.md, "Identity").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base

# What an id names.
SPACE, MEMBER, CHANNEL, MESSAGE = "space", "member", "channel", "message"
KINDS = frozenset({SPACE, MEMBER, CHANNEL, MESSAGE})
# The platform whose ids are used as they are (positive snowflakes).
DISCORD = "discord"


class Identity(Base):
    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("platform", "kind", "external_id"),
        CheckConstraint(
            "(platform = 'discord' AND id > 0) OR (platform <> 'discord' AND id < 0)", name="id_sign"
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    platform: Mapped[str] = mapped_column(String(16))
    # space | member | channel | message
    kind: Mapped[str] = mapped_column(String(16))
    # The platform's own id, unique within (platform, kind): "T0123ABC", "C0456/1503435956.000247".
    external_id: Mapped[str] = mapped_column(String(255))
    # The name last seen (a workspace's, a member's display name), when a front end gave one.
    name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
