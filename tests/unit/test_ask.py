"""/ask ranking on the real pack: passages, citations, actors, and 'not covered'."""

from __future__ import annotations

from bot.services.ask import ask, build_passages, words
from tests.eval_questions import pack_index

INDEX = pack_index()


def test_passages_cover_every_paragraph_and_quotation() -> None:
    passages = build_passages(INDEX)
    kinds = {p.kind for p in passages}
    assert kinds == {"summary", "fact", "profile", "position", "claim", "quote"}
    assert {p.paragraphs[0] for p in passages if p.kind == "summary"} == set(range(1, 19))
    quotes = [p for p in passages if p.kind == "quote"]
    assert any("“to share the knowledge of the threat”" in p.text and p.paragraphs == (7,) for p in quotes)


def test_best_answer_first_with_paragraphs_and_actors() -> None:
    answer = ask(INDEX, "What did Xi Jinping call for in 2014?")
    assert answer.covered
    assert answer.best is not None
    assert "Asia for Asians" in answer.best.passage.text
    assert answer.best.passage.paragraphs == (14,)
    assert "xi-jinping" in answer.actors
    assert 14 in answer.paragraphs
    assert 1 <= len(answer.hits) <= 5


def test_near_duplicates_are_shown_once() -> None:
    answer = ask(INDEX, "What did Xi Jinping call for in 2014?")
    texts = [hit.passage.text for hit in answer.hits]
    assert sum("In 2014 he called for an Asia for Asians" in t for t in texts) <= 1


def test_typos_and_aliases_still_find_the_answer() -> None:
    typo = ask(INDEX, "what did kishda do at the G7?")
    assert typo.covered and 7 in typo.best.passage.paragraphs  # type: ignore[union-attr]
    alias = ask(INDEX, "Why did the U.S. prefer hub and spokes?")
    assert alias.covered and alias.best.passage.paragraphs == (10,)  # type: ignore[union-attr]


def test_a_question_the_article_does_not_answer_is_not_covered() -> None:
    for question in ("What is the capital of Brazil?", "When was NATO founded?", "???", "the and of"):
        answer = ask(INDEX, question)
        assert not answer.covered, question
        assert answer.hits == ()


def test_stopwords_and_lemmas() -> None:
    assert words("Who wrote the column?") == ["write", "column"]
    assert words("NATO’s defence, didn't") == ["nato", "defense"]
