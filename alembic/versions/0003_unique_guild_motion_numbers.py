"""A guild's own motions never share a number (two members may propose at the same instant).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


log = logging.getLogger("alembic.runtime.migration")


def _renumber_duplicate_guild_motions() -> None:
    """The race this index closes may have given two of a guild's motions one number: the first
    keeps it, each later one (by id) gets the next free number in that guild, named in the log.
    Stances, polls and debates refer to motions by id, so nothing else changes."""
    bind = op.get_bind()
    extra = bind.execute(
        sa.text(
            "SELECT m.id, m.pack_id, m.guild_id, m.number FROM motions m WHERE m.guild_id IS NOT NULL "
            "AND EXISTS (SELECT 1 FROM motions o WHERE o.guild_id = m.guild_id AND o.pack_id = m.pack_id "
            "AND o.number = m.number AND o.id < m.id) ORDER BY m.id"
        )
    ).all()
    for motion_id, pack_id, guild_id, number in extra:
        top = bind.execute(
            sa.text("SELECT MAX(number) FROM motions WHERE pack_id = :pack AND guild_id = :guild"),
            {"pack": pack_id, "guild": guild_id},
        ).scalar_one()
        bind.execute(
            sa.text("UPDATE motions SET number = :number WHERE id = :id"),
            {"number": top + 1, "id": motion_id},
        )
        log.warning(
            "motion %s shared number %s with another motion of guild %s: renumbered %s",
            motion_id,
            number,
            guild_id,
            top + 1,
        )


def upgrade() -> None:
    _renumber_duplicate_guild_motions()
    with op.batch_alter_table("motions", schema=None) as batch_op:
        batch_op.create_index(
            "uq_motions_guild_number",
            ["pack_id", "guild_id", "number"],
            unique=True,
            sqlite_where=sa.text("guild_id IS NOT NULL"),
            postgresql_where=sa.text("guild_id IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("motions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_motions_guild_number",
            sqlite_where=sa.text("guild_id IS NOT NULL"),
            postgresql_where=sa.text("guild_id IS NOT NULL"),
        )
