"""What a failure to start means, in one or two lines that name the setting, file or revision
and say what to do (the command line prints them and exits with status 2; ``LOG_LEVEL=DEBUG``
adds the traceback). Anything not recognised here is a bug and keeps its traceback."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import discord
from sqlalchemy.engine import make_url

from bot.db import SchemaTooNew
from bot.packs import PackError
from bot.settings import SettingsError
from bot.text import plural

DEBUG_HINT = "(LOG_LEVEL=DEBUG shows the details.)"


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error``, what caused it, and the errors inside exception groups, each once."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            todo.extend(current.exceptions)
        for linked in (getattr(current, "orig", None), current.__cause__, current.__context__):
            if isinstance(linked, BaseException):
                todo.append(linked)


def _where(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"the SQLite file {parsed.database}"
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}"


def _database_problem(error: BaseException, url: str, name: str) -> str | None:
    from bot import __version__

    backend = make_url(url).get_backend_name()
    database = make_url(url).database
    kind = type(error).__name__
    text = str(error)
    if isinstance(error, SchemaTooNew):
        needs = f"Roundtable {error.written_by} or newer" if error.written_by else "a newer Roundtable"
        return (
            f"The database in {name} is at revision {error.revision}, newer than this Roundtable "
            f"({__version__}, which knows revisions up to {error.head}).\n"
            f"It was upgraded by {needs}: run that version (or restore a backup taken before the upgrade)."
        )
    if isinstance(error, socket.gaierror):
        return f"{name} names the host {make_url(url).host!r}, which cannot be found: fix the host name."
    if isinstance(error, ConnectionRefusedError) or "Connect call failed" in text:
        return (
            f"Nothing accepts connections at {_where(url)} ({name}): start PostgreSQL there, "
            "or fix the host and port."
        )
    if isinstance(error, TimeoutError):
        return f"Connecting to {_where(url)} ({name}) timed out: check the host, the port and any firewall."
    if kind == "InvalidCatalogNameError":
        return (
            f"The database {database!r} in {name} does not exist on {_where(url)}: "
            f"create it (createdb {database}) or fix its name."
        )
    if kind in ("InvalidAuthorizationSpecificationError", "InvalidPasswordError"):
        return f"PostgreSQL at {_where(url)} refused the login in {name} ({text}): fix the user or password."
    if backend == "sqlite" and ("unable to open database file" in text or isinstance(error, OSError)):
        return (
            f"Cannot open or create {_where(url)} ({name}): make sure its folder exists "
            "and that this user may write to it, or point it elsewhere."
        )
    if backend == "sqlite" and ("readonly database" in text or "read-only" in text):
        return f"{_where(url)} ({name}) is read-only: let this user write to it and its folder."
    return None


def explain(error: BaseException, url: str, name: str = "DATABASE_URL") -> str | None:
    """One or two lines on why the bot could not start, or None when ``error`` is a bug."""
    from bot.app import PacksDirError
    from bot.dbcopy import Unreachable
    from bot.serve import FrontEndError

    for current in _chain(error):
        if isinstance(current, Unreachable) and current.__cause__ is not None:
            return explain(current.__cause__, current.url, current.name) or (
                f"Cannot reach the database in {current.name} ({_where(current.url)}): {current.__cause__}"
            )
        if isinstance(current, SettingsError):
            return f"Configuration error: {current}"
        if isinstance(current, (PacksDirError, FrontEndError)):
            return f"{current}."
        if isinstance(current, discord.LoginFailure):
            return (
                "Discord refused DISCORD_TOKEN: copy the token again from the Bot page of your "
                "application in the Discord developer portal (Reset Token)."
            )
        if isinstance(current, PackError):
            return (
                f"The content pack in {current.path} has {plural(len(current.problems), 'problem')}; "
                f"the first: {current.problems[0]}\n"
                f"Fix it (python -m bot pack validate {current.path} lists them all), "
                "or move it out of PACKS_DIR."
            )
        found = _database_problem(current, url, name)
        if found is not None:
            return found
    return None
