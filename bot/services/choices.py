"""Commands held back by an unclear name until the member picks what they meant (resolve.pick)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotAllowed, NotFound
from bot.models import PendingChoice

# A question older than this is forgotten: its command may no longer be what the member wants.
KEEP_FOR: Final = timedelta(hours=24)


@dataclass(frozen=True)
class Held:
    id: int
    token: str


@dataclass(frozen=True)
class Chosen:
    command: str
    arguments: dict[str, Any]
    label: str


async def hold(
    session: AsyncSession,
    *,
    guild_id: int,
    user_id: int,
    command: str,
    option: str,
    arguments: dict[str, Any],
    candidates: list[tuple[str, str]],
    now: datetime,
) -> Held:
    """Keep a command until the member picks one of ``candidates`` (``(key, label)``)."""
    await session.execute(delete(PendingChoice).where(PendingChoice.created_at < now - KEEP_FOR))
    row = PendingChoice(
        token=secrets.token_hex(8),
        guild_id=guild_id,
        user_id=user_id,
        command=command,
        option=option,
        arguments=arguments,
        candidates=[list(pair) for pair in candidates],
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return Held(row.id, row.token)


async def take(
    session: AsyncSession,
    *,
    choice_id: int,
    token: str,
    index: int,
    guild_id: int,
    user_id: int,
    now: datetime,
) -> Chosen:
    """The held command with the picked target filled in; the question is answered (deleted)."""
    row = await session.get(PendingChoice, choice_id)
    if (
        row is None
        or row.token != token
        or row.guild_id != guild_id
        or row.created_at < now - KEEP_FOR
        or index >= len(row.candidates)
    ):
        raise NotFound("That question has expired or was already answered: run the command again.")
    if row.user_id != user_id:
        raise NotAllowed("Only the member who ran the command can choose here.")
    key, label = row.candidates[index]
    arguments = {**row.arguments, row.option: key}
    await session.delete(row)
    await session.flush()
    return Chosen(command=row.command, arguments=arguments, label=str(label))
