"""Fact-check the bundled pack against the article itself (../shared/seed/article.txt), with the
same checker facilitators run on their own packs (``python -m bot pack check``).

Every quotation must be word for word in the paragraph it cites, every phrase our prose quotes
must be in its paragraphs, no text field anywhere in the pack may share a run of twelve words
with the column outside quotation marks, every actor's paragraphs must name it, and no field may
still be a draft. Each kind of problem is its own test, so one kind left to fix does not hide
the others.
"""

from __future__ import annotations

import pytest

from bot.pack_check import Report, check_pack
from bot.pack_draft.text import read_article, words
from bot.packs import Pack, cross_check, load_pack
from tests.conftest import ARTICLE, PACKS

PACK = PACKS / "nato-in-asia"

KINDS = ["load", "text", "quotation", "wrong-paragraph", "phrase", "copy", "not-named", "draft"]


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK)


@pytest.fixture(scope="module")
def report() -> Report:
    if not ARTICLE.is_file():
        pytest.skip(f"the article is not here ({ARTICLE}); the fact-check needs the shared seed")
    return check_pack(PACK, against=ARTICLE)


def test_every_paragraph_number_exists(pack: Pack) -> None:
    last = pack.meta.paragraph_count
    assert sorted(p.number for p in pack.paragraphs) == list(range(1, last + 1))
    assert cross_check(pack) == []


def test_the_check_reads_the_whole_pack(pack: Pack, report: Report) -> None:
    assert report.against == ARTICLE.name
    quotes = sum(len(a.quotes) for a in pack.actors)
    assert quotes >= 8  # the column quotes Wallace, Laksmana, Qin, Xi, the spokesperson...
    # Names, aliases, offices, contexts, relations, motions and pack.yaml are all read.
    assert report.fields > 5 * len(pack.actors) + 3 * len(pack.motions)


@pytest.mark.parametrize("kind", KINDS)
def test_the_bundled_pack_has_no_problem_of_kind(report: Report, kind: str) -> None:
    assert [p.line() for p in report.of_kind(kind)] == []


def test_every_index_term_is_a_word_of_its_paragraph(pack: Pack) -> None:
    # Index terms bridge the column's wording to the pack's paraphrase: only the column's own words.
    if not ARTICLE.is_file():
        pytest.skip(f"the article is not here ({ARTICLE}); the fact-check needs the shared seed")
    article = read_article(ARTICLE)
    for p in pack.paragraphs:
        missing = [t for t in p.terms if t not in words(article[p.number - 1])]
        assert not missing, f"paragraph {p.number}: {missing}"
