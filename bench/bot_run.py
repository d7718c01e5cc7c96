"""The bot side of the benchmark, run in its own process so its peak memory is the bot's alone.

``python -m bench.bot_run --phase scale|growth|memory --db URL --scale full|smoke --out FILE``

- scale: the seeded database; interleaved ping, ping_db, /who, /ask, /stance set and poll votes through
  SimCord's actors (round trip of each call), then a burst of mixed interactions and a burst of
  pings, then the process's peak RSS.
- growth: /ask and /who with 1, 100 and 1,000 content packs loaded.
- memory: a fresh process on the seeded database serves a few /who, /ask, /stance set and poll
  votes (RSS then: idle), then one chart (``/poll results``), then one opinion map (``/map``).
- scale_out: one of several processes on one PostgreSQL database (``--guild-id`` its own guild):
  it prepares, prints "ready", waits for ``--go`` to exist, then emits its share of a burst and
  reports what it wrote, for the parent to count in the database (``bench/scale_out.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import resource
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

import discord
import simcord
from discord import app_commands
from sqlalchemy import bindparam, select

from bench import seed
from bench.scale import SCALES, Scale
from bench.simcord_raw import AckClock, Emitter, slash_data
from bench.stats import summary
from bot.app import Roundtable, create_bot, load_packs
from bot.models import GuildConfig, Stance
from bot.services import content
from bot.services.upsert import upsert
from bot.settings import ROOT, Settings

WHO = ["NATO", "ASEAN", "Kishida", "Tokio", "Chinese Foreign Ministry", "the UK", "Who is Xi?"]
ASK = [
    "Why is NATO thinking about opening an office in Tokyo?",
    "Why does China oppose NATO in Asia?",
    "why is france unhappy?",
    "What did Xi Jinping call for in 2014?",
    "Why did SEATO fail?",
    "what are the benefits of the nato model",
]
STANCES = ["strongly disagree", "disagree", "undecided", "agree", "strongly agree"]
KINDS = ("ping", "ping_db", "who", "ask", "stance", "vote")
PING_DB_READ = select(GuildConfig.active_pack).where(GuildConfig.guild_id == bindparam("guild_id"))
SETTLE_TIMEOUT = 600.0
# On PostgreSQL, SimCord's settle also waits for the database driver's own timers when they
# fall within the settle timeout, so 600 s made a single /poll create wait for minutes; the work
# itself settles in milliseconds, and the burst keeps its own deadline below.
PG_SETTLE_TIMEOUT = 20.0
SETTLE_IDLE = 0.0005


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def rss_mb() -> float:
    """The process's resident set now (VmRSS), not its peak."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return peak_rss_mb()  # pragma: no cover - not Linux


def rss_parts_mb() -> dict[str, float]:
    """The resident set's anonymous part (the process's own memory) and its file-backed part
    (mapped libraries: it depends on what the kernel's page cache holds, e.g. all of a library
    that pip has just written, which fault-around then maps in)."""
    parts: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        for field, key in (("RssAnon:", "anon_mb"), ("RssFile:", "file_mb")):
            if line.startswith(field):
                parts[key] = round(int(line.split()[1]) / 1024, 1)
    return parts


def _loaded(*names: str) -> list[str]:
    return [name for name in names if name in sys.modules]


def add_ping(bot: Roundtable) -> None:
    """The floor: a bare command answered by discord.py alone (registered for the benchmark only)."""

    @app_commands.command(name="ping", description="Benchmark floor: answers at once")
    @app_commands.guild_only()
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    @app_commands.command(name="ping_db", description="Benchmark floor: one read in a unit of work")
    @app_commands.guild_only()
    async def ping_db(interaction: discord.Interaction) -> None:
        # The smallest database work a command does: one indexed read in a unit of work.
        async with bot.db.unit_of_work() as session:
            await session.execute(PING_DB_READ, {"guild_id": interaction.guild_id})
        await interaction.response.send_message("pong", ephemeral=True)

    bot.tree.add_command(ping)
    bot.tree.add_command(ping_db)


def make_bot(url: str) -> Roundtable:
    settings = replace(
        Settings.from_env({}), database_url=url, packs_dir=ROOT / "data" / "packs", cooldown_seconds=0
    )
    bot = create_bot(settings, always_sync=True)
    add_ping(bot)
    return bot


class Group:
    """The measured guild: a channel, a moderator and ``members`` members (``guild_id`` pins its id,
    which SimCord otherwise repeats from process to process)."""

    def __init__(self, env: simcord.Env, members: int, guild_id: int | None = None) -> None:
        self.env = env
        self.guild = env.create_guild("Benchmark Study Group", id=guild_id)
        self.channel = self.guild.create_text_channel("general")
        mods = self.guild.create_role("Moderators", permissions=discord.Permissions(manage_guild=True))
        self.members = [
            self.guild.add_member(env.create_user(f"member{i}"), roles=[mods] if i == 0 else [])
            for i in range(members)
        ]


class Driver:
    """One measured call of each kind; each call picks the next member, question or option."""

    def __init__(
        self,
        env: simcord.Env,
        group: Group,
        poll_message: Any,
        poll_id: int,
        scale: Scale,
        numbers: list[int],
    ) -> None:
        self.env = env
        # The motion numbers members type (live motions only: a retired number is refused).
        self.numbers = numbers
        self.group = group
        self.poll_message = poll_message
        self.poll_id = poll_id
        self.scale = scale
        self.turn = 0
        # Seeded votes: member m (m < votes_per_poll) chose option m % 5.
        self.choice = {m: m % len(seed.POLL_OPTIONS) for m in range(scale.votes_per_poll)}

    def _next(self) -> tuple[int, Any]:
        self.turn += 1
        m = self.turn % len(self.group.members)
        return m, self.group.members[m]

    def emit(self, emitter: Emitter, kind: str) -> Any:
        """Emit the next call of ``kind`` (the caller settles)."""
        m, member = self._next()
        channel = self.group.channel
        if kind == "vote":
            option = (self.choice.get(m, -1) + 1) % len(seed.POLL_OPTIONS)
            self.choice[m] = option
            return emitter.click(member, self.poll_message, f"roundtable:poll:{self.poll_id}:{option}")
        options: dict[str, Any]
        name = kind
        if kind in ("ping", "ping_db"):
            options = {}
        elif kind == "who":
            options = {"actor": WHO[self.turn % len(WHO)]}
        elif kind == "ask":
            options = {"question": ASK[self.turn % len(ASK)]}
        elif kind == "stance":
            name = "stance set"
            number = self.numbers[self.turn % len(self.numbers)]
            options = {"motion": str(number), "stance": STANCES[self.turn % 5]}
        else:
            raise ValueError(kind)
        return emitter.slash(member, channel, slash_data(member, channel, name, options))


def _check(env: simcord.Env, kind: str, record: Any, cursor: int) -> None:
    errors = env.errors_since(cursor)
    if errors:
        raise RuntimeError(f"the bot raised errors during {kind}: {errors!r}")
    if not record.responded:
        raise RuntimeError(f"{kind} was not acknowledged")


async def interleaved(
    env: simcord.Env, clock: AckClock, driver: Driver, kinds: tuple[str, ...], iterations: int, warmup: int
) -> dict[str, dict[str, Any]]:
    """Rounds of every kind in a shuffled order: round trip (emit until settled) and emit-to-ack.

    Each call is emitted and settled on its own, as ``member.slash``/``click`` do, but with a fine
    settle granularity: SimCord's public actors settle with a 50 ms idle tick, which a reply that
    leaves only a loop callback behind (any ephemeral ``ping``) pays in full, swamping the floor.
    """
    emitter = Emitter(env, clock)
    rng = random.Random(7)
    round_trip: dict[str, list[float]] = {k: [] for k in kinds}
    to_ack: dict[str, list[float]] = {k: [] for k in kinds}
    for i in range(warmup + iterations):
        order = list(kinds)
        rng.shuffle(order)
        for kind in order:
            cursor = env.error_cursor
            start = time.perf_counter()
            record = driver.emit(emitter, kind)
            await emitter.settle(SETTLE_TIMEOUT, idle=SETTLE_IDLE)
            elapsed = time.perf_counter() - start
            _check(env, kind, record, cursor)
            if i >= warmup:
                round_trip[kind].append(elapsed)
                ack = clock.latency(record.id)
                if ack is not None:
                    to_ack[kind].append(ack)
    return {k: {"round_trip": summary(round_trip[k]), "to_ack": summary(to_ack[k])} for k in kinds}


async def settle_fully(emitter: Emitter, windows: int = 30) -> None:
    """Settle a burst's follow-ups, which may outlast one (short, on PostgreSQL) settle window."""
    for _ in range(windows - 1):
        try:
            await emitter.settle(SETTLE_TIMEOUT, idle=SETTLE_IDLE)
            return
        except TimeoutError:
            continue  # still working: SimCord keeps tracking it, settle again
    await emitter.settle(SETTLE_TIMEOUT, idle=SETTLE_IDLE)


async def burst(
    env: simcord.Env,
    clock: AckClock,
    driver: Driver,
    kinds: list[str],
    emit: Callable[[str], Any] | None = None,
) -> dict[str, Any]:
    """Emit every interaction before any runs, settle once, check each was acknowledged."""
    emitter = Emitter(env, clock)
    if emit is None:
        emit = lambda kind: driver.emit(emitter, kind)  # noqa: E731
    cursor = env.error_cursor
    start = time.perf_counter()
    records = [(kind, emit(kind)) for kind in kinds]
    released = time.perf_counter()
    emitted = released - start
    # Let the loop run the bot until every interaction is answered, then settle the rest
    # (follow-ups). Settling a thousand pending tasks at once costs SimCord time quadratic in
    # their number (it inspects every task on every turn), which would land in the latencies.
    deadline = time.perf_counter() + SETTLE_TIMEOUT
    # Polling, not an Event: the records are SimCord's, and it signals nothing when they change.
    while not all(r.responded for _kind, r in records) and time.perf_counter() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.002)
    await settle_fully(emitter)
    wall = time.perf_counter() - start
    errors = env.errors_since(cursor)
    _ = env.errors  # reported below; reading them acknowledges them to SimCord
    latencies = [clock.latency(r.id) for _kind, r in records]
    unacknowledged = sum(1 for _kind, r in records if not r.responded)
    by_kind: dict[str, list[float]] = {}
    for (kind, _r), latency in zip(records, latencies, strict=True):
        if latency is not None:
            by_kind.setdefault(kind, []).append(latency)
    done = [x for x in latencies if x is not None]
    # The same, counted from the release of the burst (the bot runs none of them before): without
    # SimCord's time to build the payloads, which differs between kinds (a click carries its message).
    since_release = [clock.acks[r.id] - released for _kind, r in records if r.id in clock.acks]
    return {
        "interactions": len(records),
        "acknowledged": len(records) - unacknowledged,
        "all_acknowledged": unacknowledged == 0,
        "errors": [repr(e)[:300] for e in errors],
        "emit_seconds": round(emitted, 3),
        "wall_seconds": round(wall, 3),
        "latency": summary(done),
        "latency_from_release": summary(since_release),
        "by_kind": {k: summary(v) for k, v in sorted(by_kind.items())},
        "within_3s": all(x < 3.0 for x in done) and unacknowledged == 0,
    }


async def create_poll(group: Group) -> tuple[Any, int]:
    result = await group.members[0].slash(
        group.channel,
        "poll create",
        question="What do we drink at the next meeting?",
        options="; ".join(seed.POLL_OPTIONS),
    )
    message = result.response
    assert message is not None, "the poll was not posted"
    first = next(c for row in message.components for c in row.get("components", []) if c.get("custom_id"))
    poll_id = int(first["custom_id"].split(":")[2])
    return message, poll_id


def ack_clock(env: simcord.Env) -> AckClock:
    """The clock of acknowledgements, with each interaction's emission noted as SimCord sends it."""
    clock = AckClock(env)
    env._register_dispatch_observer(lambda record: clock.emitted.__setitem__(record.id, time.perf_counter()))
    return clock


async def run_scale(url: str, scale: Scale) -> dict[str, Any]:
    bot = make_bot(url)
    async with simcord.run(bot, settle_timeout=SETTLE_TIMEOUT) as env:
        clock = ack_clock(env)
        group = Group(env, scale.members)
        poll_message, poll_id = await create_poll(group)
        seeded = await seed.seed_guild(bot.db, group.guild.id, [m.id for m in group.members], poll_id, scale)
        driver = Driver(
            env, group, poll_message, poll_id, scale, await seed.pack_motion_numbers(bot.db, scale)
        )
        measured = await interleaved(env, clock, driver, KINDS, scale.iterations, scale.warmup)
        # Memory at the scale of (1): before the burst, whose 2,000 in-flight interactions and
        # SimCord's record of every payload (transcript, request log) are the simulator's, not the bot's.
        rss_after_interleaved = peak_rss_mb()
        rng = random.Random(11)
        mixed = [("who", "ask", "stance", "vote")[i % 4] for i in range(scale.burst)]
        rng.shuffle(mixed)
        ping_burst = await burst(env, clock, driver, ["ping"] * scale.burst)
        mixed_burst = await burst(env, clock, driver, mixed)
        return {
            "measured_guild": seeded,
            "interleaved": measured,
            "burst": {"ping": ping_burst, "mixed": mixed_burst},
            "peak_rss_mb": rss_after_interleaved,
            "peak_rss_after_burst_mb": peak_rss_mb(),
        }


async def _load_packs(bot: Roundtable, start: int, stop: int) -> float:
    """Synthetic packs ``start``..``stop - 1`` through ``content.sync_pack``; seconds taken."""
    base = load_packs(bot.settings)[0]
    began = time.perf_counter()
    for first in range(start, stop, 100):
        async with bot.db.unit_of_work() as session:
            for index in range(first, min(first + 100, stop)):
                await content.sync_pack(session, seed.synthetic_pack(base, index), index, bot.clock())
    return time.perf_counter() - began


async def run_growth(url: str, scale: Scale) -> dict[str, Any]:
    bot = make_bot(url)
    phases: dict[str, Any] = {}
    async with simcord.run(bot, settle_timeout=SETTLE_TIMEOUT) as env:
        clock = ack_clock(env)
        group = Group(env, 5)
        driver = Driver(env, group, None, 0, scale, await seed.pack_motion_numbers(bot.db, scale))
        emitter = Emitter(env, clock)
        loaded = 1
        for packs in scale.growth_packs:
            load_seconds = await _load_packs(bot, loaded, packs) if packs > loaded else 0.0
            loaded = max(loaded, packs)
            slug = None if packs == 1 else f"bench-pack-{packs - 1:04d}"
            async with bot.db.unit_of_work() as session:
                await upsert(
                    session,
                    GuildConfig,
                    {"guild_id": group.guild.id, "active_pack": slug, "created_at": bot.clock()},
                    keys=("guild_id",),
                    update=("active_pack",),
                )
            bot.indexes.forget_guild(group.guild.id)  # as /pack use does
            # The first /ask on a pack builds its index (cold); the measured ones reuse it.
            cursor = env.error_cursor
            cold_start = time.perf_counter()
            record = driver.emit(emitter, "ask")
            await emitter.settle(SETTLE_TIMEOUT, idle=SETTLE_IDLE)
            cold = time.perf_counter() - cold_start
            _check(env, "ask", record, cursor)
            measured = await interleaved(
                env, clock, driver, ("ping", "who", "ask"), scale.growth_iterations, scale.warmup
            )
            phases[str(packs)] = {
                "load_seconds": round(load_seconds, 3),
                "cold_first_ask_ms": round(cold * 1000, 3),
                **measured,
            }
    return {"phases": phases, "peak_rss_mb": peak_rss_mb()}


async def run_memory(url: str, scale: Scale) -> dict[str, Any]:
    """RSS of a bot that has served the everyday commands, then after its first chart and map."""
    bot = make_bot(url)
    async with simcord.run(bot, settle_timeout=SETTLE_TIMEOUT) as env:
        clock = ack_clock(env)
        group = Group(env, scale.members)
        poll_message, poll_id = await create_poll(group)
        async with bot.db.unit_of_work() as session:
            # SimCord's ids repeat from process to process: after the scale phase this guild is seeded.
            seeded = await session.scalar(
                select(Stance.user_id).where(Stance.guild_id == group.guild.id).limit(1)
            )
        if seeded is None:
            await seed.seed_guild(bot.db, group.guild.id, [m.id for m in group.members], poll_id, scale)
        driver = Driver(
            env, group, poll_message, poll_id, scale, await seed.pack_motion_numbers(bot.db, scale)
        )
        await interleaved(env, clock, driver, ("who", "ask", "stance", "vote"), 5, 0)
        idle = {"rss_mb": rss_mb(), **rss_parts_mb(), "libraries": _loaded("matplotlib", "sklearn")}
        viewer = group.members[0]
        chart = await viewer.slash(group.channel, "poll results")
        after_chart = {
            "rss_mb": rss_mb(),
            "libraries": _loaded("matplotlib", "sklearn"),
            "files": [a.filename for a in chart.response.attachments] if chart.response else [],
        }
        drawn = await viewer.slash(group.channel, "map group")
        reply = drawn.followups[-1] if drawn.followups else drawn.response
        after_map = {
            "rss_mb": rss_mb(),
            "libraries": _loaded("matplotlib", "sklearn"),
            "files": [a.filename for a in reply.attachments] if reply is not None else [],
        }
        return {
            "idle": idle,
            "after_chart": after_chart,
            "after_map": after_map,
            "peak_rss_mb": peak_rss_mb(),
        }


async def _wait_for(path: Path, seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while not path.exists():  # noqa: ASYNC240 - a stat every 5 ms; another process creates it
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{path} did not appear within {seconds} s")
        await asyncio.sleep(0.005)


async def run_scale_out(url: str, scale: Scale, guild_id: int, go: Path, share: int) -> dict[str, Any]:
    """One process's share of a burst on a database other processes write to at the same time.

    Every write is told apart afterwards: each vote is by a member who has not voted on this
    process's (new) poll, so it leaves one ``poll_votes`` row; each ``/stance set`` appends one
    ``stance_events`` row. The parent counts both for this guild and compares with ``expected``.
    """
    kinds = [("who", "ask", "stance", "vote")[i % 4] for i in range(share)]
    random.Random(guild_id).shuffle(kinds)
    votes = kinds.count("vote")
    bot = make_bot(url)
    async with simcord.run(bot, settle_timeout=SETTLE_TIMEOUT) as env:
        clock = ack_clock(env)
        group = Group(env, max(scale.members, votes + 1), guild_id=guild_id)
        poll_message, poll_id = await create_poll(group)
        motions = await seed._pack_motions(bot.db, scale)
        driver = Driver(env, group, poll_message, poll_id, scale, [number for _, number in motions])
        # One warm-up of each kind (first /ask builds the index), by member 0, who then never votes.
        warm = Emitter(env, clock)
        for kind in ("who", "ask", "stance"):
            driver.turn = len(group.members) - 1  # the next member is member 0
            cursor = env.error_cursor
            record = driver.emit(warm, kind)
            await settle_fully(warm)
            _check(env, kind, record, cursor)
        driver.turn = 0
        driver.choice = {}
        # Stances and votes expected: recorded as they are emitted (Driver picks member and value).
        expected_stances = 0
        voters: set[int] = set()

        class Counting(Emitter):
            def slash(self, actor: Any, channel: Any, data: dict[str, Any]) -> Any:
                nonlocal expected_stances
                if data["name"] == "stance":
                    expected_stances += 1
                return super().slash(actor, channel, data)

            def click(self, actor: Any, message: Any, custom_id: str) -> Any:
                if actor.id in voters:
                    raise RuntimeError("a member voted twice in the scale-out burst")
                voters.add(actor.id)
                return super().click(actor, message, custom_id)

        counting = Counting(env, clock)
        vote_turn = 0

        def emit(kind: str) -> Any:
            nonlocal vote_turn
            if kind == "vote":
                vote_turn += 1
                member = group.members[vote_turn]  # members 1..votes: each votes once
                return counting.click(member, poll_message, f"roundtable:poll:{poll_id}:{vote_turn % 5}")
            return driver.emit(counting, kind)

        print("ready", flush=True)
        await _wait_for(go, 600.0)
        measured = await burst(env, clock, driver, kinds, emit=emit)
        return {
            "guild_id": guild_id,
            "poll_id": poll_id,
            "burst": measured,
            "expected": {"stance_events": expected_stances + 1, "poll_votes": len(voters)},
            "peak_rss_mb": peak_rss_mb(),
        }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phase", choices=("scale", "growth", "memory", "scale_out"), required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--guild-id", type=int, help="scale_out: this process's guild")
    parser.add_argument("--go", type=Path, help="scale_out: start the burst once this file exists")
    parser.add_argument("--share", type=int, help="scale_out: interactions in this process's burst")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    scale = SCALES[args.scale]
    if args.db.startswith("postgresql"):
        global SETTLE_TIMEOUT
        SETTLE_TIMEOUT = PG_SETTLE_TIMEOUT
    if args.phase == "scale_out":
        result = asyncio.run(run_scale_out(args.db, scale, args.guild_id, args.go, args.share))
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
        return
    run: Callable[[str, Scale], Coroutine[Any, Any, dict[str, Any]]] = {
        "scale": run_scale,
        "growth": run_growth,
        "memory": run_memory,
    }[args.phase]
    result = asyncio.run(run(args.db, scale))
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
