"""Expensive commands on Slack wait per member, as on Discord: /ask, /map, charts."""

from __future__ import annotations

from dataclasses import replace

from bot.clock import ManualClock
from bot.runtime import Runtime
from bot.settings import Settings
from slack_app.simulator import SlackSimulator
from tests.conftest import DatabaseFactory


async def test_ask_waits_per_member_and_the_clock_lets_it_go(
    settings: Settings, database_factory: DatabaseFactory, clock: ManualClock
) -> None:
    slow = replace(settings, cooldown_seconds=5)
    runtime = Runtime(slow, db=database_factory(), clock=clock)
    await runtime.open()
    slack = await SlackSimulator(runtime, slow).start()
    try:
        first = await slack.command("alice", "ask", "Why does France object to a NATO office in Tokyo?")
        assert first.replies[0]["response_type"] == "in_channel"
        again = await slack.command("alice", "ask", "Who leads Japan?")
        [refused] = again.replies
        assert refused["response_type"] == "ephemeral"
        assert "Slow down a little: try again in 5 s." in again.text()
        other = await slack.command("bob", "ask", "Who leads Japan?")  # another member is not held up
        assert "Slow down" not in other.text()
        clock.advance(5)
        later = await slack.command("alice", "ask", "Who leads Japan?")
        assert "Slow down" not in later.text()
    finally:
        await slack.stop()
        await runtime.close()
