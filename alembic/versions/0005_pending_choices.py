"""Commands held back by "did you mean ...?" until the member picks the target they meant.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_choices",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("token", sa.String(length=16), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("command", sa.String(length=100), nullable=False),
        sa.Column("option", sa.String(length=32), nullable=False),
        sa.Column("arguments", sa.JSON(), nullable=False),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_choices")),
    )
    with op.batch_alter_table("pending_choices", schema=None) as batch_op:
        batch_op.create_index("ix_pending_choices_created_at", ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pending_choices", schema=None) as batch_op:
        batch_op.drop_index("ix_pending_choices_created_at")
    op.drop_table("pending_choices")
