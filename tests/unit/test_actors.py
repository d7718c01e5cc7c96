"""Actor resolution on indexes built from the database, and the per-pack index cache."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.db import Database
from bot.packs import Pack, load_pack
from bot.services import content
from bot.services.actors import autocomplete, by_kind, clean_query, resolve
from bot.services.pack_index import IndexCache, index_from_pack
from tests.conftest import PACKS
from tests.pack_factory import tiny_pack, write_pack

NOW = datetime(2026, 1, 1, tzinfo=UTC)
REAL = load_pack(PACKS / "nato-in-asia")


async def _seed(db: Database, *packs: Pack) -> None:
    async with db.unit_of_work() as session:
        await content.sync_packs(session, list(packs), NOW)


async def test_the_index_from_the_database_equals_the_pack(database: Database) -> None:
    await _seed(database, REAL)
    cache = IndexCache()
    async with database.unit_of_work() as session:
        index = await cache.for_guild(session, 1)
    direct = index_from_pack(REAL)
    assert list(index.actors) == list(direct.actors)
    assert index.actors["ben-wallace"] == direct.actors["ben-wallace"]
    assert index.paragraphs[7] == direct.paragraphs[7]
    assert index.paragraphs[15].terms == direct.paragraphs[15].terms != []
    assert index.paragraph_count == 18
    assert index.content_hash == content.pack_hash(REAL)


async def test_the_cache_builds_once_per_pack_version(database: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tiny = load_pack(write_pack(tmp_path, tiny_pack("tiny")))
    await _seed(database, REAL)
    # guild_ttl=0: every lookup asks the database which pack (and version) the guild reads.
    cache = IndexCache(capacity=2, guild_ttl=0)
    async with database.unit_of_work() as session:
        first = await cache.for_guild(session, 1)
        again = await cache.for_guild(session, 2)
    assert first is again and cache.builds == 1
    # An edited pack (new content hash) is rebuilt on first use; the old version is not served.
    edited = tiny_pack("tiny")
    edited["actors.yaml"][0]["profile"] = "Actor 0, now described differently."
    await _seed(database, REAL, tiny)
    async with database.unit_of_work() as session:
        await content.set_active_pack(session, 5, "tiny", NOW)
    async with database.unit_of_work() as session:
        old = await cache.for_guild(session, 5)
    await _seed(database, REAL, load_pack(write_pack(tmp_path / "v2", edited)))
    async with database.unit_of_work() as session:
        new = await cache.for_guild(session, 5)
    assert old.actors["actor-0"].profile != new.actors["actor-0"].profile
    assert cache.builds == 3
    assert len(cache) == 2  # bounded: the least recently used version was dropped


async def test_each_guild_searches_only_its_active_pack(database: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tiny = load_pack(write_pack(tmp_path, tiny_pack("tiny")))
    await _seed(database, REAL, tiny)
    async with database.unit_of_work() as session:
        await content.set_active_pack(session, 42, "tiny", NOW)
    cache = IndexCache()
    async with database.unit_of_work() as session:
        default = await cache.for_guild(session, 7)
        chosen = await cache.for_guild(session, 42)
    assert default.slug == "nato-in-asia"
    assert chosen.slug == "tiny"
    assert resolve(chosen, "ASEAN").actor is None
    assert resolve(chosen, "A1").actor is not None
    assert resolve(default, "ASEAN").actor is not None


async def test_a_guilds_choice_is_remembered_until_forgotten_or_stale(database: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tiny = load_pack(write_pack(tmp_path, tiny_pack("tiny")))
    await _seed(database, REAL, tiny)
    now = [0.0]
    cache = IndexCache(guild_ttl=60, monotonic=lambda: now[0])
    assert cache.cached_for_guild(42) is None
    async with database.unit_of_work() as session:
        assert (await cache.for_guild(session, 42)).slug == "nato-in-asia"
    # Remembered: no session needed.
    remembered = cache.cached_for_guild(42)
    assert remembered is not None and remembered.slug == "nato-in-asia"

    # Another process chooses the tiny pack: this one sees it once the memory is older than the TTL.
    async with database.unit_of_work() as session:
        await content.set_active_pack(session, 42, "tiny", NOW)
    now[0] = 59.0
    assert cache.cached_for_guild(42) is remembered
    now[0] = 61.0
    assert cache.cached_for_guild(42) is None
    async with database.unit_of_work() as session:
        assert (await cache.for_guild(session, 42)).slug == "tiny"

    # This process changes it (/pack use): forgotten at once.
    async with database.unit_of_work() as session:
        await content.set_active_pack(session, 42, "nato-in-asia", NOW)
    cache.forget_guild(42)
    assert cache.cached_for_guild(42) is None
    async with database.unit_of_work() as session:
        assert (await cache.for_guild(session, 42)).slug == "nato-in-asia"
    assert cache.builds == 2  # each pack loaded once


INDEX = index_from_pack(REAL)


def test_exact_names_aliases_capitals_and_offices() -> None:
    for typed, slug in [
        ("ASEAN", "asean"),
        ("  association of SOUTHEAST asian nations ", "asean"),
        ("U.S.", "united-states"),
        ("US", "united-states"),
        ("G-7", "g7"),
        ("Tokyo", "tokyo"),
        ("Prime Minister of Japan", "fumio-kishida"),
        ("Who is Qin Gang?", "qin-gang"),
        ("the Strategic Concept", "strategic-concept"),
    ]:
        result = resolve(INDEX, typed)
        assert (result.status, result.actor and result.actor.id) == ("exact", slug), typed


def test_typos_resolve_by_fuzzy_matching() -> None:
    result = resolve(INDEX, "kishda")
    assert result.status == "fuzzy" and result.actor and result.actor.id == "fumio-kishida"


def test_close_candidates_ask_did_you_mean() -> None:
    result = resolve(INDEX, "summit")
    assert result.status == "ambiguous" and result.actor is None
    assert {"vilnius-summit", "g7-summit", "nato-summit-last-year"} <= {a.id for a in result.candidates}
    assert 2 <= len(result.candidates) <= 5


# Names students type that once resolved wrongly or not at all (issue 17), and the concepts the
# column argues with: each resolves, exactly, to the one actor it names.
NEW_NAMES = [
    ("Japanese", "japan"),
    ("Chinese", "china"),
    ("IPS", "indo-pacific-strategy"),
    ("SE Asia", "southeast-asian-nations"),
    ("Korean", "south-korea"),
    ("S. Korea", "south-korea"),
    ("Art. 5", "article-5"),
    ("Group of 7", "g7"),
    ("deterrence", "deterrence"),
    ("indivisible security", "indivisible-security"),
    ("security is indivisible", "indivisible-security"),
    ("collective security", "collective-security"),
    ("collective defense", "collective-security"),
    ("Indo-Pacific", "indo-pacific"),
    ("Asia-Pacific", "asia-pacific"),
    ("the global war on terror", "global-war-on-terror"),
    ("war on terror", "global-war-on-terror"),
    ("minilateral arrangements", "minilateral-arrangements"),
    ("plurilateral arrangements", "minilateral-arrangements"),
    ("trilaterals", "minilateral-arrangements"),
    ("quadrilaterals", "minilateral-arrangements"),
    ("the China challenge", "china-challenge"),
    ("NATO notwithstanding Asia", "nato-notwithstanding-asia"),
    ("colonialism", "colonialism"),
    ("sovereignty", "sovereignty"),
    ("hierarchy", "hierarchy"),
    ("power balance", "hierarchy"),
    ("revisionist state", "revisionist-state"),
    ("diplomatic sanctions", "diplomatic-sanctions"),
]


def test_names_students_type_resolve_to_their_actor() -> None:
    for typed, slug in NEW_NAMES:
        result = resolve(INDEX, typed)
        assert (result.status, result.actor and result.actor.id) == ("exact", slug), typed


def test_publication_metadata_is_no_actor() -> None:
    # The pack's source block (publication, date) is metadata: nothing the index answers from.
    for typed in ("The Japan Times", "Japan Times", "Pacific Forum CSIS", "Asia-Pacific Four"):
        assert resolve(INDEX, typed).status != "exact", typed


def test_nothing_close_suggests_nearest_names_without_resolving() -> None:
    result = resolve(INDEX, "Joe Biden")
    assert result.status == "none" and result.actor is None
    assert len(result.candidates) == 3
    assert resolve(INDEX, "???").status == "none"


def test_autocomplete_offers_the_best_25() -> None:
    assert len(autocomplete(INDEX, "")) == 25
    assert autocomplete(INDEX, "asea")[0].id == "asean"
    assert autocomplete(INDEX, "tok")[0].id == "tokyo"
    assert len(autocomplete(INDEX, "a")) <= 25


def test_kinds_are_grouped_in_the_formats_order() -> None:
    groups = by_kind(INDEX)
    assert list(groups)[:2] == ["state", "capital"]
    assert sum(len(v) for v in groups.values()) == len(REAL.actors)
    assert list(by_kind(INDEX, "capital")) == ["capital"]
    assert [a.name for a in by_kind(INDEX, "capital")["capital"]] == [
        "Beijing",
        "Brussels",
        "Tokyo",
        "Washington",
    ]


def test_clean_query() -> None:
    assert clean_query("Who is Kishida?") == "kishida"
    assert clean_query("tell me about the AP4") == "the ap4"


async def test_the_guilds_remembered_are_bounded_least_recent_first(database: Database) -> None:
    await _seed(database, REAL)
    cache = IndexCache(guild_capacity=2)
    async with database.unit_of_work() as session:
        for guild in (1, 2):
            await cache.for_guild(session, guild)
        assert cache.cached_for_guild(1) is not None  # guild 1 read again: guild 2 is the oldest now
        await cache.for_guild(session, 3)
    assert [g for g in (1, 2, 3) if cache.cached_for_guild(g) is not None] == [1, 3]
    assert cache.builds == 1  # one pack index for all of them
