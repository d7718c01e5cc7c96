"""Who is who in the console's simulated Discord, the same on every run.

SimCord mints ids from its clock, which starts at the same instant in every process, so
without this the first member created in a run always got the same id whatever their name
(``@bob`` in a second run read ``@alice``'s stances). Ids derive from names instead, and the
simulated clock continues from the database's latest time (``bot.console.timeline``).
"""

from __future__ import annotations

import hashlib

import simcord
from simcord.backend.models import User

from bot.console.options import ConsoleError

# Discord snowflakes carry milliseconds since 2015 in their upper bits. Derived ids fall in
# 2015-2023 (2**38 ms is about 8.7 years), before any time the simulation reaches (2026 on),
# so they never collide with the ids SimCord mints for messages, channels and roles.
_SPAN_MS = 1 << 38
_LOW_BITS = 22


def stable_id(kind: str, name: str) -> int:
    """A snowflake for ``name``, the same in every run: ``kind`` is "member" or "guild"."""
    digest = hashlib.blake2b(f"roundtable-console:{kind}:{name}".encode(), digest_size=8).digest()
    value = int.from_bytes(digest, "big")
    milliseconds = (value >> _LOW_BITS) % _SPAN_MS or 1
    return (milliseconds << _LOW_BITS) | (value & ((1 << _LOW_BITS) - 1))


def check_member_name(raw: str) -> str:
    """``raw`` (``@name`` or ``name``) as a member name; ConsoleError when it cannot be one."""
    name = raw.lstrip("@").strip()
    if not name or len(name) > 32 or not name.replace("_", "").replace(".", "").isalnum():
        raise ConsoleError(f"{name!r} is not a member name (letters, digits, _ and . only)")
    return name


def create_user(env: simcord.Env, name: str) -> simcord.UserHandle:
    """A user whose id is :func:`stable_id` of their name (SimCord's ``create_user`` takes no id)."""
    backend = env.backend
    user = User(id=backend.reserve_id(stable_id("member", name)), name=name)
    backend.users[user.id] = user
    return simcord.UserHandle(env, user)
