"""The question set's thresholds (tests/questions.yaml; figures: python -m tests.eval_questions)."""

from __future__ import annotations

import pytest

from bot.services.pack_index import PackIndex
from tests.eval_questions import ASK_TARGET, WHO_TARGET, Report, evaluate, load_questions, pack_index


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(pack_index())


def test_the_set_is_big_and_varied() -> None:
    questions = load_questions()
    assert len(questions["who"]) + len(questions["ask"]) >= 50
    assert sum(1 for c in questions["ask"] if c.get("covered") is False) >= 10
    assert sum(1 for c in questions["who"] if c.get("actor") is None) >= 5
    assert any(c["query"].islower() for c in questions["who"])
    assert any(c["query"].isupper() for c in questions["who"])


def test_who_resolves_at_least_95_percent(report: Report) -> None:
    assert report.who_rate >= WHO_TARGET, "\n".join(m for m in report.misses if " who " in m)


def test_ask_puts_an_answer_first_at_least_90_percent(report: Report) -> None:
    assert report.ask_rate >= ASK_TARGET, "\n".join(m for m in report.misses if " ask " in m)


def test_ask_says_not_covered_for_every_unanswerable_question(report: Report) -> None:
    assert report.uncovered_total >= 10
    assert report.uncovered_ok == report.uncovered_total, "\n".join(report.misses)


def test_names_the_article_lacks_never_resolve_to_someone_else() -> None:
    index: PackIndex = pack_index()
    from bot.services.actors import resolve

    for name in ("Jens Stoltenberg", "Vladimir Putin", "Taiwan"):
        assert resolve(index, name).actor is None, name
