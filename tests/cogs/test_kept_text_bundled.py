"""The bundled pack with ../shared/seed/article.txt as its kept text: /source shows the column's
paragraph as written, and /ask still leads with the pack's own words where they answer."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.kept_text import KEPT_TEXT_FILE
from bot.settings import Settings
from tests.cogs.test_actors import assert_safe_replies
from tests.conftest import ARTICLE, PACKS, World


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    if not ARTICLE.is_file():
        pytest.skip(f"the article is not here ({ARTICLE})")
    root = tmp_path / "packs"
    shutil.copytree(PACKS / "nato-in-asia", root / "nato-in-asia")
    shutil.copy(ARTICLE, root / "nato-in-asia" / KEPT_TEXT_FILE)  # the footer is left out on reading
    return replace(settings, packs_dir=root)


async def test_source_shows_the_column_and_ask_keeps_the_packs_answer_first(world: World) -> None:
    lines = [line for line in ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    source = await world.alice.slash(world.channel, "source", paragraph=8)
    assert source.response.embeds[0].description == lines[7]
    last = await world.alice.slash(world.channel, "source", paragraph=18)
    assert last.response.embeds[0].description == lines[17]  # the bio; the subscription footer is not ¶19

    answer = await world.alice.slash(
        world.channel, "ask", question="Why does France object to a NATO office in Tokyo?"
    )
    embed = answer.response.embeds[0]
    assert not (embed.description or "").startswith(lines[7][:60])  # the pack's own words lead
    assert re.search(r"¶(?:\d+, )*8\b", embed.footer.text or "")  # cites ¶8
    assert_safe_replies(world)
