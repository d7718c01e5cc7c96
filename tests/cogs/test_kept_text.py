"""A freshly drafted pack with its kept text, through SimCord: /ask answers from the first
minute, and /source shows the paragraph itself. Without the kept text the same pack (names
and quotations only) answers far fewer, and /source shows only the pack."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from bot.pack_draft.build import draft_pack, write_draft
from bot.settings import Settings
from tests.cogs.test_actors import assert_safe_replies
from tests.conftest import World
from tests.draft_articles import ARTICLES, Article

ANSWERED = 0.8


@pytest.fixture(params=ARTICLES, ids=lambda a: a.slug)
def article(request: pytest.FixtureRequest) -> Article:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(params=["kept", "pack-only"])
def kept(request: pytest.FixtureRequest) -> bool:
    return request.param == "kept"


@pytest.fixture
def settings(settings: Settings, tmp_path: Path, article: Article, kept: bool) -> Settings:
    root = tmp_path / "packs"
    draft = draft_pack(article.text, article.slug, author="Test Author", title="This week's reading")
    write_draft(draft, root / article.slug, keep_text=kept)
    return replace(settings, packs_dir=root)


async def _answered(world: World, article: Article) -> list[str]:
    answered = []
    for question, paragraph in article.questions:
        result = await world.alice.slash(world.channel, "ask", question=question)
        if not result.response.embeds:
            continue  # "the article does not cover that"
        best = result.response.embeds[0].description or ""
        if "[draft" in best:
            continue  # a note left for the facilitator to write answers nothing
        cited = re.search(r"\(¶([\d, ]+)\)$", best)
        if cited and paragraph in {int(n) for n in cited.group(1).split(",")}:
            answered.append(question)
    return answered


async def test_ask_answers_from_a_fresh_draft_with_its_kept_text(
    world: World, article: Article, kept: bool
) -> None:
    answered = await _answered(world, article)
    if kept:
        assert len(answered) >= ANSWERED * len(article.questions), answered
    else:
        # The draft alone has names and quotations, no prose: its quotations answer some
        # questions, but only the kept text lifts it to the bar.
        assert len(answered) < ANSWERED * len(article.questions), answered
    assert_safe_replies(world)


async def test_source_shows_the_kept_paragraph(world: World, article: Article, kept: bool) -> None:
    blocks = article.text.split("\n\n") if "\n\n" in article.text else article.text.splitlines()
    second = " ".join(blocks[1].split())  # as written, its line breaks joined
    result = await world.alice.slash(world.channel, "source", paragraph=2)
    embed = result.response.embeds[0]
    summary = "[draft] Summarise ¶2 in your own words."
    if kept:
        assert embed.description == second
        assert [f.value for f in embed.fields if f.name == "Summary"] == [summary]
        assert "the paragraph as written" in (embed.footer.text or "")
    else:
        assert embed.description == summary
    assert_safe_replies(world)
