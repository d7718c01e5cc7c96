"""Every moderator action is refused to a plain member, in code, and changes nothing.

SimCord lets plain members invoke every command (no Discord-side restriction is set), so the only
thing standing between a member and a moderator action is the bot's own check
(bot/ui/checks.py require_moderator: Manage Server, or the role named with /config moderator-role).
"""

from __future__ import annotations

from typing import Any

import simcord
from sqlalchemy import select

from bot.models import Poll
from bot.models.base import Base
from tests.conftest import World
from tests.limits_check import all_problems

# Every action the code keeps for moderators (grep require_moderator / is_moderator in cogs/).
MODERATOR_ACTIONS: list[tuple[str, dict[str, Any]]] = [
    ("debate start", {"motion": "2"}),
    ("debate next", {}),
    ("debate pause", {}),
    ("debate resume", {}),
    ("debate extend", {"seconds": 60}),
    ("debate end", {}),
    ("debate close", {}),
    ("motion approve", {"motion": "pending"}),
    ("motion reject", {"motion": "pending"}),
    ("export positions", {}),
    ("config show", {}),
    ("config member-motions", {"allow": True}),
    ("config moderator-role", {}),
    ("pack use", {"pack": "nato-in-asia"}),
    ("poll close", {"poll": "bob's"}),
    ("poll manage", {"poll": "bob's"}),
]

# The friendly refusals: any moderator check, the Manage-Server-only role choice, someone else's poll.
REFUSALS = ("Only moderators can do that", "Only members with Manage Server can", ", or a moderator, can")
PENDING_TITLE = "NATO should hold a summit in Ulaanbaatar"


async def _snapshot(world: World) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove a refused action wrote nothing."""
    out = {}
    async with world.env.bot.db.unit_of_work() as session:  # type: ignore[attr-defined]
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(select(table))).all()
            out[table.name] = sorted((tuple(map(repr, r)) for r in rows), key=repr)
    return out


async def _setup(world: World) -> dict[str, str]:
    """A running debate, a pending motion, bob's open poll and a stance: things to act on."""
    await world.alice.slash(world.channel, "stance set", motion="1", stance="agree")
    proposed = await world.alice.slash(world.channel, "motion add", text=PENDING_TITLE)
    number = proposed.response.content.split("**#", 1)[1].split("**", 1)[0]
    started = await world.moderator.slash(world.channel, "debate start", motion="1")
    assert started.acknowledged
    await world.bob.slash(world.channel, "poll create", question="Bob's question?", options="A; B")
    async with world.env.bot.db.unit_of_work() as session:  # type: ignore[attr-defined]
        poll_id = (await session.execute(select(Poll.id))).scalar_one()
    return {"pending": number, "bob's": str(poll_id)}


def _refused(content: str) -> bool:
    return any(refusal in content for refusal in REFUSALS)


def _resolve(options: dict[str, Any], refs: dict[str, str]) -> dict[str, Any]:
    return {k: refs.get(v, v) if isinstance(v, str) else v for k, v in options.items()}


async def test_every_moderator_action_is_refused_to_a_plain_member(world: World) -> None:
    refs = await _setup(world)
    before = await _snapshot(world)
    mark = len(world.env.http_requests)
    for name, options in MODERATOR_ACTIONS:
        result = await world.alice.slash(world.channel, name, **_resolve(options, refs))
        message = result.response or result.followups[0]
        assert result.ephemeral and message.ephemeral, name
        assert _refused(message.content), (name, message.content)
        assert not message.embeds and not message.components and not message.attachments, name
    assert await _snapshot(world) == before
    assert not all_problems(world.env.http_requests[mark:])


async def test_manage_server_always_counts(world: World) -> None:
    """Without any moderator role configured; each action in turn (some then fail on state,
    like approving a motion already rejected, but none is refused as not a moderator's)."""
    refs = await _setup(world)
    for name, options in MODERATOR_ACTIONS:
        result = await world.moderator.slash(world.channel, name, **_resolve(options, refs))
        message = result.response or result.followups[0]
        assert not _refused(message.content), (name, message.content)


async def test_the_configured_moderator_role_counts_but_cannot_choose_the_role(world: World) -> None:
    refs = await _setup(world)
    helpers = world.guild.create_role("Helpers")
    carol: simcord.MemberActor = world.guild.add_member(world.env.create_user("carla"), roles=[helpers])
    refused = await carol.slash(world.channel, "debate pause")
    assert "Only moderators" in refused.response.content
    await world.moderator.slash(world.channel, "config moderator-role", role=helpers)
    for name, options in MODERATOR_ACTIONS:
        if name == "config moderator-role":
            continue
        result = await carol.slash(world.channel, name, **_resolve(options, refs))
        message = result.response or result.followups[0]
        assert not _refused(message.content), (name, message.content)
    escalate = await carol.slash(world.channel, "config moderator-role")
    assert escalate.ephemeral and "Manage Server" in escalate.response.content
    # A member without the role is still refused.
    assert "Only moderators" in (await world.alice.slash(world.channel, "debate pause")).response.content
