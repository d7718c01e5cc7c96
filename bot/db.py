"""The database: engine, session factory, one unit of work per user action, migrations."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import QueuePool

from bot.models.base import add_postgresql_where
from bot.settings import ROOT

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")

SQLITE_BUSY_TIMEOUT_MS = 5000
# PostgreSQL's bounds on waiting for a lock and on any one statement (see make_engine).
LOCK_TIMEOUT_MS = 5000
STATEMENT_TIMEOUT_MS = 30000
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
    # Errors and logs name the statement, never its values: those are members' ids and words
    # (docs/privacy.md, what logs hold).
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            # A file that cannot be opened fails here, plainly, rather than inside aiosqlite's
            # worker thread (which then outlives the event loop with a traceback of its own).
            sqlite3.connect(database).close()
        if parsed.get_driver_name() == "aiosqlite":
            from bot.db_sqlite import dbapi

            # One trip to aiosqlite's thread per statement instead of three or four (bot/db_sqlite.py).
            kwargs.setdefault("module", dbapi())
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        add_postgresql_where()
    kwargs.setdefault("pool_pre_ping", True)
    # Every wait is bounded, as SQLite's busy_timeout bounds it there: a write waiting on a lock
    # held elsewhere (another process, LOCK TABLE) gives up after LOCK_TIMEOUT_MS, any statement
    # after STATEMENT_TIMEOUT_MS, and the member is told the database is busy (bot/ui/errors.py);
    # the transaction rolls back, so nothing is half-written.
    connect_args = dict(kwargs.pop("connect_args", {}))
    server_settings = dict(connect_args.get("server_settings", {}))
    server_settings.setdefault("lock_timeout", str(LOCK_TIMEOUT_MS))
    server_settings.setdefault("statement_timeout", str(STATEMENT_TIMEOUT_MS))
    connect_args["server_settings"] = server_settings
    return create_async_engine(url, connect_args=connect_args, **kwargs)


VERSIONS = ROOT / "alembic" / "versions"
_REVISION = re.compile(r'^revision(?:: [^=]+)? = "([^"]+)"', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision(?:: [^=]+)? = (?:"([^"]+)"|None)', re.MULTILINE)


def code_revisions() -> tuple[frozenset[str], str | None]:
    """The revisions this code knows and its newest (head), read from alembic/versions/*.py as
    text: importing Alembic costs about 0.6 s and 11 MB, and a start on an up-to-date database
    needs neither (issue 19). One line of history, as ours is; tests/test_migrations.py checks
    the answer against Alembic's own ScriptDirectory."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        down = _DOWN_REVISION.search(source)
        if revision is None or down is None:
            raise RuntimeError(f"{path.name}: no `revision = ...` or `down_revision = ...` line")
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    if len(heads) > 1:
        raise RuntimeError(f"alembic/versions has more than one head: {sorted(heads)}")
    return frozenset(revisions), next(iter(heads), None)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def sqlite_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" (or "busy"): another writer held the lock past busy_timeout.
    ``Database.run`` retries such a unit of work; bot/ui/errors.py words it for the member."""
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
        pool = self.engine.pool
        pooled = pool.size() if isinstance(pool, QueuePool) else 1
        self.capacity = 1 if self._turns is not None else max(1, pooled)

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

    # How many times ``run`` tries a unit of work that finds SQLite busy.
    busy_attempts = 5

    async def run(
        self, work: Callable[Concatenate[AsyncSession, P], Awaitable[T]], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run ``await work(session, *args, **kwargs)`` in a unit of work, retrying when SQLite is
        busy; the answer is ``work``'s, typed as it is."""
        attempts = self.busy_attempts
        for attempt in range(1, attempts + 1):
            try:
                async with self.unit_of_work() as session:
                    return await work(session, *args, **kwargs)
            except OperationalError as exc:
                if not sqlite_busy(exc) or attempt == attempts:
                    raise
                log.warning("database busy (attempt %d of %d); retrying", attempt, attempts)
                await asyncio.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    async def upgrade(self, revision: str = "head") -> None:
        """Apply migrations up to ``revision`` on this database.

        Raises SchemaTooNew when the database was upgraded by a newer Roundtable than this one.
        A database already at this code's head, noted as this release's, is only read (no
        Alembic): that is every start but the first after an upgrade of the code.
        """
        if revision == "head" and await self._already_at_head():
            return
        async with self._migrating() as conn:
            if self.dialect == "postgresql":
                # Processes starting together on one database migrate one at a time; that wait
                # is not a member's, so the bounds on lock waits (make_engine) do not apply.
                await conn.execute(text("SET LOCAL lock_timeout = 0"))
                await conn.execute(text("SET LOCAL statement_timeout = 0"))
                await conn.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
            await conn.run_sync(_refuse_newer_schema, self.url)
            await conn.run_sync(_run_alembic, self.url, "upgrade", revision)
            await conn.run_sync(_note_version)

    async def _already_at_head(self) -> bool:
        """Whether the database is at this code's head, last upgraded by this Roundtable: then a
        start has nothing to write, and only reads. Otherwise (behind, empty, newer, or noted by
        another release) ``upgrade`` takes the full path, under PostgreSQL's advisory lock."""
        from bot import __version__

        _, head = code_revisions()
        if head is None:
            return False
        async with self.engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
            if not {"alembic_version", "app_meta"} <= tables:
                return False
            current = await conn.scalar(text("SELECT version_num FROM alembic_version"))
            note = text("SELECT value FROM app_meta WHERE key = :key")
            written_by = await conn.scalar(note, {"key": WRITTEN_BY})
        return current == head and written_by == __version__

    async def downgrade(self, revision: str) -> None:
        async with self._migrating() as conn:
            await conn.run_sync(_run_alembic, self.url, "downgrade", revision)

    @asynccontextmanager
    async def _migrating(self) -> AsyncIterator[AsyncConnection]:
        """One transaction for a migration run. On SQLite, with foreign keys off while it runs:
        Alembic alters a SQLite table by rebuilding it, and dropping the old table with foreign
        keys on would delete every row that refers to it (a motion's debates, a poll's votes).
        The pragma only takes effect outside a transaction; a foreign key check ends the run."""
        if self.dialect != "sqlite":
            async with self.engine.begin() as conn:
                yield conn
            return
        async with self.engine.connect() as conn:
            await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await conn.commit()
            try:
                async with conn.begin():
                    yield conn
                    broken = (await conn.exec_driver_sql("PRAGMA foreign_key_check")).all()
                    if broken:
                        raise RuntimeError(f"the migration left rows that refer to nothing: {broken[:5]}")
            finally:
                await conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                await conn.commit()

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
    from alembic import command

    cfg = alembic_config(url)
    cfg.attributes["connection"] = sync_conn
    getattr(command, action)(cfg, revision)


class SchemaTooNew(Exception):
    """The database is at a revision this Roundtable does not know: a newer one upgraded it."""

    def __init__(self, revision: str, head: str | None, written_by: str | None) -> None:
        self.revision, self.head, self.written_by = revision, head, written_by
        super().__init__(f"database at unknown revision {revision} (this code's newest: {head})")


# app_meta key: which Roundtable last upgraded the schema, so an older one can say what it needs.
WRITTEN_BY = "schema-written-by"


def _refuse_newer_schema(sync_conn: Any, url: str) -> None:
    from alembic.script import ScriptDirectory

    tables = inspect(sync_conn).get_table_names()
    if "alembic_version" not in tables:
        return
    current = sync_conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
    if current is None:
        return
    scripts = ScriptDirectory.from_config(alembic_config(url))
    known = {script.revision for script in scripts.walk_revisions()}
    if current in known:
        return
    written_by = None
    if "app_meta" in tables:
        written_by = sync_conn.execute(
            text("SELECT value FROM app_meta WHERE key = :key"), {"key": WRITTEN_BY}
        ).scalar_one_or_none()
    raise SchemaTooNew(current, scripts.get_current_head(), written_by)


def _note_version(sync_conn: Any) -> None:
    from bot import __version__

    if "app_meta" not in inspect(sync_conn).get_table_names():
        return  # downgraded below the first revision
    stored = sync_conn.execute(
        text("SELECT value FROM app_meta WHERE key = :key"), {"key": WRITTEN_BY}
    ).scalar_one_or_none()
    if stored == __version__:
        return
    if stored is None:
        sync_conn.execute(
            text("INSERT INTO app_meta (key, value) VALUES (:key, :value)"),
            {"key": WRITTEN_BY, "value": __version__},
        )
    else:
        sync_conn.execute(
            text("UPDATE app_meta SET value = :value WHERE key = :key"),
            {"key": WRITTEN_BY, "value": __version__},
        )


def _current_revision(sync_conn: Any) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(sync_conn).get_current_revision()
