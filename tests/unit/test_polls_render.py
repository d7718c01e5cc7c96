"""The poll's messages and chart stay inside Discord's limits in the worst case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import discord

from bot.models import Poll
from bot.services.polls import PollState, Tally
from bot.ui.poll_charts import alt_text, results_chart
from cogs.polls._render import poll_embed, results_embed
from cogs.polls._views import poll_view

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def worst_case(*, closed: bool = False) -> PollState:
    options = [f"{i:02d} " + "w" * 77 for i in range(25)]
    poll = Poll(
        id=123456789,
        guild_id=1,
        channel_id=2,
        message_id=3,
        creator_id=4,
        question="q" * 256,
        options=options,
        multiple=True,
        anonymous=False,
        results_mode="live",
        motion_id=None,
        closes_at=T0 + timedelta(days=30),
        closed_at=T0 if closed else None,
        created_at=T0,
    )
    return PollState(
        poll=poll, tally=Tally(counts=[10_000 + i for i in range(25)], voters=99_999), motion=None
    )


def test_the_largest_poll_message_fits_one_embed() -> None:
    for closed in (False, True):
        embed = poll_embed(worst_case(closed=closed))
        assert len(embed.title or "") <= 256
        assert len(embed.description or "") <= 4096
        assert len(embed) <= 6000


def test_twenty_five_buttons_in_five_rows_with_their_labels() -> None:
    state = worst_case()
    view = poll_view(state.poll)
    rows = view.to_components()
    assert len(rows) == 5 and all(len(row["components"]) == 5 for row in rows)
    labels = [button["label"] for row in rows for button in row["components"]]
    assert labels == state.poll.options and all(len(label) <= 80 for label in labels)
    assert rows[4]["components"][4]["custom_id"] == "roundtable:poll:123456789:24"


async def test_results_chart_is_a_png_with_alt_text_inside_the_limits() -> None:
    state = worst_case(closed=True)
    file = await results_chart(state)
    assert isinstance(file, discord.File) and file.filename == "poll-123456789.png"
    assert file.fp.read().startswith(b"\x89PNG")
    text = alt_text(state)
    assert file.description == text
    assert len(text) <= 1024 and text.startswith("Bar chart of poll #123456789")
    embed = results_embed(state)
    assert len(embed.footer.text or "") <= 2048 and len(embed) <= 6000
    assert embed.image.url == "attachment://poll-123456789.png"
