"""Isolation: guild A fills the database through the real commands; then EVERY command of the tree
(walked, so new commands are covered) and every autocomplete runs in guild B, and nothing B sees
(content, embeds, components, file names, CSV contents, autocomplete choices) holds A's data.
"""

from __future__ import annotations

import json
from typing import Any

import discord
import simcord
from sqlalchemy import func, select

from bot.models import DebateArgument, Motion, Poll, PollVote, Stance, StanceEvent
from bot.ui.commands import leaf_commands
from tests.conftest import World
from tests.limits_check import all_problems

REASON = "ZEBRAREASON because of the Quokka clause"
MOTION_TITLE = "NATO should open a QUOKKAMOTION office in Ulaanbaatar"
POLL_QUESTION = "AARDVARKPOLL: which office first?"
ANON_QUESTION = "NARWHALANON: secret ballot?"
ARGUMENT = "PANGOLINARGUMENT: security is indivisible"
MARKERS = ["ZEBRAREASON", "QUOKKA", "AARDVARKPOLL", "NARWHALANON", "PANGOLINARGUMENT", "TAPIROPTION"]


# Sensible values by option name, so each command does its real work in guild B.
SENSIBLE: dict[str, Any] = {
    "motion": "1",
    "motions": "1-5",
    "poll": "1",
    "question": "Why does France object to a NATO office in Tokyo?",
    "actor": "NATO",
    "paragraph": 1,
    "pack": "nato-in-asia",
    "text": "Guild B's own words",
    "options": "Yes; No",
    "page": 1,
    "seconds": 30,
}


def _value(param: Any, member: simcord.MemberActor) -> Any:
    if param.choices:
        return param.choices[0].value
    if param.display_name in SENSIBLE:
        return SENSIBLE[param.display_name]
    kind = param.type
    if kind is discord.AppCommandOptionType.boolean:
        return False
    if kind in (discord.AppCommandOptionType.integer, discord.AppCommandOptionType.number):
        return param.min_value if param.min_value is not None else 1
    if kind in (discord.AppCommandOptionType.user, discord.AppCommandOptionType.mentionable):
        return member
    if kind is discord.AppCommandOptionType.string:
        return "1"
    return None


async def _fill_guild_a(world: World) -> tuple[simcord.MemberActor, simcord.MemberActor]:
    env, channel, mod = world.env, world.channel, world.moderator
    ann = world.guild.add_member(env.create_user("xylophoneann"))
    ben = world.guild.add_member(env.create_user("xylophoneben"))
    helpers = world.guild.create_role("Helpers")
    await mod.slash(channel, "config moderator-role", role=helpers)
    await mod.slash(channel, "config member-motions", allow=False)
    await ann.slash(channel, "stance set", motion="1", stance="agree", reason=REASON)
    await ben.slash(channel, "stance set", motion="2", stance="disagree", reason=REASON)
    await ben.slash(channel, "stance privacy", visibility="private")
    await ann.slash(channel, "motion add", text=MOTION_TITLE)  # pending, guild A's
    await ann.slash(channel, "poll create", question=POLL_QUESTION, options="TAPIROPTION yes; TAPIROPTION no")
    await ben.slash(channel, "poll create", question=ANON_QUESTION, options="Yes; No", anonymous=True)
    for member in (ann, ben):
        for message in channel.history(viewer=member):
            if message.embeds and message.components and "NARWHAL" in (message.embeds[0].title or ""):
                await member.click(message, label="Yes")
            if message.embeds and message.components and "AARDVARK" in (message.embeds[0].title or ""):
                await member.click(message, label="TAPIROPTION yes")
    await ann.slash(channel, "poll quick", motion="3")
    await mod.slash(channel, "debate start", motion="1")
    await ann.slash(channel, "debate join", side="for")
    await ben.slash(channel, "debate join", side="against")
    await mod.slash(channel, "debate next")
    await ann.slash(channel, "debate argue", text=ARGUMENT)
    deal = await ann.slash(channel, "vote")
    await ann.click(deal.response, custom_id=deal.response.components[0]["components"][0]["custom_id"])
    return ann, ben


async def _assert_a_has_data(world: World) -> None:
    async with world.env.bot.db.unit_of_work() as s:  # type: ignore[attr-defined]
        count = lambda m, *w: s.execute(select(func.count()).select_from(m).where(*w))  # noqa: E731
        assert (await count(StanceEvent, StanceEvent.reason == REASON)).scalar_one() == 2
        assert (await count(Motion, Motion.title == MOTION_TITLE)).scalar_one() == 1
        assert (await count(Poll, Poll.anonymous.is_(True))).scalar_one() == 1
        assert (await count(PollVote)).scalar_one() >= 3
        assert (await count(DebateArgument)).scalar_one() == 1
        assert (await count(Stance, Stance.source == "vote")).scalar_one() >= 1


def _forbidden(world: World, members: list[simcord.MemberActor]) -> list[str]:
    ids = [world.guild.id, world.channel.id, world.moderator.id, *(m.id for m in members)]
    return [*MARKERS, *(m.name for m in members), *(str(i) for i in ids)]


async def _seen(result: Any) -> str:
    """Everything the member sees: content, embeds, components, file names and file contents."""
    parts: list[str] = []
    if result.modal:
        parts.append(json.dumps(result.modal))
    for message in [result.response, *result.followups]:
        if message is None:
            continue
        parts.append(message.content)
        parts.extend(json.dumps(e.to_dict()) for e in message.embeds)
        parts.append(json.dumps(message.components))
        for attachment in message.attachments:
            parts.append(attachment.filename)
            if attachment.filename.endswith((".csv", ".txt", ".json")):
                parts.append((await attachment.read()).decode("utf-8"))
    return "\n".join(parts)


async def test_guild_b_sees_nothing_of_guild_a(world: World) -> None:
    ann, ben = await _fill_guild_a(world)
    await _assert_a_has_data(world)
    forbidden = _forbidden(world, [ann, ben])
    # Control: in guild A the same reads do show A's data, so the checks below can see a leak.
    control = await _seen(await ann.slash(world.channel, "poll export", poll="1"))
    assert "TAPIROPTION yes" in control and str(ann.id) in control

    other = world.env.create_guild("Guild B")
    channel = other.create_text_channel("general")
    mods = other.create_role("B mods", permissions=discord.Permissions(manage_guild=True))
    bea = other.add_member(world.env.create_user("bea"), roles=[mods])
    mark = len(world.env.http_requests)
    walked = []
    for name, command in leaf_commands(world.env.bot.tree):
        options = {}
        for param in command.parameters:
            value = _value(param, bea)
            if value is not None and (param.required or param.display_name in SENSIBLE):
                options[param.display_name] = value
        result = await bea.slash(channel, name, **options)
        seen = await _seen(result)
        leaks = [f for f in forbidden if f.lower() in seen.lower()]
        assert not leaks, f"/{name} in guild B shows guild A's {leaks}: {seen[:500]}"
        walked.append(name)
        # Autocomplete in B offers nothing of A's, whatever is typed.
        for param in command.parameters:
            if param.autocomplete:
                for typed in ("", "1", "QUOKKA", "AARDVARK", "NARWHAL"):
                    choices = await bea.autocomplete(channel, name, param.display_name, typed)
                    leaks = [f for f in forbidden if f.lower() in json.dumps(choices).lower()]
                    assert not leaks, f"autocomplete /{name} {param.display_name} {typed!r}: {leaks}"
    world.take_errors()  # B's commands may fail politely (nothing to show); bugs are checked below
    sent = json.dumps([r.json for r in world.env.http_requests[mark:]], default=str)
    leaks = [f for f in forbidden if f.lower() in sent.lower()]
    assert not leaks, f"a REST payload during guild B's walk holds guild A's {leaks}"
    assert not all_problems(world.env.http_requests[mark:])
    assert {"stance history", "poll results", "poll export", "export positions", "map group"} <= set(walked)
