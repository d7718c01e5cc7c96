"""Alarms in real (wall-clock) time for the event loop, from one daemon thread.

Discord's 3-second window is real time, while the bot's event loop may run on a simulated clock
(SimCord and the console move it), so ``loop.call_later`` cannot measure it. One thread for the
whole process keeps a heap of deadlines and hands each callback to its loop when it falls due;
an interaction costs a heap entry, not a thread of its own.
"""

from __future__ import annotations

import asyncio
import contextvars
import heapq
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# Real time even where a simulator runs the loop on a clock of its own: SimCord replaces
# ``time.monotonic`` while it runs, not ``time.perf_counter``.
_now = time.perf_counter


@dataclass(order=True)
class Alarm:
    deadline: float
    order: int
    loop: asyncio.AbstractEventLoop = field(compare=False)
    callback: Callable[[], object] = field(compare=False)
    context: contextvars.Context = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True  # dropped when it reaches the top of the heap


class RealTimeAlarms:
    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._heap: list[Alarm] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def call_later(self, delay: float, callback: Callable[[], object]) -> Alarm:
        """Run ``callback`` on the running loop, in the caller's context, ``delay`` real seconds from now."""
        alarm = Alarm(
            _now() + delay,
            next(self._order),
            asyncio.get_running_loop(),
            callback,
            contextvars.copy_context(),
        )
        with self._wake:
            heapq.heappush(self._heap, alarm)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="realtime-alarms", daemon=True)
                self._thread.start()
            self._wake.notify()
        return alarm

    def _run(self) -> None:
        with self._wake:
            while True:
                if not self._heap:
                    self._wake.wait()
                    continue
                alarm = self._heap[0]
                if alarm.cancelled:
                    heapq.heappop(self._heap)
                    continue
                wait = alarm.deadline - _now()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                heapq.heappop(self._heap)
                try:
                    alarm.loop.call_soon_threadsafe(alarm.callback, context=alarm.context)
                except RuntimeError:
                    pass  # that loop has closed: nobody is waiting for the answer any more


ALARMS = RealTimeAlarms()
