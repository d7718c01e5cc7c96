"""Score /who and /ask on the question set (tests/questions.yaml) and print the figures.

    python -m tests.eval_questions            # figures and every miss
    python -m tests.eval_questions --verbose  # every case

The same ``evaluate`` backs tests/unit/test_ask_quality.py, which enforces the thresholds.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.packs import load_pack
from bot.services import actors as actor_service
from bot.services import ask as ask_service
from bot.services.pack_index import PackIndex, index_from_pack
from bot.settings import ROOT

QUESTIONS = Path(__file__).with_name("questions.yaml")
WHO_TARGET = 0.95
ASK_TARGET = 0.90
MAX_CITED = 3


@dataclass
class Report:
    who_total: int = 0
    who_ok: int = 0
    ask_total: int = 0
    ask_ok: int = 0
    uncovered_total: int = 0
    uncovered_ok: int = 0
    lines: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def who_rate(self) -> float:
        return self.who_ok / self.who_total if self.who_total else 0.0

    @property
    def ask_rate(self) -> float:
        return self.ask_ok / self.ask_total if self.ask_total else 0.0

    def summary(self) -> str:
        return "\n".join(
            [
                f"/who  resolved as expected:          {self.who_ok}/{self.who_total} = {self.who_rate:.1%}"
                f" (target {WHO_TARGET:.0%})",
                f"/ask  answer-holding passage first:  {self.ask_ok}/{self.ask_total} = {self.ask_rate:.1%}"
                f" (target {ASK_TARGET:.0%})",
                f"/ask  'not covered' when unanswerable: {self.uncovered_ok}/{self.uncovered_total}"
                " (target: all)",
                f"cases: {self.who_total + self.ask_total + self.uncovered_total}",
            ]
        )


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


def check_ask(index: PackIndex, case: dict[str, Any]) -> tuple[bool, str]:
    answer = ask_service.ask(index, str(case["question"]))
    if case.get("covered", True) is False:
        best = answer.best
        return not answer.covered, (
            "not covered" if not answer.covered else f"answered ¶{best.passage.paragraphs if best else ''}"
        )
    if not answer.covered or answer.best is None:
        return False, "said not covered"
    top = answer.best.passage
    cited = set(top.paragraphs)
    ok = len(cited) <= MAX_CITED and bool(cited & set(case["paragraphs"]))
    wanted = [w.lower() for w in case.get("answer", [])]
    if wanted and not any(w in top.text.lower() for w in wanted):
        ok = False
    return ok, f"¶{list(top.paragraphs)} {top.kind}: {top.text[:90]} (cov {answer.best.coverage:.2f})"


def evaluate(index: PackIndex, questions: dict[str, Any] | None = None) -> Report:
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
    for case in questions.get("ask", []):
        ok, detail = check_ask(index, case)
        if case.get("covered", True) is False:
            report.uncovered_total += 1
            report.uncovered_ok += ok
        else:
            report.ask_total += 1
            report.ask_ok += ok
        line = f"{'ok ' if ok else 'MISS'} ask {case['question']!r} -> {detail}"
        report.lines.append(line)
        if not ok:
            report.misses.append(line)
    return report


def pack_index(slug: str = "nato-in-asia") -> PackIndex:
    return index_from_pack(load_pack(ROOT / "data" / "packs" / slug))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="print every case, not only misses")
    args = parser.parse_args(argv)
    questions = load_questions()
    report = evaluate(pack_index(questions.get("pack", "nato-in-asia")), questions)
    for line in report.lines if args.verbose else report.misses:
        print(line)
    print(report.summary())
    passed = (
        report.who_rate >= WHO_TARGET
        and report.ask_rate >= ASK_TARGET
        and report.uncovered_ok == report.uncovered_total
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
