"""One open debate per channel, enforced by the database (two moderators may start at once).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


log = logging.getLogger("alembic.runtime.migration")


def _close_duplicate_open_debates() -> None:
    """The race this index closes may have left two open debates in a channel: keep the newest
    open, close the others (their arguments and votes stay), and name them in the log."""
    bind = op.get_bind()
    extra = bind.execute(
        sa.text(
            "SELECT id, channel_id FROM debates WHERE phase != 'closed' AND id NOT IN "
            "(SELECT MAX(id) FROM debates WHERE phase != 'closed' GROUP BY channel_id) ORDER BY id"
        )
    ).all()
    if not extra:
        return
    now = datetime.now(UTC)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    closing = sa.text(
        "UPDATE debates SET phase = 'closed', closed_at = COALESCE(closed_at, :now) WHERE id = :id"
    ).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True)))
    for debate_id, channel_id in extra:
        bind.execute(closing, {"now": now, "id": debate_id})
        log.warning(
            "debate %s was a second open debate in channel %s: closed, so the channel keeps its newest",
            debate_id,
            channel_id,
        )


def upgrade() -> None:
    _close_duplicate_open_debates()
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
