"""A closed debate's stored result: plain JSON written from the score, read back typed."""

from __future__ import annotations

import json

import pytest

from bot.services.debate_result import DebateResult, MoveResult
from bot.services.debate_scoring import score


def test_stored_form_is_plain_json_and_reads_back_the_same() -> None:
    pre = {1: "for", 2: "against", 3: "undecided", 4: "against"}
    post = {1: "against", 2: "against", 3: "for", 5: "for"}
    result = DebateResult.of(score(pre, post), private={3})
    data = result.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["moves"] == [
        {"user_id": 1, "before": "for", "after": "against", "direction": "against", "private": False},
        {"user_id": 3, "before": "undecided", "after": "for", "direction": "for", "private": True},
    ]
    assert data["pre"]["counts"] == {"for": 1, "against": 1, "undecided": 1}
    assert (data["scored"], data["pre_only"], data["post_only"], data["stayed"]) == (3, 1, 1, 1)
    assert DebateResult.from_json(json.loads(json.dumps(data))) == result


def test_a_result_stored_before_the_later_fields_reads_with_their_old_meaning() -> None:
    # The shape of a result closed before members who moved could be private, and before
    # who was scored or left out was stored.
    old = {
        "pre": {"counts": {"for": 2, "against": 1, "undecided": 0}, "percent": {"for": 66.7}, "total": 3},
        "post": {"counts": {"for": 1, "against": 2, "undecided": 0}, "percent": {"for": 33.3}, "total": 3},
        "shift": {"for": -33.3, "against": 33.3},
        "winner": "against",
        "leader": "against",
        "upset": False,
        "stayed": 2,
        "moves": [{"user_id": 9, "before": "for", "after": "against", "direction": "against"}],
    }
    result = DebateResult.from_json(old)
    assert (result.scored, result.pre_only, result.post_only, result.small) == (3, 0, 0, True)
    assert result.moves == (MoveResult(9, "for", "against", "against", private=False),)


@pytest.mark.parametrize(
    ("key", "value"), [("winner", "maybe"), ("shift", {"sideways": 1.0}), ("moves", [{"user_id": 1}])]
)
def test_a_stored_result_with_an_unknown_word_or_a_missing_field_is_refused(key: str, value: object) -> None:
    data = DebateResult.of(score({1: "for"}, {1: "against"})).to_json()
    data[key] = value
    with pytest.raises((ValueError, KeyError)):
        DebateResult.from_json(data)
