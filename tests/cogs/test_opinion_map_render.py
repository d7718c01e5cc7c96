"""The map's cards stay inside Discord's limits in the worst case (five groups, long titles) as
embeds, and inside Slack's as blocks."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from bot.models import Motion
from bot.replies.commands import discord_spelling, slack_spelling
from bot.replies.model import Reply
from bot.replies.opinion_map import alt_text, map_card, me_card
from bot.services.opinion_map import VoteMatrix, compute_map
from bot.ui.cards import to_embed
from bot.ui.limits import EMBED_FIELDS, EMBED_TOTAL, FIELD_VALUE
from slack_app import blocks

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _five_camps() -> tuple[VoteMatrix, dict[int, Motion]]:
    rows = []
    for camp in range(5):
        for _ in range(12):
            rows.append([1.0 if j // 6 == camp else -1.0 for j in range(30)] + [1.0, 1.0])
    motion_ids = tuple(range(1, 33))
    motions = {
        i: Motion(id=i, pack_id=1, number=i, title="A very long motion title " * 8, context="", created_at=T0)
        for i in motion_ids
    }
    return VoteMatrix(tuple(range(1, 61)), motion_ids, np.array(rows)), motions


def test_five_groups_with_long_titles_fit_one_embed() -> None:
    matrix, motions = _five_camps()
    m = compute_map(matrix)
    assert len(m.groups) == 5 and all(g.representative for g in m.groups)
    alt = alt_text(m, motions)
    assert len(alt) <= 1024
    embed = to_embed(map_card(m, motions, discord_spelling))
    names = [f.name for f in embed.fields]
    # Every group, the consensus and the most divisive motion are all there: nothing was dropped.
    assert names[:5] == [f"Group {label} · 12 members" for label in "ABCDE"]
    assert names[5:] == ["Shared by every group", "Most divisive"]
    assert len(embed) <= EMBED_TOTAL and len(embed.fields) <= EMBED_FIELDS
    assert all(len(f.value) <= FIELD_VALUE for f in embed.fields)
    mine = to_embed(me_card(m, motions, 1, discord_spelling, image=True))
    assert len(mine) <= EMBED_TOTAL and mine.title.startswith("You're in group")
    for card in (map_card(m, motions, slack_spelling), me_card(m, motions, 1, slack_spelling, image=True)):
        shown = blocks.message(Reply(cards=[card]))
        assert len(shown["blocks"]) <= 50 and len(shown["text"]) <= 4000
        assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in shown["blocks"])
        # Every group's beliefs are there on Slack too: nothing was shortened to fit.
        assert blocks.SHORTENED not in shown["blocks"]
