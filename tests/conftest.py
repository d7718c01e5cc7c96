"""Shared fixtures: a fresh, migrated database per test on every configured backend, and the bot.

SQLite always runs. When TEST_DATABASE_URL names a PostgreSQL database, every test that
uses the ``database`` fixture runs again on that server, in a database of its own that is
dropped afterwards. Both start from a template migrated once per test process (a file copy on
SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL); tests marked ``empty_database`` start
empty and migrate themselves.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app import Roundtable, create_bot
from bot.db import Database
from bot.settings import ROOT, Settings
from bot.ui.errors import user_message

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite", "postgres"] if PG_URL else ["sqlite"]
PACKS = ROOT / "data" / "packs"
ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"


def pytest_report_header(config: pytest.Config) -> str:
    if PG_URL:
        return f"database backends: sqlite, postgres ({PG_URL.rsplit('@', 1)[-1]})"
    return "database backends: sqlite only (set TEST_DATABASE_URL to a PostgreSQL database to add it)"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def _pg_database(template: str | None) -> tuple[str, Callable[[], Awaitable[None]]]:
    """A PostgreSQL database of the test's own on the TEST_DATABASE_URL server: a copy of
    ``template`` (migrated once per test process), or empty. Its URL, and how to drop it."""
    name = f"rt_test_{secrets.token_hex(6)}"
    admin = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        source = f' TEMPLATE "{template}"' if template else " TEMPLATE template0"
        await conn.execute(text(f'CREATE DATABASE "{name}"{source}'))

    async def drop() -> None:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()

    return _pg_url(name), drop


def _pg_url(database: str) -> str:
    return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)


def _in_thread(work: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run ``work`` on an event loop of its own (a fixture may be asked for while a test's runs)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(lambda: asyncio.run(work())).result()


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A PostgreSQL database migrated to head once per test process, copied by each test
    (CREATE DATABASE ... TEMPLATE); dropped at the end."""
    name = f"rt_template_{secrets.token_hex(6)}"

    async def create() -> None:
        admin = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
        await admin.dispose()
        db = Database(_pg_url(name))
        try:
            await db.upgrade()
        finally:
            await db.dispose()

    async def drop() -> None:
        admin = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()

    _in_thread(create)
    yield name
    _in_thread(drop)


class DatabaseFactory:
    """Makes Database objects on one backend that all see the same fresh data."""

    def __init__(self, url: str, engine_kwargs: dict[str, object]) -> None:
        self.url = url
        self.engine_kwargs = engine_kwargs

    def __call__(self) -> Database:
        return Database(self.url, **self.engine_kwargs)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "empty_database: the test's database starts empty, not migrated (migration tests)"
    )


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated to head once per test process; each test starts from a copy
    (a migrated template database: migrating per test was most of a test's set-up)."""
    path = tmp_path_factory.mktemp("template") / "head.db"

    async def migrate() -> None:
        db = Database(f"sqlite+aiosqlite:///{path}")
        try:
            await db.upgrade()
        finally:
            await db.dispose()

    _in_thread(migrate)
    return path


@pytest.fixture
async def database_factory(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[DatabaseFactory]:
    if backend == "sqlite":
        if request.node.get_closest_marker("empty_database") is None:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp_path / "test.db")
        yield DatabaseFactory(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}", {})
        return
    empty = request.node.get_closest_marker("empty_database") is not None
    url, drop = await _pg_database(None if empty else request.getfixturevalue("pg_template"))
    try:
        yield DatabaseFactory(url, {})
    finally:
        await drop()


@pytest.fixture
async def database(database_factory: DatabaseFactory) -> AsyncIterator[Database]:
    db = database_factory()
    await db.upgrade()
    yield db
    await db.dispose()


@pytest.fixture
def settings(database_factory: DatabaseFactory) -> Settings:
    return replace(
        Settings.from_env({}), database_url=database_factory.url, packs_dir=PACKS, cooldown_seconds=0
    )


@pytest.fixture
def make_bot(settings: Settings, database_factory: DatabaseFactory) -> Callable[[], Roundtable]:
    """A new bot object on the test database, as a new process would build (for restarts)."""
    return lambda: create_bot(settings, db=database_factory(), always_sync=True)


@pytest.fixture
def simcord_bot(make_bot: Callable[[], Roundtable]) -> Roundtable:
    return make_bot()


class World:
    """The simulated study group most cog tests use."""

    def __init__(self, env: simcord.Env) -> None:
        self.env = env
        self.guild = env.create_guild("Study Group")
        self.channel = self.guild.create_text_channel("general")
        self.mods = self.guild.create_role("Moderators", permissions=discord.Permissions(manage_guild=True))
        self.moderator = self.guild.add_member(env.create_user("moderator"), roles=[self.mods])
        self.alice = self.guild.add_member(env.create_user("alice"))
        self.bob = self.guild.add_member(env.create_user("bob"))

        self._taken = 0

    def take_errors(self) -> list[BaseException]:
        """Errors the bot raised since the last call; the test takes responsibility for them."""
        errors = self.env.errors[self._taken :]
        self._taken += len(errors)
        return errors

    def member(self, name: str) -> simcord.MemberActor:
        return self.guild.add_member(self.env.create_user(name))


@pytest.fixture
def world(simcord_env: simcord.Env) -> Iterator[World]:
    """The study group. At teardown, errors shown to users as friendly messages (UserError and
    failed checks) are accepted; any other error the bot raised fails the test."""
    world = World(simcord_env)
    yield world
    bugs = [e for e in world.take_errors() if user_message(e)[1] is not None]
    if bugs:
        raise ExceptionGroup("the bot raised unexpected errors", bugs)  # type: ignore[type-var]
