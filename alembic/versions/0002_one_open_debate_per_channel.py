"""One open debate per channel, enforced by the database (two moderators may start at once).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("debates", schema=None) as batch_op:
        batch_op.create_index(
            "uq_debates_open_channel",
            ["channel_id"],
            unique=True,
            sqlite_where=sa.text("phase != 'closed'"),
            postgresql_where=sa.text("phase != 'closed'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("debates", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_debates_open_channel",
            sqlite_where=sa.text("phase != 'closed'"),
            postgresql_where=sa.text("phase != 'closed'"),
        )
