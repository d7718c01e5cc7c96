"""Pack paragraphs keep index terms: the column's own words for ideas the pack paraphrases (/ask).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pack_paragraphs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("terms", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("pack_paragraphs", schema=None) as batch_op:
        batch_op.drop_column("terms")
