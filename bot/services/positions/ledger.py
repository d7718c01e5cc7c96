"""The ledger itself: stance values, the append-only history and each member's current stance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import BigInteger, bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import UserError
from bot.models import MemberSettings, Motion, Stance, StanceEvent
from bot.services.content import active_pack_id
from bot.services.dml import execute_dml
from bot.services.motions import visible
from bot.services.upsert import upsert

_INSERT_EVENT = insert(StanceEvent.__table__)

# Stance values: -2 strongly disagree .. 2 strongly agree.
STANCES: Final[dict[int, str]] = {
    -2: "strongly disagree",
    -1: "disagree",
    0: "undecided",
    1: "agree",
    2: "strongly agree",
}

SELF: Final = "self"
DEBATE_PRE: Final = "debate-pre"
DEBATE_POST: Final = "debate-post"
POLL: Final = "poll"
VOTE: Final = "vote"
SOURCES: Final = (SELF, DEBATE_PRE, DEBATE_POST, POLL, VOTE)

REASON_LIMIT: Final = 1000

# Label -> value, for the fixed choices of the `stance` option.
STANCE_VALUES: Final[dict[str, int]] = {label: value for value, label in STANCES.items()}


def stance_label(value: int) -> str:
    return STANCES.get(value, str(value))


def parse_stance(label: str) -> int:
    value = STANCE_VALUES.get(label.strip().lower())
    if value is None:
        choices = ", ".join(STANCES.values())
        raise UserError(f"Choose a stance: {choices}.")
    return value


def shift_arrow(previous: int | None, value: int) -> str:
    """↗ towards agree, ↘ towards disagree, → unchanged, • first stance on the motion."""
    if previous is None:
        return "•"
    if value > previous:
        return "↗"
    if value < previous:
        return "↘"
    return "→"


async def record_stance(
    session: AsyncSession,
    *,
    guild_id: int,
    user_id: int,
    motion_id: int,
    value: int,
    source: str,
    now: datetime,
    reason: str | None = None,
    ref_id: int | None = None,
) -> int:
    """Append a stance to the history and make it the member's current stance on the motion.

    Returns the new history row's id.
    """
    if value not in STANCES:
        raise UserError("A stance runs from strongly disagree (-2) to strongly agree (2).")
    if source not in SOURCES:
        raise ValueError(f"unknown stance source {source!r}")
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > REASON_LIMIT:
        raise UserError(f"Keep the reason under {REASON_LIMIT} characters (yours has {len(reason)}).")
    await upsert(
        session,
        Stance,
        {
            "guild_id": guild_id,
            "user_id": user_id,
            "motion_id": motion_id,
            "value": value,
            "source": source,
            "updated_at": now,
        },
        keys=("guild_id", "user_id", "motion_id"),
        update=("value", "source", "updated_at"),
    )
    # The latest write wins by order of commit, not by clock (clocks of two processes differ, and
    # step back): the upsert above holds the member's stance row until commit, so the event is
    # numbered after every write committed before it, and history reads events in id order.
    # Core statements (compiled once and cached): the ORM's unit of work costs more than the
    # write itself on this, the busiest path (bench/write_path.py).
    result = await execute_dml(
        session,
        _INSERT_EVENT,
        {
            "guild_id": guild_id,
            "user_id": user_id,
            "motion_id": motion_id,
            "value": value,
            "source": source,
            "ref_id": ref_id,
            "reason": reason,
            "created_at": now,
        },
    )
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the stance event's insert returned no key")
    return int(key[0])


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryEntry:
    """One stance a member took, with the stance it replaced on the same motion."""

    event_id: int
    user_id: int
    motion_id: int
    motion_number: int
    motion_title: str
    value: int
    previous: int | None
    source: str
    reason: str | None
    created_at: datetime

    @property
    def shift(self) -> int | None:
        """Steps moved towards agree (negative: towards disagree); None for a first stance."""
        return None if self.previous is None else self.value - self.previous

    @property
    def arrow(self) -> str:
        return shift_arrow(self.previous, self.value)


async def history(
    session: AsyncSession, *, guild_id: int, user_id: int, motion_id: int | None = None
) -> list[HistoryEntry]:
    """A member's stances in this guild, oldest first, each with the one it replaced."""
    query = (
        select(StanceEvent, Motion.number, Motion.title)
        .join(Motion, Motion.id == StanceEvent.motion_id)
        .where(StanceEvent.guild_id == guild_id, StanceEvent.user_id == user_id)
        .order_by(StanceEvent.id)
    )
    if motion_id is not None:
        query = query.where(StanceEvent.motion_id == motion_id)
    last: dict[int, int] = {}
    entries = []
    for event, number, title in (await session.execute(query)).all():
        entries.append(
            HistoryEntry(
                event_id=event.id,
                user_id=event.user_id,
                motion_id=event.motion_id,
                motion_number=number,
                motion_title=title,
                value=event.value,
                previous=last.get(event.motion_id),
                source=event.source,
                reason=event.reason,
                created_at=event.created_at,
            )
        )
        last[event.motion_id] = event.value
    return entries


_CURRENT_VALUE = (
    select(Stance.value)
    .where(
        Stance.guild_id == bindparam("guild_id"),
        Stance.user_id == bindparam("user_id"),
        Stance.motion_id == bindparam("motion_id"),
    )
    .scalar_subquery()
)
_PRIVATE = (
    select(MemberSettings.private)
    .where(MemberSettings.guild_id == bindparam("guild_id"), MemberSettings.user_id == bindparam("user_id"))
    .scalar_subquery()
)
_STANCE_AND_PRIVACY = select(_CURRENT_VALUE, _PRIVATE)


async def stance_and_privacy(
    session: AsyncSession, *, guild_id: int, user_id: int, motion_id: int
) -> tuple[int | None, bool]:
    """The member's current stance on the motion and whether they keep stances private, in one
    query (what /stance set needs to word its reply)."""
    params = {"guild_id": guild_id, "user_id": user_id, "motion_id": motion_id}
    value, is_private_ = (await session.execute(_STANCE_AND_PRIVACY, params)).one()
    return value, bool(is_private_)


# /stance set by number, the common case, in one query instead of two: the motion (as
# motions.motion_by_number finds it: visible in the guild's active pack, the older of two with the
# same number) with the member's current stance on it and their privacy.
_GUILD = bindparam("guild_id", type_=BigInteger)
_MOTION_STANCE_AND_PRIVACY = (
    select(
        Motion,
        select(Stance.value)
        .where(
            Stance.guild_id == _GUILD, Stance.user_id == bindparam("user_id"), Stance.motion_id == Motion.id
        )
        .scalar_subquery(),
        select(MemberSettings.private)
        .where(MemberSettings.guild_id == _GUILD, MemberSettings.user_id == bindparam("user_id"))
        .scalar_subquery(),
    )
    .where(*visible(active_pack_id(_GUILD), _GUILD), Motion.number == bindparam("number"))
    .order_by(Motion.id)
    .limit(1)
)


async def motion_stance_and_privacy(
    session: AsyncSession, *, guild_id: int, user_id: int, number: int
) -> tuple[Motion, int | None, bool] | None:
    """The visible motion numbered ``number``, the member's current stance on it and whether they
    keep stances private, in one query; None when no visible motion has that number."""
    params = {"guild_id": guild_id, "user_id": user_id, "number": number}
    row = (await session.execute(_MOTION_STANCE_AND_PRIVACY, params)).first()
    if row is None:
        return None
    motion, value, is_private_ = row
    return motion, value, bool(is_private_)
