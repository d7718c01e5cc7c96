"""/ask: answer a question from the active pack, best passage first, or say the article has nothing.

Passages are the pack's own statements, each with its ¶ numbers: paragraph summaries, key
facts, actor profiles, positions, claims and quotations. They are ranked with BM25 (the
``bm25s`` library) over stemmed words (PyStemmer), after light query clean-up:

- misspelt words are corrected to the nearest word the pack uses (rapidfuzz, >= 90 similar);
- names and aliases found in the question ("U.S.", "ITPP", "Kishida") also add the actor's
  canonical name, so passages that name the actor differently still rank.

Relevance: BM25 scores are not comparable across questions, so the cut-off uses *coverage*:
the share of the question's information (each word weighted by its IDF; a word the pack never
uses weighs as much as the rarest word) that the best passage contains. Below
``COVERAGE_THRESHOLD`` the article does not cover the question, and we say so rather than show
the nearest noise.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

import bm25s
import numpy as np
import Stemmer
from rapidfuzz import fuzz, process

from bot.packs import normalise
from bot.services.actors import names, resolve
from bot.services.pack_index import PackIndex

# bm25s sets its own logger to DEBUG on import; keep its per-index chatter out of our logs.
logging.getLogger("bm25s").setLevel(logging.WARNING)

COVERAGE_THRESHOLD = 0.6
TYPO_SCORE = 90.0
MAX_PASSAGES = 5

PassageKind = Literal["summary", "fact", "profile", "position", "claim", "quote", "text"]

# Function words and question words: they say nothing about what is asked.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before being
    below between both but by can could did didn't do does doesn't doing don't down during each else few for
    from further had has have having he her here hers herself him himself his how i if in into is isn't it
    it's its itself just let me mean means more most much my myself no nor not now of off on once only or
    other ought our ours ourselves out over own really said same say says she should so some such tell than
    that the their theirs them themselves then there these they this those through to too under until up
    us very was we were what when where which while who whom why will with would you your yours yourself
    yourselves
    also besides else get go goes going know like many matter matters please think thinks want wants way
    whats""".replace("'", "").split()
)
# Irregular past forms the stemmer cannot join to their verb, and British spellings the pack
# writes the American way: both sides of the match go through this table.
LEMMAS = {
    "wrote": "write", "written": "write", "said": "say", "thought": "think", "met": "meet",
    "held": "hold", "led": "lead", "took": "take", "brought": "bring", "sought": "seek",
    "defence": "defense", "programme": "program", "organisation": "organization", "centre": "center",
    "favour": "favor", "favoured": "favored", "behaviour": "behavior", "analysed": "analyzed",
}  # fmt: skip
# Question shapes: a definition ("who is X") is answered by X's profile; "what did X say" wants
# quotations; "why" wants passages that give reasons.
_DEFINITION = re.compile(
    r"^(?:who|what)\s+(?:is|are|was|were)\s+(?P<a>.+?)$|^what\s+does\s+(?P<b>.+?)\s+(?:stand for|mean)$"
)
_SAYING = re.compile(r"\b(?:say|said|says|quote|quoted|words)\b")
_CAUSAL = re.compile(r"\b(?:because|since|fear|fearing|worried|worries|so that|purpose|reason)\b")
SAYING_BOOST = 2.0
CAUSAL_BOOST = 1.25
COVERAGE_POWER = 2
BM25_K1 = 1.5
BM25_B = 0.75
NOVELTY_FLOOR = 0.5
DUPLICATE_OVERLAP = 0.5
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

_stemmer = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Passage:
    kind: PassageKind
    text: str
    paragraphs: tuple[int, ...]
    actors: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    coverage: float


@dataclass(frozen=True)
class Answer:
    """The ranked passages (best first) or, when ``covered`` is False, nothing relevant enough."""

    question: str
    covered: bool
    hits: tuple[Hit, ...]
    actors: tuple[str, ...]
    paragraphs: tuple[int, ...]

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None


def words(text: str) -> list[str]:
    """Lower-case words without stopwords, before stemming."""
    plain = re.sub(r"'s\b", "", text.replace("’", "'"), flags=re.IGNORECASE)  # NATO's -> NATO
    folded = normalise(plain.replace("'", ""))  # didn't -> didnt
    return [LEMMAS.get(w, w) for w in _WORD.findall(folded) if w not in STOPWORDS]


def stems(tokens: list[str]) -> list[str]:
    return list(_stemmer.stemWords(tokens))


@dataclass
class PassageIndex:
    passages: list[Passage]
    retriever: bm25s.BM25
    doc_terms: list[frozenset[str]]
    idf: dict[str, float]
    max_idf: float
    vocabulary: list[str]  # unstemmed words the pack uses (for typo correction)


def _mentioned(index: PackIndex, text: str, among: list[str]) -> tuple[str, ...]:
    key = f" {normalise(text)} "
    found = []
    for slug in among:
        actor = index.actors.get(slug)
        if actor is None:
            continue
        if any(f" {normalise(n)} " in key for n in (actor.name, *actor.aliases) if len(normalise(n)) > 2):
            found.append(slug)
    return tuple(found)


def build_passages(index: PackIndex) -> list[Passage]:
    passages: list[Passage] = []
    for p in index.paragraphs.values():
        passages.append(Passage("summary", p.summary, (p.number,), tuple(p.actors)))
        for fact in p.facts:
            passages.append(Passage("fact", fact, (p.number,), _mentioned(index, fact, list(p.actors))))
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


def _search_text(index: PackIndex, passage: Passage) -> str:
    """What is indexed: the passage, plus the names and aliases of a profile's actor."""
    if passage.kind == "profile":
        actor = index.actors[passage.actors[0]]
        return " ".join([passage.text, *actor.aliases, actor.office or ""])
    return passage.text


def _build(index: PackIndex) -> PassageIndex:
    passages = build_passages(index)
    corpus_words = [words(_search_text(index, p)) for p in passages]
    corpus = [stems(ws) for ws in corpus_words]
    retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    retriever.index(corpus, show_progress=False)
    doc_terms = [frozenset(doc) for doc in corpus]
    df = Counter(term for terms in doc_terms for term in terms)
    n = len(passages)
    idf = {term: math.log(1 + (n - d + 0.5) / (d + 0.5)) for term, d in df.items()}
    max_idf = math.log(1 + (n + 0.5) / 0.5)
    vocabulary = sorted({w for ws in corpus_words for w in ws})
    return PassageIndex(passages, retriever, doc_terms, idf, max_idf, vocabulary)


def passage_index(index: PackIndex) -> PassageIndex:
    return index.derived("passages", _build)


def _correct(tokens: list[str], table: PassageIndex) -> list[str]:
    known = set(table.vocabulary)
    fixed = []
    for token in tokens:
        if token in known or len(token) < 4 or token.isdigit():
            fixed.append(token)
            continue
        match = process.extractOne(token, table.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE)
        fixed.append(match[0] if match else token)
    return fixed


def _mentions(index: PackIndex, question: str) -> dict[str, set[str]]:
    """Actors the question names (by name or alias) -> the stems of the words that named them."""
    key = f" {normalise(question)} "
    raw_caps = set(re.findall(r"\b[A-Z][A-Z0-9.]+\b", question))
    found: dict[str, set[str]] = {}
    table = names(index)
    for alias, slug in zip(table.keys, table.owners, strict=True):
        if len(alias) < 2 or f" {alias} " not in key:
            continue
        # Short aliases ("us", "uk") count only when typed as capitals ("US", "U.S.").
        if len(alias.replace(" ", "")) <= 3 and not any(
            normalise(c).replace(" ", "") == alias.replace(" ", "") for c in raw_caps
        ):
            continue
        found.setdefault(slug, set()).update(stems(words(alias)))
    return found


def _definition(index: PackIndex, question: str) -> str | None:
    """The actor a definitional question asks about ("Who are the AP4?"), when named exactly."""
    match = _DEFINITION.match(normalise(question))
    if not match:
        return None
    subject = match.group("a") or match.group("b") or ""
    result = resolve(index, subject)
    return result.actor.id if result.status == "exact" and result.actor else None


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= DUPLICATE_OVERLAP


def ask(index: PackIndex, question: str, limit: int = MAX_PASSAGES) -> Answer:
    """The pack's answer, with the kept text's paragraphs ranked in when there is one."""
    from bot.services import kept_text  # it builds on this module's types

    return kept_text.blend(index, question, _ask_pack(index, question, limit), limit)


def _ask_pack(index: PackIndex, question: str, limit: int = MAX_PASSAGES) -> Answer:
    """Rank the pack's passages for ``question``; ``covered`` False when none is relevant enough."""
    table = passage_index(index)
    asked = list(dict.fromkeys(stems(_correct(words(question), table))))
    mentions = _mentions(index, question)
    expansion = stems(words(" ".join(index.actors[slug].name for slug in mentions)))
    query = list(dict.fromkeys([*asked, *expansion]))
    empty = Answer(question, False, (), (), ())
    if not asked or not any(t in table.idf for t in query):
        return empty
    scores = table.retriever.get_scores(query)
    weights = {t: table.idf.get(t, table.max_idf) for t in asked}
    total = sum(weights.values())

    def coverage(doc: int) -> float:
        terms = table.doc_terms[doc]
        involved = table.passages[doc].actors
        # A word counts as present when the passage has it, or when it named an actor the
        # passage is about ("regional leaders" in the question, Southeast Asian nations' claims).
        named = set().union(*(mentions[slug] for slug in involved if slug in mentions))
        return sum(w for t, w in weights.items() if t in terms or t in named) / total

    query_terms = set(query)
    where = [(slug, set(index.actors[slug].paragraphs)) for slug in mentions]
    folded = normalise(question)
    saying = bool(_SAYING.search(folded))
    why = folded.startswith("why")
    defined = _definition(index, question)
    ranked: list[Hit] = []
    for i in np.flatnonzero(scores > 0.0):
        passage = table.passages[int(i)]
        if mentions and not any(
            slug in passage.actors or set(passage.paragraphs) & seen for slug, seen in where
        ):
            continue  # the question names actors; a passage from where none of them appears is off topic
        cov = coverage(int(i))
        score = float(scores[i]) * cov**COVERAGE_POWER
        # Prefer passages that add something to the question over ones that only restate it.
        terms = table.doc_terms[int(i)]
        novelty = len(terms - query_terms) / len(terms) if terms else 0.0
        score *= NOVELTY_FLOOR + novelty
        if saying and passage.kind == "quote" and set(passage.actors) & set(mentions):
            score *= SAYING_BOOST
        if why and _CAUSAL.search(passage.text.lower()):
            score *= CAUSAL_BOOST
        if defined and passage.kind == "profile" and passage.actors == (defined,):
            score, cov = math.inf, 1.0
        ranked.append(Hit(passage, score, cov))
    ranked.sort(key=lambda hit: -hit.score)
    if not ranked or ranked[0].coverage < COVERAGE_THRESHOLD:
        return empty
    hits: list[Hit] = []
    shown: list[frozenset[str]] = []
    for hit in ranked:
        if len(hits) == limit:
            break
        terms = frozenset(stems(words(hit.passage.text)))
        # The pack says some things twice (a fact, and the same as an actor's claim): show it once.
        if hit.coverage < COVERAGE_THRESHOLD or any(_similar(terms, seen) for seen in shown):
            continue
        hits.append(hit)
        shown.append(terms)
    actors = tuple(dict.fromkeys(slug for hit in hits for slug in hit.passage.actors))
    paragraphs = tuple(sorted({n for hit in hits for n in hit.passage.paragraphs}))
    return Answer(question, True, tuple(hits), actors, paragraphs)
