"""The question set's thresholds (tests/questions.yaml; figures: python -m tests.eval_questions).

/ask is held to its figures on the held-out split, the questions nothing was tuned on.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bot.services.actors import resolve
from bot.services.pack_index import PackIndex
from tests.eval_questions import (
    ASK_TARGET,
    HELDOUT_FALSE_UNCOVERED_CEILING,
    HELDOUT_FLOOR,
    HELDOUT_UNCOVERED_FLOOR,
    UNCOVERED_TARGET,
    WHO_TARGET,
    Report,
    evaluate,
    load_questions,
    pack_index,
)


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(pack_index())


def test_the_set_is_big_varied_and_split() -> None:
    questions = load_questions()
    ask = questions["ask"]
    answerable = [c for c in ask if c.get("covered", True)]
    assert len(answerable) >= 200
    assert sum(1 for c in ask if c.get("covered") is False) >= 30
    assert {c["split"] for c in ask} == {"tune", "heldout"}
    held = [c for c in ask if c["split"] == "heldout"]
    assert sum(1 for c in held if c.get("covered", True)) >= 100
    assert sum(1 for c in held if c.get("covered") is False) >= 25
    # every paragraph of the column is asked several ways
    asked = Counter(n for c in answerable for n in c.get("paragraphs", []))
    assert all(asked[n] >= 5 for n in range(1, 19)), asked
    assert any(c["question"].islower() for c in held)
    assert sum(1 for c in questions["who"] if c.get("actor") is None) >= 5
    assert any(c["query"].islower() for c in questions["who"])
    assert any(c["query"].isupper() for c in questions["who"])


def test_who_resolves_at_least_95_percent(report: Report) -> None:
    assert report.who_rate >= WHO_TARGET, "\n".join(m for m in report.misses if " who " in m)


@pytest.mark.xfail(
    strict=True,
    reason="issue 17, not reached: 69/122 = 56.6% on the eighth held-out set (rounds 6 and 7; the "
    "tuning set: 870/1079 = 80.6%) (docs/actors.md)",
)
def test_heldout_first_answer_holds_the_fact_at_least_95_percent(report: Report) -> None:
    held = report.heldout
    assert held.rate >= ASK_TARGET, f"{held.answered}/{held.answerable}"


@pytest.mark.xfail(
    strict=True,
    reason="issue 17, not reached: 21 questions of the eighth held-out set are told 'not covered' (18 "
    "of the tuning set's 1079) (docs/actors.md)",
)
def test_heldout_no_answerable_question_is_told_not_covered(report: Report) -> None:
    # Counts only: the held-out cases are listed by `python -m tests.eval_questions --show-heldout`.
    assert report.heldout.false_uncovered == 0, f"{report.heldout.false_uncovered} told 'not covered'"


@pytest.mark.xfail(
    strict=True,
    reason="issue 17, not reached: 19/29 = 65.5% of the eighth held-out set's unanswerable questions "
    "are told so (the tuning set: 189/250) (docs/actors.md)",
)
def test_heldout_unanswerable_questions_are_told_so_at_least_95_percent(report: Report) -> None:
    held = report.heldout
    assert held.unanswerable >= 25
    assert held.uncovered_rate >= UNCOVERED_TARGET, f"{held.told_uncovered}/{held.unanswerable}"


def test_heldout_does_not_fall_below_what_it_reached(report: Report) -> None:
    """Until the targets above are met, hold the ground gained. On the eighth held-out batch round
    6's ranking gave 56.6%, 21 and 65.5%, and round 7's gives the same
    (eval_questions.HELDOUT_FLOOR)."""
    held = report.heldout
    assert held.rate >= HELDOUT_FLOOR, f"{held.answered}/{held.answerable}"
    assert held.false_uncovered <= HELDOUT_FALSE_UNCOVERED_CEILING, held.false_uncovered
    assert held.uncovered_rate >= HELDOUT_UNCOVERED_FLOOR, f"{held.told_uncovered}/{held.unanswerable}"


def test_names_the_article_lacks_never_resolve_to_someone_else() -> None:
    index: PackIndex = pack_index()
    for name in ("Jens Stoltenberg", "Vladimir Putin", "Taiwan"):
        assert resolve(index, name).actor is None, name
