from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.db import Database
from bot.models import ActorRow, Motion, PackRow, ParagraphRow
from bot.packs import PackError, load_pack, normalise
from bot.services import content
from tests.pack_factory import tiny_pack, write_pack

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_a_valid_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, tiny_pack()))
    assert pack.meta.id == "tiny"
    assert [p.number for p in pack.paragraphs] == [1, 2]
    assert pack.actor("actor-1") is not None and pack.actor("nobody") is None
    assert pack.motions[0].sides_for == ["actor-0"]


def _problems(tmp_path: Path, files: dict) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, files))
    return caught.value.problems


def test_errors_name_the_file_and_the_field(tmp_path: Path) -> None:
    files = tiny_pack()
    files["actors.yaml"][1]["kind"] = "wizard"
    del files["actors.yaml"][0]["profile"]
    files["pack.yaml"]["paragraph_count"] = "many"
    problems = _problems(tmp_path, files)
    assert any(p.startswith("actors.yaml: [1] (id=actor-1).kind:") for p in problems), problems
    assert any(p.startswith("actors.yaml: [0] (id=actor-0).profile:") for p in problems), problems
    assert any(p.startswith("pack.yaml: paragraph_count:") for p in problems), problems


def test_references_are_cross_checked(tmp_path: Path) -> None:
    files = tiny_pack()
    files["paragraphs.yaml"][0]["actors"] = ["ghost"]
    files["motions.yaml"][0]["paragraphs"] = [7]
    files["actors.yaml"][1]["aliases"] = ["a0"]  # folds to actor-0's alias "A0"
    problems = _problems(tmp_path, files)
    assert "paragraphs.yaml: [1].actors: unknown actor id 'ghost'" in problems
    assert any("motions.yaml: [1].paragraphs: paragraph 7 does not exist" in p for p in problems)
    assert any("also names 'actor-0'" in p for p in problems)


def test_broken_yaml_and_missing_files_are_reported(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, tiny_pack())
    (folder / "motions.yaml").unlink()
    (folder / "actors.yaml").write_text("- id: [unclosed\n")
    problems = _problems_from(folder)
    assert "motions.yaml: missing file" in problems
    assert any(p.startswith("actors.yaml: not valid YAML (line") for p in problems)


def _problems_from(folder: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return caught.value.problems


def test_normalise_folds_case_accents_and_punctuation() -> None:
    assert normalise("  A.S.E.A.N. ") == "a s e a n"
    assert normalise("Shangri-La Dialogue") == normalise("shangri la  dialogue")
    assert normalise("Qín Gāng") == "qin gang"


async def _counts(db: Database) -> tuple[int, int, int, int]:
    counts = []
    async with db.unit_of_work() as s:
        for table in (PackRow, ParagraphRow, ActorRow, Motion):
            counts.append((await s.execute(select(func.count()).select_from(table))).scalar_one())
    return tuple(counts)  # type: ignore[return-value]


async def test_seeding_is_idempotent_and_follows_edits(database: Database, tmp_path: Path) -> None:
    files = tiny_pack()
    pack = load_pack(write_pack(tmp_path, files))
    async with database.unit_of_work() as s:
        assert await content.sync_packs(s, [pack], NOW) == ["tiny"]
    first = await _counts(database)
    assert first == (1, 2, 2, 1)
    async with database.unit_of_work() as s:
        motion_id = (await s.execute(select(Motion.id))).scalar_one()
        assert await content.sync_packs(s, [pack], NOW) == []
    assert await _counts(database) == first

    files["motions.yaml"][0]["title"] = "Tests should be honest"
    files["motions.yaml"].append(
        {
            "number": 2,
            "title": "A second motion",
            "context": "x",
            "paragraphs": [2],
            "for": [{"text": "Yes (¶2).", "paragraphs": [2]}],
            "against": [{"text": "No (¶2).", "paragraphs": [2]}],
        }
    )
    files["actors.yaml"].pop()
    edited = load_pack(write_pack(tmp_path, files))
    async with database.unit_of_work() as s:
        assert await content.sync_packs(s, [edited], NOW) == ["tiny"]
    assert await _counts(database) == (1, 2, 1, 2)
    async with database.unit_of_work() as s:
        motion = await s.get(Motion, motion_id)
        assert (
            motion is not None and motion.title == "Tests should be honest"
        )  # same row: history keeps its link


async def test_a_start_retires_the_packs_not_in_the_folder_unless_it_read_none(
    database: Database, tmp_path: Path
) -> None:
    one = load_pack(write_pack(tmp_path, tiny_pack("first")))
    two = load_pack(write_pack(tmp_path, tiny_pack("second", title="Second article")))
    async with database.unit_of_work() as s:
        assert await content.sync_folder(s, [one, two], NOW) == content.Synced(["first", "second"], [])
    async with database.unit_of_work() as s:
        # nothing read: nothing retired
        assert await content.sync_folder(s, [], NOW) == content.Synced([], [])
        assert await content.sync_folder(s, [one], NOW) == content.Synced([], ["Second article"])
        assert [row.slug for row in await content.list_packs(s)] == ["first"]


async def test_guild_reads_the_first_pack_unless_it_chooses(database: Database, tmp_path: Path) -> None:
    one = load_pack(write_pack(tmp_path, tiny_pack("first")))
    two = load_pack(write_pack(tmp_path, tiny_pack("second")))
    async with database.unit_of_work() as s:
        await content.sync_packs(s, [one, two], NOW)
    async with database.unit_of_work() as s:
        assert (await content.active_pack(s, 42)).slug == "first"
        await content.set_active_pack(s, 42, "second", NOW)
    async with database.unit_of_work() as s:
        assert (await content.active_pack(s, 42)).slug == "second"
        assert (await content.active_pack(s, 43)).slug == "first"


def _ground(text: str, paragraphs: list[int], actors: list[str] | None = None) -> dict:
    return {"text": text, "paragraphs": paragraphs, "actors": actors or []}


def test_every_motion_needs_grounds_on_both_sides(tmp_path: Path) -> None:
    files = tiny_pack()
    files["motions.yaml"][0]["against"] = []
    files["motions.yaml"].append({"number": 2, "title": "Bare ids", "context": "x", "paragraphs": [1]})
    files["motions.yaml"].append(
        {
            "number": 3,
            "title": "Old style",
            "context": "x",
            "paragraphs": [1],
            "for": ["actor-0"],
            "against": [_ground("No.", [2])],
        }
    )
    problems = _problems(tmp_path, files)
    assert any(
        p.startswith("motions.yaml: [0] (number=1).against:") and "at least one ground" in p for p in problems
    ), problems
    assert any(p.startswith("motions.yaml: [1] (number=2).for: Field required") for p in problems), problems
    assert any(p.startswith("motions.yaml: [1] (number=2).against: Field required") for p in problems)
    assert any(
        p.startswith("motions.yaml: [2] (number=3).for:") and "not bare actor ids" in p for p in problems
    )


def test_grounds_are_cross_checked_and_name_their_sides(tmp_path: Path) -> None:
    files = tiny_pack()
    files["motions.yaml"][0]["for"] = [
        _ground("Yes.", [1], ["actor-0", "actor-1"]),
        _ground("And.", [2], ["actor-0"]),
    ]
    pack = load_pack(write_pack(tmp_path, files))
    assert pack.motions[0].sides_for == ["actor-0", "actor-1"]  # once each, in the order given
    assert pack.motions[0].sides_against == []
    files["motions.yaml"][0]["against"] = [_ground("No.", [9], ["ghost"])]
    problems = _problems(tmp_path, files)
    assert "motions.yaml: [1].against[0].actors: unknown actor id 'ghost'" in problems
    assert any(
        p.startswith("motions.yaml: [1].against[0].paragraphs: paragraph 9 does not exist") for p in problems
    )


def test_the_published_date_is_a_real_date_and_pack_check_asks_for_it(tmp_path: Path) -> None:
    from bot.pack_check import check_pack

    pack = load_pack(write_pack(tmp_path, tiny_pack()))
    assert pack.meta.source.published is not None
    assert pack.meta.source.published.isoformat() == "2026-01-01"
    for bad in ("June 2023", "2023-13-01"):
        files = tiny_pack()
        files["pack.yaml"]["source"]["published"] = bad
        problems = _problems(tmp_path, files)
        assert any(p.startswith("pack.yaml: source.published:") for p in problems), (bad, problems)
    # A fresh draft may not know the date yet: it loads, and pack check lists it as left to write.
    files = tiny_pack()
    del files["pack.yaml"]["source"]["published"]
    undated = write_pack(tmp_path / "undated", files)
    assert load_pack(undated).meta.source.published is None
    assert [p.field for p in check_pack(undated).of_kind("draft")] == ["source.published"]
    assert check_pack(write_pack(tmp_path / "dated", tiny_pack())).of_kind("draft") == []


def test_index_terms_are_single_words_listed_once_in_order(tmp_path: Path) -> None:
    files = tiny_pack()
    files["paragraphs.yaml"][0]["terms"] = ["compete", "flowering"]
    assert load_pack(write_pack(tmp_path, files)).paragraphs[0].terms == ["compete", "flowering"]
    for bad in (["flowering", "compete"], ["compete", "compete"], ["two words"], ["Capital"], ["x"] * 13):
        files = tiny_pack()
        files["paragraphs.yaml"][0]["terms"] = bad
        problems = _problems(tmp_path, files)
        assert any(p.startswith("paragraphs.yaml: [0]") and "terms" in p for p in problems), (bad, problems)


async def test_a_motion_dropped_from_a_pack_is_retired_and_stances_survive(
    database: Database, tmp_path: Path
) -> None:
    from bot.services import positions
    from bot.services.motions import motion_sides

    files = tiny_pack()
    files["motions.yaml"].append(
        {
            "number": 2,
            "title": "A motion merged later",
            "context": "x",
            "paragraphs": [2],
            "for": [_ground("Yes.", [2])],
            "against": [_ground("No.", [2])],
        }
    )
    async with database.unit_of_work() as s:
        await content.sync_packs(s, [load_pack(write_pack(tmp_path, files))], NOW)
    async with database.unit_of_work() as s:
        ids = {m.number: m.id for m in (await s.execute(select(Motion))).scalars()}
        for number in (1, 2):
            await positions.record_stance(
                s, guild_id=7, user_id=70, motion_id=ids[number], value=1, source=positions.SELF, now=NOW
            )
    files["motions.yaml"].pop()
    files["motions.yaml"][0]["against"] = [_ground("A better case against.", [2], ["actor-1"])]
    async with database.unit_of_work() as s:
        assert await content.sync_packs(s, [load_pack(write_pack(tmp_path, files))], NOW) == ["tiny"]
    async with database.unit_of_work() as s:
        kept, dropped = await s.get(Motion, ids[1]), await s.get(Motion, ids[2])
        assert kept is not None and dropped is not None
        assert (kept.retired, dropped.retired) == (False, True)
        assert kept.grounds_against == [
            {"text": "A better case against.", "paragraphs": [2], "actors": ["actor-1"]}
        ]
        sides = await motion_sides(s, kept)
        assert [(g.text, g.names) for g in sides.grounds_against] == [("A better case against.", ["Actor 1"])]
        assert await positions.current_stances(s, guild_id=7, motion_id=ids[1]) == {70: 1}


def test_the_fast_yaml_loader_reads_every_bundled_pack_as_the_pure_one_does() -> None:
    """Packs are read with libyaml's safe loader (issue 19, start time): same data, to the value."""
    import yaml

    from bot.settings import ROOT

    files = sorted((ROOT / "data" / "packs").rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text), path.name
