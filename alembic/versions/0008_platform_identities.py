"""Platform-scoped identities: a registry giving other platforms' string ids negative integers.

Discord ids stay their own internal ids (positive snowflakes); nothing else changes. Every
Discord guild and member already stored is recorded with platform 'discord' and its snowflake
as id, so the registry lists them all. Ids of 0 or below (0 marks a forgotten member) are not
identities and are left out.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Where the revisions before this one keep a guild id, and a member id.
SPACE_COLUMNS = (
    ("guild_configs", "guild_id"),
    ("member_settings", "guild_id"),
    ("motions", "guild_id"),
    ("debates", "guild_id"),
    ("polls", "guild_id"),
    ("stance_events", "guild_id"),
    ("stances", "guild_id"),
    ("pending_choices", "guild_id"),
    ("jobs", "guild_id"),
)
MEMBER_COLUMNS = (
    ("member_settings", "user_id"),
    ("motions", "proposed_by"),
    ("debates", "moderator_id"),
    ("debate_participants", "user_id"),
    ("debate_votes", "user_id"),
    ("debate_arguments", "user_id"),
    ("polls", "creator_id"),
    ("poll_votes", "user_id"),
    ("stance_events", "user_id"),
    ("stances", "user_id"),
    ("pending_choices", "user_id"),
)


def _register(kind: str, columns: Sequence[tuple[str, str]]) -> None:
    ids = " UNION ".join(f"SELECT {column} AS id FROM {table}" for table, column in columns)
    # NOT IN: a snowflake is one thing, but an id recorded as a space is not recorded again.
    op.execute(
        sa.text(
            "INSERT INTO identities (id, platform, kind, external_id, name, created_at) "
            f"SELECT ids.id, 'discord', :kind, CAST(ids.id AS VARCHAR(255)), NULL, CURRENT_TIMESTAMP "
            f"FROM ({ids}) AS ids "
            "WHERE ids.id > 0 AND ids.id NOT IN (SELECT id FROM identities)"
        ).bindparams(kind=kind)
    )


def upgrade() -> None:
    op.create_table(
        "identities",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(platform = 'discord' AND id > 0) OR (platform <> 'discord' AND id < 0)",
            name=op.f("ck_identities_id_sign"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identities")),
        sa.UniqueConstraint(
            "platform", "kind", "external_id", name=op.f("uq_identities_platform_kind_external_id")
        ),
    )
    _register("space", SPACE_COLUMNS)
    _register("member", MEMBER_COLUMNS)


def downgrade() -> None:
    op.drop_table("identities")
