"""Polls: results modes, capped and ranked choice, member options, scheduled starts, reminders.

``hide_results`` becomes ``results_mode`` ('after_close' where it was set, 'live' elsewhere).
Every other column is new and empty, so existing polls behave as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("polls") as batch:
        batch.add_column(sa.Column("option_authors", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("max_choices", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("ranked", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("member_options", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("results_mode", sa.String(16), nullable=False, server_default="live"))
        batch.add_column(sa.Column("opens_at", UTC_DATETIME, nullable=True))
        batch.add_column(sa.Column("remind_minutes", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reminded_at", UTC_DATETIME, nullable=True))
    op.execute("UPDATE polls SET results_mode = 'after_close' WHERE hide_results")
    with op.batch_alter_table("polls") as batch:
        batch.drop_column("hide_results")
        batch.alter_column("ranked", server_default=None)
        batch.alter_column("member_options", server_default=None)
        batch.alter_column("results_mode", server_default=None)
    with op.batch_alter_table("poll_votes") as batch:
        batch.add_column(sa.Column("rank", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("poll_votes") as batch:
        batch.drop_column("rank")
    with op.batch_alter_table("polls") as batch:
        batch.add_column(sa.Column("hide_results", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE polls SET hide_results = (results_mode <> 'live')")
    with op.batch_alter_table("polls") as batch:
        batch.alter_column("hide_results", server_default=None)
        for column in (
            "reminded_at",
            "remind_minutes",
            "opens_at",
            "results_mode",
            "member_options",
            "ranked",
            "max_choices",
            "option_authors",
        ):
            batch.drop_column(column)
