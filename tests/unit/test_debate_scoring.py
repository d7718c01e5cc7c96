"""Oxford-style scoring: the side that moved the room wins, whatever the final count."""

from __future__ import annotations

from fractions import Fraction

import pytest

from bot.services.debate_result import DebateResult
from bot.services.debate_scoring import MIN_SCORED, Move, score, tally


def test_the_side_that_gained_most_wins_even_with_fewer_final_votes() -> None:
    # Before: For 1/5 (20%), Against 4/5 (80%). After: For 2/5 (40%), Against 3/5 (60%).
    pre = {1: "for", 2: "against", 3: "against", 4: "against", 5: "against"}
    post = {1: "for", 2: "for", 3: "against", 4: "against", 5: "against"}
    result = score(pre, post)
    assert result.winner == "for"
    assert result.leader == "against"
    assert result.upset
    assert result.shift == {"for": Fraction(20), "against": Fraction(-20)}
    assert result.moves == [Move(2, "against", "for")]
    assert result.moves[0].direction == "for"
    assert result.stayed == 4


def test_only_members_who_voted_both_times_are_scored() -> None:
    pre = {1: "for", 2: "against", 3: "undecided", 4: "undecided"}
    post = {1: "for", 2: "against", 3: "against", 5: "for"}  # 4 left early, 5 came late
    result = score(pre, post)
    assert (result.scored, result.pre_only, result.post_only) == (3, 1, 1)
    assert result.pre.total == result.post.total == 3
    assert result.pre.percent("undecided") == pytest.approx(33.3)
    assert result.post.percent("against") == pytest.approx(66.7)
    # For 33.3 -> 33.3 (+0), Against 33.3 -> 66.7 (+33.3)
    assert result.shift_points("for") == 0.0
    assert result.shift_points("against") == pytest.approx(33.3)
    assert result.winner == "against" and result.leader == "against" and not result.upset
    assert result.moves == [Move(3, "undecided", "against")]
    assert result.moves[0].direction == "against"
    assert result.small  # 3 < MIN_SCORED


def test_once_only_voters_cannot_decide_the_winner() -> None:
    # The case: pre For 1, Against 1; post only the For voter. Nobody moved: no winner
    # can come from the member who left.
    result = score({1: "for", 2: "against"}, {1: "for"})
    assert result.scored == 1 and result.pre_only == 1 and result.post_only == 0
    assert result.shift == {"for": Fraction(0), "against": Fraction(0)}
    assert result.winner == "tie" and result.moves == [] and result.stayed == 1
    assert result.small


def test_a_result_on_enough_members_is_not_flagged() -> None:
    room = {i: "for" if i % 2 else "against" for i in range(1, MIN_SCORED + 1)}
    assert not score(room, room).small
    smaller = dict(list(room.items())[:-1])
    assert score(smaller, smaller).small


def test_no_votes_at_all_has_no_winner() -> None:
    result = score({}, {})
    assert result.winner == "none" and result.leader == "none"
    assert result.pre.total == 0 and result.post.percent("for") == 0.0
    assert not result.upset and result.moves == []
    assert DebateResult.of(result).shift == {"for": 0.0, "against": 0.0}


def test_a_missing_vote_round_has_no_winner() -> None:
    only_before = score({1: "for", 2: "against"}, {})
    assert only_before.winner == "none" and only_before.leader == "none"
    only_after = score({}, {1: "for"})
    assert only_after.winner == "none" and only_after.leader == "none"
    assert only_after.post_only == 1 and only_after.scored == 0


def test_everyone_undecided_both_times_is_a_tie() -> None:
    everyone = {i: "undecided" for i in range(1, 6)}
    result = score(everyone, dict(everyone))
    assert result.winner == "tie" and result.leader == "tie"
    assert result.pre.percent("undecided") == 100.0
    assert result.moves == [] and result.stayed == 5


def test_equal_gains_are_a_tie_even_with_different_final_counts() -> None:
    # Before: For 1, Against 3, Undecided 2 of 6. After: For 2, Against 4 of 6: both +16.7 pp.
    pre = {1: "for", 2: "against", 3: "against", 4: "against", 5: "undecided", 6: "undecided"}
    post = {1: "for", 2: "against", 3: "against", 4: "against", 5: "for", 6: "against"}
    result = score(pre, post)
    assert result.shift["for"] == result.shift["against"]
    assert result.winner == "tie" and result.leader == "against"
    assert not result.upset


def test_a_room_that_leaves_both_sides_for_undecided_rewards_the_side_that_lost_less() -> None:
    pre = {1: "for", 2: "for", 3: "against", 4: "against"}
    post = {1: "for", 2: "undecided", 3: "undecided", 4: "undecided"}
    result = score(pre, post)
    assert result.shift_points("for") == -25.0 and result.shift_points("against") == -50.0
    assert result.winner == "for"
    assert [m.direction for m in result.moves] == ["against", "for", "for"]


def test_unknown_choice_is_refused() -> None:
    with pytest.raises(ValueError):
        tally(["maybe"])
