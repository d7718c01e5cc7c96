"""Start-up timings, each a fresh process timed from its start (``start.*`` in the results).

- ``ready_s``: ``python -m bench.start`` on the seeded database until it prints "ready"
  (migrations checked, packs loaded, cogs loaded, commands synced or found unchanged).
- ``console_first_reply_s``: ``python -m bot console`` with one ``/who ASEAN`` line until its
  first output line.

Medians of a few runs; each also records the child's CPU time (user + system), which a busy
shared machine inflates far less than the wall-clock time.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from typing import Any

from bot.settings import ROOT


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_until_line(
    command: list[str], *, stdin: str | None, marker: str | None, env: dict[str, str]
) -> dict[str, float]:
    """Seconds from spawning ``command`` to its first stdout line (containing ``marker``), and its CPU."""
    cpu_before = _cpu_of_children()
    began = time.perf_counter()
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    assert proc.stdout is not None
    seconds = float("nan")
    for line in proc.stdout:
        if marker is None or marker in line:
            seconds = time.perf_counter() - began
            break
    proc.stdout.read()
    proc.wait(timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {proc.returncode}")
    return {"wall_s": seconds, "cpu_s": _cpu_of_children() - cpu_before}


def _median(runs: list[dict[str, float]], key: str) -> float:
    return round(statistics.median(run[key] for run in runs), 3)


def measure(url: str, runs: int) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("DISCORD_TOKEN", None)
    ready = [
        time_until_line(
            [sys.executable, "-m", "bench.start", "--db", url], stdin=None, marker="ready", env=env
        )
        for _ in range(runs)
    ]
    console = [
        time_until_line([sys.executable, "-m", "bot", "console"], stdin="/who ASEAN\n", marker=None, env=env)
        for _ in range(runs)
    ]
    return {
        "ready_s": _median(ready, "wall_s"),
        "ready_cpu_s": _median(ready, "cpu_s"),
        "console_first_reply_s": _median(console, "wall_s"),
        "console_first_reply_cpu_s": _median(console, "cpu_s"),
        "runs": runs,
    }
