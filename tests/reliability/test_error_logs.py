"""An unexpected database error is logged with its error id and the statement, never the values
bound to it (the guild and member ids and the member's own words: docs/privacy.md)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from bot.app import Roundtable
from tests.conftest import World

SECRET_REASON = "my very private reason 8d1f"


async def test_an_unexpected_error_logs_the_statement_not_the_members_values(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    bot: Roundtable = world.env.bot  # type: ignore[assignment]
    async with bot.db.unit_of_work() as session:  # a fault of our own making: the history is gone
        await session.execute(text("DROP TABLE stance_events"))
    with caplog.at_level(logging.ERROR):
        result = await world.alice.slash(
            world.channel, "stance set", motion="1", stance="agree", reason=SECRET_REASON
        )
    assert result.ephemeral and "error id" in result.response.content
    error_id = result.response.content.split("`")[1]
    assert len(world.take_errors()) == 1
    logged = caplog.text
    assert error_id in logged and "stance_events" in logged  # the error id and the statement
    assert SECRET_REASON not in logged
    assert str(world.alice.id) not in logged and str(world.guild.id) not in logged
