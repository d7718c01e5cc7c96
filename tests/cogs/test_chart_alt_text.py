"""Every chart's alt text is its attachment's description (what screen readers read), and only
that: the message does not repeat it as visible text."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import World


def visible_text(message: Any) -> str:
    """What a reader sees of a message: its content and its embeds."""
    return (message.content or "") + "\n".join(json.dumps(e.to_dict()) for e in message.embeds)


def assert_alt_text_only_on_the_file(message: Any, starts: str) -> None:
    [chart] = message.attachments
    assert chart.description and chart.description.startswith(starts), chart.description
    assert chart.description not in visible_text(message)
    assert starts not in visible_text(message)


async def test_poll_results_keep_the_alt_text_on_the_chart(world: World) -> None:
    created = await world.alice.slash(
        world.channel, "poll create", question="Tea or coffee?", options="Tea; Coffee", minutes=5
    )
    await world.bob.click(created.response, label="Tea")
    results = await world.bob.slash(world.channel, "poll results")
    assert_alt_text_only_on_the_file(results.response, "Bar chart of poll #1")
    closed = await world.alice.slash(world.channel, "poll close")
    assert_alt_text_only_on_the_file(closed.response, "Bar chart of poll #1")

    timed = await world.alice.slash(
        world.channel, "poll create", question="Where next?", options="Library; Cafe", minutes=1
    )
    await world.bob.click(timed.response, label="Cafe")
    await world.env.advance_time(61)
    [announcement] = [m for m in world.channel.history() if m.content == "Poll #2 has closed."]
    assert_alt_text_only_on_the_file(announcement, "Bar chart of poll #2")


async def test_the_stance_summary_keeps_the_alt_text_on_the_chart(world: World) -> None:
    await world.alice.slash(world.channel, "stance set", motion="1", stance="agree")
    summary = await world.bob.slash(world.channel, "stance summary", motion="1")
    assert not summary.ephemeral
    assert_alt_text_only_on_the_file(summary.response, "Bar chart of 1 member's stance on #1")
