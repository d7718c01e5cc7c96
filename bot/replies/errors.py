"""What to tell a member about an error, on any front end (each adds its platform's own cases)."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import DBAPIError

from bot.db import sqlite_busy
from bot.errors import Refused, UserError
from bot.replies import refusals
from bot.replies.commands import Spelling, plain_spelling

DATABASE_BUSY = "The database is busy right now, so nothing was saved. Please try again in a few seconds."

# PostgreSQL's lock_not_available and query_canceled: lock_timeout or statement_timeout (bot/db.py).
_BUSY_SQLSTATES = ("55P03", "57014")


def is_busy(error: DBAPIError) -> bool:
    """A wait past its bound: SQLite's "database is locked" (another writer held the lock past
    busy_timeout), or PostgreSQL's lock_timeout / statement_timeout (bot/db.py)."""
    if getattr(error.orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return sqlite_busy(error.orig if error.orig is not None else error)


def user_message(error: BaseException, spell: Spelling = plain_spelling) -> tuple[str, str | None]:
    """The sentence for ``error`` (commands as ``spell`` spells them), and an error id (to log)
    when it is our fault, not theirs."""
    if isinstance(error, Refused):
        return refusals.word(error, spell), None
    if isinstance(error, UserError):
        return error.message, None
    if isinstance(error, DBAPIError) and is_busy(error):
        return DATABASE_BUSY, None  # a wait hit its bound; the unit of work rolled back
    error_id = secrets.token_hex(4)
    return (
        f"Sorry, something went wrong on our side. If it keeps happening, tell the maintainers "
        f"error id `{error_id}`.",
        error_id,
    )
