"""A Slack slash command's acknowledgement against a bare Bolt handler's (``ratios.slack_ack_vs_bare``).

``python -m bench.slack_ack --db URL --out FILE [--iterations N] [--warmup N]``

Roundtable's Slack front end (slack_app/front.py) runs over HTTP against the fake Web API
(slack_app/fake_api.py), as in the tests (slack_app/simulator.py), on the seeded database. Beside
it, a second Bolt ``AsyncApp`` with the same setup (the same kind of Web API client on the same
fake Slack, the same signing secret and request verification, served the same way) has one
command, ``/bare``, whose handler only calls ``ack()``. Both receive requests signed as Slack signs
them, built the same way, interleaved in shuffled rounds; each is timed from sending the request
to reading the HTTP answer, which is the acknowledgement (Slack's 3-second clock). ``/who ASEAN``
answers inside its acknowledgement, so its time holds the whole command: the member's identity
(a unit of work), the pack index, the reply's blocks. The work a listener does after its
acknowledgement is awaited between calls and not timed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import socket
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bench.stats import ratio, summary
from bot.db import Database
from bot.runtime import Runtime
from bot.settings import ROOT, Settings
from slack_app.simulator import BOT_TOKEN, SIGNING_SECRET, SlackSimulator

MEMBERS = 20


def bare_app(api_url: str) -> AsyncApp:
    """The floor: Bolt's AsyncApp set up as slack_app/front.py sets it up, one command that only acks."""
    client = AsyncWebClient(token=BOT_TOKEN, base_url=api_url)
    app = AsyncApp(
        client=client, signing_secret=SIGNING_SECRET, request_verification_enabled=True, name="bare"
    )

    @app.command("/bare")
    async def bare(ack: Any) -> None:
        await ack()

    return app


async def serve(app: AsyncApp) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app.web_app(path="/slack/events"), access_log=None)
    await runner.setup()
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    await web.SockSite(runner, listening).start()
    return runner, f"http://127.0.0.1:{port}/slack/events"


def command_form(sim: SlackSimulator, member: str, command: str, text: str) -> dict[str, str]:
    """A slash command's form as Slack posts it (what SlackSimulator.command sends)."""
    user = sim.member(member)
    return {
        "token": "unused",
        "team_id": sim.default_team,
        "team_domain": "study-group",
        "channel_id": sim.channel("general"),
        "channel_name": "general",
        "user_id": user,
        "user_name": member.lower(),
        "command": command,
        "text": text,
        "api_app_id": "AROUNDTABLE",
        "response_url": sim.fake.response_url(),
        "trigger_id": f"{int(time.time())}.trigger",
    }


async def timed_post(sim: SlackSimulator, url: str, form: dict[str, str]) -> tuple[float, int, str]:
    """Seconds from sending the signed request to reading its answer; the status and the body."""
    assert sim._session is not None
    body = urlencode(form)
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sim.sign(body)}
    start = time.perf_counter()
    async with sim._session.post(url, data=body.encode(), headers=headers) as response:
        text = await response.text()
        status = response.status
    return time.perf_counter() - start, status, text


async def measure(url: str, iterations: int, warmup: int) -> dict[str, Any]:
    settings = replace(
        Settings.from_env({}), database_url=url, packs_dir=ROOT / "data" / "packs", cooldown_seconds=0
    )
    runtime = Runtime(settings, db=Database(url))
    await runtime.open()
    sim = await SlackSimulator(runtime, settings).start()
    assert sim.front is not None
    runner, bare_url = await serve(bare_app(str(sim.front.settings.slack_api_url)))
    samples: dict[str, list[float]] = {"who": [], "bare": []}
    rng = random.Random(5)
    try:
        for i in range(warmup + iterations):
            order = ["who", "bare"]
            rng.shuffle(order)
            for kind in order:
                member = f"member{i % MEMBERS}"
                if kind == "who":
                    form = command_form(sim, member, "/who", "ASEAN")
                    seconds, status, text = await timed_post(sim, sim.url, form)
                    if status != 200 or "ASEAN" not in text:
                        raise RuntimeError(
                            f"/who ASEAN was not answered in its acknowledgement: {text[:200]!r}"
                        )
                    await sim.settle()  # the listener's work after the acknowledgement, untimed
                else:
                    form = command_form(sim, member, "/bare", "")
                    seconds, status, text = await timed_post(sim, bare_url, form)
                    if status != 200:
                        raise RuntimeError(f"the bare handler answered {status}: {text[:200]!r}")
                if i >= warmup:
                    samples[kind].append(seconds)
    finally:
        await runner.cleanup()
        await sim.stop()
        await runtime.close()
    who, bare = summary(samples["who"]), summary(samples["bare"])
    return {
        "command": "/who ASEAN",
        "who": who,
        "bare": bare,
        "slack_ack_vs_bare": ratio(who["median_ms"], bare["median_ms"]),
        # Bolt checks for the acknowledgement every 10 ms (slack_bolt/listener/asyncio_runner.py),
        # so both sides are at least one such step: the difference says what ours costs.
        "median_over_bare_ms": round(who["median_ms"] - bare["median_ms"], 3),
        "p99_vs_bare": ratio(who["p99_ms"], bare["p99_ms"]),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=MEMBERS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    result = asyncio.run(measure(args.db, args.iterations, args.warmup))
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
