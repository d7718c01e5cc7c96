"""PostgreSQL for the benchmark: is a server there, and a throwaway database on it.

``BENCH_POSTGRES_URL`` names the server (default: the local one, trust auth); when nothing
answers, ``make bench`` says so and records SQLite's figures only.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import AsyncIterator

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def server_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", "").strip() or DEFAULT_URL


async def answers(url: str, wait: float = 3.0) -> str | None:
    """None when the server answers; otherwise why not, in a few words."""
    engine = create_async_engine(url, connect_args={"timeout": wait})
    try:
        async with asyncio.timeout(wait + 1):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        return None
    except (OSError, TimeoutError, Exception) as exc:  # any failure means "no server to use"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".strip()
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def fresh_database(url: str) -> AsyncIterator[str]:
    """A new, empty database on the server at ``url``, dropped afterwards; yields its URL."""
    name = f"roundtable_bench_{secrets.token_hex(4)}"
    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
