"""Issue 15: a long debate says how many arguments its result leaves out, and /debate transcript
gives every argument by round and speaker, by name."""

from __future__ import annotations

from tests.cogs.debate_support import two_debaters
from tests.cogs.test_debates import assert_no_pings_and_inside_limits
from tests.conftest import World


def _argument(n: int) -> str:
    return (f"Argument {n:02d}: " + "deterrence needs presence. " * 60)[:1500]


async def test_a_long_debate_counts_what_it_leaves_out_and_the_transcript_has_everything(
    world: World,
) -> None:
    await two_debaters(world)
    speakers = {"alice": world.alice, "bob": world.bob}
    written: list[tuple[str, str, str]] = []  # round, speaker, text
    n = 0
    for speech in range(6):  # opening, rebuttal, closing: For then Against
        await world.moderator.slash(world.channel, "debate next")
        round_name = ("opening", "rebuttal", "closing")[speech // 2]
        for _ in range(5):  # 30 arguments in all
            name = ("alice", "bob")[n % 2]
            text = _argument(n)
            await speakers[name].slash(world.channel, "debate argue", text=text)
            written.append((round_name, name, text))
            n += 1
    assert len(written) == 30
    await world.moderator.slash(world.channel, "debate end")
    closed = await world.moderator.slash(world.channel, "debate close")
    _, arguments = closed.response.embeds
    shown = sum(value.count("Argument ") for value in (f.value for f in arguments.fields))
    assert 0 < shown < 30
    assert arguments.description.startswith(f"{30 - shown} arguments of 30 not shown here.")
    assert "Arguments are shortened to 300 characters here." in arguments.description
    assert "`/debate transcript` has every argument in full." in arguments.description
    assert {f.name.removesuffix(" (more)") for f in arguments.fields} == {"Opening", "Rebuttal", "Closing"}
    for round_name in ("Opening", "Rebuttal", "Closing"):  # every round keeps some of its arguments
        assert any(f.name.startswith(round_name) and "Argument " in f.value for f in arguments.fields)
    assert_no_pings_and_inside_limits(world)

    result = await world.bob.slash(world.channel, "debate transcript")
    assert result.ephemeral and "30 arguments, by round and speaker" in result.response.content
    [attachment] = result.response.attachments
    assert attachment.filename.endswith("-transcript.md")
    text = (await attachment.read()).decode("utf-8")
    assert text.startswith("# Debate 1: #1 NATO should open a liaison office in Tokyo")
    assert str(world.alice.id) not in text and "<@" not in text
    sections = text.split("\n## ")[1:]
    assert [s.splitlines()[0] for s in sections] == ["Opening", "Rebuttal", "Closing"]
    for round_name, name, argument in written:
        section = sections[["opening", "rebuttal", "closing"].index(round_name)]
        side = "For" if name == "alice" else "Against"
        assert f"### {side}: {name} (" in section
        assert argument in section  # whole, not shortened


async def test_a_transcript_without_a_debate_says_so(world: World) -> None:
    result = await world.alice.slash(world.channel, "debate transcript")
    assert result.ephemeral and result.response.content == "No debate has been held in this channel yet."
