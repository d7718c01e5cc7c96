"""Finding actors by the names people type: exact names, aliases and capitals, then typos.

Resolution runs on the active pack's in-memory index (``bot.services.pack_index``):

1. exact: the query, normalised (case, accents, punctuation; ``bot.packs.normalise``), equals a
   name, an alias or an office, with or without spaces ("U.S." = "us", "G-7" = "g7") or a
   leading "the";
2. fuzzy (rapidfuzz): every key is scored 0-100 by whole-string similarity (typos), word order,
   and prefixes (what autocomplete sees while someone is typing). A single clear winner
   resolves; several close ones make a "did you mean"; nothing close enough is "not found",
   with the nearest names offered as suggestions only.

Nothing here invents anything: every answer is an actor of the pack, or none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from bot.errors import NotFound
from bot.packs import ACTOR_KINDS, Actor, normalise
from bot.services.pack_index import PackIndex

# A fuzzy match at least this good resolves on its own...
RESOLVE_SCORE = 85.0
# ...when the next actor scores at least this much lower; otherwise we ask "did you mean".
CLEAR_MARGIN = 8.0
# A weaker match also resolves when nothing else comes near it ("Tokio": only Tokyo is close).
LONE_SCORE = 78.0
LONE_MARGIN = 15.0
# Candidates offered in a "did you mean" are within this much of the best.
CANDIDATE_SPREAD = 12.0
# Below this nothing is offered as a candidate (only as a "nearest names" suggestion).
CANDIDATE_SCORE = 70.0
MAX_CANDIDATES = 5
SUGGESTIONS = 3

_QUESTION = re.compile(
    r"^(?:(?:who|what)\s*(?:is|are|was|were|s)\b|tell me about|show me|who s|what s)\s+", re.IGNORECASE
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")

Status = Literal["exact", "fuzzy", "ambiguous", "none"]


@dataclass(frozen=True)
class Resolution:
    """What a typed name resolves to. ``candidates``: "did you mean" choices, or nearest names."""

    query: str
    status: Status
    actor: Actor | None = None
    candidates: tuple[Actor, ...] = ()
    score: float = 0.0


@dataclass(frozen=True)
class NameIndex:
    """Normalised keys (names, aliases, offices) -> the actors they name."""

    keys: tuple[str, ...]
    owners: tuple[str, ...]
    compact: dict[str, str]  # key without spaces -> actor slug, only when unambiguous
    exact: dict[str, str]  # key -> actor slug


def clean_query(text: str) -> str:
    """The name part of what someone typed: 'Who is Kishida?' -> 'kishida'."""
    key = normalise(text)
    key = _QUESTION.sub("", key).strip()
    return key


def _build_names(index: PackIndex) -> NameIndex:
    keys: list[str] = []
    owners: list[str] = []
    exact: dict[str, str] = {}
    compact_owners: dict[str, set[str]] = {}
    for actor in index.actors.values():
        names = [actor.name, *actor.aliases, actor.id.replace("-", " ")]
        if actor.office:
            names.append(actor.office)
        for name in names:
            key = normalise(name)
            if not key:
                continue
            for variant in {key, _ARTICLE.sub("", key)}:
                if (variant, actor.id) in zip(keys, owners, strict=True):
                    continue
                keys.append(variant)
                owners.append(actor.id)
                exact.setdefault(variant, actor.id)
                compact_owners.setdefault(variant.replace(" ", ""), set()).add(actor.id)
    compact = {k: next(iter(v)) for k, v in compact_owners.items() if len(v) == 1}
    return NameIndex(tuple(keys), tuple(owners), compact, exact)


def names(index: PackIndex) -> NameIndex:
    return index.derived("names", _build_names)


def _score(query: str, key: str) -> float:
    """How well ``key`` matches what was typed, 0-100."""
    score = max(fuzz.ratio(query, key), fuzz.token_sort_ratio(query, key))
    if " " in query or " " in key:
        score = max(score, fuzz.ratio(query.replace(" ", ""), key.replace(" ", "")))
    if len(query) >= 3:
        if key.startswith(query):
            score = max(score, 90.0)
        elif any(word.startswith(query) for word in key.split()):
            score = max(score, 86.0)
        else:
            words = query.split()
            key_words = set(key.split())
            if len(words) > 1 and all(w in key_words for w in words):
                score = max(score, 86.0)
    # Ties (two keys both start with "tok") go to the closer whole string: Tokyo before Tokyo office.
    return float(score) + fuzz.ratio(query, key) / 1000.0


def scored_actors(index: PackIndex, query: str) -> list[tuple[float, Actor]]:
    """Every actor with its best key's score, best first (ties keep the pack's order)."""
    table = names(index)
    best: dict[str, float] = {}
    for key, owner in zip(table.keys, table.owners, strict=True):
        s = _score(query, key)
        if s > best.get(owner, -1.0):
            best[owner] = s
    order = {slug: i for i, slug in enumerate(index.actors)}
    ranked = sorted(best.items(), key=lambda item: (-item[1], order[item[0]]))
    return [(score, index.actors[slug]) for slug, score in ranked]


def named_exactly(index: PackIndex, query: str) -> Actor | None:
    """The actor whose name or alias ``query`` (as ``clean_query`` leaves it) is, with or
    without a leading article; no fuzzy match."""
    table = names(index)
    for variant in (query, _ARTICLE.sub("", query)):
        slug = table.exact.get(variant) or table.compact.get(variant.replace(" ", ""))
        if slug:
            return index.actors[slug]
    return None


def resolve(index: PackIndex, text: str) -> Resolution:
    """Resolve what someone typed to one actor, a few candidates, or nothing."""
    query = clean_query(text)
    if not query:
        return Resolution(text, "none", candidates=())
    found = named_exactly(index, query)
    if found is not None:
        return Resolution(text, "exact", actor=found, score=100.0)
    ranked = scored_actors(index, query)
    if not ranked:
        return Resolution(text, "none")
    top_score, top = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    margin = top_score - runner_up
    if (top_score >= RESOLVE_SCORE and margin >= CLEAR_MARGIN) or (
        top_score >= LONE_SCORE and margin >= LONE_MARGIN
    ):
        return Resolution(text, "fuzzy", actor=top, score=top_score)
    if top_score >= CANDIDATE_SCORE:
        close = tuple(
            actor
            for score, actor in ranked[:MAX_CANDIDATES]
            if score >= max(CANDIDATE_SCORE, top_score - CANDIDATE_SPREAD)
        )
        return Resolution(text, "ambiguous", candidates=close, score=top_score)
    return Resolution(
        text, "none", candidates=tuple(actor for _, actor in ranked[:SUGGESTIONS]), score=top_score
    )


def autocomplete(index: PackIndex, text: str, limit: int = 25) -> list[Actor]:
    """The best ``limit`` actors for what has been typed so far (all, in pack order, when empty)."""
    query = clean_query(text)
    if not query:
        return sorted(index.actors.values(), key=lambda a: normalise(a.name))[:limit]
    exact = named_exactly(index, query)
    ranked = [actor for score, actor in scored_actors(index, query) if score >= 50.0]
    if exact is not None:
        ranked = [exact, *(a for a in ranked if a.id != exact.id)]
    return ranked[:limit]


def by_kind(index: PackIndex, kind: str | None = None) -> dict[str, list[Actor]]:
    """Actors grouped by kind, kinds in the format's order, names sorted within each kind."""
    groups: dict[str, list[Actor]] = {}
    for wanted in ACTOR_KINDS:
        if kind is not None and wanted != kind:
            continue
        members = sorted(
            (a for a in index.actors.values() if a.kind == wanted), key=lambda a: normalise(a.name)
        )
        if members:
            groups[wanted] = members
    return groups


def check_paragraph(index: PackIndex, number: int) -> None:
    """Raises NotFound unless the pack has paragraph ``number``."""
    if number not in index.paragraphs:
        raise NotFound(f"“{index.title}” has paragraphs 1 to {index.paragraph_count}; there is no ¶{number}.")
