"""Refusals carry no sentence; the replies word them with each platform's command spelling."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pytest

from bot.errors import Refused
from bot.replies import refusals
from bot.replies.commands import Spelling, discord_spelling, slack_spelling
from bot.replies.errors import user_message


@pytest.fixture
def worded() -> Iterator[None]:
    @refusals.reason("test.needs-motion")
    def _needs(facts: Mapping[str, object], spell: Spelling) -> str:
        return f"Motion {facts['number']} is closed: try {spell('stance set', motion=facts['number'])}."

    yield
    refusals.REASONS.pop("test.needs-motion")


def test_each_platform_spells_the_command_its_own_way(worded: None) -> None:
    refusal = Refused("test.needs-motion", number=3)
    assert user_message(refusal, discord_spelling) == (
        "Motion 3 is closed: try `/stance set motion:3`.",
        None,
    )
    assert user_message(refusal, slack_spelling) == ("Motion 3 is closed: try `/stance set 3`.", None)
    assert refusal.message == "Motion 3 is closed: try `/stance set motion:3`."


def test_a_reason_without_wording_is_shown_as_itself_not_a_traceback() -> None:
    assert user_message(Refused("test.unworded")) == ("test.unworded", None)


def test_slack_quotes_a_value_with_spaces() -> None:
    assert slack_spelling("poll create", question="Open an office?") == '`/poll create "Open an office?"`'
