"""The one clock every timer and timestamp uses.

``discord.utils.utcnow`` is what SimCord moves forward in tests and in the console
(``env.advance_time``), so taking time from here keeps timers, stored timestamps and
the simulated Discord in step. Services receive ``now`` as a plain value.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import discord

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return discord.utils.utcnow()


class ManualClock:
    """A clock that moves only when told (``advance``): the Slack tests and the Slack console.

    SimCord moves ``discord.utils.utcnow`` for the Discord side; a ``Runtime`` given this clock
    has its timers, timestamps and scheduler read simulated time the same way.
    """

    START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or self.START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def set(self, moment: datetime) -> None:
        """Move to ``moment`` (never back: stored times must not run backwards)."""
        self.now = max(self.now, moment)
