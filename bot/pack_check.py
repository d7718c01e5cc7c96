"""``pack check``: a content pack read against its text, for any pack.

On top of loading (bot.packs.load_pack), it checks what only the text can tell:

- every quotation is word for word in the paragraph it cites (a quotation found in another
  paragraph is reported as a wrong ¶);
- every phrase our prose puts in quotation marks is in the paragraphs that prose cites;
- no text field anywhere in the pack (walked generically, so new fields are covered) shares a
  run of ``COPY_RUN`` words with the text outside quotation marks;
- every actor's paragraphs, and every actor a paragraph lists, really name it (by name or alias);
- no field is still a draft (``[draft]`` at its start, as ``pack draft`` writes them).

The text is ``--against ARTICLE.txt`` or, when that is not given, the copy ``pack draft
--keep-text`` kept beside the pack. Each problem is one line naming the file and the field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.pack_draft.text import clean, name_pattern, read_article, words
from bot.packs import PACK_FILES, PackError, load_pack, normalise
from bot.text import plural

COPY_RUN = 12
KEPT_TEXT_FILE = "article.local.txt"
DRAFT_MARK = re.compile(r"^\s*\[draft(?::\s*(?P<how>[^\]]*))?\]", re.IGNORECASE)

# Quoted spans in our prose: “double”, "straight double", and 'single' (not apostrophes).
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|(?<![\w])['‘]([^'‘’]+?)[.,]?['’](?![\w])")

KIND_ADVICE = {
    "load": "the pack does not load: fix these first",
    "text": "the text and the pack disagree on the paragraphs",
    "quotation": "a quotation that is not word for word in its paragraph",
    "wrong-paragraph": "a quotation cited at the wrong ¶",
    "phrase": "a quoted phrase not in the paragraphs it cites",
    "copy": "prose copied from the text (rewrite it in your own words)",
    "not-named": "an actor cited in a paragraph that does not name it (fix the ¶ or add an alias)",
    "draft": "a draft left to write",
}


@dataclass(frozen=True)
class Problem:
    kind: str
    file: str
    field: str
    message: str

    def line(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Report:
    folder: Path
    problems: tuple[Problem, ...]
    against: str | None  # what the pack was read against, or None when there was no text
    fields: int  # how many text fields were read

    @property
    def ok(self) -> bool:
        return not self.problems

    def of_kind(self, kind: str) -> list[Problem]:
        return [p for p in self.problems if p.kind == kind]

    def summary(self) -> str:
        name = self.folder.name
        where = (
            f"read against {self.against}"
            if self.against
            else (
                "not read against any text (give --against ARTICLE.txt, or keep one: pack draft --keep-text)"
            )
        )
        if self.ok:
            return f"{name}: OK: {plural(self.fields, 'text field')} {where}."
        counts = Counter(p.kind for p in self.problems)
        parts = [f"{counts[kind]} × {advice}" for kind, advice in KIND_ADVICE.items() if counts[kind]]
        return (
            f"{name}: {plural(len(self.problems), 'problem')} ({where}):\n  "
            + "\n  ".join(parts)
            + "\nFix them in the files named above, then run pack check again."
        )


@dataclass(frozen=True)
class _Field:
    file: str
    where: str
    text: str
    paragraphs: tuple[int, ...]  # the paragraphs the field cites (its own or its parent's)
    verbatim: bool  # a quotation's own text: copied on purpose


def _label(item: object, index: int, file: str) -> str:
    if isinstance(item, dict):
        for key in ("id", "number"):
            if key in item:
                return f"[{item[key]}]"
    return f"[{index}]"


def _cited(node: dict[str, object], file: str, top: bool) -> tuple[int, ...] | None:
    found = node.get("paragraphs")
    if isinstance(found, list) and all(isinstance(n, int) for n in found):
        return tuple(found)
    single = node.get("paragraph")
    if isinstance(single, int):
        return (single,)
    number = node.get("number")
    if top and file == "paragraphs.yaml" and isinstance(number, int):
        return (number,)
    return None


def _walk(
    node: object, file: str, where: str, cited: tuple[int, ...], top: bool, in_quotes: bool
) -> Iterator[_Field]:
    if isinstance(node, str):
        yield _Field(file, where or "(top)", node, cited, verbatim=in_quotes and where.endswith(".text"))
    elif isinstance(node, dict):
        here = _cited(node, file, top) or cited
        for key, value in node.items():
            yield from _walk(value, file, f"{where}.{key}" if where else str(key), here, False, in_quotes)
    elif isinstance(node, list):
        quotes = where.endswith("quotes")
        for i, item in enumerate(node):
            label = _label(item, i, file) if (top or quotes or isinstance(item, dict)) else f"[{i}]"
            yield from _walk(item, file, f"{where}{label}", cited, top and not where, in_quotes or quotes)


def _read(folder: Path) -> dict[str, object]:
    raw: dict[str, object] = {}
    for file in PACK_FILES:
        path = folder / file
        if path.is_file():
            try:
                raw[file] = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError:
                raw[file] = None  # load_pack names the line
    return raw


def fields(raw: dict[str, object]) -> list[_Field]:
    """Every string in the pack's files, with where it is and the paragraphs it cites."""
    found: list[_Field] = []
    for file, data in raw.items():
        found.extend(_walk(data, file, "", (), True, False))
    return found


def _runs(tokens: list[str], size: int = COPY_RUN) -> Iterator[tuple[str, ...]]:
    for i in range(len(tokens) - size + 1):
        yield tuple(tokens[i : i + size])


def unquoted(text: str) -> str:
    return _QUOTED.sub(" … ", text)


def quoted_phrases(text: str) -> list[str]:
    spans = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]
    return [s.strip() for s in spans if len(s.split()) >= 2]


def copied_run(text: str, column: set[tuple[str, ...]]) -> str | None:
    """The first run of COPY_RUN words ``text`` shares with the text outside its quotation marks."""
    return next((" ".join(run) for run in _runs(words(unquoted(text))) if run in column), None)


def column_runs(article: list[str]) -> set[tuple[str, ...]]:
    return {run for paragraph in article for run in _runs(words(paragraph))}


def _check_text(raw: dict[str, object], article: list[str], problems: list[Problem]) -> None:
    keyed = {n: clean(p) for n, p in enumerate(article, start=1)}
    folded = {n: normalise(p) for n, p in enumerate(article, start=1)}
    meta = raw.get("pack.yaml")
    if isinstance(meta, dict) and isinstance(meta.get("paragraph_count"), int):
        if meta["paragraph_count"] != len(article):
            problems.append(
                Problem(
                    "text",
                    "pack.yaml",
                    "paragraph_count",
                    f"the pack has {meta['paragraph_count']} paragraphs, the text {len(article)}",
                )
            )
    column = column_runs(article)
    for f in fields(raw):
        if f.verbatim:
            continue
        run = copied_run(f.text, column)
        if run:
            problems.append(
                Problem("copy", f.file, f.where, f"shares {COPY_RUN} words with the text: “{run}”")
            )
        for phrase in quoted_phrases(f.text):
            within = f.paragraphs or tuple(keyed)
            if not any(clean(phrase) in keyed.get(n, "") for n in within):
                cites = ", ".join(f"¶{n}" for n in within) if f.paragraphs else "the text"
                problems.append(Problem("phrase", f.file, f.where, f"“{phrase}” is not in {cites}"))
    actors = raw.get("actors.yaml")
    actors = actors if isinstance(actors, list) else []
    author = ""
    if isinstance(meta, dict) and isinstance(meta.get("source"), dict):
        author = normalise(str(meta["source"].get("author", "")))
    patterns: dict[str, re.Pattern[str] | None] = {}
    for actor in actors:
        if not isinstance(actor, dict):
            continue
        slug = str(actor.get("id", ""))
        names = [str(n) for n in [actor.get("name", ""), *(actor.get("aliases") or [])] if n]
        narrator = bool(author) and normalise(str(actor.get("name", ""))) == author
        patterns[slug] = None if narrator else name_pattern(names)
        for i, quote in enumerate(actor.get("quotes") or []):
            if not isinstance(quote, dict) or not isinstance(quote.get("text"), str):
                continue
            n, said = quote.get("paragraph"), clean(quote["text"])
            if isinstance(n, int) and said in keyed.get(n, ""):
                continue
            elsewhere = [m for m, text in keyed.items() if said in text]
            where = f"[{slug}].quotes[{i}]"
            if elsewhere:
                found = ", ".join(f"¶{m}" for m in elsewhere)
                problems.append(
                    Problem("wrong-paragraph", "actors.yaml", where, f"cites ¶{n}; the words are in {found}")
                )
            else:
                problems.append(
                    Problem(
                        "quotation", "actors.yaml", where, f"“{quote['text']}” is not word for word in ¶{n}"
                    )
                )

    def named_in(slug: str, n: int) -> bool:
        """The paragraph names the actor, or a group or body the pack relates it to there
        ("the four partners" in ¶6 names Japan through the AP4)."""
        pattern = patterns.get(slug)
        if pattern is None or n not in folded or pattern.search(folded[n]):
            return True
        for rel in related.get(slug, []):
            other = patterns.get(rel[0])
            if n in rel[1] and other is not None and other.search(folded[n]):
                return True
        return False

    related: dict[str, list[tuple[str, list[int]]]] = {}
    for actor in actors:
        if isinstance(actor, dict):
            related[str(actor.get("id", ""))] = [
                (str(r.get("actor")), [n for n in r.get("paragraphs") or [] if isinstance(n, int)])
                for r in actor.get("related") or []
                if isinstance(r, dict)
            ]
    for actor in actors:
        if not isinstance(actor, dict):
            continue
        slug = str(actor.get("id", ""))
        for n in actor.get("paragraphs") or []:
            if isinstance(n, int) and not named_in(slug, n):
                problems.append(
                    Problem(
                        "not-named",
                        "actors.yaml",
                        f"[{slug}].paragraphs",
                        f"¶{n} does not name {actor.get('name')}",
                    )
                )
    paragraphs = raw.get("paragraphs.yaml")
    for p in paragraphs if isinstance(paragraphs, list) else []:
        if not isinstance(p, dict) or not isinstance(p.get("number"), int):
            continue
        n = p["number"]
        for slug in p.get("actors") or []:
            if not named_in(str(slug), n):
                problems.append(
                    Problem("not-named", "paragraphs.yaml", f"[{n}].actors", f"¶{n} does not name {slug}")
                )


def _check_drafts(raw: dict[str, object], problems: list[Problem]) -> None:
    meta = raw.get("pack.yaml")
    source = meta.get("source") if isinstance(meta, dict) else None
    if not isinstance(source, dict) or not source.get("published"):
        problems.append(
            Problem(
                "draft",
                "pack.yaml",
                "source.published",
                "give the day the text appeared (YYYY-MM-DD): 'last month' and 'next month' count from it",
            )
        )
    for f in fields(raw):
        mark = DRAFT_MARK.match(f.text)
        if mark is None:
            continue
        if mark.group("how"):
            how = mark.group("how").strip()
            message = f"drafted by the assistant ({how}): check it against the text, then remove the mark"
        else:
            message = "still a draft: write it in your own words, then remove the mark"
        problems.append(Problem("draft", f.file, f.where, message))


def check_pack(folder: Path, against: Path | None = None) -> Report:
    """Check the pack in ``folder`` against the text at ``against`` (else its kept text, if any)."""
    folder = Path(folder)
    problems: list[Problem] = []
    try:
        load_pack(folder)
    except PackError as exc:
        for line in exc.problems:
            file, _, rest = line.partition(": ")
            field, _, message = rest.partition(": ")
            problems.append(Problem("load", file, field, message or rest))
    raw = _read(folder)
    text_path = against if against is not None else folder / KEPT_TEXT_FILE
    label: str | None = None
    if text_path.is_file():
        article = read_article(text_path)
        label = text_path.name if against is not None else f"the kept text ({KEPT_TEXT_FILE})"
        _check_text(raw, article, problems)
    _check_drafts(raw, problems)
    return Report(folder, tuple(problems), label, len(fields(raw)))
