"""A fresh PostgreSQL database of its own for a test (CREATE DATABASE rt_<random>), dropped after,
and the real bot's command line run against a database (``python -m bot ...`` as a subprocess)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.settings import ROOT
from tests.conftest import PG_URL


def needs_postgres() -> None:
    if not PG_URL:
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL")


@asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    needs_postgres()
    name = f"rt_{secrets.token_hex(6)}"
    admin = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
        finally:
            async with admin.connect() as conn:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


def bot_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a bot process: this database, no token, nothing from the caller's .env
    that could change the outcome."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "LOG_LEVEL", "PACKS_DIR")}
    env.update({"DATABASE_URL": database_url, "DISCORD_TOKEN": "", **extra})
    return env


def run_bot(
    args: list[str], env: Mapping[str, str], stdin: str = "", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(env),
        cwd=ROOT,
        timeout=timeout,
    )


def start_bot(args: list[str], env: Mapping[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(env),
        cwd=ROOT,
    )
