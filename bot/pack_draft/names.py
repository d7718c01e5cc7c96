"""Who and what a text names: people with their titles, organisations with their acronyms,
states, capitals, documents, events and forums, each with every paragraph that names it.

Heuristics, not a model (spaCy's English models are not published on PyPI by their makers):
runs of capitalised words, joined across "of"/"for"; the capitalised word that opens a sentence
counts only when the text also capitalises it elsewhere or it is a known state or capital; an
acronym joins the long name it abbreviates, whether the text gives it in brackets ("Individually
Tailored Partnership Program (ITPP)") or apart ("Association of Southeast Asian Nations" and
ASEAN); a title before a name ("British Defense Minister Ben Wallace") becomes the person's office.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from bot.pack_draft import places
from bot.pack_draft.text import name_pattern
from bot.pack_draft.words import (
    ADJECTIVES,
    COMMON,
    GEO_WORDS,
    HEAD_TITLES,
    KIND_WORDS,
    MONTHS_DAYS,
    SURNAME_FIRST,
    TITLE_WORDS,
)
from bot.packs import normalise
from bot.stopwords import STOPWORDS_EN_PLUS

_TITLE = r"[A-Z][a-z]+(?:’[A-Z][a-z]+|'[A-Z][a-z]+)?(?:-[A-Za-z]+)*"
_ACRONYM = r"(?:[A-Z]\.){2,}|[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?(?![a-z])|[A-Z][0-9]+"
_TOKEN = rf"(?:{_ACRONYM}|{_TITLE}|Türkiye)"
_CONNECT = r"(?:of the|of|for|de|von|van|bin|al)"
_NUMBERED = r"(?:Article|Section|Chapter|Resolution|Title|Phase|Clause)\s+\d+"
SEQUENCE = re.compile(
    rf"(?<![\w’'-])(?:{_NUMBERED}|{_TOKEN})(?:\s+(?:{_CONNECT}\s+)?(?:{_NUMBERED}|{_TOKEN})|\s+of\s+\d+\b)*"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;—–]\s+|[.!?]\s*[”\"’']\s+|^[“\"‘(]|[.!?:]\s+[“\"‘(])$")


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(STOPWORDS_EN_PLUS) | COMMON


@dataclass
class Candidate:
    """One actor the draft proposes."""

    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    office: str | None = None
    state: str | None = None  # for a capital: the state it stands for
    paragraphs: list[int] = field(default_factory=list)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class _Found:
    text: str
    paragraph: int
    start: int
    at_sentence_start: bool
    possessive: bool


def _is_acronym(token: str) -> bool:
    return bool(re.fullmatch(_ACRONYM, token))


def _tokens(name: str) -> list[str]:
    return name.split()


def _is_place(tokens: list[str]) -> bool:
    return any(
        places.state_of(" ".join(tokens[:k])) or places.capital_of(" ".join(tokens[:k])) for k in (2, 3)
    )


def _split_leading(tokens: list[str]) -> list[str]:
    while (
        tokens
        and (tokens[0].casefold() in _stopwords() or tokens[0] in MONTHS_DAYS)
        and not _is_place(tokens)
    ):
        tokens = tokens[1:]
    while tokens and (re.fullmatch(_CONNECT, tokens[-1]) or tokens[-1] in MONTHS_DAYS):
        tokens = tokens[:-1]
    return tokens


def scan(paragraphs: list[str]) -> list[_Found]:
    """Every run of capitalised words in the text, with where it is."""
    found: list[_Found] = []
    for number, text in enumerate(paragraphs, start=1):
        for match in SEQUENCE.finditer(text):
            at_start = bool(_SENTENCE_START.search(text[: match.start()]))
            # A word that opens a sentence ends the run before it ("the U.S. Until two decades ago").
            pieces: list[list[str]] = [[]]
            for i, token in enumerate(match.group(0).split()):
                joins = re.fullmatch(_CONNECT, token) or (token == "the" and pieces[-1][-1:] == ["of"])
                if i and token.casefold() in _stopwords() and not joins:
                    pieces.append([])
                pieces[-1].append(token)
            offset = match.start()
            for index, tokens in enumerate(pieces):
                first = at_start if index == 0 else True
                stripped = _split_leading(tokens)
                if len(stripped) != len(tokens):
                    first = False
                run = " ".join(stripped)
                start = text.find(run, offset) if run else offset
                offset = start + len(run)
                if not stripped or (len(stripped) == 1 and re.search(r"-[a-z]", run)):
                    continue
                after = text[offset : offset + 2]
                found.append(_Found(run, number, start, first, after in ("’s", "'s")))
    return found


def _initials_match(acronym: str, words: list[str]) -> bool:
    """Whether ``acronym`` abbreviates ``words`` (each significant word gives its first letter,
    and may give more of its letters in order: SEATO, Southeast Asia Treaty Organization)."""
    letters = re.sub(
        r"[^A-Za-z0-9]",
        "",
        acronym.rstrip("s") if acronym.endswith("s") and acronym[:-1].isupper() else acronym,
    ).upper()
    significant = [w for w in words if not re.fullmatch(_CONNECT, w) and w.lower() not in ("and", "the", "&")]
    if not letters or len(significant) < 2:
        return False

    @cache
    def go(i: int, j: int, k: int) -> bool:
        # i: next acronym letter; j: current word; k: letters of word j used so far (0 = not started)
        if i == len(letters):
            return (j == len(significant) - 1 and k > 0) or j == len(significant)
        if j >= len(significant):
            return False
        word = significant[j].upper()
        if k == 0:
            return word[0] == letters[i] and go(i + 1, j, 1)
        # continue inside the word, or start the next one
        rest = word[k:]
        pos = rest.find(letters[i])
        inside = pos >= 0 and go(i + 1, j, k + pos + 1)
        return inside or go(i, j + 1, 0)

    return go(0, 0, 0)


def _kind_of(tokens: list[str]) -> str | None:
    for token in reversed(tokens):
        for kind, words in KIND_WORDS.items():
            if token in words:
                return kind
    return None


def _person_split(tokens: list[str]) -> tuple[str | None, list[str]] | None:
    """(office, name) when the run is a title and a name, or a bare two- or three-word name."""
    last_title = max((i for i, t in enumerate(tokens) if t in TITLE_WORDS), default=-1)
    if last_title >= 0 and any(t in HEAD_TITLES for t in tokens[: last_title + 1]):
        name = tokens[last_title + 1 :]
        if 1 <= len(name) <= 3 and all(re.fullmatch(_TITLE, t) for t in name):
            return " ".join(tokens[: last_title + 1]), name
        return None
    if 2 <= len(tokens) <= 3 and all(re.fullmatch(_TITLE, t) and "-" not in t for t in tokens):
        if any(
            t in GEO_WORDS
            or t in ADJECTIVES
            or t in TITLE_WORDS
            or places.state_of(t)
            or places.capital_of(t)
            or places.demonym_of(t)
            or t.casefold() in _stopwords()
            or t in MONTHS_DAYS
            for t in tokens
        ) or _kind_of(tokens):
            return None
        return None, tokens
    return None


def _person_of(run: str) -> list[str]:
    """'Jonas Berg of the Stockholm ... Institute' is a person and a body, not one name."""
    match = re.search(rf"\s+{_CONNECT}\s+", run)
    if match is None:
        return [run]
    left, right = run[: match.start()].split(), run[match.end() :].split()
    person = _person_split(left)
    if person is not None and person[0] is None and _kind_of(right):
        return [" ".join(left), " ".join(right)]
    return [run]


def _slug_key(name: str) -> str:
    return re.sub(r"^the ", "", normalise(name))


class _Registry:
    def __init__(self) -> None:
        self.actors: list[Candidate] = []
        self.by_key: dict[str, Candidate] = {}

    def get(self, name: str) -> Candidate | None:
        return self.by_key.get(_slug_key(name))

    def add(self, name: str, kind: str, *, office: str | None = None, state: str | None = None) -> Candidate:
        found = self.get(name)
        if found is not None:
            return found
        actor = Candidate(name=name, kind=kind, office=office, state=state)
        self.actors.append(actor)
        self.by_key[_slug_key(name)] = actor
        return actor

    def alias(self, actor: Candidate, alias: str) -> None:
        key = _slug_key(alias)
        if not key or key in self.by_key:
            return
        actor.aliases.append(alias)
        self.by_key[key] = actor


def _state(registry: _Registry, usual: str) -> Candidate:
    actor = registry.add(usual, "state")
    for demonym in places.demonyms_by_state().get(usual, []):
        registry.alias(actor, demonym)
    return actor


def _split_states(run: str) -> list[str] | None:
    """'Japan-France' names two states; None when the run is not such a pair."""
    parts = run.split("-")
    if len(parts) > 1 and all(places.state_of(p) for p in parts):
        return [places.state_of(p) or p for p in parts]
    return None


def propose(paragraphs: list[str]) -> list[Candidate]:
    """The actors a text names, each with every paragraph that names it (by name or alias)."""
    found = scan(paragraphs)
    registry = _Registry()
    mid_sentence: set[str] = set()
    for f in found:
        if not f.at_sentence_start:
            mid_sentence.add(f.text)
    text = "\n".join(paragraphs)
    # Short forms the text spells out: "Long Name (ABC)", "the Long Name, or ABC," and
    # "the Quadrilateral Security Dialogue, or Quad,".
    spelled: dict[str, str] = {}
    for match in re.finditer(
        rf"((?:{_TOKEN})(?:\s+(?:{_CONNECT}\s+)?(?:{_TOKEN}|\d+))+)\s*(?:\(|,\s*(?:or\s+)?)"
        rf"({_ACRONYM}|[A-Z][a-z]{{2,}})[),]",
        text,
    ):
        long_tokens = _split_leading(match.group(1).split())
        short = match.group(2)
        clipped = bool(long_tokens) and short.islower() is False and short[1:].islower()
        if clipped and not (long_tokens[0].startswith(short) and long_tokens[0] != short):
            continue
        if clipped or _initials_match(short, long_tokens):
            spelled[
                match.group(2).rstrip("s")
                if match.group(2)[:-1].isupper() and match.group(2).endswith("s")
                else match.group(2)
            ] = " ".join(long_tokens)

    runs = list(dict.fromkeys(part for f in found for part in _person_of(f.text)))
    people: list[tuple[Candidate, list[str]]] = []
    pending_single: list[str] = []
    for run in runs:
        tokens = run.split()
        starts_only = run not in mid_sentence
        if run in spelled.values():
            continue  # added with its acronym below
        if (pair := _split_states(run)) is not None:
            for each in pair:
                _state(registry, each)
            continue
        if len(tokens) > 1 and (places.demonym_of(tokens[0]) or places.state_of(tokens[0])):
            # "British Defense Minister ...", "U.S. Trade Representative ...": the state is named.
            named = places.demonym_of(tokens[0]) or places.state_of(tokens[0]) or ""
            registry.alias(_state(registry, named), tokens[0])
        if (usual := places.state_of(run)) is not None:
            actor = _state(registry, usual)
            if run != usual:
                registry.alias(actor, run)
            continue
        if (state := places.capital_of(run)) is not None:
            registry.add(run, "capital", state=state)
            continue
        if (state := places.demonym_of(run) or places.demonym_of(run.removesuffix("s"))) is not None:
            _state(registry, state)
            continue
        if run in ADJECTIVES or (
            all(t in ADJECTIVES or t in GEO_WORDS for t in tokens) and tokens[-1] in ADJECTIVES
        ):
            continue
        person = _person_split(tokens)
        if person is not None and not (starts_only and len(tokens) == 1):
            office, name = person
            if office:
                # Strip a leading state or demonym from the office only for the alias.
                actor = registry.get(" ".join(name)) or registry.add(" ".join(name), "person", office=office)
                actor.office = actor.office or office
                registry.alias(actor, run)
            else:
                actor = registry.add(" ".join(name), "person")
            people.append((actor, name))
            continue
        if len(tokens) == 1 and not _is_acronym(run):
            if run not in spelled:
                pending_single.append(run)
            continue
        if _is_acronym(run) and len(tokens) == 1:
            continue  # acronyms are matched to their long names below
        kind = _kind_of(tokens) or "concept"  # a region, an idea, or a name the lists do not know
        if starts_only and len(tokens) == 1:
            continue
        registry.add(run, kind)

    # Surnames: "Kishida" is Fumio Kishida; "Xi" is Xi Jinping.
    for actor, name in people:
        registry.alias(actor, name[0] if len(name) > 1 and name[0] in SURNAME_FIRST else name[-1])
    for run in pending_single:
        if registry.get(run) is not None:
            continue
        if (
            run not in mid_sentence
            or run.casefold() in _stopwords()
            or run in MONTHS_DAYS
            or run in ADJECTIVES
        ):
            continue
        registry.add(run, "concept")

    # Acronyms: joined to the long name they abbreviate, else actors of their own.
    acronyms = list(
        dict.fromkeys(
            (f.text.rstrip("s") if f.text.endswith("s") and f.text[:-1].isupper() else f.text)
            for f in found
            if len(f.text.split()) == 1 and _is_acronym(f.text)
        )
    )
    long_names = [a for a in registry.actors if len(a.name.split()) >= 2 and a.kind != "person"]
    for acronym in [*spelled, *acronyms]:
        if registry.get(acronym) is not None:
            continue
        if (usual := places.state_of(acronym)) is not None:
            registry.alias(_state(registry, usual), acronym)
            continue
        long_name = spelled.get(acronym)
        target = registry.get(long_name) if long_name else None
        if long_name and target is None:
            target = registry.add(long_name, _kind_of(long_name.split()) or "organisation")
        if target is None:
            target = next((a for a in long_names if _initials_match(acronym, a.name.split())), None)
        if target is not None:
            registry.alias(target, acronym)
            continue
        registry.add(acronym, "grouping" if re.search(r"\d", acronym) else "organisation")

    # Possessives: "NATO's", "Kishida's".
    for f in found:
        if f.possessive and (owner := registry.get(f.text)) is not None:
            registry.alias(owner, f"{f.text}'s")

    folded = [normalise(p) for p in paragraphs]
    kept: list[Candidate] = []
    for actor in registry.actors:
        pattern = name_pattern(actor.names())
        actor.paragraphs = [n for n, p in enumerate(folded, start=1) if pattern and pattern.search(p)]
        if actor.paragraphs:
            kept.append(actor)
    return kept
