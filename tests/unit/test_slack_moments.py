"""A moment in a Slack reply: Slack's date in each reader's time zone, the UTC text as fallback."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.input_text import clean_text
from bot.replies import moments
from slack_app import blocks

NOON = datetime(2026, 12, 2, 12, 5, tzinfo=UTC)  # 1796213100


def test_mrkdwn_writes_slacks_date_with_the_utc_fallback_and_keeps_the_format_intact() -> None:
    text = f"**Closes** {moments.stamp_moment(NOON, 'R')} _soon_"
    shown = blocks.mrkdwn(text)
    # the format's underscores are not read as italics, and our markup around it still is
    date = "<!date^1796213100^{date_short_pretty} at {time}|at 12:05 UTC on 2 Dec 2026>"
    assert shown == f"*Closes* {date} _soon_"


def test_each_style_has_its_fallback() -> None:
    day = blocks.mrkdwn(moments.marker(NOON, "d"))
    assert day == "<!date^1796213100^{date_short_pretty}|2026-12-02>"
    assert blocks.mrkdwn(moments.marker(NOON, "f")).endswith("|2026-12-02 12:05 UTC>")
    assert blocks.mrkdwn(moments.stamp_moment(NOON, "f")).endswith("|12:05 UTC on 2 Dec 2026>")


def test_plain_text_shows_the_fallback() -> None:
    assert blocks.plain(f"Until {moments.stamp_moment(NOON, 'f')}") == "Until 12:05 UTC on 2 Dec 2026"


def test_a_naive_moment_is_read_as_utc() -> None:
    assert moments.marker(NOON.replace(tzinfo=None), "d") == moments.marker(NOON, "d")


def test_members_cannot_type_a_marker() -> None:
    typed = f"see {moments.marker(NOON, 'd')} here"
    assert clean_text(typed) == "see 1796213100:d here"
    assert "<!date" not in blocks.mrkdwn(clean_text(typed))
