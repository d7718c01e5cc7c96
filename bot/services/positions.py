"""The positions ledger: append-only stance history, each member's current stance, shifts,
privacy and export rows."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotAllowed, UserError
from bot.models import Debate, MemberSettings, Motion, Stance, StanceEvent
from bot.services.dml import execute_dml
from bot.services.spreadsheet import safe_cell as _cell
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

SOURCE_LABELS: Final[dict[str, str]] = {
    SELF: "self-reported",
    DEBATE_PRE: "debate pre-vote",
    DEBATE_POST: "debate post-vote",
    POLL: "poll",
    VOTE: "/vote",
}

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


# --------------------------------------------------------------------------- privacy


async def is_private(session: AsyncSession, *, guild_id: int, user_id: int) -> bool:
    row = await session.get(MemberSettings, (guild_id, user_id))
    return bool(row is not None and row.private)


async def private_members(
    session: AsyncSession, guild_id: int, user_ids: Collection[int] | None = None
) -> set[int]:
    """Members of the guild who keep their stances private (never named to others).

    With ``user_ids``, only those members are looked at (an empty collection: none).
    """
    if user_ids is not None and not user_ids:
        return set()
    query = select(MemberSettings.user_id).where(
        MemberSettings.guild_id == guild_id, MemberSettings.private.is_(True)
    )
    if user_ids is not None:
        query = query.where(MemberSettings.user_id.in_(list(user_ids)))
    return set((await session.execute(query)).scalars())


async def set_private(
    session: AsyncSession, *, guild_id: int, user_id: int, private: bool, now: datetime
) -> None:
    await upsert(
        session,
        MemberSettings,
        {"guild_id": guild_id, "user_id": user_id, "private": private, "updated_at": now},
        keys=("guild_id", "user_id"),
        update=("private", "updated_at"),
    )


async def require_visible(session: AsyncSession, *, guild_id: int, viewer_id: int, member_id: int) -> None:
    """A member always sees their own stances; others see them only when they are public."""
    if viewer_id != member_id and await is_private(session, guild_id=guild_id, user_id=member_id):
        raise NotAllowed(
            "That member keeps their stances private: they only count in the totals of /stance summary."
        )


# --------------------------------------------------------------------------- summary and shifts


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
            raise UserError(f"There is no debate {wanted.debate} on this motion in this server.")
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


# --------------------------------------------------------------------------- export


def pseudonym(secret: bytes, guild_id: int, user_id: int) -> str:
    """A stable name for a private member in exports: the same in every export, unlinkable without
    the key."""
    digest = hmac.new(secret, f"pseudonym:{guild_id}:{user_id}".encode(), hashlib.sha256).hexdigest()
    return f"member-{digest[:10]}"


@dataclass(frozen=True)
class ExportRow:
    event_id: int
    # None for private members, who appear only under their pseudonym.
    member_id: int | None
    pseudonym: str | None
    motion_number: int
    motion_title: str
    value: int
    source: str
    reason: str | None
    recorded_at: datetime
    # True for the row that is the member's current stance on the motion.
    current: bool


async def export_rows(session: AsyncSession, *, guild_id: int, secret: bytes) -> list[ExportRow]:
    """Every stance ever taken in the guild, oldest first, private members pseudonymised."""
    private = await private_members(session, guild_id)
    query = (
        select(StanceEvent, Motion.number, Motion.title)
        .join(Motion, Motion.id == StanceEvent.motion_id)
        .where(StanceEvent.guild_id == guild_id)
        .order_by(StanceEvent.id)
    )
    found = (await session.execute(query)).all()
    latest: dict[tuple[int, int], int] = {}
    for event, _number, _title in found:
        latest[(event.user_id, event.motion_id)] = event.id
    rows = []
    for event, number, title in found:
        hidden = event.user_id in private
        rows.append(
            ExportRow(
                event_id=event.id,
                member_id=None if hidden else event.user_id,
                pseudonym=pseudonym(secret, guild_id, event.user_id) if hidden else None,
                motion_number=number,
                motion_title=title,
                value=event.value,
                source=event.source,
                reason=event.reason,
                recorded_at=event.created_at,
                current=latest[(event.user_id, event.motion_id)] == event.id,
            )
        )
    return rows


CSV_COLUMNS: Final = (
    "member",
    "member_id",
    "motion",
    "motion_title",
    "stance",
    "stance_value",
    "source",
    "reason",
    "recorded_at",
    "current",
)


def export_csv(rows: list[ExportRow], names: dict[int, str]) -> str:
    """The export as CSV text; ``names`` maps public members' ids to display names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        if row.member_id is None:
            member, member_id = row.pseudonym or "", ""
        else:
            member, member_id = names.get(row.member_id, str(row.member_id)), str(row.member_id)
        writer.writerow(
            [
                _cell(member),
                member_id,
                f"#{row.motion_number}",
                _cell(row.motion_title),
                stance_label(row.value),
                str(row.value),
                row.source,
                _cell(row.reason or ""),
                row.recorded_at.isoformat(),
                "yes" if row.current else "no",
            ]
        )
    return buffer.getvalue()
