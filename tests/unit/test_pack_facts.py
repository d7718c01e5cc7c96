"""Fact-check the content pack against the article itself (../shared/seed/article.txt).

Every ¶ number must exist, every quotation must appear word for word in the paragraph it
cites, every short quoted phrase in our summaries and facts must be in its paragraph, and our
own prose must not copy the column's (no run of twelve words in common outside quotations).
"""

from __future__ import annotations

import re

import pytest

from bot.packs import Pack, cross_check, load_pack
from tests.conftest import ARTICLE, PACKS

PACK = PACKS / "nato-in-asia"
COPY_RUN = 12


def _clean(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _clean(text))


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK)


@pytest.fixture(scope="module")
def article(pack: Pack) -> dict[int, str]:
    if not ARTICLE.is_file():
        pytest.skip(f"the article is not here ({ARTICLE}); the fact-check needs the shared seed")
    lines = [line for line in ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    count = pack.meta.paragraph_count
    assert len(lines) >= count, f"{ARTICLE} has {len(lines)} paragraphs, the pack cites {count}"
    # Paragraphs 1..count; what follows (a subscription footer) is not part of the column.
    return {n: _clean(lines[n - 1]) for n in range(1, count + 1)}


def _all_refs(pack: Pack) -> list[tuple[str, int]]:
    refs: list[tuple[str, int]] = [(f"paragraphs[{p.number}]", p.number) for p in pack.paragraphs]
    for a in pack.actors:
        refs += [(f"{a.id}.paragraphs", n) for n in a.paragraphs]
        if a.position:
            refs += [(f"{a.id}.position", n) for n in a.position.paragraphs]
        refs += [(f"{a.id}.claims", n) for c in a.claims for n in c.paragraphs]
        refs += [(f"{a.id}.quotes", q.paragraph) for q in a.quotes]
        refs += [(f"{a.id}.related", n) for r in a.related for n in r.paragraphs]
    refs += [(f"motion {m.number}", n) for m in pack.motions for n in m.paragraphs]
    return refs


def test_every_paragraph_number_exists(pack: Pack) -> None:
    last = pack.meta.paragraph_count
    bad = [(where, n) for where, n in _all_refs(pack) if not 1 <= n <= last]
    assert bad == []
    assert sorted(p.number for p in pack.paragraphs) == list(range(1, last + 1))
    assert cross_check(pack) == []


def test_every_quotation_is_in_the_paragraph_it_cites(pack: Pack, article: dict[int, str]) -> None:
    quotes = [(a.id, q.text, q.paragraph) for a in pack.actors for q in a.quotes]
    assert len(quotes) >= 8  # the column quotes Wallace, Laksmana, Qin, Xi, the spokesperson...
    missing = [(who, text, n) for who, text, n in quotes if _clean(text) not in article[n]]
    assert missing == []


def test_every_index_term_is_a_word_of_its_paragraph(pack: Pack, article: dict[int, str]) -> None:
    # Index terms bridge the column's wording to the pack's paraphrase: only the column's own words.
    for p in pack.paragraphs:
        missing = [t for t in p.terms if t not in _words(article[p.number])]
        assert not missing, f"paragraph {p.number}: {missing}"


def test_a_misquotation_would_be_caught(article: dict[int, str]) -> None:
    assert _clean("to share the knowledge of the threat") in article[7]
    assert _clean("to share knowledge of the threat") not in article[7]
    assert _clean("to share the knowledge of the threat") not in article[8]


def _quoted_phrases(text: str) -> list[str]:
    # 'single-quoted' spans of three words or more (apostrophes inside words are not quotes).
    spans = re.findall(r"(?<![\w])'([^']+?)[.,]?'(?![\w])", text.replace("’", "'"))
    return [s for s in spans if len(s.split()) >= 2]


def test_quoted_phrases_in_our_prose_are_in_their_paragraph(pack: Pack, article: dict[int, str]) -> None:
    checked = 0
    problems = []
    for p in pack.paragraphs:
        for text in (p.summary, *p.facts):
            for phrase in _quoted_phrases(text):
                checked += 1
                if _clean(phrase) not in article[p.number]:
                    problems.append((p.number, phrase))
    for a in pack.actors:
        for claim in a.claims:
            for phrase in _quoted_phrases(claim.text):
                checked += 1
                if not any(_clean(phrase) in article[n] for n in claim.paragraphs):
                    problems.append((a.id, phrase))
    assert checked >= 10
    assert problems == []


def _runs(words: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_our_prose_does_not_copy_the_column(pack: Pack, article: dict[int, str]) -> None:
    column = set().union(*(_runs(_words(text), COPY_RUN) for text in article.values()))
    texts: list[tuple[str, str]] = []
    for p in pack.paragraphs:
        texts += [(f"¶{p.number} summary", p.summary)] + [(f"¶{p.number} fact", f) for f in p.facts]
    for a in pack.actors:
        texts.append((f"{a.id} profile", a.profile))
        if a.position:
            texts.append((f"{a.id} position", a.position.text))
        texts += [(f"{a.id} claim", c.text) for c in a.claims]
    copied = []
    for where, text in texts:
        without_quotes = re.sub(r"'[^']*'|“[^”]*”", " ", text)
        if _runs(_words(without_quotes), COPY_RUN) & column:
            copied.append(where)
    assert copied == []
