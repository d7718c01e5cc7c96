"""A moment inside a reply's text, for a front end that shows it in each reader's own time zone.

Discord writes its own ``<t:…>`` stamps (``looks.discord_looks``, the cogs' stamps). A Slack reply
carries this marker instead, which slack_app/blocks.py turns into Slack's ``<!date^…|fallback>``:
every member reads the moment in their own time zone, and where Slack cannot show that (a
notification, an old client) it shows the fallback, the moment in UTC as replies wrote it before.
The marker is two private-use characters around the Unix time and a style; members' text is
cleaned of those two characters where it enters (bot/input_text.py), so only the bot writes one.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

OPEN, CLOSE = "\ue020", "\ue021"
# "d": a day (2026-01-01); "f": a day and a time (2026-01-01 09:30 UTC); "t": a time and a day
# (09:30 UTC on 1 Jan 2026); "R": when something happens (at 09:30 UTC on 1 Jan 2026).
STYLES = "dftR"
MARKER = re.compile(f"{OPEN}(\\d{{1,12}}):([{STYLES}]){CLOSE}")


def marker(moment: datetime, style: str) -> str:
    """``moment`` as a marker of ``style`` (Slack's ``Looks.when``: "d" a day, "f" a day and a time)."""
    if style not in STYLES:
        raise ValueError(f"no moment style {style!r}")
    return f"{OPEN}{int(_aware(moment).timestamp())}:{style}{CLOSE}"


def stamp_moment(moment: datetime, style: str) -> str:
    """The poll and debate replies' ``Stamp`` for Slack: "f" a time and a day, "R" when."""
    return marker(moment, "R" if style == "R" else "t")


def fallback(unix: int, style: str) -> str:
    """The moment in UTC, as text."""
    moment = datetime.fromtimestamp(unix, UTC)
    if style == "d":
        return f"{moment:%Y-%m-%d}"
    if style == "f":
        return f"{moment:%Y-%m-%d %H:%M} UTC"
    shown = f"{moment:%H:%M} UTC on {moment.day} {moment:%b %Y}"
    return f"at {shown}" if style == "R" else shown


def as_fallback(text: str) -> str:
    """``text`` with every marker written as its UTC fallback."""
    return MARKER.sub(lambda m: fallback(int(m.group(1)), m.group(2)), text)


def _aware(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
