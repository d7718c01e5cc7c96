"""Where a group stands on a motion, and how it moved since a day or a debate's start."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import UserError
from bot.models import Debate, Stance, StanceEvent
from bot.services.positions.ledger import STANCES


@dataclass(frozen=True)
class Distribution:
    """How many members hold each stance (all five values present)."""

    counts: dict[int, int]

    @classmethod
    def of(cls, values: Iterable[int]) -> Distribution:
        counts = dict.fromkeys(STANCES, 0)
        for value in values:
            counts[value] += 1
        return cls(counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        if not self.total:
            return None
        return sum(value * count for value, count in self.counts.items()) / self.total

    def percent(self, value: int) -> float:
        return 100.0 * self.counts[value] / self.total if self.total else 0.0

    @property
    def balance(self) -> float | None:
        """Percentage points agreeing (agree or strongly) minus disagreeing; None when empty."""
        if not self.total:
            return None
        agree = self.counts[1] + self.counts[2]
        disagree = self.counts[-1] + self.counts[-2]
        return 100.0 * (agree - disagree) / self.total


@dataclass(frozen=True)
class Shift:
    """How the group's stances on a motion moved between ``since`` and now."""

    since: datetime
    baseline: Distribution
    current: Distribution
    towards_agree: int
    towards_disagree: int
    unchanged: int
    newcomers: int

    @property
    def net_points(self) -> float | None:
        """Change of the agree-minus-disagree balance, in percentage points."""
        if self.baseline.balance is None or self.current.balance is None:
            return None
        return self.current.balance - self.baseline.balance


@dataclass(frozen=True)
class Summary:
    motion_id: int
    current: Distribution
    # (user_id, value) of every current stance, for naming public members.
    holders: list[tuple[int, int]]
    shift: Shift | None
    # "date" when the caller chose a day, "debate" when the baseline is the moment before a
    # debate on the motion began (the latest one unless the caller named one).
    since_kind: str | None
    # The debate whose start is the baseline (since_kind "debate").
    since_debate: int | None = None


@dataclass(frozen=True)
class Since:
    """What ``/stance summary``'s baseline is: a day (midnight UTC) or a debate's number."""

    day: datetime | None = None
    debate: int | None = None


_DEBATE_NUMBER = re.compile(r"^\s*(?:debate\s*)?#?\s*(\d{1,18})\s*$", re.IGNORECASE)


def parse_since(text: str) -> Since:
    """``YYYY-MM-DD`` (a day) or a debate's number (``4``, ``#4``, ``debate 4``)."""
    number = _DEBATE_NUMBER.match(text)
    if number:
        return Since(debate=int(number.group(1)))
    try:
        return Since(day=parse_date(text))
    except UserError:
        raise UserError(
            f"Give a date as YYYY-MM-DD (like 2026-01-15) or a debate's number (like 3), not {text[:40]!r}."
        ) from None


def parse_date(text: str) -> datetime:
    """``YYYY-MM-DD`` -> midnight UTC of that day."""
    try:
        day = datetime.strptime(text.strip(), "%Y-%m-%d")
    except ValueError:
        raise UserError(f"Give the date as YYYY-MM-DD (like 2026-01-15), not {text[:40]!r}.") from None
    return day.replace(tzinfo=UTC)


async def stances_at(
    session: AsyncSession, *, guild_id: int, motion_id: int, at: datetime, before: bool = False
) -> dict[int, int]:
    """Each member's stance on the motion as it stood at ``at`` (their latest event by then;
    with ``before``, only events strictly earlier: a debate's votes may share its start's instant)."""
    query = (
        select(StanceEvent.user_id, StanceEvent.value)
        .where(
            StanceEvent.guild_id == guild_id,
            StanceEvent.motion_id == motion_id,
            StanceEvent.created_at < at if before else StanceEvent.created_at <= at,
        )
        .order_by(StanceEvent.id)
    )
    values: dict[int, int] = {}
    for user_id, value in (await session.execute(query)).all():
        values[user_id] = value
    return values


async def current_stances(session: AsyncSession, *, guild_id: int, motion_id: int) -> dict[int, int]:
    query = select(Stance.user_id, Stance.value).where(
        Stance.guild_id == guild_id, Stance.motion_id == motion_id
    )
    return {user_id: value for user_id, value in (await session.execute(query)).all()}


async def debate_start(
    session: AsyncSession, *, guild_id: int, motion_id: int, number: int | None = None
) -> tuple[int, datetime] | None:
    """The number and start of debate ``number`` on the motion, or of its latest; None if none."""
    query = select(Debate.id, Debate.created_at).where(
        Debate.guild_id == guild_id, Debate.motion_id == motion_id
    )
    if number is not None:
        query = query.where(Debate.id == number)
    row = (await session.execute(query.order_by(Debate.created_at.desc(), Debate.id.desc()).limit(1))).first()
    return (int(row[0]), row[1]) if row is not None else None


def compare(since: datetime, before: dict[int, int], after: dict[int, int]) -> Shift:
    towards_agree = towards_disagree = unchanged = newcomers = 0
    for user_id, value in after.items():
        old = before.get(user_id)
        if old is None:
            newcomers += 1
        elif value > old:
            towards_agree += 1
        elif value < old:
            towards_disagree += 1
        else:
            unchanged += 1
    return Shift(
        since=since,
        baseline=Distribution.of(before.values()),
        current=Distribution.of(after.values()),
        towards_agree=towards_agree,
        towards_disagree=towards_disagree,
        unchanged=unchanged,
        newcomers=newcomers,
    )


async def summary(
    session: AsyncSession,
    *,
    guild_id: int,
    motion_id: int,
    now: datetime,
    since: datetime | Since | None = None,
) -> Summary:
    """The group's current stances on a motion, and the shift since ``since``: a day, a debate's
    number, or by default the moment before the latest debate on the motion began."""
    wanted = since if isinstance(since, Since) else Since(day=since)
    if wanted.day is not None and wanted.day > now:
        raise UserError("That date is in the future: choose a day up to today.")
    current = await current_stances(session, guild_id=guild_id, motion_id=motion_id)
    since_kind: str | None = None
    since_debate: int | None = None
    at: datetime | None = None
    if wanted.day is not None:
        since_kind, at = "date", wanted.day
        before = await stances_at(session, guild_id=guild_id, motion_id=motion_id, at=at)
    else:
        debate = await debate_start(session, guild_id=guild_id, motion_id=motion_id, number=wanted.debate)
        if debate is None and wanted.debate is not None:
            raise UserError(f"There is no debate {wanted.debate} on this motion here.")
        if debate is not None:
            since_kind, (since_debate, at) = "debate", debate
        before = (
            await stances_at(session, guild_id=guild_id, motion_id=motion_id, at=at, before=True)
            if at is not None
            else {}
        )
    shift = compare(at, before, current) if at is not None else None
    holders = sorted(current.items(), key=lambda item: (-item[1], item[0]))
    return Summary(
        motion_id=motion_id,
        current=Distribution.of(current.values()),
        holders=holders,
        shift=shift,
        since_kind=since_kind,
        since_debate=since_debate,
    )
