"""Debates keep the ids of their live messages (speech clock, post-vote) and members' display names.

Every message of a debate is edited to show the current state, across restarts; boards and
results show members by name.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("debates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("speech_message_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("postvote_message_id", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("debate_participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=100), nullable=True))
    with op.batch_alter_table("debate_votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("debate_votes", schema=None) as batch_op:
        batch_op.drop_column("display_name")
    with op.batch_alter_table("debate_participants", schema=None) as batch_op:
        batch_op.drop_column("display_name")
    with op.batch_alter_table("debates", schema=None) as batch_op:
        batch_op.drop_column("postvote_message_id")
        batch_op.drop_column("speech_message_id")
