"""Synthetic ledgers with a known structure, written through the real ledger service."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from sqlalchemy import select

from bot.db import Database
from bot.models import Motion
from bot.packs import discover_packs, load_pack
from bot.services import content, positions
from tests.conftest import PACKS

NOW = datetime(2026, 1, 1, tzinfo=UTC)

Ledger = dict[int, dict[int, int]]  # user id -> motion id -> stance value (-2..2)


def two_camps(users: list[int], motions: list[int], split: int) -> Ledger:
    """Half the members (the first half) agree with the first ``split`` motions, the other half
    disagree with them; everyone agrees with the rest except the last two, which everyone rejects.
    Stances vary in strength (2 and 1, -2 and -1) to show that strength does not matter."""
    half = len(users) // 2
    ledger: Ledger = {}
    for i, user in enumerate(users):
        camp = 1 if i < half else -1
        strength = 2 if i % 3 == 0 else 1
        row = {}
        for j, motion in enumerate(motions):
            if j < split:
                row[motion] = camp * strength
            elif j >= len(motions) - 2:
                row[motion] = -strength
            else:
                row[motion] = strength
        ledger[user] = row
    return ledger


def random_ledger(users: list[int], motions: list[int], seed: int) -> Ledger:
    rng = np.random.default_rng(seed)
    return {u: {m: int(rng.choice([-2, -1, 0, 1, 2])) for m in motions} for u in users}


async def seed_packs(db: Database) -> None:
    async with db.unit_of_work() as session:
        await content.sync_packs(session, [load_pack(p) for p in discover_packs(PACKS)], NOW)


async def pack_motions(db: Database) -> list[Motion]:
    async with db.unit_of_work() as session:
        query = select(Motion).where(Motion.guild_id.is_(None)).order_by(Motion.number)
        return list((await session.execute(query)).scalars())


async def write_ledger(db: Database, guild_id: int, ledger: Ledger) -> None:
    async with db.unit_of_work() as session:
        for user, row in ledger.items():
            for motion, value in row.items():
                await positions.record_stance(
                    session,
                    guild_id=guild_id,
                    user_id=user,
                    motion_id=motion,
                    value=value,
                    source=positions.SELF,
                    now=NOW,
                )


_warm: list[bool] = []


def warm_up() -> None:
    """Load what the first map of a process loads (scikit-learn, matplotlib and its fonts) once
    per test process, before a test's clock starts: cold, on a loaded machine, that alone can
    take longer than SimCord's 5 s settle, and the test would measure imports, not the bot."""
    if _warm:
        return
    from bot.services.opinion_map import VoteMatrix, compute_map
    from bot.ui.charts import to_png
    from bot.ui.map_charts import MapDot, opinion_scatter

    votes = np.array([[1.0, -1.0, 1.0]] * 4 + [[-1.0, 1.0, -1.0]] * 4)
    compute_map(VoteMatrix(tuple(range(1, 9)), (1, 2, 3), votes))
    to_png(opinion_scatter("warm-up", [MapDot(0.0, 0.0, 0, "a"), MapDot(1.0, 1.0, 1, None)], ["A", "B"]))
    _warm.append(True)
