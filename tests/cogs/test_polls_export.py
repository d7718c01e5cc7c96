"""/poll export: who voted what only for the poll's creator and moderators, private members under
the pseudonym /export positions gives them, and voters named the way /export positions names them."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.conftest import World


async def _csv(result: Any) -> tuple[str, list[dict[str, str]]]:
    assert result.ephemeral, result.response.content
    (attachment,) = result.response.attachments
    text = (await attachment.read()).decode("utf-8")
    return text, list(csv.DictReader(io.StringIO(text)))


async def test_a_motion_poll_export_names_nobody_to_members_and_pseudonymises_private_voters(
    world: World,
) -> None:
    carol = world.member("carol")
    await carol.slash(world.channel, "stance privacy", visibility="private")
    created = await world.alice.slash(world.channel, "poll quick", motion="1")
    await world.bob.click(created.response, label="Agree")
    await carol.click(created.response, label="Strongly disagree")

    # A member who neither started the poll nor moderates gets the counts, and is told why.
    member = await world.bob.slash(world.channel, "poll export")
    text, rows = await _csv(member)
    assert "counts per option only" in member.response.content
    assert "creator and moderators" in member.response.content
    assert [(r["option"], r["votes"]) for r in rows] == [
        ("Strongly agree", "0"),
        ("Agree", "1"),
        ("Undecided", "0"),
        ("Disagree", "0"),
        ("Strongly disagree", "1"),
    ]
    for who in (world.bob, carol):
        assert str(who.id) not in text and who.name not in text

    # The creator and a moderator get one row per vote; carol only under her export pseudonym.
    _positions_text, positions_rows = await _csv(
        await world.moderator.slash(world.channel, "export positions")
    )
    (alias,) = {r["member"] for r in positions_rows if r["member_id"] == ""}
    assert alias.startswith("member-")
    for who in (world.alice, world.moderator):
        result = await who.slash(world.channel, "poll export")
        assert "one row per vote" in result.response.content
        text, rows = await _csv(result)
        assert [(r["option"], r["voter_id"], r["voter"]) for r in rows] == [
            ("Agree", str(world.bob.id), "bob"),
            ("Strongly disagree", "", alias),
        ]
        assert str(carol.id) not in text and "carol" not in text


async def test_the_voter_column_holds_display_names_without_the_members_intent(world: World) -> None:
    created = await world.alice.slash(
        world.channel, "poll create", question="Venue?", options="Library; Cafe; Online"
    )
    await world.bob.click(created.response, label="Cafe")
    await world.moderator.click(created.response, label="Library")
    _text, rows = await _csv(await world.alice.slash(world.channel, "poll export"))
    assert [(r["option"], r["voter_id"], r["voter"]) for r in rows] == [
        ("Library", str(world.moderator.id), "moderator"),
        ("Cafe", str(world.bob.id), "bob"),
    ]
