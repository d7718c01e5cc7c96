"""Running an INSERT, UPDATE or DELETE and reading what it did: how many rows, the new key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.ext.asyncio import AsyncSession


async def execute_dml(
    session: AsyncSession, stmt: Executable, params: dict[str, Any] | None = None
) -> CursorResult[Any]:
    """``session.execute(stmt, params)``, typed as what it returns for a DML statement.

    AsyncSession.execute is typed to return a plain Result, which has neither ``rowcount`` nor
    ``inserted_primary_key``; for an INSERT, UPDATE or DELETE the result is a CursorResult.
    """
    result = await session.execute(stmt, params)
    if not isinstance(result, CursorResult):
        raise TypeError(f"not a DML statement's result: {type(result).__name__}")
    return result
