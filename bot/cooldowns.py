"""Per-member cooldowns of expensive commands (/ask, /map, charts), for every front end.

Per (space, member, bucket): a member who just drew a map waits ``Settings.cooldown_seconds``
before drawing another, while other members and spaces are not held up. Time comes from the
host's clock. State is in memory, per front end object (a restarted process starts with none):
a courtesy against spam, not a rule worth a database write. The Discord side is
bot/ui/cooldowns.py; the Slack side ``Turn.cooldown``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

# (space, member, bucket), each as its front end names them.
Key = tuple[int | str, int | str, str]
# Past this many remembered uses, expired ones are dropped on the next use.
PRUNE_AT = 10_000


class Cooldowns:
    """When each (guild, member, bucket) may next use an expensive command."""

    def __init__(self) -> None:
        self._ready_at: dict[Key, datetime] = {}

    def retry_after(self, key: Key, now: datetime) -> float:
        ready = self._ready_at.get(key)
        return max(0.0, (ready - now).total_seconds()) if ready is not None else 0.0

    def hit(self, key: Key, now: datetime, seconds: float) -> float:
        """Use the command now: 0 when allowed (and the window starts), else the seconds left."""
        left = self.retry_after(key, now)
        if left > 0:
            return left
        if len(self._ready_at) >= PRUNE_AT:
            self._ready_at = {k: v for k, v in self._ready_at.items() if v > now}
        self._ready_at[key] = now + timedelta(seconds=seconds)
        return 0.0
