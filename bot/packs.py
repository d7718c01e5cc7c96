"""Content packs: the format (pydantic models), loading and validation.

A pack is a folder under ``data/packs/`` holding ``pack.yaml`` (what the text is),
``paragraphs.yaml``, ``actors.yaml`` and ``motions.yaml``. Every statement carries
the paragraph numbers it rests on. Loading checks the files against these models and
cross-checks references (actor ids, paragraph numbers); every error names the file
and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ParagraphRefs = Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1)]

ActorKind = Literal[
    "state",
    "capital",
    "organisation",
    "grouping",
    "region",
    "person",
    "document",
    "programme",
    "event",
    "forum",
    "publication",
    "concept",
]
ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)

PACK_FILES = ("pack.yaml", "paragraphs.yaml", "actors.yaml", "motions.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where the text comes from: bibliographic metadata, not the text itself.

    Nothing here is knowledge the bot answers from (/who and /ask read only paragraphs and
    actors); it is shown where a pack is listed. ``published`` is the day the text appeared:
    relative times in the pack ("last month", "next month", "this year") count from it.
    """

    author: ShortText
    publication: ShortText
    # Optional only so that a fresh draft loads; `pack check` reports it missing as a draft.
    published: date | None = None
    url: ShortText | None = None

    @field_validator("published")
    @classmethod
    def _plausible_date(cls, value: date | None) -> date | None:
        if value is not None and not date(1800, 1, 1) <= value <= date(2200, 1, 1):
            raise ValueError("give the day the text appeared, as YYYY-MM-DD")
        return value


class PackMeta(_Strict):
    id: Slug
    title: ShortText
    summary: Text
    source: Source
    paragraph_count: Annotated[int, Field(ge=1, le=500)]


IndexTerm = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]{1,39}$")]
MAX_TERMS = 12


class Paragraph(_Strict):
    number: Annotated[int, Field(ge=1)]
    summary: Text
    facts: list[Text] = Field(default_factory=list)
    actors: list[Slug] = Field(default_factory=list)
    # Index words, as a book's index has them: single words the text itself uses for this
    # paragraph's ideas where the summary and facts paraphrase ("flowering", "compete"). /ask
    # searches them with the paragraph; they are never shown.
    terms: Annotated[list[IndexTerm], Field(max_length=MAX_TERMS)] = Field(default_factory=list)

    @field_validator("terms")
    @classmethod
    def _sorted_terms(cls, value: list[str]) -> list[str]:
        if value != sorted(set(value)):
            raise ValueError("list index terms once each, in alphabetical order")
        return value


class Claim(_Strict):
    """Something the text says an actor thinks or did, in our own words."""

    text: Text
    paragraphs: ParagraphRefs


class Quote(_Strict):
    """A short direct quotation of the actor's own words, as the text quotes them."""

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    paragraph: Annotated[int, Field(ge=1)]
    context: ShortText | None = None


class Relation(_Strict):
    actor: Slug
    relation: ShortText
    paragraphs: ParagraphRefs


class Actor(_Strict):
    id: Slug
    name: ShortText
    kind: ActorKind
    aliases: list[ShortText] = Field(default_factory=list)
    office: ShortText | None = None
    profile: Text
    paragraphs: ParagraphRefs
    position: Claim | None = None
    claims: list[Claim] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    related: list[Relation] = Field(default_factory=list)


class Ground(_Strict):
    """One argument the text offers a side of a motion, in our own words, with its ¶.

    ``actors`` lists only those the text itself puts behind this argument (often none: an
    argument can rest on facts the text gives without anyone in it making it).
    """

    text: Text
    paragraphs: ParagraphRefs
    actors: list[Slug] = Field(default_factory=list)


def _unique(slugs: list[str]) -> list[str]:
    return list(dict.fromkeys(slugs))


class Motion(_Strict):
    number: Annotated[int, Field(ge=1, le=9999)]
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=200)]
    context: Text
    paragraphs: ParagraphRefs
    # Every motion gives both cases: at least one ground for and one against.
    grounds_for: list[Ground] = Field(alias="for")
    grounds_against: list[Ground] = Field(alias="against")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("title")
    @classmethod
    def _no_trailing_question(cls, value: str) -> str:
        return value.rstrip()

    @field_validator("grounds_for", "grounds_against", mode="before")
    @classmethod
    def _grounds_not_bare_ids(cls, value: object) -> object:
        if isinstance(value, list) and any(isinstance(item, str) for item in value):
            raise ValueError(
                "give each side's grounds as entries with text, paragraphs and (optional) actors, "
                "not bare actor ids"
            )
        return value

    @field_validator("grounds_for", "grounds_against")
    @classmethod
    def _at_least_one_ground(cls, value: list[Ground]) -> list[Ground]:
        if not value:
            raise ValueError("every motion needs at least one ground from the text on each side")
        return value

    @property
    def sides_for(self) -> list[str]:
        """The actors the text places behind the motion (from its grounds for)."""
        return _unique([slug for ground in self.grounds_for for slug in ground.actors])

    @property
    def sides_against(self) -> list[str]:
        return _unique([slug for ground in self.grounds_against for slug in ground.actors])


class Pack(_Strict):
    meta: PackMeta
    paragraphs: list[Paragraph]
    actors: list[Actor]
    motions: list[Motion]

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)


class PackError(Exception):
    """A pack that cannot be loaded; ``problems`` lists each as 'file: field: message'."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


@dataclass(frozen=True)
class _Section:
    file: str
    model: type[BaseModel]
    many: bool


_SECTIONS = {
    "meta": _Section("pack.yaml", PackMeta, many=False),
    "paragraphs": _Section("paragraphs.yaml", Paragraph, many=True),
    "actors": _Section("actors.yaml", Actor, many=True),
    "motions": _Section("motions.yaml", Motion, many=True),
}


def _loc(loc: tuple[int | str, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


# libyaml's loader when PyYAML was built with it (its wheels are): the pure-Python one spent about
# 0.3 s of every start reading the bundled pack (issue 19, docs/benchmarks.md "Start").
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(folder: Path, file: str, problems: list[str]) -> object:
    path = folder / file
    if not path.is_file():
        problems.append(f"{file}: missing file")
        return None
    try:
        raw = path.read_bytes()
        loaded = yaml.load(raw.decode("utf-8"), Loader=_SAFE_LOADER)
    except OSError as exc:
        problems.append(f"{file}: cannot be read ({exc.strerror or exc})")
        return None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = exc.object[exc.start]
        problems.append(f"{file}: not UTF-8 text (byte {byte:#04x} on line {line}): save it as UTF-8")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problems.append(f"{file}: not valid YAML{where}: {getattr(exc, 'problem', exc)}")
        return None
    if loaded is None:
        problems.append(f"{file}: the file is empty")
    return loaded


def _item_label(raw: object, index: int) -> str:
    if isinstance(raw, dict):
        for key in ("id", "number"):
            if key in raw:
                return f"[{index}] ({key}={raw[key]})"
    return f"[{index}]"


def load_pack(folder: Path) -> Pack:
    """Load and validate the pack in ``folder``; raise PackError naming every problem."""
    folder = Path(folder)
    problems: list[str] = []
    if not folder.is_dir():
        raise PackError(folder, [f"{folder}: not a folder holding {', '.join(PACK_FILES)}"])
    parsed: dict[str, object] = {}
    for key, section in _SECTIONS.items():
        raw = _read_yaml(folder, section.file, problems)
        if raw is None:
            continue
        if section.many:
            if not isinstance(raw, list):
                problems.append(f"{section.file}: (top): expected a list of entries")
                continue
            items = []
            for index, item in enumerate(raw):
                try:
                    items.append(section.model.model_validate(item))
                except ValidationError as exc:
                    label = _item_label(item, index)
                    for err in exc.errors():
                        problems.append(f"{section.file}: {label}{_loc(err['loc'])}: {err['msg']}")
            parsed[key] = items
        else:
            try:
                parsed[key] = section.model.model_validate(raw)
            except ValidationError as exc:
                for err in exc.errors():
                    problems.append(
                        f"{section.file}: {_loc(err['loc']).lstrip('.') or '(top)'}: {err['msg']}"
                    )
    if problems:
        raise PackError(folder, problems)
    pack = Pack.model_validate(parsed)
    problems.extend(cross_check(pack))
    if problems:
        raise PackError(folder, problems)
    return pack


def cross_check(pack: Pack) -> list[str]:
    """References that the per-file models cannot check: ids, numbers, duplicates."""
    problems: list[str] = []
    last = pack.meta.paragraph_count
    actor_ids = [a.id for a in pack.actors]
    known = set(actor_ids)

    def para(file: str, where: str, numbers: list[int]) -> None:
        for n in numbers:
            if n > last:
                problems.append(f"{file}: {where}: paragraph {n} does not exist (the text has {last})")

    def ref(file: str, where: str, slug: str) -> None:
        if slug not in known:
            problems.append(f"{file}: {where}: unknown actor id {slug!r}")

    for dup in sorted({i for i in actor_ids if actor_ids.count(i) > 1}):
        problems.append(f"actors.yaml: id: duplicate actor id {dup!r}")
    names: dict[str, str] = {}
    for actor in pack.actors:
        for name in (actor.name, *actor.aliases):
            key = normalise(name)
            if key in names and names[key] != actor.id:
                problems.append(f"actors.yaml: [{actor.id}].aliases: {name!r} also names {names[key]!r}")
            names.setdefault(key, actor.id)
    numbers = [p.number for p in pack.paragraphs]
    for number in sorted({n for n in numbers if numbers.count(n) > 1}):
        problems.append(f"paragraphs.yaml: number: duplicate paragraph {number}")
    for p in pack.paragraphs:
        para("paragraphs.yaml", f"[{p.number}].number", [p.number])
        for slug in p.actors:
            ref("paragraphs.yaml", f"[{p.number}].actors", slug)
    for actor in pack.actors:
        where = f"[{actor.id}]"
        para("actors.yaml", f"{where}.paragraphs", actor.paragraphs)
        if actor.position:
            para("actors.yaml", f"{where}.position.paragraphs", actor.position.paragraphs)
        for i, claim in enumerate(actor.claims):
            para("actors.yaml", f"{where}.claims[{i}].paragraphs", claim.paragraphs)
        for i, quote in enumerate(actor.quotes):
            para("actors.yaml", f"{where}.quotes[{i}].paragraph", [quote.paragraph])
        for i, rel in enumerate(actor.related):
            ref("actors.yaml", f"{where}.related[{i}].actor", rel.actor)
            para("actors.yaml", f"{where}.related[{i}].paragraphs", rel.paragraphs)
    motion_numbers = [m.number for m in pack.motions]
    for number in sorted({n for n in motion_numbers if motion_numbers.count(n) > 1}):
        problems.append(f"motions.yaml: number: duplicate motion {number}")
    for m in pack.motions:
        where = f"[{m.number}]"
        para("motions.yaml", f"{where}.paragraphs", m.paragraphs)
        for side, grounds in (("for", m.grounds_for), ("against", m.grounds_against)):
            for i, ground in enumerate(grounds):
                para("motions.yaml", f"{where}.{side}[{i}].paragraphs", ground.paragraphs)
                for slug in ground.actors:
                    ref("motions.yaml", f"{where}.{side}[{i}].actors", slug)
    return problems


_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key for names and aliases."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text
    return _SPACE.sub(" ", _PUNCT.sub(" ", folded.casefold())).strip()


def discover_packs(root: Path) -> list[Path]:
    """Pack folders under ``root`` in a stable order (by folder name)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "pack.yaml").is_file())
