"""Durability: SIGKILL the real bot process in the middle of a burst of stance writes; every write it
acknowledged is in the database afterwards.

The bot runs as its own process, ``python -m bot console --json`` (the real bot against SimCord,
on a SQLite file), fed a burst of ``/stance set`` lines through a pipe. It prints one JSON line per
reply, after the write's unit of work has committed, so each printed "Recorded" is an
acknowledgement. After a number of them the process is killed with SIGKILL (no clean-up of any
kind runs), and the SQLite file is opened directly.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.settings import ROOT

WRITES = 400
KILL_AFTER = 40  # acknowledgements
MOTIONS = 8


def _line(i: int) -> str:
    stance = ("agree", "disagree", "neutral", "strongly agree", "strongly disagree")[i % 5]
    return f"@member{i % 7} /stance set motion:{1 + i % MOTIONS} stance:{stance} reason:write-{i}\n"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_every_acknowledged_write_survives_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "durability.db"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "COOLDOWN_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--json"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("".join(_line(i) for i in range(WRITES)))
    process.stdin.close()  # the console reads its whole input, then runs it line by line

    acknowledged: list[str] = []
    deadline = time.monotonic() + 120
    try:
        while len(acknowledged) < KILL_AFTER and time.monotonic() < deadline:
            raw = process.stdout.readline()
            if not raw:
                break
            reply = json.loads(raw)
            if reply["content"].startswith("Recorded on"):
                acknowledged.append(reply["input"].rsplit("reason:", 1)[1])
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    assert process.returncode == -signal.SIGKILL
    assert len(acknowledged) == KILL_AFTER, f"only {len(acknowledged)} writes were acknowledged"

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {r for (r,) in conn.execute("SELECT reason FROM stance_events WHERE reason IS NOT NULL")}
        current = conn.execute("SELECT count(*) FROM stances").fetchone()[0]
    missing = [w for w in acknowledged if w not in stored]
    assert not missing, f"acknowledged but lost: {missing}"
    # The kill came mid-burst: the bot was stopped before it finished the burst.
    assert len(stored) < WRITES
    # The current-stance table agrees with the history that survived (one row per member and motion).
    assert 0 < current <= min(len(stored), 7 * MOTIONS)
