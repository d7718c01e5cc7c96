"""Score /who and /ask on the question set (tests/questions.yaml) and print the figures.

    python -m tests.eval_questions                 # figures; the tuning set's misses
    python -m tests.eval_questions --verbose       # every tuning case
    python -m tests.eval_questions --show-heldout  # also list the held-out cases (not while tuning)

The /ask cases are split into a tuning set and a held-out set (``split:`` on each case). The
held-out set is scored but its cases are not listed unless asked, so a change to the ranking is
judged on questions it was not shaped by. The same ``evaluate`` backs
tests/unit/test_ask_quality.py, which enforces the thresholds on the held-out set.

When the column itself is at hand (../shared/seed/article.txt), the figures also show a plain
baseline: BM25 over the column's raw paragraphs, scored on whether its first paragraph is one
the answer is in (it cannot say "not covered", so it has no figure for that).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bm25s
import yaml

from bot.packs import load_pack
from bot.services import actors as actor_service
from bot.services import ask as ask_service
from bot.services.ask_index import Passage
from bot.services.pack_index import PackIndex, index_from_pack
from bot.settings import ROOT

QUESTIONS = Path(__file__).with_name("questions.yaml")
ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"
SPLITS = ("tune", "heldout")
# The tuning cases once held out (``was: heldout``, ``was: heldout-2``), each set also scored apart:
# the parts of the tuning set written as held-out sets, so the nearest thing to unseen questions
# among those tuned on.
WAS_HELDOUT = {
    "heldout": "tune, was held out",
    "heldout-2": "tune, was held out (2)",
    "heldout-3": "tune, was held out (3)",
    "heldout-4": "tune, was held out (4)",
    "heldout-5": "tune, was held out (5)",
    "heldout-6": "tune, was held out (6)",
    "heldout-7": "tune, was held out (7)",
    "synval": "tune, in students' own words",
}
WHO_TARGET = 0.95
ASK_TARGET = 0.95  # the first answer holds the fact
UNCOVERED_TARGET = 0.95  # unanswerable questions told so
MAX_CITED = 3
# Reached on the eighth held-out batch (written on 2026-12-02 before issue 17's round 7 changed
# the ranking) by round 6's ranking: 69/122 = 56.6%, 21 answerable told "not covered", 19/29 =
# 65.5% unanswerable told so; round 7's the same. (Each earlier round on the batch written for
# it: round 6 took the seventh from 61.2% to 63.6%, 16 to 12, 48.3% to 48.3%; round 5 the sixth
# from 65.6% to 67.9%, 10 to 7, 50.0% to 53.8%; round 4 the fifth from 65.7% to 70.6%, 10 to 6,
# 58.1% to 67.7%.) Floors against regressions while the targets above are not met; raise them as
# the figures improve.
HELDOUT_FLOOR = 0.56
HELDOUT_FALSE_UNCOVERED_CEILING = 21
HELDOUT_UNCOVERED_FLOOR = 0.65


@dataclass
class AskScore:
    """One split's /ask figures."""

    answerable: int = 0
    answered: int = 0  # the first passage holds the fact
    on_paragraph: int = 0  # the first passage cites a paragraph that holds the answer
    false_uncovered: int = 0  # answerable, yet told "not covered"
    unanswerable: int = 0
    told_uncovered: int = 0
    baseline_on_paragraph: int = 0
    baseline_cases: int = 0
    # Not in the repr: a failed assertion on a held-out figure must not print its cases.
    lines: list[str] = field(default_factory=list, repr=False)
    misses: list[str] = field(default_factory=list, repr=False)

    @property
    def rate(self) -> float:
        return self.answered / self.answerable if self.answerable else 0.0

    @property
    def uncovered_rate(self) -> float:
        return self.told_uncovered / self.unanswerable if self.unanswerable else 0.0

    def summary(self, name: str) -> list[str]:
        rows = [
            f"/ask [{name}] first answer holds the fact:  {self.answered}/{self.answerable} = {self.rate:.1%}"
            f" (target {ASK_TARGET:.0%})",
            f"/ask [{name}] first answer on a right ¶:    {self.on_paragraph}/{self.answerable}"
            f" = {self.on_paragraph / max(self.answerable, 1):.1%}",
            f"/ask [{name}] answerable told 'not covered': {self.false_uncovered} (target 0)",
            f"/ask [{name}] unanswerable told so:          {self.told_uncovered}/{self.unanswerable}"
            f" = {self.uncovered_rate:.1%} (target {UNCOVERED_TARGET:.0%})",
        ]
        if self.baseline_cases:
            rows.append(
                f"/ask [{name}] baseline, BM25 on raw ¶s, first ¶ right: {self.baseline_on_paragraph}/"
                f"{self.baseline_cases} = {self.baseline_on_paragraph / self.baseline_cases:.1%}"
            )
        return rows


@dataclass
class Report:
    who_total: int = 0
    who_ok: int = 0
    ask: dict[str, AskScore] = field(
        default_factory=lambda: {name: AskScore() for name in (*SPLITS, *WAS_HELDOUT.values())}
    )
    lines: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def who_rate(self) -> float:
        return self.who_ok / self.who_total if self.who_total else 0.0

    @property
    def heldout(self) -> AskScore:
        return self.ask["heldout"]

    @property
    def tune(self) -> AskScore:
        return self.ask["tune"]

    def summary(self) -> str:
        rows = [
            f"/who  resolved as expected: {self.who_ok}/{self.who_total} = {self.who_rate:.1%}"
            f" (target {WHO_TARGET:.0%})"
        ]
        for name in (*SPLITS, *WAS_HELDOUT.values()):
            rows += self.ask[name].summary(name)
        total = sum(self.ask[name].answerable + self.ask[name].unanswerable for name in SPLITS)
        rows.append(f"cases: {self.who_total} who, {total} ask")
        return "\n".join(rows)


def load_questions(path: Path = QUESTIONS) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def check_who(index: PackIndex, case: dict[str, Any]) -> tuple[bool, str]:
    result = actor_service.resolve(index, str(case["query"]))
    expected = case.get("actor")
    got = result.actor.id if result.actor else None
    offered = [a.id for a in result.candidates]
    detail = f"{result.status}: {got or offered}"
    if expected is None:
        return result.actor is None, detail
    if case.get("ambiguous"):
        return result.status == "ambiguous" and expected in offered, detail
    return got == expected, detail


def check_ask(index: PackIndex, case: dict[str, Any]) -> tuple[str, str]:
    """'ok', 'miss' (answered, but not with the fact first) or 'uncovered' (told 'not covered')."""
    answer = ask_service.ask(index, str(case["question"]))
    best = answer.best
    if case.get("covered", True) is False:
        if not answer.covered:
            return "ok", "not covered"
        return "miss", f"answered ¶{list(best.passage.paragraphs) if best else ''}"
    if not answer.covered or best is None:
        return "uncovered", "said not covered"
    top = best.passage
    detail = f"¶{list(top.paragraphs)} {top.kind}: {top.text[:90]} (cov {best.coverage:.2f})"
    if case.get("summary"):
        return ("ok" if top.kind == "overview" else "miss"), detail
    ok = on_paragraph(top, case)
    if not has_answer_words(top, case):
        return ("on-paragraph" if ok else "miss"), detail
    return ("ok" if ok else "miss"), detail


def on_paragraph(passage: Passage, case: dict[str, Any]) -> bool:
    """The passage cites a paragraph that holds the answer, and at most ``MAX_CITED`` in all."""
    cited = set(passage.paragraphs)
    return len(cited) <= MAX_CITED and bool(cited & set(case.get("paragraphs", [])))


def has_answer_words(passage: Passage, case: dict[str, Any]) -> bool:
    """The passage holds one of the case's answer words (any passage, when it lists none)."""
    wanted = [w.lower() for w in case.get("answer", [])]
    return not wanted or any(w in passage.text.lower() for w in wanted)


def holds_fact(passage: Passage, case: dict[str, Any]) -> bool:
    """As a first answer is judged "ok": the pack's summary for a question about the whole
    column, else on a right paragraph with an answer word."""
    if case.get("summary"):
        return passage.kind == "overview"
    return on_paragraph(passage, case) and has_answer_words(passage, case)


class RawBaseline:
    """BM25 over the column's raw paragraphs (bm25s defaults, English stopwords, no stemming)."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.retriever = bm25s.BM25()
        tokens = bm25s.tokenize(paragraphs, stopwords="en", show_progress=False)
        self.retriever.index(tokens, show_progress=False)
        self.count = len(paragraphs)

    def first(self, question: str) -> int:
        tokens = bm25s.tokenize([question], stopwords="en", show_progress=False)
        docs, _ = self.retriever.retrieve(tokens, k=1, show_progress=False)
        return int(docs[0][0]) + 1

    @classmethod
    def from_article(cls, count: int) -> RawBaseline | None:
        if not ARTICLE.is_file():
            return None
        lines = [line for line in ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()]
        return cls(lines[:count])


def evaluate(index: PackIndex, questions: dict[str, Any] | None = None, *, baseline: bool = False) -> Report:
    questions = questions or load_questions()
    report = Report()
    for case in questions.get("who", []):
        ok, detail = check_who(index, case)
        report.who_total += 1
        report.who_ok += ok
        line = f"{'ok ' if ok else 'MISS'} who {case['query']!r} -> expected {case.get('actor')}: {detail}"
        report.lines.append(line)
        if not ok:
            report.misses.append(line)
    raw = RawBaseline.from_article(index.paragraph_count) if baseline else None
    for case in questions.get("ask", []):
        verdict, detail = check_ask(index, case)
        scores = [report.ask[case.get("split", "tune")]]
        if case.get("was") in WAS_HELDOUT:
            scores.append(report.ask[WAS_HELDOUT[case["was"]]])
        for score in scores:
            _count(score, case, verdict, detail, raw)
    return report


def _count(score: AskScore, case: dict[str, Any], verdict: str, detail: str, raw: RawBaseline | None) -> None:
    """Add one case's verdict to a split's figures."""
    if case.get("covered", True) is False:
        score.unanswerable += 1
        score.told_uncovered += verdict == "ok"
    else:
        score.answerable += 1
        score.answered += verdict == "ok"
        score.on_paragraph += verdict in ("ok", "on-paragraph")
        score.false_uncovered += verdict == "uncovered"
        if raw is not None and case.get("paragraphs"):
            score.baseline_cases += 1
            score.baseline_on_paragraph += raw.first(str(case["question"])) in case["paragraphs"]
    mark = "ok  " if verdict == "ok" else ("NOT COVERED" if verdict == "uncovered" else "MISS")
    line = f"{mark} ask {case['question']!r} -> {detail}"
    score.lines.append(line)
    if verdict != "ok":
        score.misses.append(line)


def pack_index(slug: str = "nato-in-asia") -> PackIndex:
    return index_from_pack(load_pack(ROOT / "data" / "packs" / slug))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="print every case, not only misses")
    parser.add_argument(
        "--show-heldout", action="store_true", help="list the held-out cases too (once a change is final)"
    )
    args = parser.parse_args(argv)
    questions = load_questions()
    report = evaluate(pack_index(questions.get("pack", "nato-in-asia")), questions, baseline=True)
    shown = ["tune", "heldout"] if args.show_heldout else ["tune"]
    for line in report.lines if args.verbose else report.misses:
        print(line)
    for name in shown:
        score = report.ask[name]
        for line in score.lines if args.verbose else score.misses:
            print(f"[{name}] {line}")
    print(report.summary())
    held = report.heldout
    passed = (
        report.who_rate >= WHO_TARGET
        and held.rate >= ASK_TARGET
        and held.false_uncovered == 0
        and held.uncovered_rate >= UNCOVERED_TARGET
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
