"""Limits: every command with OVERSIZED options, then every button the bot posted is clicked and every
modal it shows is submitted with the longest values Discord allows; each outgoing REST payload is
checked against Discord's limits and allowed_mentions (tests/limits_check.py).

Deterministic companion of test_hostile_input.py: here each string option is at its maximum length
(Discord allows 6,000 characters when the command declares no bound), each number at its maximum.
"""

from __future__ import annotations

from typing import Any

import discord
import simcord
from simcord.backend.errors import SetupError

from bot.services import motions, positions
from bot.ui.commands import leaf_commands
from bot.ui.errors import user_message
from tests.conftest import World
from tests.limits_check import all_problems

STRING_OPTION_MAX = 6000  # Discord's own cap on a string option
TEXT_INPUT_MAX = 4000  # Discord's cap on a modal text input's value
PING = "@everyone <@&123456789012345678> "

# Options whose biggest *valid* value is more telling than a long blob.
BIGGEST = {
    "options": ";".join(f"{PING}{i:02d}".ljust(80, "o") for i in range(25)),
}


def _biggest(param: Any, member: simcord.MemberActor) -> Any:
    if param.choices:
        return param.choices[-1].value
    kind = param.type
    if kind is discord.AppCommandOptionType.string:
        if param.display_name in BIGGEST:
            return BIGGEST[param.display_name]
        length = int(param.max_value or STRING_OPTION_MAX)
        return (PING + "W" * length)[:length]
    if kind is discord.AppCommandOptionType.integer:
        return int(param.max_value) if param.max_value is not None else 2**53 - 1
    if kind is discord.AppCommandOptionType.number:
        return float(param.max_value) if param.max_value is not None else 1e15
    if kind is discord.AppCommandOptionType.boolean:
        return True
    if kind in (discord.AppCommandOptionType.user, discord.AppCommandOptionType.mentionable):
        return member
    return None


def _bugs(world: World) -> list[BaseException]:
    return [e for e in world.take_errors() if user_message(e)[1] is not None]


async def _big_state(world: World) -> None:
    """The largest legitimate things: long reasons and titles, a 25-option poll, a debate."""
    mod, alice, bob, channel = world.moderator, world.alice, world.bob, world.channel
    reason = (PING + "r" * positions.REASON_LIMIT)[: positions.REASON_LIMIT]
    await alice.slash(channel, "stance set", motion="1", stance="agree", reason=reason)
    await mod.slash(channel, "motion add", text=(PING + "t" * motions.TITLE_MAX)[: motions.TITLE_MAX])
    await alice.slash(channel, "motion add", text=(PING + "p" * motions.TITLE_MAX)[: motions.TITLE_MAX])
    question = (PING + "q" * 256)[:256]
    await mod.slash(channel, "poll create", question=question, options=BIGGEST["options"], minutes=60)
    await mod.slash(channel, "debate start", motion="1")
    await alice.slash(channel, "debate join", side="for")
    await bob.slash(channel, "debate join", side="against")
    await mod.slash(channel, "debate next")
    assert not _bugs(world)


async def test_every_command_with_oversized_options_stays_inside_limits(world: World) -> None:
    await _big_state(world)
    mark = len(world.env.http_requests)
    for name, command in leaf_commands(world.env.bot.tree):
        for member in (world.moderator, world.alice):
            options = {}
            for param in command.parameters:
                value = _biggest(param, world.bob)
                if value is not None:
                    options[param.display_name] = value
            try:
                result = await member.slash(world.channel, name, **options)
            except simcord.OptionError:
                continue  # Discord refuses the value before the bot sees it
            assert result.acknowledged, f"/{name} was never answered"
            assert not _bugs(world), f"/{name} with oversized options raised a bug"
    problems = all_problems(world.env.http_requests[mark:])
    assert not problems, problems


def _buttons(message: Any) -> list[str]:
    """The custom ids of a message's buttons (raw dicts from results, objects from history)."""
    found = []
    for row in message.components or []:
        children = row.get("components", []) if isinstance(row, dict) else row.children
        for c in children:
            raw = c if isinstance(c, dict) else c.to_dict()
            if raw.get("type") == 2 and raw.get("custom_id"):
                found.append(raw["custom_id"])
    return found


def _text_inputs(modal: dict[str, Any]) -> dict[str, int]:
    """custom_id -> the longest value the modal accepts for each text input."""
    found = {}
    for row in modal.get("components", []):
        for component in [row, *row.get("components", [])]:
            if component.get("type") == 4:
                found[component["custom_id"]] = int(component.get("max_length") or TEXT_INPUT_MAX)
    return found


async def test_every_button_and_modal_the_bot_posts_stays_inside_limits(world: World) -> None:
    await _big_state(world)
    shown = []
    for name, options in [
        ("vote", {}),
        ("stance history", {}),
        ("motions", {}),
        ("actors", {}),
        ("who", {"actor": "NATO"}),
        ("stance forget", {}),
    ]:
        result = await world.alice.slash(world.channel, name, **options)
        shown.extend(m for m in [result.response, *result.followups] if m is not None)
    everyone = (world.alice, world.moderator)
    messages = [
        (m, (world.alice,) if m.flags.ephemeral else everyone)  # only alice sees her ephemeral ones
        for m in [*world.channel.history(viewer=world.alice), *shown]
    ]
    mark = len(world.env.http_requests)
    clicked = modals = 0
    for message, members in messages:
        for custom_id in _buttons(message):
            for member in members:
                try:
                    result = await member.click(message, custom_id=custom_id)
                except SetupError:
                    continue  # an earlier click replaced this button (the next motion, page...)
                clicked += 1
                assert result.acknowledged, custom_id
                if result.modal:
                    modals += 1
                    inputs = _text_inputs(result.modal)
                    values = {cid: (PING + "m" * cap)[:cap] for cid, cap in inputs.items()}
                    submitted = await member.submit_modal(result, values)
                    assert submitted.acknowledged, custom_id
                assert not _bugs(world), f"clicking {custom_id.split(':')[:2]} raised a bug"
    assert clicked > 40 and modals >= 1, (clicked, modals)
    problems = all_problems(world.env.http_requests[mark:])
    assert not problems, problems
