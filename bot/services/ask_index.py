"""/ask's passage index: the pack's statements as passages, each paragraph as one document, and
the BM25 retrievers and word tables built from them once per pack (``passage_index``).

Passages are the pack's paragraph summaries, key facts, actor profiles, positions, claims and
quotations, and the pack's summary of the whole column. A paragraph's document is its summary,
facts and index terms, every claim, position, quotation and short profile that cites it (those
citing more than ``SPECIFIC`` paragraphs summarise, and are left out), and the names, aliases and
relations of its actors. ``bot.services.ask`` ranks them.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Literal

from bot.packs import normalise
from bot.services.ask_places import place_names
from bot.services.ask_text import AGENT_NOUN, TIME, YEAR, Speller, folded, raw_words, stems, words
from bot.services.pack_index import PackIndex

if TYPE_CHECKING:
    import bm25s

# Claims and quotations citing more paragraphs than this are left out of paragraph documents
# (they summarise, and would make every paragraph they touch look alike).
SPECIFIC = 3

PassageKind = Literal["overview", "summary", "fact", "profile", "position", "claim", "quote", "text"]

_CAUSAL = re.compile(
    r"\b(?:because|so that|in order to|fear\w*|worr\w*|concern\w*|reasons?|purpose|aim\w*|meant to|"
    r"intended|to help|would help|due to|stem\w* from|product of|result\w*|owing to|reflect\w*|rests? on|"
    r"driven|motiv\w*|wary|sought to|seeks? to|to limit|to restrict|unwilling|no desire|remember\w*|"
    r"recall\w*|as a way|so far away|distance|far apart|too far)\b"
)


@dataclass(frozen=True)
class Passage:
    kind: PassageKind
    text: str
    paragraphs: tuple[int, ...]
    actors: tuple[str, ...]



@dataclass
class PassageIndex:
    passages: list[Passage]
    retriever: bm25s.BM25
    doc_terms: list[frozenset[str]]
    paragraph_numbers: list[int]
    paragraph_retriever: bm25s.BM25
    paragraph_terms: dict[int, frozenset[str]]
    about: list[tuple[str, ...]]  # the actors each passage is about (a summary: those it names)
    idf: dict[str, float]
    max_idf: float
    speller: Speller
    overview: Passage | None
    known: frozenset[str]  # every stem the pack uses, in passages or paragraph documents
    foreign_places: tuple[str, ...]  # states, capitals and demonyms (folded) the pack never names
    content_terms: list[frozenset[str]]  # each passage's stems without the "Name:" it opens with
    plain: list[str]  # each passage's text, folded (``ask_text.folded``)
    # Read once per pack rather than on every question (rank's loop reads them for every passage):
    text_terms: list[frozenset[str]]  # the stems of each passage's own text (no profile's aliases)
    tokens: list[list[str]]  # each passage's words as ``raw_words`` reads them
    token_stems: list[list[str]]  # ... and their stems
    causal: list[bool]  # the passage gives a reason (``_CAUSAL``)
    years: list[bool]  # it holds a calendar year (``ask_text.YEAR``)
    times: list[bool]  # ... or a date or time (``ask_text.TIME``)
    agent_nouns: list[list[str]]  # the plural nouns for people it uses (``AGENT_NOUN``)
    cited: list[frozenset[int]]  # the paragraphs each passage cites
    quoted: frozenset[str]  # the actors the pack quotes



def mentioned(index: PackIndex, text: str, among: list[str]) -> tuple[str, ...]:
    key = f" {normalise(text)} "
    found = []
    for slug in among:
        actor = index.actors.get(slug)
        if actor is None:
            continue
        if any(f" {normalise(n)} " in key for n in (actor.name, *actor.aliases) if len(normalise(n)) > 2):
            found.append(slug)
    return tuple(found)


def _about(index: PackIndex, passage: Passage) -> tuple[str, ...]:
    """The actors a passage is about: whose claim it is, and those its text names (a summary is
    about those it names, not every actor of its paragraph)."""
    cited = [index.paragraphs[n] for n in passage.paragraphs if n in index.paragraphs]
    around = {slug for p in cited for slug in p.actors}
    named = mentioned(index, passage.text, sorted(around))
    own = () if passage.kind == "summary" else passage.actors
    return tuple(dict.fromkeys([*own, *named]))


_PRONOUN = re.compile(r"^(?:he|she|it|his|her|its)\b", re.IGNORECASE)
_PERSONAL = frozenset({"he", "she", "his", "her"})


def _first_named(index: PackIndex, text: str, among: list[str]) -> str | None:
    """The actor ``text`` names first (by where its name or alias stands)."""
    key = f" {normalise(text)} "
    best: tuple[int, str] | None = None
    for slug in among:
        actor = index.actors.get(slug)
        if actor is None:
            continue
        for name in (actor.name, *actor.aliases):
            plain = normalise(name)
            at = key.find(f" {plain} ") if len(plain) > 2 else -1
            if at >= 0 and (best is None or at < best[0]):
                best = (at, slug)
    return best[1] if best else None


def build_passages(index: PackIndex) -> list[Passage]:
    passages: list[Passage] = []
    for p in index.paragraphs.values():
        passages.append(Passage("summary", p.summary, (p.number,), tuple(p.actors)))
        people = [slug for slug in p.actors if slug in index.actors and index.actors[slug].kind == "person"]
        things = [slug for slug in p.actors if slug not in people]
        person: str | None = None
        thing: str | None = None
        for fact in p.facts:
            named = mentioned(index, fact, list(p.actors))
            pronoun = _PRONOUN.match(fact)
            # "He is also a nonresident senior adviser": about the person the fact before named
            # ("it": the thing)
            subject = (person if pronoun.group(0).lower() in _PERSONAL else thing) if pronoun else None
            text = fact
            if subject and subject not in named:
                named = (subject, *named)
                text = f"{index.actors[subject].name}: {fact}"  # shown alone, it says whom it is about
            if not pronoun:
                person = _first_named(index, fact, people) or person
                thing = _first_named(index, fact, things) or thing
            passages.append(Passage("fact", text, (p.number,), named))
    for a in index.actors.values():
        who = (a.id,)
        passages.append(Passage("profile", f"{a.name}: {a.profile}", tuple(a.paragraphs), who))
        if a.position:
            passages.append(
                Passage("position", f"{a.name}: {a.position.text}", tuple(a.position.paragraphs), who)
            )
        for claim in a.claims:
            passages.append(Passage("claim", f"{a.name}: {claim.text}", tuple(claim.paragraphs), who))
        for quote in a.quotes:
            context = f" ({quote.context})" if quote.context else ""
            passages.append(Passage("quote", f"{a.name}: “{quote.text}”{context}", (quote.paragraph,), who))
    return passages


def overview_passage(index: PackIndex) -> Passage | None:
    """The pack's summary of the whole column, as a passage resting on every paragraph."""
    if not index.summary:
        return None
    return Passage("overview", index.summary, tuple(index.paragraphs), ())


def _search_text(index: PackIndex, passage: Passage) -> str:
    """What is indexed: the passage, plus the names and aliases of a profile's actor."""
    if passage.kind == "profile":
        actor = index.actors[passage.actors[0]]
        return " ".join([passage.text, *actor.aliases, actor.office or ""])
    return passage.text


def _paragraph_text(index: PackIndex, number: int, passages: list[Passage]) -> str:
    """One paragraph as a document: what the pack says about it, and who is in it."""
    p = index.paragraphs[number]
    parts = [p.summary, *p.facts, *p.terms]
    parts += [
        x.text
        for x in passages
        if x.kind in ("claim", "position", "quote", "profile")
        and number in x.paragraphs
        and len(x.paragraphs) <= SPECIFIC
    ]
    for slug in p.actors:
        actor = index.actors.get(slug)
        if actor is not None:
            parts += [actor.name, *actor.aliases]
            parts += [
                f"{actor.name} {r.relation} {index.name_of(r.actor)}"
                for r in actor.related
                if number in r.paragraphs
            ]
    return " ".join(parts)


def _bm25s() -> ModuleType:
    """bm25s, imported on the first passage index rather than at start, and without scipy
    (bot/bm25s_import.py): with scipy it costs about 0.3 s and 13 MB that only /ask and /who need
    (issue 19). Whichever of /ask and kept text imports it first, it comes through that helper."""
    from bot.bm25s_import import bm25s as import_bm25s

    bm25s = import_bm25s()
    # bm25s sets its own logger to DEBUG on import; keep its per-index chatter out of our logs.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def _bm25(corpus: list[list[str]]) -> bm25s.BM25:
    retriever = _bm25s().BM25()
    retriever.index(corpus, show_progress=False)
    return retriever


def _build(index: PackIndex) -> PassageIndex:
    passages = build_passages(index)
    corpus_words = [words(_search_text(index, p)) for p in passages]
    corpus = [stems(ws) for ws in corpus_words]
    retriever = _bm25(corpus)
    numbers = list(index.paragraphs)
    paragraph_corpus = [stems(words(_paragraph_text(index, n, passages))) for n in numbers]
    paragraph_retriever = _bm25(paragraph_corpus)
    paragraph_terms = {n: frozenset(doc) for n, doc in zip(numbers, paragraph_corpus, strict=True)}
    doc_terms = [frozenset(doc) for doc in corpus]
    content_terms = [frozenset(stems(words(_content(p)))) for p in passages]
    df = Counter(term for terms in doc_terms for term in terms)
    n = len(passages)
    from bm25s.scoring import _select_idf_scorer

    idf_of = _select_idf_scorer(retriever.idf_method)  # the IDF bm25s scores with
    idf = {term: float(idf_of(d, N=n)) for term, d in df.items()}
    max_idf = float(idf_of(0, N=n))
    counts = Counter(w for ws in corpus_words for w in ws)
    counts.update(term for p in index.paragraphs.values() for term in p.terms)
    speller = Speller.of(dict(counts))
    known = frozenset(idf).union(*paragraph_terms.values())
    plain = [folded(p.text) for p in passages]
    tokens = [raw_words(p.text) for p in passages]
    return PassageIndex(
        passages,
        retriever,
        doc_terms,
        numbers,
        paragraph_retriever,
        paragraph_terms,
        [_about(index, p) for p in passages],
        idf,
        max_idf,
        speller,
        overview_passage(index),
        known,
        _foreign_places(known),
        content_terms,
        plain,
        [frozenset(stems(words(p.text))) for p in passages],
        tokens,
        [stems(ts) for ts in tokens],
        [bool(_CAUSAL.search(p.text.lower())) for p in passages],
        [bool(YEAR.search(text)) for text in plain],
        [bool(TIME.search(text)) for text in plain],
        [AGENT_NOUN.findall(text) for text in plain],
        [frozenset(p.paragraphs) for p in passages],
        frozenset(slug for p in passages if p.kind == "quote" for slug in p.actors),
    )


def _content(passage: Passage) -> str:
    """What a passage says, without the "Name:" of the actor whose claim or profile it is."""
    if passage.kind in ("claim", "position", "profile", "quote") and ": " in passage.text:
        return passage.text.split(": ", 1)[1]
    return passage.text


def _foreign_places(known: frozenset[str]) -> tuple[str, ...]:
    """The states, capitals and demonyms the pack never names (none of their words is the
    pack's): a question about one asks what the text cannot say."""
    found = set()
    for name in place_names():
        plain = folded(name)
        named = stems(words(plain))
        if named and not any(term in known for term in named):
            found.add(plain)
    return tuple(sorted(found))


def passage_index(index: PackIndex) -> PassageIndex:
    return index.derived("passages", _build)
