"""SQLite through aiosqlite with one trip to the database thread per statement (issue 19).

aiosqlite runs every sqlite3 call on a thread of its own; each call is a trip there and back
(a queue, a thread wake-up, the event loop woken again). SQLAlchemy's adapter
(``sqlalchemy.dialects.sqlite.aiosqlite``) makes four of them for a SELECT (cursor, execute,
fetchall, close) and three for an INSERT, then one for the commit and one more for the rollback
with which the pool resets every connection it takes back, even after a commit. Those trips
were most of what a unit of work cost: ``ping_db``'s one read made six, ``/stance set`` sixteen
(docs/benchmarks.md, "Fixes made").

This adapter keeps SQLAlchemy's and changes only how a statement reaches the thread: the cursor,
the statement, its rows and the cursor's close go in one trip (``_run``), and a commit or
rollback with no transaction open is not sent at all (sqlite3 does nothing for it either: a
read in sqlite3's default mode opens none). Errors are raised and translated as SQLAlchemy's
adapter does. Server-side cursors (``stream()``) keep SQLAlchemy's own cursor.

It relies on two private names of aiosqlite 0.22 (``Connection._execute``, which queues a call
for the thread, and ``Connection._conn``, the sqlite3 connection), and on SQLAlchemy 2.0's
adapter classes; the whole test suite runs through it on SQLite.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    AsyncAdapt_aiosqlite_ss_cursor,
)

_Outcome = tuple[Any, int | None, int, list[Any] | None]


def _run(connection: aiosqlite.Connection, operation: str, parameters: Any) -> _Outcome:
    """On the database thread: one statement from cursor to close; (description, lastrowid,
    rowcount, rows) as SQLAlchemy's cursor reads them."""
    cursor = connection._conn.cursor()
    try:
        if parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        if cursor.description:
            return cursor.description, -1, -1, cursor.fetchall()
        return None, cursor.lastrowid, cursor.rowcount, None
    finally:
        cursor.close()


def _run_many(connection: aiosqlite.Connection, operation: str, parameters: Any) -> _Outcome:
    cursor = connection._conn.cursor()
    try:
        cursor.executemany(operation, parameters)
        return None, cursor.lastrowid, cursor.rowcount, None
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def _apply(self, outcome: _Outcome) -> None:
        description, lastrowid, rowcount, rows = outcome
        self.description = description
        self.lastrowid = -1 if lastrowid is None else lastrowid
        self.rowcount = rowcount
        self._rows = deque(rows) if rows is not None else deque()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            self._apply(self.await_(self._connection._execute(_run, self._connection, operation, parameters)))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        try:
            outcome = self._connection._execute(_run_many, self._connection, operation, seq_of_parameters)
            self._apply(self.await_(outcome))
        except Exception as error:
            self._adapt_connection._handle_exception(error)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            return AsyncAdapt_aiosqlite_ss_cursor(self)
        return OneTripCursor(self)

    def _in_transaction(self) -> bool:
        try:
            return bool(self._connection.in_transaction)
        except ValueError:  # no active connection: let the call below raise what it raises
            return True

    def commit(self) -> None:
        if self._in_transaction():
            super().commit()

    def rollback(self) -> None:
        if self._in_transaction():
            super().rollback()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module handed to ``create_async_engine(module=...)`` for SQLite URLs."""

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        if type(adapted) is AsyncAdapt_aiosqlite_connection:
            return OneTripConnection(self, adapted._connection)
        return adapted  # the fallback (sync) adapter: left as SQLAlchemy makes it


def dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(aiosqlite, sqlite3)
