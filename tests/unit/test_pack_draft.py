"""``python -m bot pack draft`` on articles the tests write, and ``pack check`` on planted faults.

The draft must validate, list at least 90% of the actors a careful reader names (each with the
paragraphs that name it), carry every quotation verbatim at its paragraph with its speaker,
leave the footer out, and copy no sentence of the text into any field.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.__main__ import main
from bot.pack_check import check_pack
from bot.packs import load_pack, normalise
from bot.text import plural
from tests.conftest import ARTICLE, PACKS
from tests.draft_articles import ARTICLES, Article

RECALL = 0.9


def _draft(tmp_path: Path, article: Article, *extra: str) -> tuple[Path, int]:
    text = tmp_path / f"{article.slug}.txt"
    text.write_text(article.text, encoding="utf-8")
    out = tmp_path / "packs" / article.slug
    code = main(
        [
            "pack",
            "draft",
            str(text),
            "--id",
            article.slug,
            "--out",
            str(out),
            "--author",
            "Test Author",
            *extra,
        ]
    )
    return out, code


def _names(actor: dict[str, object]) -> set[str]:
    return {normalise(str(n)) for n in [actor["name"], *actor.get("aliases", [])]}  # type: ignore[list-item]


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_the_draft_validates_and_lists_the_actors_with_their_paragraphs(
    tmp_path: Path, article: Article, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, code = _draft(tmp_path, article, "--keep-text")
    assert code == 0
    said = capsys.readouterr().out
    assert f"left out {plural(article.footer, 'trailing paragraph')} of boilerplate" in said
    pack = load_pack(folder)  # validates
    assert pack.meta.paragraph_count == article.paragraphs
    actors = yaml.safe_load((folder / "actors.yaml").read_text(encoding="utf-8"))
    listed = []
    for name, paragraphs in article.actors.items():
        actor = next((a for a in actors if normalise(name) in _names(a)), None)
        if actor is not None and set(paragraphs) <= set(actor["paragraphs"]):
            listed.append(name)
    missing = sorted(set(article.actors) - set(listed))
    assert len(listed) >= RECALL * len(article.actors), missing


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_every_quotation_is_kept_verbatim_at_its_paragraph_with_its_speaker(
    tmp_path: Path, article: Article
) -> None:
    folder, _ = _draft(tmp_path, article)
    actors = yaml.safe_load((folder / "actors.yaml").read_text(encoding="utf-8"))
    kept = {(q["text"], q["paragraph"]): a for a in actors for q in a["quotes"]}
    for text, paragraph, speaker in article.quotes:
        assert (text, paragraph) in kept, (text, paragraph)
        who = kept[(text, paragraph)]
        expected = normalise(speaker) if speaker else normalise("Test Author")
        assert expected in _names(who), (text, who["name"])
    assert len(kept) == len(article.quotes)  # and nothing that is not a quotation


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_the_draft_copies_no_sentence_and_marks_what_is_left_to_write(
    tmp_path: Path, article: Article
) -> None:
    folder, _ = _draft(tmp_path, article, "--keep-text")
    report = check_pack(folder)  # against the kept text
    assert report.against is not None
    assert {p.kind for p in report.problems} == {"draft"}
    drafts = {p.file for p in report.problems}
    assert drafts == {"pack.yaml", "paragraphs.yaml", "actors.yaml", "motions.yaml"}
    summaries = [p for p in report.problems if p.file == "paragraphs.yaml" and p.field.endswith(".summary")]
    assert len(summaries) == article.paragraphs


def test_the_footer_is_kept_when_asked(tmp_path: Path) -> None:
    article = ARTICLES[0]
    folder, code = _draft(tmp_path, article, "--keep-footer")
    assert code == 0
    assert load_pack(folder).meta.paragraph_count == article.paragraphs + article.footer


def test_an_existing_pack_is_not_overwritten_unless_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = ARTICLES[1]
    folder, _ = _draft(tmp_path, article)
    (folder / "pack.yaml").write_text((folder / "pack.yaml").read_text() + "# my edits\n")
    _, code = _draft(tmp_path, article)
    assert code == 1
    assert "already holds a pack" in capsys.readouterr().err
    assert "# my edits" in (folder / "pack.yaml").read_text()
    _, code = _draft(tmp_path, article, "--force")
    assert code == 0 and "# my edits" not in (folder / "pack.yaml").read_text()


# --- pack check on planted faults -------------------------------------------------------------


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    if not ARTICLE.is_file():
        pytest.skip(f"the article is not here ({ARTICLE})")
    folder = tmp_path / "nato-in-asia"
    shutil.copytree(PACKS / "nato-in-asia", folder)
    return folder


def _edit(folder: Path, file: str, change: object) -> None:
    data = yaml.safe_load((folder / file).read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    (folder / file).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _actor(actors: list[dict[str, object]], slug: str) -> dict[str, object]:
    return next(a for a in actors if a["id"] == slug)


def test_pack_check_reports_each_planted_fault(planted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p.line() for p in check_pack(planted, ARTICLE).problems}
    column = ARTICLE.read_text(encoding="utf-8").splitlines()
    copied = column[15].split(". ")[2]  # ¶16: "It provides a continuous process of coordination, ..."

    def actors(data: list[dict[str, object]]) -> None:
        wallace = _actor(data, "ben-wallace")
        quotes = wallace["quotes"]  # type: ignore[index]
        quotes[0]["text"] = quotes[0]["text"].replace("the interest", "the interests")  # misquotation
        quotes[1]["paragraph"] = 9  # the words are in ¶7: a wrong ¶
        _actor(data, "xi-jinping")["paragraphs"].append(3)  # type: ignore[union-attr]  # ¶3 names no Xi
        _actor(data, "asean")["office"] = copied  # a copied sentence, in a field the old test skipped

    _edit(planted, "actors.yaml", actors)
    _edit(planted, "motions.yaml", lambda data: data[0].update(context=column[2].split(". ")[2]))
    report = check_pack(planted, ARTICLE)
    new = [p for p in report.problems if p.line() not in before]
    found = {(p.kind, p.file, p.field) for p in new}
    assert found == {
        ("quotation", "actors.yaml", "[ben-wallace].quotes[0]"),
        ("wrong-paragraph", "actors.yaml", "[ben-wallace].quotes[1]"),
        ("not-named", "actors.yaml", "[xi-jinping].paragraphs"),
        ("copy", "actors.yaml", "[asean].office"),
        ("copy", "motions.yaml", "[1].context"),
    }
    assert any("cites ¶9; the words are in ¶7" in p.message for p in new)
    assert any("¶3 does not name Xi Jinping" in p.message for p in new)

    assert main(["pack", "check", str(planted), "--against", str(ARTICLE)]) == 1
    err = capsys.readouterr().err
    assert (
        "actors.yaml: [ben-wallace].quotes[0]: “is in the interests of NATO” is not word for word in ¶7"
        in err
    )
    assert "a quotation cited at the wrong ¶" in err and "Fix them in the files named above" in err


def test_pack_check_without_a_text_says_what_it_could_not_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "nato-in-asia"
    shutil.copytree(PACKS / "nato-in-asia", folder)
    assert main(["pack", "check", str(folder)]) == 0
    assert "not read against any text" in capsys.readouterr().out
