"""The ledger as rows for export: every stance ever taken, private members under pseudonyms."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Motion, StanceEvent
from bot.services.positions.ledger import stance_label
from bot.services.positions.visibility import private_members
from bot.services.spreadsheet import safe_cell as _cell


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
