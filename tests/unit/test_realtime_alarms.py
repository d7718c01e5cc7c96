"""The real-time alarms behind early acknowledgement: one thread, in deadline order, cancellable."""

from __future__ import annotations

import asyncio
import contextvars
import threading

from bot.ui.realtime import RealTimeAlarms

WHO: contextvars.ContextVar[str] = contextvars.ContextVar("who", default="nobody")


async def test_alarms_fire_in_deadline_order_in_their_callers_context_and_cancel() -> None:
    alarms = RealTimeAlarms()
    fired: list[tuple[str, str]] = []
    done = asyncio.Event()
    before = threading.active_count()

    def note(name: str) -> None:
        fired.append((name, WHO.get()))
        if name == "last":
            done.set()

    WHO.set("alice")
    alarms.call_later(0.06, lambda: note("second"))
    WHO.set("bob")
    alarms.call_later(0.02, lambda: note("first"))
    alarms.call_later(0.04, lambda: note("cancelled")).cancel()
    alarms.call_later(0.1, lambda: note("last"))
    await asyncio.wait_for(done.wait(), 5)
    assert fired == [("first", "bob"), ("second", "alice"), ("last", "bob")]
    assert threading.active_count() <= before + 1  # one thread for every alarm
