"""The database: engine, session factory, one unit of work per user action, migrations."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from alembic import command
from bot.settings import ROOT

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 5000
# Any constant: the PostgreSQL advisory lock that serialises migrations across processes.
MIGRATION_LOCK = 7_324_071


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def alembic_config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


class Database:
    """Owns the engine and hands out units of work. One per process; passed in, never global."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time. Left to itself, every waiting writer holds a pooled
        # connection and polls the file lock with growing sleeps, so a burst of writes starves
        # everyone (readers queue for connections). Units of work of this process take turns
        # instead: a FIFO queue without sleeps. PostgreSQL needs none of it.
        self._turns: asyncio.Lock | None = asyncio.Lock() if self.engine.dialect.name == "sqlite" else None
        self._turn_holder: asyncio.Task[Any] | None = None
        # Units of work running or waiting, against how many can run at once: a new one beyond
        # that waits, so a command acknowledges its interaction first (bot.ui.reply).
        self._in_flight = 0
        self.capacity = 1 if self._turns is not None else max(1, self.engine.pool.size())

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def busy(self) -> bool:
        """Whether a new unit of work would wait for others to finish first."""
        return self._in_flight >= self.capacity

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """One user action, one transaction: commits on success, rolls back on error."""
        task = asyncio.current_task()
        self._in_flight += 1
        try:
            if self._turns is None or (task is not None and task is self._turn_holder):
                async with self._transaction() as session:
                    yield session
            else:
                async with self._turns:
                    self._turn_holder = task
                    try:
                        async with self._transaction() as session:
                            yield session
                    finally:
                        self._turn_holder = None
        finally:
            self._in_flight -= 1

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def run(self, work: Any, *args: Any, attempts: int = 5, **kwargs: Any) -> Any:
        """Run ``await work(session, *args)`` in a unit of work, retrying when SQLite is busy."""
        for attempt in range(1, attempts + 1):
            try:
                async with self.unit_of_work() as session:
                    return await work(session, *args, **kwargs)
            except OperationalError as exc:
                if not _is_busy(exc) or attempt == attempts:
                    raise
                log.warning("database busy (attempt %d of %d); retrying", attempt, attempts)
                await asyncio.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    async def upgrade(self, revision: str = "head") -> None:
        """Apply migrations up to ``revision`` on this database."""
        async with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                # Processes starting together on one database migrate one at a time.
                await conn.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
            await conn.run_sync(_run_alembic, self.url, "upgrade", revision)

    async def downgrade(self, revision: str) -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(_run_alembic, self.url, "downgrade", revision)

    async def current_revision(self) -> str | None:
        async with self.engine.connect() as conn:
            return await conn.run_sync(_current_revision)

    async def dispose(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as conn:
            yield conn


def _run_alembic(sync_conn: Any, url: str, action: str, revision: str) -> None:
    cfg = alembic_config(url)
    cfg.attributes["connection"] = sync_conn
    getattr(command, action)(cfg, revision)


def _current_revision(sync_conn: Any) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(sync_conn).get_current_revision()
