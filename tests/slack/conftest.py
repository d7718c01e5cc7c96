"""The Slack front end under test: the real Bolt app over HTTP, signed requests, the fake Web API,
on a fresh migrated database per test (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from bot.clock import ManualClock
from bot.runtime import Runtime
from bot.settings import Settings
from slack_app.simulator import SlackSimulator
from tests.conftest import DatabaseFactory


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def make_runtime(
    settings: Settings, database_factory: DatabaseFactory, clock: ManualClock
) -> Callable[[], Runtime]:
    """A new process's shared state on the test database (for restarts)."""
    return lambda: Runtime(settings, db=database_factory(), clock=clock)


@pytest.fixture
async def slack(make_runtime: Callable[[], Runtime], settings: Settings) -> AsyncIterator[SlackSimulator]:
    runtime = make_runtime()
    await runtime.open()
    sim = await SlackSimulator(runtime, settings).start()
    try:
        yield sim
    finally:
        await sim.stop()
        if isinstance(sim.host, Runtime):
            await sim.host.close()
