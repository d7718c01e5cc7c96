"""``pack draft``: a text file in, a pack folder out that validates and is marked for review.

Everything the draft knows comes from the text: the paragraphs, the actors it names (with every
paragraph that names them), and its quotations (verbatim, with their paragraph and speaker). The
prose a facilitator writes in their own words (summaries, profiles, motions) is left as a
``[draft]`` note saying what to write; ``pack check`` lists the notes left to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.pack_draft.names import Candidate, propose
from bot.pack_draft.quotes import Quotation, extract
from bot.pack_draft.text import split_paragraphs, strip_footer
from bot.packs import PACK_FILES, normalise

KEPT_TEXT_FILE = "article.local.txt"
DRAFT = "[draft]"
MAX_MOTIONS = 12
# Sentences that argue rather than report: the draft proposes a motion from their paragraph.
_ARGUES = re.compile(
    r"\b(?:should|must|ought|need to|needs to|makes? sense|better|worse|more important|less important"
    r"|mistake|right to|wrong to|cannot|can't|will always|never)\b",
    re.IGNORECASE,
)


class DraftError(Exception):
    """The draft cannot be written (an existing pack, an empty text)."""


@dataclass
class Draft:
    paragraphs: list[str]
    left_out: list[str]
    files: dict[str, Any]
    actors: list[Candidate] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)


def cite(numbers: list[int]) -> str:
    return ", ".join(f"¶{n}" for n in numbers[:8]) + (" …" if len(numbers) > 8 else "")


def slugify(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")[:56] or "actor"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _author(actors: list[Candidate], author: str | None) -> Candidate:
    name = author or "The author"
    key = normalise(name)
    for actor in actors:
        if normalise(actor.name) == key:
            return actor
    actor = Candidate(name=name, kind="person", aliases=["the author"] if author else [], paragraphs=[])
    actors.append(actor)
    return actor


def draft_pack(
    raw_text: str,
    pack_id: str,
    *,
    title: str | None = None,
    author: str | None = None,
    publication: str | None = None,
    published: str | None = None,
    keep_footer: bool = False,
) -> Draft:
    everything = split_paragraphs(raw_text)
    paragraphs, left_out = (everything, []) if keep_footer else strip_footer(everything)
    if not paragraphs:
        raise DraftError("the text has no paragraphs")
    actors = propose(paragraphs)
    narrator = _author(actors, author)
    if author and "the author" not in {normalise(a) for a in narrator.aliases}:
        narrator.aliases.append("the author")
    quotations = extract(paragraphs, actors)
    taken: set[str] = set()
    slugs = {id(a): slugify(a.name, taken) for a in actors}
    by_state = {a.name: a for a in actors if a.kind == "state"}

    actor_entries = []
    for actor in actors:
        said = [q for q in quotations if (q.speaker or narrator) is actor]
        # The paragraphs that name the actor (a quotation after "he continued" cites its own ¶).
        paragraphs_of = actor.paragraphs or sorted({q.paragraph for q in said}) or [1]
        entry: dict[str, Any] = {
            "id": slugs[id(actor)],
            "name": actor.name,
            "kind": actor.kind,
            "aliases": actor.aliases,
        }
        if actor.office:
            entry["office"] = actor.office
        entry["profile"] = (
            f"{DRAFT} Say who or what {actor.name} is in the text, in your own words ({cite(paragraphs_of)})."
        )
        entry["paragraphs"] = paragraphs_of
        entry["quotes"] = [
            {"text": q.text, "paragraph": q.paragraph}
            | ({} if q.speaker else {"context": f"{DRAFT} a term the text puts in quotation marks: whose?"})
            for q in said
        ]
        state = by_state.get(actor.state or "")
        if actor.kind == "capital" and state is not None:
            entry["related"] = [
                {"actor": slugs[id(state)], "relation": "capital of", "paragraphs": actor.paragraphs or [1]}
            ]
        actor_entries.append(entry)

    paragraph_entries = [
        {
            "number": n,
            "summary": f"{DRAFT} Summarise ¶{n} in your own words.",
            "facts": [],
            "actors": [slugs[id(a)] for a in actors if n in a.paragraphs and a is not narrator],
        }
        for n in range(1, len(paragraphs) + 1)
    ]
    arguing = [n for n, text in enumerate(paragraphs, start=1) if _ARGUES.search(text)][:MAX_MOTIONS] or [1]
    motions = [
        {
            "number": i,
            "title": f"{DRAFT} A proposition from ¶{n} that people can argue either way",
            "context": f"{DRAFT} Say what ¶{n} argues and what could be said against it, in your own words.",
            "paragraphs": [n],
            "for": [
                {"text": f"{DRAFT} An argument ¶{n} gives for it, in your own words.", "paragraphs": [n]}
            ],
            "against": [
                {"text": f"{DRAFT} An argument ¶{n} gives against it, in your own words.", "paragraphs": [n]}
            ],
        }
        for i, n in enumerate(arguing, start=1)
    ]
    source: dict[str, Any] = {
        "author": author or "The author",
        "publication": publication or f"{DRAFT} where the text was published",
    }
    if published:
        source["published"] = published
    meta = {
        "id": pack_id,
        "title": title or f"{DRAFT} the text's title",
        "summary": f"{DRAFT} Say in two or three sentences what the text argues, in your own words.",
        "source": source,
        "paragraph_count": len(paragraphs),
    }
    files = {
        "pack.yaml": meta,
        "paragraphs.yaml": paragraph_entries,
        "actors.yaml": actor_entries,
        "motions.yaml": motions,
    }
    return Draft(paragraphs, left_out, files, actors, quotations)


HEADERS = {
    "pack.yaml": "# Drafted by `python -m bot pack draft`: replace each [draft] note, then run `pack check`.",
    "paragraphs.yaml": "# One entry per paragraph of the text; summaries and facts in your own words.",
    "actors.yaml": (
        "# Everyone and everything the text names, with every paragraph that names them. The kinds are\n"
        "# guesses: correct them. Quotes are verbatim from the cited paragraph; check each speaker."
    ),
    "motions.yaml": "# Debatable propositions: write each so that people can argue either side.",
}


class _Dumper(yaml.SafeDumper):
    """Lists of numbers on one line (``paragraphs: [1, 5, 8]``), as hand-written packs have them,
    and no YAML anchors: a facilitator edits each field on its own."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _numbers(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = bool(data) and all(isinstance(item, int) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _numbers)


def write_draft(draft: Draft, folder: Path, *, force: bool = False, keep_text: bool = False) -> Path:
    folder = Path(folder)
    existing = [f for f in (*PACK_FILES, KEPT_TEXT_FILE) if (folder / f).exists()]
    if existing and not force:
        raise DraftError(
            f"{folder} already holds a pack ({', '.join(existing)}); give --force to overwrite it, "
            "or --out to write elsewhere"
        )
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in draft.files.items():
        body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        (folder / name).write_text(f"{HEADERS[name]}\n{body}", encoding="utf-8")
    if keep_text:
        (folder / KEPT_TEXT_FILE).write_text("\n".join(draft.paragraphs) + "\n", encoding="utf-8")
    return folder
