"""A guild's own motions never share a number (two members may propose at the same instant).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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
