"""The positions ledger, by concern: the ledger itself (stance values, the append-only history,
current stances), who may see whose stances, the group's summary and shifts, and export rows.

Callers import ``bot.services.positions`` and use its names as before the split.
"""

from __future__ import annotations

from bot.services.positions.export import CSV_COLUMNS, ExportRow, export_csv, export_rows, pseudonym
from bot.services.positions.ledger import (
    DEBATE_POST,
    DEBATE_PRE,
    POLL,
    REASON_LIMIT,
    SELF,
    SOURCES,
    STANCE_VALUES,
    STANCES,
    VOTE,
    HistoryEntry,
    history,
    motion_stance_and_privacy,
    parse_stance,
    record_stance,
    shift_arrow,
    stance_and_privacy,
    stance_label,
)
from bot.services.positions.summary import (
    Distribution,
    Shift,
    Since,
    Summary,
    compare,
    current_stances,
    debate_start,
    parse_date,
    parse_since,
    stances_at,
    summary,
)
from bot.services.positions.visibility import is_private, private_members, require_visible, set_private

__all__ = [
    "CSV_COLUMNS",
    "DEBATE_POST",
    "DEBATE_PRE",
    "POLL",
    "REASON_LIMIT",
    "SELF",
    "SOURCES",
    "STANCES",
    "STANCE_VALUES",
    "VOTE",
    "Distribution",
    "ExportRow",
    "HistoryEntry",
    "Shift",
    "Since",
    "Summary",
    "compare",
    "current_stances",
    "debate_start",
    "export_csv",
    "export_rows",
    "history",
    "is_private",
    "motion_stance_and_privacy",
    "parse_date",
    "parse_since",
    "parse_stance",
    "private_members",
    "pseudonym",
    "record_stance",
    "require_visible",
    "set_private",
    "shift_arrow",
    "stance_and_privacy",
    "stance_label",
    "stances_at",
    "summary",
]
