"""The benchmark at smoke scale: every step runs and every interaction is answered.

Timings are the benchmark's business (``make bench`` prints PASS/MISS); nothing here asserts one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import DOCS, main, postgres_phase
from bench.report import END, START
from bench.scale import SMOKE
from tests.conftest import PG_URL


def test_smoke_benchmark_runs_every_step(tmp_path: Path) -> None:
    docs_before = DOCS.read_text(encoding="utf-8")
    out = tmp_path / "results.json"

    assert main(["--smoke", "--no-postgres", "--out", str(out)]) == 0

    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["scale"]["name"] == "smoke"
    for kind in ("ping", "who", "ask", "stance", "vote"):
        assert results["interactions"][kind]["round_trip"]["n"] == results["scale"]["iterations"]
    for name in ("ping", "mixed"):
        burst = results["burst"][name]
        assert burst["interactions"] == results["scale"]["burst"]
        assert burst["all_acknowledged"], burst
        assert burst["errors"] == []
    assert set(results["burst"]["mixed"]["by_kind"]) == {"who", "ask", "stance", "vote"}
    # The seeded rows are there, in the shape the scale says.
    seeded = results["seeding"]["counts"]
    measured = results["seeding"]["measured_guild"]
    assert seeded["stance_events"] + measured["stance_events"] == results["scale"]["stance_events"]
    assert seeded["poll_votes"] + measured["poll_votes"] == results["scale"]["poll_votes"]
    assert results["write_path"]["writes_per_side"] == results["scale"]["writes"]
    assert set(results["growth"]["phases"]) == {"1", "3"}
    assert results["memory"]["peak_rss_mb"] > 0
    # A fresh process served the everyday commands before any chart or map, then drew both.
    memory = results["memory_phase"]
    assert memory["idle"]["libraries"] == [], memory
    assert memory["after_chart"]["files"] and "matplotlib" in memory["after_chart"]["libraries"]
    assert results["start"]["ready_s"] > 0 and results["start"]["console_first_reply_s"] > 0
    keys = {row["key"] for row in results["targets"]}
    assert {"ratios.who_vs_ping", "ratios.burst_p99_vs_ping", "memory.peak_rss_mb"} <= keys
    assert {"floors.stance_vs_ping_db", "memory.idle_rss_mb", "start.ready_s"} <= keys
    assert not {"ratios.stance_vs_ping", "ratios.vote_vs_ping"} & keys  # recorded, not targeted
    assert {row["status"] for row in results["targets"]} <= {"PASS", "MISS"}
    # A smoke run never touches the committed results or the docs.
    assert DOCS.read_text(encoding="utf-8") == docs_before
    assert START in docs_before and END in docs_before
    # The Slack acknowledgement ran against the bare Bolt handler, every call answered.
    slack = results["slack"]
    assert slack["who"]["n"] == slack["bare"]["n"] > 0
    assert "ratios.slack_ack_vs_bare" in keys


async def test_smoke_postgres_and_scale_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL: the interactions, and two processes sharing a burst with every write present."""
    if not PG_URL:
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL")
    monkeypatch.setenv("BENCH_POSTGRES_URL", PG_URL.rsplit("/", 1)[0] + "/postgres")
    pg = await postgres_phase(SMOKE, tmp_path)
    assert not isinstance(pg, str), pg
    shared = pg["scale_out"]
    assert shared["processes"] == 2
    assert shared["interactions"] == SMOKE.burst // 2 * 2
    assert shared["all_acknowledged"] and shared["errors"] == 0, shared
    assert shared["writes_expected"] > 0 and shared["all_writes_present"], shared
    assert pg["postgres"]["burst"]["mixed"]["all_acknowledged"]
