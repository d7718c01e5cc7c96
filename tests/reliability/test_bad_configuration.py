"""Bad configuration stops the bot with one or two lines that name the variable, the file or
the revision and say what to do, and exit status 2; the traceback only with LOG_LEVEL=DEBUG.
Each case runs the real command line (``python -m bot ...``) in a process of its own."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.settings import ROOT
from tests.conftest import PG_URL
from tests.reliability.pg_fresh import bot_env, run_bot

PACKS = ROOT / "data" / "packs"
REFUSED = "postgresql+asyncpg://postgres@127.0.0.1:1/roundtable"


def assert_stopped_plainly(result: object, *names: str) -> str:
    err = result.stderr  # type: ignore[attr-defined]
    lines = [line for line in err.splitlines() if line.strip()]
    assert result.returncode == 2, err  # type: ignore[attr-defined]
    assert "Traceback" not in err and 1 <= len(lines) <= 2, err
    for name in names:
        assert name in err, err
    return err


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'rt.db'}"


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("postgresql+asyncpg://::::/", ("DATABASE_URL", "write it like")),
        (REFUSED, ("DATABASE_URL", "127.0.0.1:1", "start PostgreSQL")),
        ("postgresql+asyncpg://postgres@no-such-host.invalid/roundtable", ("DATABASE_URL", "host")),
        ("sqlite+aiosqlite:////proc/roundtable.db", ("DATABASE_URL", "/proc/roundtable.db", "write")),
    ],
)
def test_a_bad_database_url_names_the_variable(url: str, names: tuple[str, ...]) -> None:
    assert_stopped_plainly(run_bot(["console"], bot_env(url), stdin="/help\n"), *names)


@pytest.mark.parametrize("command", [["db", "upgrade"], ["console"]])
def test_an_unreachable_database_stops_every_command_plainly(command: list[str]) -> None:
    assert_stopped_plainly(run_bot(command, bot_env(REFUSED), stdin="/help\n"), "DATABASE_URL", "127.0.0.1:1")


def test_db_copy_names_the_target_when_the_target_is_unreachable(tmp_path: Path) -> None:
    result = run_bot(["db", "copy", "--to", REFUSED], bot_env(sqlite_url(tmp_path)))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "--to" in result.stderr and "127.0.0.1:1" in result.stderr


@pytest.mark.parametrize(
    ("database", "user", "names"),
    [
        ("rt_no_such_database", "postgres", ("does not exist", "createdb")),
        ("test", "rt_no_such_role", ("role",)),
    ],
)
def test_a_missing_database_or_an_unknown_role_is_named(
    database: str, user: str, names: tuple[str, ...]
) -> None:
    if not PG_URL:
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL")
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL).set(database=database, username=user).render_as_string(hide_password=False)
    assert_stopped_plainly(run_bot(["db", "upgrade"], bot_env(url)), "DATABASE_URL", *names)


def test_a_database_newer_than_the_code_says_which_roundtable_it_needs(tmp_path: Path) -> None:
    env = bot_env(sqlite_url(tmp_path))
    assert run_bot(["db", "upgrade"], env).returncode == 0
    with sqlite3.connect(tmp_path / "rt.db") as conn:  # as a future Roundtable would leave it
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
        conn.execute("UPDATE app_meta SET value = '9.9.0' WHERE key = 'schema-written-by'")
    for command in (["db", "upgrade"], ["console"]):
        assert_stopped_plainly(run_bot(command, env, stdin="/help\n"), "0099", "newer", "Roundtable 9.9.0")
    debug = run_bot(["db", "upgrade"], {**env, "LOG_LEVEL": "DEBUG"})
    assert debug.returncode == 2 and "Traceback" in debug.stderr  # the details, when asked for


def _packs(tmp_path: Path, *names: str) -> Path:
    root = tmp_path / "packs"
    for name in names:
        shutil.copytree(PACKS / "nato-in-asia", root / name)
    return root


def test_a_broken_pack_names_the_file_and_the_validator(tmp_path: Path) -> None:
    root = _packs(tmp_path, "nato")
    (root / "nato" / "actors.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    env = bot_env(sqlite_url(tmp_path), PACKS_DIR=str(root))
    assert_stopped_plainly(run_bot(["console"], env, stdin="/help\n"), "actors.yaml", "pack validate")


def test_two_packs_with_one_id_stop_the_start(tmp_path: Path) -> None:
    root = _packs(tmp_path, "first", "second")
    env = bot_env(sqlite_url(tmp_path), PACKS_DIR=str(root))
    assert_stopped_plainly(run_bot(["console"], env, stdin="/help\n"), "PACKS_DIR", "nato-in-asia", "first")


def test_a_missing_packs_dir_stops_the_start(tmp_path: Path) -> None:
    env = bot_env(sqlite_url(tmp_path), PACKS_DIR=str(tmp_path / "no-such-folder"))
    assert_stopped_plainly(run_bot(["console"], env, stdin="/help\n"), "PACKS_DIR", "no-such-folder")
