"""``python -m bench [--smoke] [--publish]``: seed, measure, compare with the targets, write the results.

A run writes ``bench/results.latest.json`` (git-ignored), so ``make bench`` leaves the work tree
clean. ``--publish`` (``make bench-docs``, run on purpose) copies the latest results to the
committed ``bench/results.json`` and refreshes the results block of docs/benchmarks.md, without
measuring. ``--smoke`` runs a tiny scale in seconds and writes only to ``--out`` (a temporary file
by default). When a PostgreSQL server answers (``BENCH_POSTGRES_URL``, default the local one), the
interaction and burst measures run on it too (``ratios_pg``, ``floors_pg``).
Exit status 0 whatever the targets say (the report shows PASS/MISS); non-zero when a step fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import postgres, report, scale_out, seed, timing, write_path
from bench.scale import FULL, SMOKE, Scale
from bench.stats import ratio
from bot.app import load_packs
from bot.db import Database
from bot.services import content
from bot.settings import ROOT, Settings

RESULTS = ROOT / "bench" / "results.latest.json"  # git-ignored: what the last run measured
PUBLISHED = ROOT / "bench" / "results.json"  # committed: what docs/benchmarks.md shows
DOCS = ROOT / "docs" / "benchmarks.md"
KINDS = ("who", "ask", "stance", "vote")
# Seconds the PostgreSQL scale phase may take before the run records it as unfinished.
PG_TIMEOUT = {"full": 1200.0, "smoke": 120.0}


async def prepare(url: str, scale: Scale, *, measure_writes: bool = True) -> dict[str, Any]:
    """Migrate, load the real pack, seed every guild but the measured one, measure the write path
    (against raw aiosqlite: SQLite only)."""
    db = Database(url)
    try:
        await db.upgrade()
        settings = Settings(database_url=url)
        async with db.unit_of_work() as session:
            await content.sync_packs(session, load_packs(settings), datetime.now(UTC))
        start = time.perf_counter()
        counts = await seed.seed_synthetic_guilds(db, scale)
        seconds = time.perf_counter() - start
        motion_ids = await seed.pack_motion_ids(db, scale)
        writes = await write_path.measure(db, motion_ids, scale.writes) if measure_writes else {}
    finally:
        await db.dispose()
    return {"seeding": {"counts": counts, "seconds": round(seconds, 1)}, "write_path": writes}


def bot_phase(
    phase: str, url: str, scale: Scale, workdir: Path, tag: str = "", timeout: float | None = None
) -> dict[str, Any]:
    out = workdir / f"{phase}{tag}.json"
    command = [sys.executable, "-m", "bench.bot_run", "--phase", phase, "--db", url]
    command += ["--scale", scale.name, "--out", str(out)]
    subprocess.run(command, check=True, cwd=ROOT, timeout=timeout)
    return json.loads(out.read_text(encoding="utf-8"))


def slack_phase(url: str, scale: Scale, workdir: Path) -> dict[str, Any]:
    """/who ASEAN's acknowledgement via the fake Slack against a bare Bolt handler's (bench/slack_ack.py)."""
    out = workdir / "slack.json"
    iterations = "300" if scale.name == "full" else "5"
    command = [
        sys.executable,
        "-m",
        "bench.slack_ack",
        "--db",
        url,
        "--out",
        str(out),
        "--iterations",
        iterations,
    ]
    subprocess.run(command, check=True, cwd=ROOT)
    return json.loads(out.read_text(encoding="utf-8"))


def _median(phase: dict[str, Any], kind: str, field: str = "median_ms") -> float:
    return float(phase[kind]["round_trip"][field])


def interaction_ratios(scaled: dict[str, Any]) -> tuple[dict[str, float], dict[str, float]]:
    """The interaction and burst ratios, and the floors, of one backend's scale phase."""
    inter = scaled["interleaved"]
    ratios = {f"{kind}_vs_ping": ratio(_median(inter, kind), _median(inter, "ping")) for kind in KINDS}
    burst = scaled["burst"]
    ratios["burst_p99_vs_ping"] = ratio(
        burst["mixed"]["latency"]["p99_ms"], burst["ping"]["latency"]["p99_ms"]
    )
    floors = {
        "ping_db_vs_ping": ratio(_median(inter, "ping_db"), _median(inter, "ping")),
        "stance_vs_ping_db": ratio(_median(inter, "stance"), _median(inter, "ping_db")),
        "vote_vs_ping_db": ratio(_median(inter, "vote"), _median(inter, "ping_db")),
    }
    return ratios, floors


def compose_postgres(
    prepared: dict[str, Any], scaled: dict[str, Any], out: dict[str, Any] | str
) -> dict[str, Any]:
    ratios, floors = interaction_ratios(scaled)
    if isinstance(out, str):
        shared: dict[str, Any] = {"skipped": out}
    else:
        shared = out
        # Recorded, not targeted: the slowest process's p99 over one process's burst's on PostgreSQL.
        shared["max_p99_vs_one_process"] = ratio(
            out["max_p99_ms"], scaled["burst"]["mixed"]["latency"]["p99_ms"]
        )
    return {
        "scale_out": shared,
        "ratios_pg": ratios,
        "floors_pg": floors,
        "postgres": {
            "interactions": scaled["interleaved"],
            "burst": scaled["burst"],
            "peak_rss_mb": scaled["peak_rss_mb"],
            "peak_rss_after_burst_mb": scaled["peak_rss_after_burst_mb"],
            "seeding": {**prepared["seeding"], "measured_guild": scaled["measured_guild"]},
        },
    }


def compose(
    scale: Scale,
    prepared: dict[str, Any],
    scaled: dict[str, Any],
    growth: dict[str, Any],
    memory: dict[str, Any],
) -> dict[str, Any]:
    inter = scaled["interleaved"]
    ratios, floors = interaction_ratios(scaled)
    ratios_p99: dict[str, float] = {}
    ratios_to_ack: dict[str, float] = {}
    for kind in KINDS:
        ratios_p99[f"{kind}_vs_ping"] = ratio(
            _median(inter, kind, "p99_ms"), _median(inter, "ping", "p99_ms")
        )
        ratios_to_ack[f"{kind}_vs_ping"] = ratio(
            inter[kind]["to_ack"]["median_ms"], inter["ping"]["to_ack"]["median_ms"]
        )
    # stance and vote over ping_db are targeted (docs/benchmarks.md, "Targets"); the rest of
    # the floors are recorded: what the fixed stack costs before any code of ours.
    floors["ping_db_to_ack_vs_ping"] = ratio(
        inter["ping_db"]["to_ack"]["median_ms"], inter["ping"]["to_ack"]["median_ms"]
    )
    burst = scaled["burst"]
    w = prepared["write_path"]
    ratios["stance_write_vs_raw_sqlite"] = ratio(w["service_per_second"], w["raw_aiosqlite_per_second"])
    floors["sqlalchemy_core_write_vs_raw_sqlite"] = ratio(
        w["sqlalchemy_core_per_second"], w["raw_aiosqlite_per_second"]
    )
    floors["stance_write_vs_sqlalchemy_core"] = ratio(
        w["service_per_second"], w["sqlalchemy_core_per_second"]
    )
    phases = growth["phases"]
    largest = str(max(scale.growth_packs))
    for kind in ("ask", "who"):
        ratios[f"{kind}_{largest}_vs_1"] = ratio(_median(phases[largest], kind), _median(phases["1"], kind))
        ratios_p99[f"{kind}_{largest}_vs_1"] = ratio(
            _median(phases[largest], kind, "p99_ms"), _median(phases["1"], kind, "p99_ms")
        )
    return {
        "ratios": ratios,
        "ratios_p99": ratios_p99,
        "ratios_to_ack": ratios_to_ack,
        "floors": floors,
        "memory": {
            "idle_rss_mb": memory["idle"]["rss_mb"],
            # recorded, not targeted: the parts of idle_rss_mb (see bot_run.rss_parts_mb)
            "idle_rss_anon_mb": memory["idle"].get("anon_mb"),
            "idle_rss_file_mb": memory["idle"].get("file_mb"),
            "after_chart_rss_mb": memory["after_chart"]["rss_mb"],
            "after_map_rss_mb": memory["after_map"]["rss_mb"],
            "peak_rss_mb": scaled["peak_rss_mb"],
            "peak_rss_after_burst_mb": scaled["peak_rss_after_burst_mb"],
            "growth_peak_rss_mb": growth["peak_rss_mb"],
        },
        "memory_phase": memory,
        "interactions": inter,
        "burst": burst,
        "write_path": w,
        "growth": growth,
        "seeding": {**prepared["seeding"], "measured_guild": scaled["measured_guild"]},
    }


async def scale_out_phase(url: str, scale: Scale, workdir: Path) -> dict[str, Any] | str:
    """Two bot processes on one PostgreSQL database sharing a burst (bench/scale_out.py), or why not."""
    try:
        reports = await asyncio.to_thread(scale_out.run_processes, url, scale, workdir)
    except (subprocess.SubprocessError, OSError, RuntimeError) as exc:
        return f"the scale-out run did not finish ({type(exc).__name__}: {exc})"
    return scale_out.summarise(reports, await scale_out.count_writes(url, reports))


async def postgres_phase(scale: Scale, workdir: Path) -> dict[str, Any] | str:
    """The interaction and burst measures on a throwaway PostgreSQL database, or why not."""
    server = postgres.server_url()
    why_not = await postgres.answers(server)
    if why_not is not None:
        return f"no PostgreSQL answered at {server.rsplit('@', 1)[-1]} ({why_not})"
    async with postgres.fresh_database(server) as url:
        prepared = await prepare(url, scale, measure_writes=False)
        try:
            scaled = await asyncio.to_thread(
                bot_phase, "scale", url, scale, workdir, "-pg", PG_TIMEOUT[scale.name]
            )
        except (subprocess.SubprocessError, OSError) as exc:
            return f"the PostgreSQL run did not finish ({type(exc).__name__}; docs/benchmarks.md, PostgreSQL)"
        print("[bench] two processes sharing a burst on PostgreSQL ...", flush=True)
        shared = await scale_out_phase(url, scale, workdir)
    return compose_postgres(prepared, scaled, shared)


def publish() -> int:
    """Copy the latest results to the committed file and refresh the docs table (no measuring)."""
    if not RESULTS.exists():
        print(f"[bench] no {RESULTS.relative_to(ROOT)} yet: run `make bench` first", file=sys.stderr)
        return 1
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    PUBLISHED.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    report.write_docs(DOCS, results)
    print(
        f"[bench] published the run of {results['date']} to {PUBLISHED.relative_to(ROOT)} and "
        f"{DOCS.relative_to(ROOT)}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny scale, a few iterations (seconds)")
    parser.add_argument(
        "--out", type=Path, help="results JSON (default: bench/results.latest.json; smoke: a temp file)"
    )
    parser.add_argument(
        "--publish", action="store_true", help="copy the latest results to bench/results.json and the docs"
    )
    parser.add_argument("--no-postgres", action="store_true", help="measure SQLite only")
    parser.add_argument("--no-docs", action="store_true", help=argparse.SUPPRESS)  # the default now
    args = parser.parse_args(argv)
    if args.publish:
        return publish()
    logging.basicConfig(level=logging.WARNING)
    scale = SMOKE if args.smoke else FULL
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="roundtable-bench-") as tmp:
        workdir = Path(tmp)
        url = f"sqlite+aiosqlite:///{workdir / 'scale.db'}"
        print(f"[bench] seeding {scale.name} scale ...", flush=True)
        prepared = asyncio.run(prepare(url, scale))
        print(f"[bench] seeded in {prepared['seeding']['seconds']} s; measuring interactions ...", flush=True)
        scaled = bot_phase("scale", url, scale, workdir)
        print("[bench] measuring memory and start-up ...", flush=True)
        memory = bot_phase("memory", url, scale, workdir)
        start = timing.measure(url, runs=1 if args.smoke else 3)
        print("[bench] measuring the Slack acknowledgement ...", flush=True)
        slack = slack_phase(url, scale, workdir)
        print("[bench] measuring growth ...", flush=True)
        growth = bot_phase("growth", f"sqlite+aiosqlite:///{workdir / 'growth.db'}", scale, workdir)
        pg: dict[str, Any] | str = "the run was asked for SQLite only, --no-postgres"
        if not args.no_postgres:
            print("[bench] measuring interactions on PostgreSQL ...", flush=True)
            pg = asyncio.run(postgres_phase(scale, workdir))
            if isinstance(pg, str):
                print(f"[bench] {pg}: SQLite figures only", flush=True)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "make bench-smoke" if args.smoke else "make bench",
        "machine": report.machine(),
        "scale": scale.to_json(),
        "method": {
            "ratios": "medians of each call's round trip through SimCord over the ping's, same run",
            "ratios_p99": "the same with p99s (recorded, not targeted)",
            "ratios_to_ack": "medians of emit-to-first-callback time (recorded, not targeted)",
            "floors": "the database layer's own cost: ping_db (one read in a unit of work) and "
            "the write path's statements through SQLAlchemy Core; stance and vote over ping_db are targeted",
            "burst_p99_vs_ping": "p99 of emit-to-acknowledgement in a mixed burst over that of a ping burst",
            "stance_write_vs_raw_sqlite": "throughput, service layer over raw aiosqlite (higher is better)",
            "memory": "RSS (VmRSS) of a fresh bot process: after everyday commands, a chart, a map",
            "start": "process start to commands ready, and to the console's first reply (medians)",
            "slack_ack_vs_bare": "a Slack /who's acknowledgement through the fake Slack over a bare "
            "Bolt handler's that only acks, interleaved, medians",
            "ratios_pg": "the interaction and burst ratios with the database on PostgreSQL, same run",
            "scale_out": "two bot processes on one PostgreSQL database sharing a burst: every "
            "interaction acknowledged, every write counted in the database afterwards",
        },
        **compose(scale, prepared, scaled, growth, memory),
        "start": start,
        "slack": slack,
    }
    results["ratios"]["slack_ack_vs_bare"] = slack["slack_ack_vs_bare"]
    if isinstance(pg, str):
        results["postgres"] = {"skipped": pg}
        results["scale_out"] = {"skipped": pg}
    else:
        results.update(pg)
    results["targets"] = report.check(results, max(scale.growth_packs))
    results["duration_seconds"] = round(time.perf_counter() - began, 1)
    out = args.out or (Path(tempfile.gettempdir()) / "roundtable-bench-smoke.json" if args.smoke else RESULTS)
    out.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    for row in results["targets"]:
        print(f"{row['status']:4}  {row['key']:40} {row['value']:>10g}  (target {row['target']})")
    print(f"[bench] wrote {out} in {results['duration_seconds']} s", flush=True)
    if not args.smoke:
        print(
            "[bench] `make bench-docs` publishes it to bench/results.json and docs/benchmarks.md", flush=True
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
