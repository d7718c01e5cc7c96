"""The one clock every timer and timestamp uses.

``discord.utils.utcnow`` is what SimCord moves forward in tests and in the console
(``env.advance_time``), so taking time from here keeps timers, stored timestamps and
the simulated Discord in step. Services receive ``now`` as a plain value.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import discord

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return discord.utils.utcnow()
