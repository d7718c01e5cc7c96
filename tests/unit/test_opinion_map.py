"""The opinion map's math on ledgers with a known structure, through the real ledger."""

from __future__ import annotations

import numpy as np
import pytest

from bot.db import Database
from bot.errors import NotFound, UserError
from bot.models import MemberSettings
from bot.replies.opinion_map import structure_note
from bot.services import opinion_map, positions
from bot.services.opinion_map import VoteMatrix, compute_map
from tests.opinion_map_support import (
    NOW,
    pack_motions,
    random_ledger,
    seed_packs,
    two_camps,
    write_ledger,
)

GUILD = 100
OTHER_GUILD = 200
USERS = list(range(1001, 1021))  # 20 members: camp one is 1001..1010


@pytest.fixture
async def motions(database: Database) -> list[int]:
    await seed_packs(database)
    return [m.id for m in await pack_motions(database)]


async def _map(database: Database, guild_id: int, motion_ids: list[int]) -> opinion_map.OpinionMap:
    async with database.unit_of_work() as session:
        return await opinion_map.build_map(session, guild_id, motion_ids)


async def test_two_camps_are_found_with_their_motions_and_what_they_share(
    database: Database, motions: list[int]
) -> None:
    chosen = motions[:10]
    split, shared = chosen[:5], chosen[5:]
    await write_ledger(database, GUILD, two_camps(USERS, chosen, split=5))

    m = await _map(database, GUILD, chosen)

    assert m.ready
    assert sorted(sorted(g.members) for g in m.groups) == [USERS[:10], USERS[10:]]
    for group in m.groups:
        camp_one = group.members[0] in USERS[:10]
        reps = group.representative
        assert {r.motion_id for r in reps} == set(split)  # the split motions, and only those
        assert {r.direction for r in reps} == {"agree" if camp_one else "disagree"}
        assert all(r.share == 1.0 and r.rest_share == 0.0 for r in reps)
    agreed = [c.motion_id for c in m.consensus if c.direction == "agree"]
    rejected = [c.motion_id for c in m.consensus if c.direction == "disagree"]
    assert sorted(agreed) == shared[:3] and sorted(rejected) == shared[3:]
    assert all(c.group_shares == (1.0, 1.0) for c in m.consensus)
    assert m.divisive is not None and m.divisive.motion_id in split and m.divisive.spread == 1.0
    assert m.silhouette is not None and m.silhouette > 0.9
    assert structure_note(m.silhouette)[1] is True
    # Group-informed consensus is high where both camps agree, low where they split.
    assert m.group_informed[shared[0]] > 0.8 > 0.2 > m.group_informed[split[0]]


async def test_a_random_ledger_reports_no_strong_structure(database: Database, motions: list[int]) -> None:
    chosen = motions[:16]
    await write_ledger(database, GUILD, random_ledger(list(range(1, 31)), chosen, seed=7))

    m = await _map(database, GUILD, chosen)

    assert m.ready and m.silhouette is not None
    note, clear = structure_note(m.silhouette)
    assert m.silhouette < 0.5 and not clear
    assert note.startswith("Not") and "distinct" in note and "silhouette" not in note.lower()
    assert m.consensus == ()  # nothing is shared by a random room


async def test_below_the_thresholds_it_says_what_is_missing(database: Database, motions: list[int]) -> None:
    chosen = motions[:10]
    ledger = two_camps(USERS[:5], chosen, split=5)  # five members with all ten votes
    ledger[2001] = dict(list(two_camps([2001], chosen, split=5)[2001].items())[:4])  # four votes
    await write_ledger(database, GUILD, ledger)

    m = await _map(database, GUILD, chosen)

    assert not m.ready and m.groups == () and m.points == ()
    assert m.shortfall == opinion_map.Shortfall(
        qualified=5, votes_each=7, more_members=2, closest=(3,), votes_needed=3 + 7
    )
    assert m.vote_counts[2001] == 4


async def test_only_this_guilds_stances_count(database: Database, motions: list[int]) -> None:
    chosen = motions[:10]
    await write_ledger(database, OTHER_GUILD, two_camps(USERS, chosen, split=5))
    m = await _map(database, GUILD, chosen)
    assert not m.ready and m.vote_counts == {}


async def test_stance_strength_collapses_to_agree_disagree_pass(
    database: Database, motions: list[int]
) -> None:
    chosen = motions[:5]
    await write_ledger(database, GUILD, {1: dict(zip(chosen, [2, 1, 0, -1, -2], strict=True))})
    async with database.unit_of_work() as session:
        matrix = await opinion_map.load_votes(session, GUILD, chosen)
    assert matrix.user_ids == (1,)
    assert matrix.votes.tolist() == [[1.0, 1.0, 0.0, -1.0, -1.0]]


async def test_private_members_are_known_so_the_chart_leaves_them_unnamed(database: Database) -> None:
    async with database.unit_of_work() as session:
        session.add(MemberSettings(guild_id=GUILD, user_id=1, private=True, updated_at=NOW))
        session.add(MemberSettings(guild_id=GUILD, user_id=2, private=False, updated_at=NOW))
        session.add(MemberSettings(guild_id=OTHER_GUILD, user_id=3, private=True, updated_at=NOW))
    async with database.unit_of_work() as session:
        assert await positions.private_members(session, GUILD, [1, 2, 3]) == {1}


async def test_motion_sets_by_numbers_ranges_and_pack(database: Database, motions: list[int]) -> None:
    async with database.unit_of_work() as session:
        picked = await opinion_map.resolve_motion_set(session, GUILD, "#3, 1 5-7")
        assert [m.number for m in picked] == [1, 3, 5, 6, 7]
        everything = await opinion_map.resolve_motion_set(session, GUILD, None)
        assert [m.id for m in everything] == motions
        by_pack = await opinion_map.resolve_motion_set(session, GUILD, "nato-in-asia")
        assert [m.id for m in by_pack] == motions
        with pytest.raises(NotFound, match="#99"):
            await opinion_map.resolve_motion_set(session, GUILD, "1,99")
        # A range takes what is inside it: 10 and 12 were merged into 9 and their numbers retired.
        spanning = await opinion_map.resolve_motion_set(session, GUILD, "9-13")
        assert [m.number for m in spanning] == [9, 11, 13]
        with pytest.raises(NotFound, match="#10"):
            await opinion_map.resolve_motion_set(session, GUILD, "9,10")
        with pytest.raises(NotFound, match="neither motion numbers"):
            await opinion_map.resolve_motion_set(session, GUILD, "no such pack")
        with pytest.raises(UserError, match="at least 2 motions"):
            await opinion_map.resolve_motion_set(session, GUILD, "4")


# --------------------------------------------------------------- pure math on small matrices


def _matrix(rows: list[list[float]]) -> VoteMatrix:
    votes = np.array(rows, dtype=float)
    return VoteMatrix(tuple(range(1, len(rows) + 1)), tuple(range(1, votes.shape[1] + 1)), votes)


def test_fewer_than_twelve_members_never_get_more_than_two_groups() -> None:
    three_camps = [[c, c, -c, c * (i % 2), 1, 1, -1, 1] for c in (1, -1) for i in range(4)]
    three_camps += [[0, 0, 0, 0, 1, 1, -1, -1]] * 3
    m = compute_map(_matrix(three_camps))
    assert len(m.points) == 11 and m.max_groups == 2 and len(m.groups) == 2


def test_larger_rooms_may_show_more_groups() -> None:
    rows = []
    for camp in range(3):
        for _ in range(8):
            rows.append([1.0 if j // 3 == camp else -1.0 for j in range(9)])
    m = compute_map(_matrix(rows))
    assert m.max_groups == 4  # 2 + 24 // 12
    assert sorted(len(g.members) for g in m.groups) == [8, 8, 8]
    assert m.silhouette is not None and m.silhouette > 0.9


def test_sparse_voters_are_topped_up_to_fifteen_and_pushed_outward() -> None:
    full = [[1, 1, 1, 1, -1, -1, -1, -1]] * 5 + [[-1, -1, -1, -1, 1, 1, 1, 1]] * 5
    nan = float("nan")
    sparse = [[1, 1, nan, nan, nan, nan, nan, nan]] * 3 + [[nan] * 7 + [1.0]]
    m = compute_map(_matrix(full + sparse))
    # Ten qualify; the heaviest other voters are clustered too (the member with one vote as well).
    assert [p.user_id for p in m.points] == list(range(1, 15))
    # Oracle: plain SVD of the mean-filled matrix, then each member times sqrt(motions / votes).
    votes = np.array(full + sparse, dtype=float)
    means = np.nanmean(votes, axis=0)
    centred = np.where(np.isnan(votes), means, votes) - means
    unscaled = centred @ np.linalg.svd(centred)[2][:2].T
    counts = (~np.isnan(votes)).sum(axis=1)
    expected = np.abs(unscaled) * np.sqrt(8 / counts)[:, None]
    actual = np.abs([[p.x, p.y] for p in m.points])
    assert actual == pytest.approx(expected, abs=1e-9)


def test_with_fifteen_qualified_sparse_voters_are_not_placed() -> None:
    nan = float("nan")
    rows = [[1, 1, 1, 1, -1, -1, -1, -1]] * 8 + [[-1, -1, -1, -1, 1, 1, 1, 1]] * 8
    m = compute_map(_matrix([*rows, [1, 1, nan, nan, nan, nan, nan, nan]]))
    assert len(m.points) == 16 and m.placement(17) is None and m.vote_counts[17] == 2


def test_the_same_ledger_always_gives_the_same_map() -> None:
    rows = np.random.default_rng(3).choice([-1.0, 0.0, 1.0, np.nan], size=(40, 20)).tolist()
    first, second = compute_map(_matrix(rows)), compute_map(_matrix(rows))
    assert first == second


def test_everyone_alike_has_no_groups_to_tell_apart() -> None:
    m = compute_map(_matrix([[1, 1, -1, 1, 1, 1, -1]] * 9))
    assert len(m.groups) == 1 and m.silhouette is None and m.divisive is None
    assert structure_note(None) == (
        "Everyone placed voted alike, so there are no groups to tell apart.",
        False,
    )
    assert {c.motion_id for c in m.consensus} == set(range(1, 8))


def test_fifty_members_by_thirty_two_motions() -> None:
    rows = np.random.default_rng(0).choice([-1.0, 0.0, 1.0, np.nan], size=(50, 32)).tolist()
    m = compute_map(_matrix(rows))
    assert m.ready and len(m.points) == 50 and m.max_groups == 5
    assert 2 <= len(m.groups) <= 5
    assert all(len(g.representative) <= 5 for g in m.groups)
