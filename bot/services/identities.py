"""Internal integer ids for every platform's spaces, members, channels and messages.

A Discord id is its own internal id (a snowflake: positive), so Discord needs no lookup and
Discord data no rewrite. Any other platform's id (a string) is given a random negative integer
the first time it is seen, recorded in ``identities``; the database's CHECK keeps each sign to
its platforms, so two platforms' rows can never share an id. See docs/architecture.md.

Discord rows in the registry are a record, not a dependency: ``internal_id`` writes one only
when given a name (to keep the name), and nothing reads one to resolve a Discord id. The
migration that made the table recorded every Discord space and member then stored.

Getting or making an id is safe when two processes race for the same external id: the insert
is INSERT .. ON CONFLICT DO NOTHING (which neither raises nor aborts a PostgreSQL transaction,
whichever unique key it meets), followed by a read of the row that won.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.models.identities import DISCORD, KINDS, SPACE, Identity
from bot.services.upsert import dialect_module

# Negative ids are drawn from [-2**62, -1]: a collision is a one-in-4.6e18 chance per pair, and
# is tried again with a fresh draw; a loop this long means something else is wrong.
_ID_BITS = 62
_ATTEMPTS = 8
_NAME_LENGTH = 100
_EXTERNAL_LENGTH = 255
# IN lists stay well under every backend's parameter limit.
_BATCH = 500


def platform_of_id(internal: int) -> str | None:
    """'discord' for a positive id (a snowflake); None when the registry must be asked."""
    return DISCORD if internal > 0 else None


def _check(platform: str, kind: str, external_id: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown identity kind {kind!r} (one of {', '.join(sorted(KINDS))})")
    if not platform or len(platform) > 16:
        raise ValueError(f"bad platform name {platform!r}")
    if not external_id or len(external_id) > _EXTERNAL_LENGTH:
        raise ValueError(f"external id of {len(external_id)} characters (1 to {_EXTERNAL_LENGTH})")


def _discord_id(external_id: str) -> int:
    try:
        value = int(external_id)
    except ValueError:
        raise ValueError(f"a Discord id is a snowflake, not {external_id!r}") from None
    if not 0 < value < 2**63:
        raise ValueError(f"a Discord id is a positive 64-bit snowflake, not {external_id!r}")
    return value


def _insert_quietly(session: AsyncSession, values: dict[str, object]) -> Insert:
    """INSERT .. ON CONFLICT DO NOTHING, on any unique key (primary key or the external id)."""
    insert = dialect_module(session.bind.dialect.name).insert
    return insert(Identity).values(**values).on_conflict_do_nothing()


async def _row(
    session: AsyncSession, platform: str, kind: str, external_id: str
) -> tuple[int, str | None] | None:
    row = (
        await session.execute(
            select(Identity.id, Identity.name).where(
                Identity.platform == platform, Identity.kind == kind, Identity.external_id == external_id
            )
        )
    ).first()
    return None if row is None else (row[0], row[1])


async def _rename(session: AsyncSession, internal: int, name: str | None, stored: str | None) -> None:
    if name is not None and name != stored:
        await session.execute(
            update(Identity)
            .execution_options(synchronize_session=False)
            .where(Identity.id == internal)
            .values(name=name)
        )


async def internal_id(
    session: AsyncSession,
    platform: str,
    kind: str,
    external_id: str,
    *,
    name: str | None = None,
    now: datetime | None = None,
) -> int:
    """The internal id of ``platform``'s ``kind`` (space, member, channel, message) ``external_id``.

    The same arguments always give the same id. ``external_id`` must be unique within the
    platform for that kind: an id a platform only makes unique within a space or channel (a
    message's timestamp) is passed qualified, as "<channel>/<ts>". With ``name``, the stored
    name is updated when it changed. Discord: the snowflake itself, without touching the
    database unless a name is given (then the row is recorded, or its name updated).
    """
    _check(platform, kind, external_id)
    if name is not None:
        name = name[:_NAME_LENGTH]
    created_at = now or datetime.now(UTC)
    if platform == DISCORD:
        internal = _discord_id(external_id)
        if name is None:
            return internal
        external_id = str(internal)
        await session.flush()
        await session.execute(
            _insert_quietly(
                session,
                {
                    "id": internal,
                    "platform": platform,
                    "kind": kind,
                    "external_id": external_id,
                    "name": name,
                    "created_at": created_at,
                },
            )
        )
        # Old guilds' first channel shares the guild's id: one row per id, the first kind recorded.
        await session.execute(
            update(Identity)
            .execution_options(synchronize_session=False)
            .where(Identity.id == internal, Identity.kind == kind, Identity.name.is_distinct_from(name))
            .values(name=name)
        )
        return internal
    found = await _row(session, platform, kind, external_id)
    if found is not None:
        await _rename(session, found[0], name, found[1])
        return found[0]
    await session.flush()
    for _ in range(_ATTEMPTS):
        candidate = -(secrets.randbelow(2**_ID_BITS) + 1)
        values = {
            "id": candidate,
            "platform": platform,
            "kind": kind,
            "external_id": external_id,
            "name": name,
            "created_at": created_at,
        }
        await session.execute(_insert_quietly(session, values))
        # Ours, or the row another unit of work inserted first (then its name may need ours).
        found = await _row(session, platform, kind, external_id)
        if found is not None:
            await _rename(session, found[0], name, found[1])
            return found[0]
        # Nothing under that external id: the drawn id was taken. Draw again.
    raise RuntimeError(f"no free id for a {platform} {kind} after {_ATTEMPTS} draws")


async def external_id(session: AsyncSession, internal: int) -> tuple[str, str, str]:
    """(platform, kind, external id) of a registered id; LookupError when it is not registered.

    A Discord id needs no lookup (it is its own external id); it is found here only when recorded.
    """
    row = (
        await session.execute(
            select(Identity.platform, Identity.kind, Identity.external_id).where(Identity.id == internal)
        )
    ).first()
    if row is None:
        raise LookupError(f"no identity {internal}")
    return row[0], row[1], row[2]


async def external_ids(session: AsyncSession, ids: Iterable[int]) -> dict[int, str]:
    """The external ids of these registered ids; unregistered ids are left out."""
    return await _column_of(session, ids, Identity.external_id)


async def names(session: AsyncSession, ids: Iterable[int]) -> dict[int, str]:
    """The stored names of these ids; ids without a row or a name are left out."""
    return await _column_of(session, ids, Identity.name)


async def _column_of(
    session: AsyncSession, ids: Iterable[int], column: InstrumentedAttribute[Any]
) -> dict[int, str]:
    """``column`` of each of these ids that has a row and a value, in one query per batch."""
    wanted = sorted(set(ids))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), _BATCH):
        rows = await session.execute(
            select(Identity.id, column).where(
                Identity.id.in_(wanted[start : start + _BATCH]), column.is_not(None)
            )
        )
        found.update({internal: value for internal, value in rows.tuples() if value is not None})
    return found


async def platform_of_space(session: AsyncSession, space_id: int) -> str:
    """The platform of a space (guild, workspace) id; LookupError for an unknown negative id."""
    known = platform_of_id(space_id)
    if known is not None:
        return known
    platform = (
        await session.execute(
            select(Identity.platform).where(Identity.id == space_id, Identity.kind == SPACE)
        )
    ).scalar_one_or_none()
    if platform is None:
        raise LookupError(f"no space {space_id}")
    return platform
