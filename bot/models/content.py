"""Content packs as stored: the text's paragraphs, actors and motions."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, BigIntPK, Snowflake, partial_index

MotionStatus = Literal["approved", "pending", "rejected"]


class PackRow(Base):
    __tablename__ = "packs"

    id: Mapped[BigIntPK]
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    publication: Mapped[str] = mapped_column(String(200))
    published: Mapped[str | None] = mapped_column(String(200))
    paragraph_count: Mapped[int]
    # Order in which packs are offered; the first is every guild's default.
    position: Mapped[int] = mapped_column(default=0)
    content_hash: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime]
    # Set when /pack reload found the pack's folder gone: no space reads it any more (each falls
    # back to the first pack), but its motions and the stances on them stay. Cleared if it returns.
    retired_at: Mapped[datetime | None]


class ParagraphRow(Base):
    __tablename__ = "pack_paragraphs"
    __table_args__ = (UniqueConstraint("pack_id", "number"),)

    id: Mapped[BigIntPK]
    pack_id: Mapped[int] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
    number: Mapped[int]
    summary: Mapped[str] = mapped_column(Text)
    facts: Mapped[list[Any]]
    actor_ids: Mapped[list[Any]]
    # index words: the column's own words for the paragraph's ideas where the pack paraphrases
    terms: Mapped[list[Any]] = mapped_column(default=list, server_default=text("'[]'"))


class ActorRow(Base):
    __tablename__ = "pack_actors"
    __table_args__ = (UniqueConstraint("pack_id", "slug"),)

    id: Mapped[BigIntPK]
    pack_id: Mapped[int] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    office: Mapped[str | None] = mapped_column(String(200))
    aliases: Mapped[list[Any]]
    profile: Mapped[str] = mapped_column(Text)
    paragraphs: Mapped[list[Any]]
    position: Mapped[dict[str, Any] | None]
    claims: Mapped[list[Any]]
    quotes: Mapped[list[Any]]
    related: Mapped[list[Any]]


class Motion(Base):
    """A proposition members take stances on. From a pack (guild_id NULL) or proposed in a guild."""

    __tablename__ = "motions"
    __table_args__ = (
        Index("ix_motions_pack_guild_number", "pack_id", "guild_id", "number"),
        # A guild's own motions never share a number, even when two members propose at once.
        partial_index(
            "uq_motions_guild_number",
            "pack_id",
            "guild_id",
            "number",
            unique=True,
            where="guild_id IS NOT NULL",
        ),
    )

    id: Mapped[BigIntPK]
    pack_id: Mapped[int] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
    guild_id: Mapped[Snowflake | None]
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    context: Mapped[str] = mapped_column(Text)
    paragraphs: Mapped[list[Any]]
    sides_for: Mapped[list[Any]]
    sides_against: Mapped[list[Any]]
    # The grounds the text gives each side of a pack motion: [{"text", "paragraphs", "actors"}].
    grounds_for: Mapped[list[Any]] = mapped_column(default=list, server_default=text("'[]'"))
    grounds_against: Mapped[list[Any]] = mapped_column(default=list, server_default=text("'[]'"))
    # Pack motions are approved.
    status: Mapped[MotionStatus] = mapped_column(String(16), default="approved")
    # A pack motion that a later edit of the pack dropped: kept for the history that cites it.
    retired: Mapped[bool] = mapped_column(default=False)
    proposed_by: Mapped[Snowflake | None]
    created_at: Mapped[datetime]
