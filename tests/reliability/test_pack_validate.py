"""`python -m bot pack validate` lists every problem of a broken pack, never a traceback: bytes
that are not UTF-8, empty files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.settings import ROOT

PACK = ROOT / "data" / "packs" / "nato-in-asia"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PACK, tmp_path / "pack"))


def test_non_utf8_bytes_and_empty_files_are_listed_as_problems(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (pack / "pack.yaml").write_bytes((pack / "pack.yaml").read_bytes() + b"\ntitle2: caf\xe9\n")
    (pack / "paragraphs.yaml").write_text("", encoding="utf-8")
    (pack / "motions.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert main(["pack", "validate", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "3 problems" in err
    assert "pack.yaml: not UTF-8 text (byte 0xe9" in err and "save it as UTF-8" in err
    assert "paragraphs.yaml: the file is empty" in err
    assert "motions.yaml: the file is empty" in err


def test_an_empty_pack_yaml_is_a_problem_not_a_crash(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (pack / "pack.yaml").write_text("\n", encoding="utf-8")
    assert main(["pack", "validate", str(pack)]) == 1
    assert "pack.yaml: the file is empty" in capsys.readouterr().err


def test_the_shipped_pack_still_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "validate", str(PACK)]) == 0
    assert "OK" in capsys.readouterr().out
