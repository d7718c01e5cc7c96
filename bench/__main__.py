"""``python -m bench [--smoke]``: seed, measure, compare with the targets, write the results.

The full run writes bench/results.json and the results block of docs/benchmarks.md; ``--smoke``
runs a tiny scale in seconds and writes only to ``--out`` (a temporary file by default).
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

from bench import report, seed, write_path
from bench.scale import FULL, SMOKE, Scale
from bench.stats import ratio
from bot.app import load_packs
from bot.db import Database
from bot.services import content
from bot.settings import ROOT, Settings

RESULTS = ROOT / "bench" / "results.json"
DOCS = ROOT / "docs" / "benchmarks.md"
KINDS = ("who", "ask", "stance", "vote")


async def prepare(url: str, scale: Scale) -> dict[str, Any]:
    """Migrate, load the real pack, seed every guild but the measured one, measure the write path."""
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
        writes = await write_path.measure(db, motion_ids, scale.writes)
    finally:
        await db.dispose()
    return {"seeding": {"counts": counts, "seconds": round(seconds, 1)}, "write_path": writes}


def bot_phase(phase: str, url: str, scale: Scale, workdir: Path) -> dict[str, Any]:
    out = workdir / f"{phase}.json"
    command = [sys.executable, "-m", "bench.bot_run", "--phase", phase, "--db", url]
    command += ["--scale", scale.name, "--out", str(out)]
    subprocess.run(command, check=True, cwd=ROOT)
    return json.loads(out.read_text(encoding="utf-8"))


def _median(phase: dict[str, Any], kind: str, field: str = "median_ms") -> float:
    return float(phase[kind]["round_trip"][field])


def compose(
    scale: Scale, prepared: dict[str, Any], scaled: dict[str, Any], growth: dict[str, Any]
) -> dict[str, Any]:
    inter = scaled["interleaved"]
    ratios: dict[str, float] = {}
    ratios_p99: dict[str, float] = {}
    ratios_to_ack: dict[str, float] = {}
    for kind in KINDS:
        ratios[f"{kind}_vs_ping"] = ratio(_median(inter, kind), _median(inter, "ping"))
        ratios_p99[f"{kind}_vs_ping"] = ratio(
            _median(inter, kind, "p99_ms"), _median(inter, "ping", "p99_ms")
        )
        ratios_to_ack[f"{kind}_vs_ping"] = ratio(
            inter[kind]["to_ack"]["median_ms"], inter["ping"]["to_ack"]["median_ms"]
        )
    # Not targeted: what one unit of work with one read costs over the bare floor, and the
    # database commands over that (docs/benchmarks.md, "What the remaining misses are made of").
    floors = {
        "ping_db_vs_ping": ratio(_median(inter, "ping_db"), _median(inter, "ping")),
        "ping_db_to_ack_vs_ping": ratio(
            inter["ping_db"]["to_ack"]["median_ms"], inter["ping"]["to_ack"]["median_ms"]
        ),
        "stance_vs_ping_db": ratio(_median(inter, "stance"), _median(inter, "ping_db")),
        "vote_vs_ping_db": ratio(_median(inter, "vote"), _median(inter, "ping_db")),
    }
    burst = scaled["burst"]
    ratios["burst_p99_vs_ping"] = ratio(
        burst["mixed"]["latency"]["p99_ms"], burst["ping"]["latency"]["p99_ms"]
    )
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
            "peak_rss_mb": scaled["peak_rss_mb"],
            "peak_rss_after_burst_mb": scaled["peak_rss_after_burst_mb"],
            "growth_peak_rss_mb": growth["peak_rss_mb"],
        },
        "interactions": inter,
        "burst": burst,
        "write_path": w,
        "growth": growth,
        "seeding": {**prepared["seeding"], "measured_guild": scaled["measured_guild"]},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny scale, a few iterations (seconds)")
    parser.add_argument(
        "--out", type=Path, help="results JSON (default: bench/results.json; smoke: a temp file)"
    )
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
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
        print("[bench] measuring growth ...", flush=True)
        growth = bot_phase("growth", f"sqlite+aiosqlite:///{workdir / 'growth.db'}", scale, workdir)
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
            "the write path's statements through SQLAlchemy Core (recorded, not targeted)",
            "burst_p99_vs_ping": "p99 of emit-to-acknowledgement in a mixed burst over that of a ping burst",
            "stance_write_vs_raw_sqlite": "throughput, service layer over raw aiosqlite (higher is better)",
        },
        **compose(scale, prepared, scaled, growth),
    }
    results["targets"] = report.check(results, max(scale.growth_packs))
    results["duration_seconds"] = round(time.perf_counter() - began, 1)
    out = args.out or (Path(tempfile.gettempdir()) / "roundtable-bench-smoke.json" if args.smoke else RESULTS)
    out.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    if not args.smoke and not args.no_docs:
        report.write_docs(DOCS, results)
    for row in results["targets"]:
        print(f"{row['status']:4}  {row['key']:40} {row['value']:>10g}  (target {row['target']})")
    print(f"[bench] wrote {out} in {results['duration_seconds']} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
