"""/ask: answer a question from the active pack, best passage first, or say the article has nothing.

Passages are the pack's own statements, each with its ¶ numbers: paragraph summaries, key facts,
actor profiles, positions, claims and quotations, and the pack's summary of the whole column
(built, with the paragraph documents and the retrievers, by ``bot.services.ask_index``). Words are
compared as ``bot.services.ask_text`` reads them (bm25s's stopwords, asking words such as
"explain" or "pls" dropped, PyStemmer stems, spelling and typos joined to the pack's words).

Ranking, in two steps, with BM25 (the ``bm25s`` library) at both:

1. Paragraphs. Each paragraph is one document: its summary, facts and index terms (the
   column's own words where the pack paraphrases), every claim, position, quotation and short
   profile that cites it, and the names, aliases and relations of its actors. This is what makes
   a raw paragraph a good unit to search: the words of a question are usually spread over
   several sentences of the paragraph that answers it. A paragraph's relevance is its BM25 times
   its *coverage* squared (the IDF-weighted share of the question's words it contains).
2. Passages. A passage scores by the mean relevance of the paragraphs it cites, then by its own
   BM25 and coverage, with a small preference for passages that add words to the question over
   ones that restate it; summaries and profiles count less than the facts and claims they sum up.

The question's words are searched as typed (the names of the actors it mentions are not added).
The question's shape then decides which passage of the best paragraph comes first: "why"
wants a passage that gives a reason (about the question's subject, best), "what did X say"
wants X's words verbatim, "who/what is X" wants X's profile, "how many" and "when" want a
number or a date, and a question about the column itself ("what is the article about", "main
point", "Glosserman's argument") gets the pack's summary.

Not covered, by a rule calibrated on the tuning split of tests/questions.yaml: the question's
words are foreign to the pack. A word the pack never uses weighs about as much as its rarest word
(four fifths of it: ``UNLISTED_WEIGHT``), except asking words ("wat", "pls", "explain": dropped),
words naming the kind of answer wanted ("advantages", "role", "job": not held against it) and
everyday English words, which weigh less the commoner they are (``bot.services.ask_common``:
"ever", "success"); a name the question uses counts at least ``NAMED_WEIGHT``. When neither the
first answer's paragraph nor any passage holds ``COVERAGE_THRESHOLD`` of that weight, the text is
silent. Before ranking, ``bot.services.ask_silence`` finds the questions the text is silent on
although their words are the pack's: a place it never names, someone it never quotes, an office
nobody in it holds, a kind of fact it never gives (members, a capital, a name, a number, a year,
a view, a deed, how something still ahead turned out).

Words that name the text itself ("this article", "the column") are not searched for; "who wrote
this article" asks for the author. A "who/what is X" question leads with X's profile when it is
about a few paragraphs (``SPECIFIC``); an actor found all through the text (the author) is
answered by what the paragraph the question points to says of it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.packs import normalise
from bot.services import ask_places
from bot.services.actors import clean_query, named_exactly, names
from bot.services.ask_common import zipf
from bot.services.ask_index import SPECIFIC, Passage, PassageIndex, mentioned, passage_index
from bot.services.ask_text import (
    AMOUNT,
    ASPECT_STEMS,
    AUTHORSHIP,
    ENDING_STEMS,
    LEADING,
    NUMBER,
    Shape,
    answer_kinds,
    answer_noun,
    asked_members,
    asked_office,
    asks_ending,
    asks_year,
    besides_what,
    compares,
    defined_subject,
    folded,
    meta_words,
    named_as_members,
    other_than,
    paragraphs_named,
    raw_words,
    shape_of,
    spellings,
    stem,
    stems,
    words,
)
from bot.services.pack_index import PackIndex

if TYPE_CHECKING:
    import numpy as np


MAX_PASSAGES = 5
# A word the pack never uses weighs the rarest word's weight times a share: the full share if it
# were rarer English than RARE_ZIPF (``bot.services.ask_common``), less the commoner it is, down to
# COMMON_WEIGHT from COMMON_ZIPF ("ever" 5.6 weighs a third): chosen on the tuning split
# (docs/actors.md).
COMMON_ZIPF = 6.5
RARE_ZIPF = 3.5
COMMON_WEIGHT = 0.1
# A word not among the common words at all (rarer English, slang, a typo no edit mends: "leery",
# "chummy", "convo") weighs about what the least common of them do (Zipf 4.0: 0.83), not the full
# weight: a student's own word for a topic the text covers (issue 17 round 4: on a batch phrased in
# such words, 18 of 70 answerable questions were told "not covered" at 1.0, 14 at 0.8).
UNLISTED_WEIGHT = 0.8
# A word naming an actor the question names weighs at least this share of the rarest word's weight
# (its IDF alone made "NATO" weigh 0.6 of 6.5): chosen on the tuning split (docs/actors.md).
NAMED_WEIGHT = 0.4
# Calibrated on the tuning split of tests/questions.yaml (docs/actors.md has the figures), in the
# gap between its unanswerable questions that no other rule catches (0.39 at most) and its
# answerable ones (0.43 at least).
COVERAGE_THRESHOLD = 0.4
PARAGRAPH_COVERAGE_THRESHOLD = 0.6  # a passage shown after the first: its paragraph covers this much
PASSAGE_FLOOR = 0.5  # how much a passage owes to its paragraph rather than to its own words
COVERAGE_POWER = 2
NOVELTY_FLOOR = 0.5
PROFILE_PRIOR = 0.5  # a profile describes an actor as a whole: first only when asked who or what X is
SHAPE_REACH = 0.3  # a passage of the shape asked for must score this share of the best to go first
# ... and hold this much of the question itself: a reason about something else ("because they are
# so far away" for "why do nato members deploy forces in peacetime") does not answer it
SHAPE_COVERAGE = 0.3
SUMMARY_PRIOR = 0.8  # a paragraph's summary against its own, more precise, facts
# "who ..." / "which countries ...": a passage naming such an actor the question does not name
ANSWER_KIND_BONUS = 0.5
DUPLICATE_OVERLAP = 0.5
# A passage after the first must bring at least this share of words the ones above did not say.
REPEAT_NOVELTY = 0.34
QUANTITY_WINDOW = 3
# A passage from where none of the actors the question names appears counts this much (it was
# left out altogether, which hid answers whose paragraph does not list a much-named actor).
OFF_TOPIC = 0.5

@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    coverage: float
    paragraph_coverage: float = 0.0  # the best coverage among the paragraphs the passage cites
    reach: float = 0.0  # ``coverage`` with ``Query.reach``'s weights, for the not-covered rule
    paragraph_reach: float = 0.0  # ... and ``paragraph_coverage``


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


@dataclass(frozen=True)
class Query:
    shape: Shape
    asked: tuple[str, ...]  # the stems of the question's own words
    terms: tuple[str, ...]  # what is searched: asked, plus the names of the actors it mentions
    weights: dict[str, float]
    mentions: dict[str, set[str]]  # actor -> the stems of the words that named it
    subject: str | None  # the most specific actor it names
    defined: str | None = None  # the actor a "who/what is X" (or "who wrote this") asks about
    reach: dict[str, float] = field(default_factory=dict)  # ``weights`` for the not-covered rule


def actors_named(index: PackIndex, question: str) -> dict[str, set[str]]:
    """Actors the question names (by name or alias) -> the stems of the words that named them,
    in the order the question names them."""
    starts = index.derived("ask-alias-starts", _alias_starts)
    named_words = index.derived("ask-alias-words", _alias_words)
    # A possessive typed without its apostrophe ("natos hq", "chinas view") names the actor.
    key = " " + " ".join(
        w[:-1] if w.endswith("s") and w not in named_words and w[:-1] in named_words else w
        for w in folded(question).split()
    ) + " "
    raw_caps = set(re.findall(r"\b[A-Z][A-Z0-9.]+\b", question))
    found: list[tuple[int, str, str]] = []
    table = names(index)
    # Only the aliases whose first word the question has can stand in it (in the names' order).
    for k in sorted({k for word in set(key.split(" ")) for k in starts.get(word, ())}):
        alias, slug = table.keys[k], table.owners[k]
        at = key.find(f" {alias} ")
        if len(alias) < 2 or at < 0:
            continue
        # A short alias that is also an everyday word ("us") counts only when typed as capitals
        # ("US", "U.S."); one that is no word ("ap4", "uk", "xi") counts as typed.
        compact = alias.replace(" ", "")
        if (
            len(compact) <= 3
            and zipf(compact) is not None
            and not any(normalise(c).replace(" ", "") == compact for c in raw_caps)
        ):
            continue
        found.append((at, slug, alias))
    # "paris" for France: a capital the pack never names stands for its state when the pack names
    # it, unless it is where something is ("an office in seoul")
    seats = ask_places.capital_seats(index)
    for word in set(key.split(" ")) & seats.keys():
        if not ask_places.located(key, word):
            found.append((key.find(f" {word} "), seats[word], word))
    # "united states" also names the US when "U.S." was typed (folded() spells it out)
    mentions: dict[str, set[str]] = {}
    for _, slug, alias in sorted(found, key=lambda f: (f[0], -len(f[2]))):
        mentions.setdefault(slug, set()).update(stems(words(alias)))
    return mentions


def _alias_starts(index: PackIndex) -> dict[str, list[int]]:
    """The first word of each name and alias (``actors.names``) -> where those keys stand."""
    starts: dict[str, list[int]] = {}
    for k, alias in enumerate(names(index).keys):
        starts.setdefault(alias.split(" ")[0], []).append(k)
    return starts


def _alias_words(index: PackIndex) -> frozenset[str]:
    """Every word of every name and alias."""
    return frozenset(word for alias in names(index).keys for word in alias.split(" "))


def _author(index: PackIndex) -> str | None:
    return index.derived("ask-author", _find_author)


def _find_author(index: PackIndex) -> str | None:
    key = normalise(index.author)
    return next((slug for slug, actor in index.actors.items() if key and normalise(actor.name) == key), None)


def _query(index: PackIndex, table: PassageIndex, question: str) -> Query:
    meta = meta_words(question)  # "this article", "the column": the text itself, not a topic
    typed = words(question)
    typed_stems = stems([table.speller.correct(w) for w in typed])
    asked = tuple(t for t in dict.fromkeys(typed_stems) if t not in meta)
    if asks_ending(question):
        asked = tuple(dict.fromkeys([*asked, *stems(list(ENDING_STEMS))]))
    mentions = actors_named(index, question)
    shaped = shape_of(question) == "definition"
    defined = _definition(index, question) if shaped else _named_alone(index, question)
    author = _author(index)
    if (
        author
        and asked
        and set(asked) <= AUTHORSHIP
        and folded(question).startswith("who")
        and not other_than(question)  # "who else has written on this besides the author"
    ):
        # "who wrote this article", "who is the writer": the author
        defined = author
        asked = tuple(stems(words(index.actors[author].name)))  # who, not what was written
        mentions = {author: set(asked), **mentions}
    expansion = stems(words(" ".join(index.actors[slug].name for slug in mentions)))
    terms = tuple(dict.fromkeys([*asked, *expansion]))
    # A word the pack never uses weighs about as much as its rarest word (it is what the question
    # is about, and the text does not say it), unless it names the kind of answer wanted.
    # An everyday English word weighs less (``_foreignness``): it says little about the topic.
    typed_word = dict(zip(typed_stems, typed, strict=True))
    weights = {
        t: table.idf.get(t, 0.0 if t in ASPECT_STEMS else table.max_idf * _foreignness(typed_word.get(t, "")))
        for t in asked
    }
    # Whether the text covers the question at all: a name the text uses (NATO, Asia) marks what the
    # question is about, however often the text says it, so there it counts at least NAMED_WEIGHT
    # of the rarest word's weight (ranking keeps its IDF: it says little about which passage).
    named = set().union(*mentions.values()) if mentions else set()
    reach = {t: max(w, NAMED_WEIGHT * table.max_idf) if t in named else w for t, w in weights.items()}
    # The question is about the most specific actor it names (France before NATO), the first on a tie.
    # A "why" question is about its grammatical subject, the first actor it names ("why does France
    # object to a NATO office in Tokyo": France's reasons).
    shape = shape_of(question)
    subject = min(mentions, key=lambda slug: len(index.actors[slug].paragraphs), default=None)
    if shape == "why" and mentions:
        subject = next(iter(mentions))
    return Query(shape, asked, terms, weights, mentions, subject, defined, reach)


@lru_cache(maxsize=4096)
def _foreignness(word: str) -> float:
    """How much a word the pack never uses counts against a question, from 1 (a rare word: the
    topic the text does not cover) down to ``COMMON_WEIGHT`` for the commonest English words;
    ``UNLISTED_WEIGHT`` for a word the common-words list does not hold."""
    frequency = zipf(word)
    if frequency is None:
        return UNLISTED_WEIGHT
    return max(COMMON_WEIGHT, min(1.0, (COMMON_ZIPF - frequency) / (COMMON_ZIPF - RARE_ZIPF)))


def _named_alone(index: PackIndex, question: str) -> str | None:
    """A question that is only a name ("seato?", "the AP4"): what or who that is."""
    key = clean_query(question)
    actor = named_exactly(index, key) if key and len(key.split()) <= MAX_NAME_WORDS else None
    return actor.id if actor else None


def _definition(index: PackIndex, question: str) -> str | None:
    """The actor a definitional question asks about ("Who are the AP4?"), when named exactly
    (also without a last word: "the AP4 countries")."""
    subject = defined_subject(question)
    if not subject:
        return None
    tried = [subject, subject.rsplit(" ", 1)[0]] if " " in subject.strip() else [subject]
    for name in tried:
        # What ``actors.resolve`` calls "exact", without scoring every actor for a fuzzy match
        # (which this would not use)
        key = clean_query(name)
        actor = named_exactly(index, key) if key else None
        if actor:
            return actor.id
    # "who's laksmana": a person by the last word of their name, when only one has it
    key = normalise(subject)
    people = [
        slug
        for slug, actor in index.actors.items()
        if actor.kind == "person"
        and len(normalise(actor.name).split()) > 1
        and normalise(actor.name).split()[-1] == key
    ]
    if len(people) == 1:
        return people[0]
    return office_holder(index, passage_index(index), question)


def office_holder(index: PackIndex, table: PassageIndex, question: str) -> str | None:
    """The person holding the office a "who is the X of Y" question asks about, if the text names one."""
    asked = asked_office(question)
    if asked is None:
        return None
    role, of = asked
    targets = set(actors_named(index, of))
    if not targets:
        return None  # of something the text never names
    title = [{stem(v) for v in spellings(table.speller.correct(w))} for w in role.split() if w not in LEADING]

    def holds(text: str) -> bool:
        held = set(stems(words(text)))
        return all(forms & held for forms in title)

    for actor in index.actors.values():
        if actor.kind != "person":
            continue
        # an office that names Y ("Prime Minister of Japan"), or a relation to Y that is one
        # ("prime minister of" Japan); not any tie to Y ("applauded closer NATO ties with" Japan)
        office = actor.office or ""
        titles = f"{office} {' '.join(actor.aliases)}"
        if office and mentioned(index, office, sorted(targets)) and holds(titles):
            return actor.id
        if any(r.actor in targets and holds(r.relation) for r in actor.related) and (office or not title):
            return actor.id
    return None


# Kinds of actor that have members (a question may ask for the list of them).
GROUPS = frozenset({"organisation", "grouping"})
MAX_NAME_WORDS = 6  # a question this short may be just a name
LISTED = 3  # a list of members names at least this many states


def _compared(index: PackIndex, query: Query) -> frozenset[str]:
    """The actors a comparison names, without those only named inside another's name ("NATO" in
    "NATO for Asia"); empty unless there are two or more."""
    named = {slug: set(words(index.actors[slug].name)) for slug in query.mentions}
    specific = frozenset(
        slug for slug, ws in named.items() if not any(o != slug and ws < other for o, other in named.items())
    )
    return specific if len(specific) >= 2 else frozenset()


def passages_about(index: PackIndex) -> dict[str, frozenset[int]]:
    """Each actor -> the passages about it: its own, and those citing a paragraph it is in."""
    table = passage_index(index)
    return {
        slug: frozenset(
            i
            for i, passage in enumerate(table.passages)
            if slug in passage.actors or table.cited[i] & set(actor.paragraphs)
        )
        for slug, actor in index.actors.items()
    }


def _groups_asked(index: PackIndex, question: str) -> list[str]:
    """The groups whose members a question asks for ("which countries are in the AP4")."""
    of = asked_members(question)
    if of is not None:
        return [slug for slug in actors_named(index, of) if index.actors[slug].kind in GROUPS]
    named = named_as_members(question)
    actor = named_exactly(index, clean_query(named)) if named else None
    return [actor.id] if actor is not None and actor.kind in GROUPS else []


def lists_members(index: PackIndex, table: PassageIndex, i: int, groups: list[str]) -> bool:
    """Passage ``i`` is about one of ``groups`` and names at least ``LISTED`` states besides."""
    passage = table.passages[i]
    if not any(g in table.about[i] or g in passage.actors for g in groups):
        return False
    states = index.derived("ask-states", _states)
    return len(set(mentioned(index, passage.text, states)) - set(groups)) >= LISTED


def _states(index: PackIndex) -> list[str]:
    return sorted(slug for slug, actor in index.actors.items() if actor.kind == "state")


def _speakers(index: PackIndex, query: Query) -> tuple[set[str], set[str]]:
    """Whose words a "what did X say" question asks for: X, then those X speaks through."""
    direct = set(query.mentions)
    related = {r.actor for slug in direct for r in index.actors[slug].related} - direct
    return direct, related


def _counted_noun(question: str) -> str | None:
    """The stem of the X a "how many X" question counts (None for "how much")."""
    match = re.search(r"\bhow many (\w+)", folded(question))
    return stem(match.group(1)) if match else None


def _counts_the_noun(noun: str | None, table: PassageIndex, i: int) -> bool:
    """For "how many X": passage ``i`` gives a number just before X ("four major partners");
    for "how much" (``noun`` None), an amount."""
    if noun is None:
        return bool(AMOUNT.search(table.plain[i]))  # "how much": an amount
    tokens = table.tokens[i]
    return any(
        token_stem == noun and any(NUMBER.fullmatch(t) for t in tokens[max(0, k - QUANTITY_WINDOW) : k])
        for k, token_stem in enumerate(table.token_stems[i])
    )


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= DUPLICATE_OVERLAP


def _normalised(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else scores


def rank(index: PackIndex, question: str) -> tuple[Query, list[Hit]]:
    """Every passage that could answer ``question``, best first, before the not-covered rule."""
    query, ranked, _ = _rank(index, question)
    return query, ranked


def _rank(index: PackIndex, question: str) -> tuple[Query, list[Hit], list[int]]:
    """``rank``, with where each hit's passage stands in the passage index."""
    table = passage_index(index)
    query = _query(index, table, question)
    # A question whose only words are a paragraph's index terms ("what does morphed mean": the
    # column's own word) finds that paragraph, and ranks its passages by it alone.
    by_paragraph_only = not any(t in table.idf for t in query.terms) and any(
        t in terms for terms in table.paragraph_terms.values() for t in query.asked
    )
    if not query.asked or not (by_paragraph_only or any(t in table.idf for t in query.terms)):
        return query, [], []
    scene = _Scene.of(index, table, query, question, by_paragraph_only)
    ranked: list[Hit] = []
    positions: list[int] = []
    tiers: list[int] = []
    for i in range(len(table.passages)):
        if not scene.admits(i):
            continue
        hit, tier = scene.hit(i)
        ranked.append(hit)
        positions.append(i)
        tiers.append(tier)
    order = scene.shape_first(ranked, tiers)
    return query, [ranked[k] for k in order], [positions[k] for k in order]


@dataclass
class _Scene:
    """What ranking one question's passages reads for each of them, worked out once."""

    index: PackIndex
    table: PassageIndex
    query: Query
    question: str
    by_paragraph_only: bool
    passage_scores: list[float]
    kind_terms: frozenset[str]
    weighed: list[tuple[str, float, float]]  # each word's weight for ranking, and for not covered
    total: float
    reach_total: float
    query_terms: frozenset[str]
    named_by: dict[tuple[str, ...], set[str]] = field(default_factory=dict)  # the same few come up often
    paragraph_coverage: dict[int, float] = field(default_factory=dict)
    paragraph_reach: dict[int, float] = field(default_factory=dict)
    context: dict[int, float] = field(default_factory=dict)  # each paragraph's relevance
    best_paragraph: int | None = None
    # A profile goes first for "who/what is X" when it is about a few paragraphs; an actor in half
    # the text (the author, NATO) is answered by what is said of it where the question points.
    specific_profile: bool = False
    speakers: set[str] = field(default_factory=set)
    year_asked: bool = False
    counted: str | None = None
    counts_or_dates: bool = False
    kinds: frozenset[str] | None = None
    question_words: set[str] = field(default_factory=set)
    members_of: list[str] = field(default_factory=list)
    on_topic: frozenset[int] = frozenset()
    compared: frozenset[str] = frozenset()
    # "who else wrote about this": someone besides the author, whose own passages go below; "what
    # else matters besides article 5": passages saying what is set aside go below too
    besides: set[str] = field(default_factory=set)
    aside_terms: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls, index: PackIndex, table: PassageIndex, query: Query, question: str, by_paragraph_only: bool
    ) -> _Scene:
        noun = answer_noun(question)
        scene = cls(
            index,
            table,
            query,
            question,
            by_paragraph_only,
            _normalised(table.retriever.get_scores(list(query.asked))).tolist(),
            frozenset(stems([noun])) if noun else frozenset(),
            [(t, w, query.reach.get(t, w)) for t, w in query.weights.items()],
            sum(query.weights.values()) or 1.0,
            sum(query.reach.values()) or 1.0,
            frozenset(query.terms),
        )
        paragraph_scores = dict(
            zip(
                table.paragraph_numbers,
                _normalised(table.paragraph_retriever.get_scores(list(query.asked))).tolist(),
                strict=True,
            )
        )
        for n in table.paragraph_numbers:
            scene.paragraph_coverage[n], scene.paragraph_reach[n] = scene.covered(
                table.paragraph_terms[n], tuple(index.paragraphs[n].actors)
            )
            scene.context[n] = paragraph_scores[n] * scene.paragraph_coverage[n] ** COVERAGE_POWER
        scene.best_paragraph = max(scene.context, key=lambda n: scene.context[n], default=None)
        defined = query.defined
        scene.specific_profile = bool(defined) and len(index.actors[defined].paragraphs) <= SPECIFIC  # type: ignore[index]
        direct, related = _speakers(index, query) if query.shape == "saying" else (set(), set())
        scene.speakers = (direct & table.quoted) or (related & table.quoted)
        scene.year_asked = asks_year(question)
        scene.counted = _counted_noun(question) if query.shape == "quantity" else None
        scene.counts_or_dates = query.shape in ("quantity", "when") and query.subject is not None
        scene.kinds = answer_kinds(question)
        scene.question_words = set(raw_words(question))
        scene.members_of = _groups_asked(index, question)
        topics = index.derived("ask-topics", passages_about)
        scene.on_topic = frozenset().union(*(topics.get(slug, frozenset()) for slug in query.mentions))
        scene.compared = _compared(index, query) if compares(question) else frozenset()
        scene.besides, scene.aside_terms = _set_aside(index, question)
        return scene

    def covered(
        self, terms: frozenset[str], involved: tuple[str, ...], kind_named: bool = False
    ) -> tuple[float, float]:
        """The coverage for ranking, and for the not-covered rule (``Query.reach``). A word counts
        as present when the text has it, or when it named an actor the text is about ("regional
        leaders" in the question, Southeast Asian nations' claims), or when it is the kind asked
        for ("which countries") and the text names one of that kind."""
        named = self.named_by.get(involved)
        if named is None:
            mentions = self.query.mentions
            named = set().union(*(mentions[slug] for slug in involved if slug in mentions))
            self.named_by[involved] = named
        if kind_named:
            named = named | self.kind_terms
        share = reached = 0.0
        for t, w, r in self.weighed:
            if t in terms or t in named:
                share += w
                reached += r
        return share / self.total, reached / self.reach_total

    def admits(self, i: int) -> bool:
        """Passage ``i`` may answer at all: it shares a word (or is the profile asked for, or cites
        the paragraph found), and holds the kind of fact a number or date question wants."""
        passage, table, query = self.table.passages[i], self.table, self.query
        defined = query.defined
        if (
            self.passage_scores[i] <= 0.0
            and not (defined and passage.actors == (defined,))
            and not (self.by_paragraph_only and any(self.context.get(n, 0.0) > 0.0 for n in table.cited[i]))
        ):
            return False
        if query.shape == "quantity" and not _counts_the_noun(self.counted, table, i):
            return False
        if query.shape == "when" and not (table.years[i] if self.year_asked else table.times[i]):
            return False
        # "how many countries are in ASEAN": a number about ASEAN, not any number
        return not (self.counts_or_dates and query.subject not in {*passage.actors, *table.about[i]})

    def answers_named(self, i: int) -> set[str]:
        """For "who ...", "which countries ...": the actors of the kind asked (or people) that
        passage ``i`` names and the question does not ("the AP4 are Japan, Australia, ...")."""
        if self.kinds is None or self.query.defined:
            return set()
        passage, table, index = self.table.passages[i], self.table, self.index
        others = {
            slug
            for slug in (*passage.actors, *table.about[i])
            if slug not in self.query.mentions
            and slug not in self.besides
            and index.actors[slug].kind in self.kinds
        }
        if "person" in self.kinds and any(w not in self.question_words for w in table.agent_nouns[i]):
            others.add("")
        return others

    def hit(self, i: int) -> tuple[Hit, int]:
        """Passage ``i``'s score and coverages, and its tier: the shape asked for goes higher."""
        passage, table, query = self.table.passages[i], self.table, self.query
        others = self.answers_named(i)
        cov, reached = self.covered(table.doc_terms[i], passage.actors, bool(others))
        cited = passage.paragraphs
        if len(cited) == 1:  # most passages: read once, not through a generator
            around = self.context.get(cited[0], 0.0)
            own = self.paragraph_coverage.get(cited[0], 0.0)
            own_reach = self.paragraph_reach.get(cited[0], 0.0)
        else:
            around = sum(self.context.get(n, 0.0) for n in cited) / max(len(cited), 1)
            own = max((self.paragraph_coverage.get(n, 0.0) for n in cited), default=0.0)
            own_reach = max((self.paragraph_reach.get(n, 0.0) for n in cited), default=0.0)
        score = around * (PASSAGE_FLOOR + self.passage_scores[i] * cov**COVERAGE_POWER)
        # Prefer passages that add something to the question over ones that only restate it, judged
        # on what the passage says (not the "Name:" of whose claim it is).
        terms = table.content_terms[i]
        novelty = len(terms - self.query_terms) / len(terms) if terms else 0.0
        score *= (NOVELTY_FLOOR + novelty) * (OFF_TOPIC if self.off_topic(i) else 1.0)
        defined = query.defined
        if passage.kind == "profile" and not (self.specific_profile and passage.actors == (defined,)):
            score *= PROFILE_PRIOR
        if passage.kind == "summary":
            score *= SUMMARY_PRIOR
        if others:
            score *= 1.0 + ANSWER_KIND_BONUS * min(len(others), LISTED) ** 0.5
        tier = self.tier(i)
        if defined and passage.kind == "profile" and passage.actors == (defined,) and self.specific_profile:
            score, cov, reached, tier = math.inf, 1.0, 1.0, 3
        elif defined and not self.specific_profile and defined in table.about[i]:
            tier = max(tier, 1)
        return Hit(passage, score, cov, own, reached, own_reach), tier

    def off_topic(self, i: int) -> bool:
        """Passage ``i`` is about none of the actors the question names, or only about what it
        sets aside."""
        return bool(
            (self.query.mentions and i not in self.on_topic)
            or (self.besides and set(self.table.passages[i].actors) == self.besides)
            or (self.aside_terms and self.aside_terms <= self.table.content_terms[i])
        )

    def tier(self, i: int) -> int:
        """The shape of the question decides which passages may come first: for "why", a reason
        (the subject's own, best); for "what did X say", X's words."""
        passage, table, query = self.table.passages[i], self.table, self.query
        tier = 0
        if query.shape == "why" and table.causal[i]:
            # the subject's own position, when it gives a reason, first; then reasons that name it
            # (from the paragraph that answers best)
            subjects_own = (
                passage.kind == "position"
                and passage.actors == (query.subject,)
                and self.best_paragraph in passage.paragraphs
                and len(passage.paragraphs) <= SPECIFIC  # not a view of the whole column
            )
            about = query.subject in table.about[i]
            tier = 3 if subjects_own else 2 if about or not query.subject else 1
        if passage.kind == "quote" and set(passage.actors) & self.speakers:
            tier = 2
        if self.compared and self.compared <= {*passage.actors, *table.about[i]}:
            tier = 2  # "what's the difference between X and Y": a passage about both
        if self.members_of and lists_members(self.index, table, i, self.members_of):
            tier = 2  # "which countries are in the AP4": the passage that lists them
        return tier

    def shape_first(self, ranked: list[Hit], tiers: list[int]) -> list[int]:
        """The order of ``ranked``. Paragraph first: a passage of the shape asked for goes first
        only from the paragraph that answers best, and only when it is itself relevant there
        (within reach of the best score, and holding enough of the question's words)."""
        top = max((hit.score for hit in ranked if math.isfinite(hit.score)), default=0.0)
        kept = [
            t
            if t >= 3
            or (
                ranked[k].score >= SHAPE_REACH * top
                and self.best_paragraph in ranked[k].passage.paragraphs
                and ranked[k].coverage >= SHAPE_COVERAGE
            )
            else 0
            for k, t in enumerate(tiers)
        ]
        return sorted(range(len(ranked)), key=lambda k: (-kept[k], -ranked[k].score))


def _set_aside(index: PackIndex, question: str) -> tuple[set[str], frozenset[str]]:
    """What a question sets aside: the author ("who else wrote about this", "besides the author")
    or words ("besides article 5": the stems a passage must not hold all of to rank fully)."""
    author = _author(index)
    aside = besides_what(question)
    aside_stems = set(stems(words(aside))) if aside is not None else set()
    if aside is not None and not (author in actors_named(index, aside) or AUTHORSHIP & aside_stems):
        return set(), frozenset(aside_stems)
    return ({author} if author and other_than(question) else set()), frozenset()


def _covers(ranked: list[Hit]) -> bool:
    """Some passage, or the paragraph of the first one, holds enough of the question's words."""
    return max(max(hit.reach for hit in ranked), ranked[0].paragraph_reach) >= COVERAGE_THRESHOLD


def ask(index: PackIndex, question: str, limit: int = MAX_PASSAGES) -> Answer:
    """The pack's answer, with the kept text's paragraphs ranked in when there is one."""
    from bot.services import kept_text  # it builds on this module's types

    return kept_text.blend(index, question, _ask_pack(index, question, limit), limit)


def _about_the_column(index: PackIndex, question: str) -> bool:
    """ "What is the article about", "main point", "the author's opinion": the author named by
    name ("glosserman's main argument") asks the same as "the author's"."""
    if shape_of(question) == "overview":
        return True
    # "the overall point the author is making about NATO and Asia": the text's own topic, named
    title = set(words(index.title))
    if title and shape_of(" ".join(w for w in folded(question).split() if w not in title)) == "overview":
        return True
    if not index.author:
        return False
    plain = folded(question)
    for part in sorted(normalise(index.author).split(), key=len, reverse=True):
        plain = re.sub(rf"\b{re.escape(part)}\b", "author", plain)
    return plain != folded(question) and shape_of(plain) == "overview"


def _ask_pack(index: PackIndex, typed: str, limit: int = MAX_PASSAGES) -> Answer:
    """Rank the pack's passages for ``typed``; ``covered`` False when none is relevant enough. A
    paragraph the question points at ("in para 11") is not a word to search: its passages go first."""
    from bot.services import ask_silence  # its rules build on this module's

    pointed, question = paragraphs_named(typed)
    pointed &= set(index.paragraphs)
    table = passage_index(index)
    if pointed and not words(question):
        # "what does ¶4 say", "explain paragraph 3": what the paragraph says, in the pack's summary
        summaries = [p for p in table.passages if p.kind == "summary" and set(p.paragraphs) <= pointed]
        whole = tuple(Hit(p, math.inf, 1.0) for p in sorted(summaries, key=lambda p: p.paragraphs)[:limit])
        return Answer(typed, bool(whole), whole, (), tuple(sorted(pointed)))
    if not question:
        question = typed

    empty = Answer(typed, False, (), (), ())
    if _about_the_column(index, question) and table.overview is not None:
        hit = Hit(table.overview, math.inf, 1.0)
        return Answer(typed, True, (hit,), (), table.overview.paragraphs)
    if ask_silence.silent(index, question):
        return empty
    _, ranked, positions = _rank(index, question)
    if not ranked or not _covers(ranked):
        return empty
    if pointed:
        first = [k for k, hit in enumerate(ranked) if pointed & set(hit.passage.paragraphs)]
        order = first + [k for k in range(len(ranked)) if k not in set(first)]
        ranked, positions = [ranked[k] for k in order], [positions[k] for k in order]
    hits: list[Hit] = []
    shown: list[frozenset[str]] = []
    said: set[str] = set()
    for hit, at in zip(ranked, positions, strict=True):
        if len(hits) == limit:
            break
        terms = table.text_terms[at]
        # The pack says some things twice (a fact, and the same as an actor's claim), and some in
        # pieces (a claim split into two facts): show each once, and no passage whose words the
        # passages above already say nearly all of.
        if (
            (hit.coverage < COVERAGE_THRESHOLD / 2 and hit.paragraph_coverage < PARAGRAPH_COVERAGE_THRESHOLD)
            or any(_similar(terms, seen) for seen in shown)
            or (hits and terms and len(terms - said) / len(terms) < REPEAT_NOVELTY)
        ):
            continue
        hits.append(hit)
        shown.append(terms)
        said |= terms
    if not hits:
        return empty
    actors = tuple(dict.fromkeys(slug for hit in hits for slug in hit.passage.actors))
    paragraphs = tuple(sorted({n for hit in hits for n in hit.passage.paragraphs}))
    return Answer(typed, True, tuple(hits), actors, paragraphs)
