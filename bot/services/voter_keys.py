"""Keyed hashes that stop double votes in anonymous polls without storing who voted.

The key is VOTE_HASH_KEY when set, else a random secret generated once and kept in the
database. Knowing a member id and the key, the bot can find that member's anonymous vote
(to change it, or to forget it on request); reading the table alone cannot link a vote to
anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import AppMeta
from bot.services.upsert import insert_unless_present

_KEY = "vote-hash-key"


async def vote_secret(session: AsyncSession, configured: str | None) -> bytes:
    if configured:
        return configured.encode()
    row = await session.get(AppMeta, _KEY)
    if row is None:
        # Two processes may create it at once: insert unless present, then read what won.
        await insert_unless_present(
            session, AppMeta, {"key": _KEY, "value": secrets.token_hex(32)}, keys=("key",)
        )
        row = await session.get(AppMeta, _KEY, populate_existing=True)
        assert row is not None
    return row.value.encode()


def voter_key(secret: bytes, poll_id: int, user_id: int) -> str:
    """64 hex characters; different for the same member in different polls."""
    return hmac.new(secret, f"poll:{poll_id}:user:{user_id}".encode(), hashlib.sha256).hexdigest()
