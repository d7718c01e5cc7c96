"""Instant runoff (bot/services/polls/ranked.py) on known profiles, with the documented tie rule."""

from __future__ import annotations

from bot.services.polls.ranked import instant_runoff

# The textbook profile (Tennessee's capital): 42 Memphis > Nashville > Chattanooga > Knoxville,
# 26 Nashville > Chattanooga > Knoxville > Memphis, 15 Chattanooga > Knoxville > Nashville > Memphis,
# 17 Knoxville > Chattanooga > Nashville > Memphis. IRV elects Knoxville in three rounds.
MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE = range(4)
TENNESSEE = (
    [[MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE]] * 42
    + [[NASHVILLE, CHATTANOOGA, KNOXVILLE, MEMPHIS]] * 26
    + [[CHATTANOOGA, KNOXVILLE, NASHVILLE, MEMPHIS]] * 15
    + [[KNOXVILLE, CHATTANOOGA, NASHVILLE, MEMPHIS]] * 17
)


def test_the_tennessee_profile_elects_knoxville_in_three_rounds() -> None:
    runoff = instant_runoff(TENNESSEE, 4)
    assert runoff.ballots == 100
    assert [r.counts for r in runoff.rounds] == [
        (42, 26, 15, 17),
        (42, 26, None, 32),
        (42, None, None, 58),
    ]
    assert [r.eliminated for r in runoff.rounds] == [(CHATTANOOGA,), (NASHVILLE,), ()]
    assert [r.tie_rule for r in runoff.rounds] == ["fewest", "fewest", None]
    assert runoff.winner == KNOXVILLE and not runoff.tie
    # Memphis leads every round but the last, without a majority.
    assert all(r.count(MEMPHIS) == 42 for r in runoff.rounds)


def test_a_first_round_majority_wins_at_once() -> None:
    runoff = instant_runoff([[0, 1]] * 3 + [[1, 0]] * 2, 2)
    assert len(runoff.rounds) == 1 and runoff.winner == 0


def test_partial_ballots_exhaust_and_the_majority_is_of_ballots_still_counting() -> None:
    # 4 A; 3 B; 2 C (who rank nothing else). C goes; its 2 ballots exhaust; A has 4 of 7.
    runoff = instant_runoff([[0]] * 4 + [[1]] * 3 + [[2]] * 2, 3)
    final = runoff.rounds[-1]
    assert (final.active, final.exhausted) == (7, 2)
    assert runoff.winner == 0


def test_a_tie_for_last_is_broken_by_the_latest_earlier_round_where_they_differ() -> None:
    a, b, c, d = range(4)
    ballots = [[a]] * 6 + [[b]] * 3 + [[c, b]] * 2 + [[d, c, b]]
    runoff = instant_runoff(ballots, 4)
    first, second, third = runoff.rounds
    assert first.counts == (6, 3, 2, 1) and first.eliminated == (d,)
    # Round 2: B and C both have 3; in round 1 C had fewer (2 against 3), so C goes.
    assert second.counts == (6, 3, 3, None)
    assert second.eliminated == (c,) and second.tie_rule == "earlier-round"
    # Round 3: A 6, B 6 of 12, no majority and nobody left to eliminate: a tie (rule 3).
    assert third.counts == (6, 6, None, None)
    assert runoff.tie and runoff.winners == (a, b) and runoff.winner is None


def test_options_tied_in_every_round_go_out_together() -> None:
    a, b, c, e = range(4)
    ballots = [[a]] * 2 + [[b, a]] + [[c, a]]
    runoff = instant_runoff(ballots, 4)
    # E has no vote; B and C one each, tied with no earlier round: both go, with E, in one step.
    assert runoff.rounds[0].eliminated == (e,)
    assert runoff.rounds[1].eliminated == (b, c) and runoff.rounds[1].tie_rule == "together"
    assert runoff.winner == a and runoff.rounds[-1].counts == (4, None, None, None)


def test_everyone_tied_from_the_start_is_a_tie_and_no_ballots_no_winner() -> None:
    assert instant_runoff([[0], [1]], 2).winners == (0, 1)
    empty = instant_runoff([], 3)
    assert empty.winners == () and empty.winner is None and empty.ballots == 0


def test_ballots_are_cleaned_of_repeats_and_unknown_options() -> None:
    runoff = instant_runoff([[1, 1, 7, 0], [1]], 2)
    assert runoff.rounds[0].counts == (0, 2) and runoff.winner == 1
