"""Scale-out: several bot processes on one PostgreSQL database sharing a burst (``scale_out.*``).

Each process (``python -m bench.bot_run --phase scale_out``) is a bot of its own under its own
SimCord, with its own guild (a pinned id: SimCord repeats ids from process to process) and poll,
on the PostgreSQL database the ``ratios_pg`` phase seeded. Each prepares, says "ready", and waits;
once every one is ready the parent releases them together (a file appears), so their bursts
overlap on the server. Afterwards the parent counts, in the database, each guild's
``stance_events`` and its poll's ``poll_votes`` and compares them with what each process sent:
every interaction acknowledged and every write present.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.scale import Scale
from bot.db import Database
from bot.models import PollVote, StanceEvent
from bot.settings import ROOT

# The processes' guilds: pinned ids, far from the seeded ones (bench/seed.py) and SimCord's.
GUILD_BASE = 700_000_000_000_000_000
PROCESSES = 2
READY_TIMEOUT = 300.0


def _spawn(url: str, scale: Scale, workdir: Path, index: int, go: Path, share: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "bench.bot_run", "--phase", "scale_out", "--db", url]
    command += ["--scale", scale.name, "--out", str(workdir / f"scale_out-{index}.json")]
    command += ["--guild-id", str(GUILD_BASE + index), "--go", str(go), "--share", str(share)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)


def run_processes(url: str, scale: Scale, workdir: Path, processes: int = PROCESSES) -> list[dict[str, Any]]:
    """Start the processes, release them together once all are ready, return what each reported."""
    go = workdir / "scale_out.go"
    go.unlink(missing_ok=True)
    share = scale.burst // processes
    procs = [_spawn(url, scale, workdir, i, go, share) for i in range(processes)]
    try:
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline()  # each prints "ready" once prepared, nothing before
            if line.strip() != "ready":
                raise RuntimeError(f"a scale-out process did not get ready (said {line!r})")
        go.touch()
        for proc in procs:
            assert proc.stdout is not None
            proc.stdout.read()
            if proc.wait(timeout=600) != 0:
                raise RuntimeError(f"a scale-out process exited with {proc.returncode}")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return [
        json.loads((workdir / f"scale_out-{i}.json").read_text(encoding="utf-8")) for i in range(processes)
    ]


async def count_writes(url: str, reports: list[dict[str, Any]]) -> list[dict[str, int]]:
    """Each process's writes as the database holds them."""
    db = Database(url)
    try:
        async with db.unit_of_work() as session:
            found = []
            for report in reports:
                events = await session.scalar(
                    select(func.count())
                    .select_from(StanceEvent)
                    .where(StanceEvent.guild_id == report["guild_id"])
                )
                votes = await session.scalar(
                    select(func.count()).select_from(PollVote).where(PollVote.poll_id == report["poll_id"])
                )
                found.append({"stance_events": int(events or 0), "poll_votes": int(votes or 0)})
            return found
    finally:
        await db.dispose()


def summarise(reports: list[dict[str, Any]], present: list[dict[str, int]]) -> dict[str, Any]:
    """``scale_out.*``: totals over the processes, and each process's burst."""
    interactions = sum(r["burst"]["interactions"] for r in reports)
    acknowledged = sum(r["burst"]["acknowledged"] for r in reports)
    expected = sum(sum(r["expected"].values()) for r in reports)
    held = sum(sum(p.values()) for p in present)
    return {
        "processes": len(reports),
        "interactions": interactions,
        "acknowledged": acknowledged,
        "all_acknowledged": acknowledged == interactions,
        "errors": sum(len(r["burst"]["errors"]) for r in reports),
        "writes_expected": expected,
        "writes_present": held,
        "all_writes_present": held == expected
        and all(r["expected"] == p for r, p in zip(reports, present, strict=True)),
        "p99_ms": [r["burst"]["latency"]["p99_ms"] for r in reports],
        "median_ms": [r["burst"]["latency"]["median_ms"] for r in reports],
        "max_p99_ms": max(r["burst"]["latency"]["p99_ms"] for r in reports),
        "per_process": [
            {
                "guild_id": r["guild_id"],
                "burst": r["burst"],
                "expected": r["expected"],
                "present": p,
                "peak_rss_mb": r["peak_rss_mb"],
            }
            for r, p in zip(reports, present, strict=True)
        ],
    }
