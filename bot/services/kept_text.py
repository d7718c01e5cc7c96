"""/ask over the kept text: the raw paragraphs ranked beside the pack's own passages.

A freshly drafted pack has no prose yet, only names and quotations; with the facilitator's copy
of the text (``bot.kept_text``) it still answers from the first minute. The paragraphs are
ranked with BM25 (bm25s, its English stopwords, PyStemmer stems). A paragraph counts when it
holds at least ``KEPT_COVERAGE`` of the question's words that the text uses at all (each
weighted by its IDF), and the text uses at least half of the question's words.

How the two rankings combine (``blend``): when the pack answers with written prose, its answer
leads and the best paragraph follows; when the pack has no answer, or only a ``[draft]``
placeholder, the paragraphs lead, followed by what the pack has.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import Stemmer

from bot.bm25s_import import bm25s as _bm25s
from bot.packs import normalise
from bot.services.ask import Answer, Hit, Passage
from bot.services.pack_index import PackIndex
from bot.stopwords import STOPWORDS_EN_PLUS

if TYPE_CHECKING:
    import bm25s
else:
    # Imported with this module (/ask imports it on first use, before its own passage index),
    # without scipy: bot/bm25s_import.py.
    bm25s = _bm25s()

KEPT_COVERAGE = 0.5
KNOWN_SHARE = 0.5
KEPT_HITS = 2
PASSAGE_CHARS = 900
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(STOPWORDS_EN_PLUS) | {"article", "text", "say", "said", "says", "tell", "explain", "pls"}
_stemmer = Stemmer.Stemmer("english")


def _terms(text: str) -> list[str]:
    plain = re.sub(r"['’]s\b", "", text)
    return _stemmer.stemWords([w for w in _WORD.findall(normalise(plain)) if w not in _STOP])


@dataclass
class KeptIndex:
    numbers: list[int]
    retriever: bm25s.BM25
    doc_terms: list[frozenset[str]]
    idf: dict[str, float]


def _build(index: PackIndex) -> KeptIndex:
    numbers = sorted(index.kept_text)
    corpus = [_terms(index.kept_text[n]) for n in numbers]
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    doc_terms = [frozenset(doc) for doc in corpus]
    df = Counter(t for terms in doc_terms for t in terms)
    total = len(numbers)
    idf = {t: math.log(1 + (total - d + 0.5) / (d + 0.5)) for t, d in df.items()}
    return KeptIndex(numbers, retriever, doc_terms, idf)


def _clip(text: str) -> str:
    return text if len(text) <= PASSAGE_CHARS else text[: PASSAGE_CHARS - 1].rsplit(" ", 1)[0] + " …"


def rank(index: PackIndex, question: str, limit: int = KEPT_HITS) -> list[Hit]:
    """The kept paragraphs that answer ``question``, best first (none without a kept text)."""
    if not index.kept_text:
        return []
    table = index.derived("kept-text", _build)
    asked = list(dict.fromkeys(_terms(question)))
    known = [t for t in asked if t in table.idf]
    if not known or len(known) < KNOWN_SHARE * len(asked):
        return []
    weights = {t: table.idf[t] for t in known}
    total = sum(weights.values()) or 1.0
    scores = table.retriever.get_scores(known)
    hits: list[Hit] = []
    for i, number in enumerate(table.numbers):
        coverage = sum(w for t, w in weights.items() if t in table.doc_terms[i]) / total
        if scores[i] <= 0 or coverage < KEPT_COVERAGE:
            continue
        paragraph = index.paragraphs.get(number)
        actors = tuple(paragraph.actors) if paragraph else ()
        passage = Passage("text", _clip(index.kept_text[number]), (number,), actors)
        hits.append(Hit(passage, float(scores[i]) * coverage**2, coverage))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]


def _written(hit: Hit) -> bool:
    return "[draft" not in hit.passage.text


def blend(index: PackIndex, question: str, answer: Answer, limit: int) -> Answer:
    """``answer`` (from the pack) with the kept paragraphs ranked in, as the module says."""
    kept = rank(index, question)
    if not kept:
        return answer
    pack_hits = [h for h in answer.hits if _written(h)] if answer.covered else []
    if pack_hits and _written(answer.hits[0]):
        cited = {n for h in pack_hits for n in h.passage.paragraphs}
        extra = [h for h in kept if h.passage.paragraphs[0] not in cited][:1]
        hits = [*pack_hits[: max(1, limit - len(extra))], *extra]
    else:
        hits = [*kept, *pack_hits][:limit]
    actors = tuple(dict.fromkeys(slug for hit in hits for slug in hit.passage.actors))
    paragraphs = tuple(sorted({n for hit in hits for n in hit.passage.paragraphs}))
    return Answer(question, True, tuple(hits), actors, paragraphs)
