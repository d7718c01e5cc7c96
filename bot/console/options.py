"""Reading a console line's ``/command [subcommand] [option:value ...]`` against the bot's command tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord
import simcord
from discord import app_commands

Command = app_commands.Command[Any, ..., Any]


class ConsoleError(Exception):
    """A line the console cannot run; shown to the user, and the console carries on."""


def wait_seconds(words: list[str]) -> float:
    """The seconds of a ``:wait N`` line (both consoles)."""
    try:
        seconds = float(words[0])
    except (IndexError, ValueError):
        raise ConsoleError(":wait needs a number of seconds, e.g. :wait 60") from None
    if not 0 <= seconds <= 366 * 86400:
        raise ConsoleError(":wait takes 0 to a year of seconds")
    return seconds


def parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("true", "yes", "y", "on", "1"):
        return True
    if value in ("false", "no", "n", "off", "0"):
        return False
    raise ConsoleError(f"{raw!r} is not yes/no (true/false)")


def resolve_command(tree: app_commands.CommandTree[Any], words: list[str]) -> tuple[str, Command, list[str]]:
    """The command ``words`` name, its full path ("poll close") and the words left for options."""
    if not words or not words[0].startswith("/"):
        raise ConsoleError("a command starts with /, e.g. /help")
    name = words[0][1:].lower()
    node: Any = tree.get_command(name)
    if node is None:
        raise ConsoleError(f"there is no /{name} command. Try /help.")
    path = [name]
    rest = words[1:]
    while isinstance(node, app_commands.Group):
        if not rest:
            subs = ", ".join(c.name for c in node.commands)
            raise ConsoleError(f"/{' '.join(path)} needs a subcommand: {subs}")
        child = node.get_command(rest[0].lower())
        if child is None:
            subs = ", ".join(c.name for c in node.commands)
            raise ConsoleError(f"/{' '.join(path)} has no subcommand {rest[0]!r}; try one of: {subs}")
        path.append(child.name)
        node = child
        rest = rest[1:]
    return " ".join(path), node, rest


def convert(
    param: app_commands.Parameter,
    raw: str,
    *,
    member: Callable[[str], simcord.MemberActor],
    guild: simcord.GuildHandle,
) -> Any:
    """One option's value from its text, as Discord would deliver it."""
    kind = param.type
    if param.choices:
        for choice in param.choices:
            if raw.casefold() in (choice.name.casefold(), str(choice.value).casefold()):
                return choice.value
        names = ", ".join(c.name for c in param.choices)
        raise ConsoleError(f"{param.display_name}: {raw!r} is not one of: {names}")
    if kind is discord.AppCommandOptionType.integer:
        try:
            return int(raw.lstrip("#"))
        except ValueError:
            raise ConsoleError(f"{param.display_name} needs a whole number, got {raw!r}") from None
    if kind is discord.AppCommandOptionType.number:
        try:
            return float(raw)
        except ValueError:
            raise ConsoleError(f"{param.display_name} needs a number, got {raw!r}") from None
    if kind is discord.AppCommandOptionType.boolean:
        return parse_bool(raw)
    if kind in (discord.AppCommandOptionType.user, discord.AppCommandOptionType.mentionable):
        return member(raw)
    if kind is discord.AppCommandOptionType.channel:
        channel = guild.channels.get(raw.lstrip("#"))
        if channel is None:
            raise ConsoleError(f"there is no channel #{raw.lstrip('#')}")
        return channel
    if kind is discord.AppCommandOptionType.role:
        role = guild.roles.get(raw.lstrip("@"))
        if role is None:
            raise ConsoleError(f"there is no role {raw!r}")
        return role
    if kind is discord.AppCommandOptionType.attachment:
        raise ConsoleError("the console cannot upload files")
    return raw


def parse_options(
    command: Command, path: str, rest: list[str], value: Callable[[app_commands.Parameter, str], Any]
) -> dict[str, Any]:
    """``option:value`` words as the command's options; bare words fill its one required option."""
    params = {p.display_name: p for p in command.parameters}
    options: dict[str, Any] = {}
    bare: list[str] = []
    for token in rest:
        key, sep, raw = token.partition(":")
        if sep and key.lower() in params:
            param = params[key.lower()]
            options[param.display_name] = value(param, raw)
        else:
            bare.append(token)
    if bare:
        required = [p for p in command.parameters if p.required and p.display_name not in options]
        if len(required) == 1:
            param = required[0]
            options[param.display_name] = value(param, " ".join(bare))
        else:
            wanted = " ".join(f"{p.display_name}:…" for p in command.parameters) or "no options"
            raise ConsoleError(f"I don't know what {' '.join(bare)!r} is for. /{path} takes {wanted}")
    missing = [p.display_name for p in command.parameters if p.required and p.display_name not in options]
    if missing:
        raise ConsoleError(f"/{path} needs {', '.join(f'{m}:…' for m in missing)}")
    return options
