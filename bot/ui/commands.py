"""The slash commands a tree holds, as the leaves a member can invoke."""

from __future__ import annotations

from typing import Any

from discord import app_commands

Leaf = app_commands.Command[Any, ..., Any]


def leaf_commands(tree: app_commands.CommandTree[Any]) -> list[tuple[str, Leaf]]:
    """Every invocable command (``"stance set"``, ``"help"``): top-level commands by name, and
    a group's subcommands in the order the cog declares them (start, next, ... close)."""
    found: list[tuple[str, Leaf]] = []

    def walk(node: Any) -> None:
        if isinstance(node, app_commands.Group):
            for child in node.commands:
                walk(child)
        elif isinstance(node, app_commands.Command):
            found.append((node.qualified_name, node))

    for top in sorted(tree.get_commands(), key=lambda command: command.name):
        walk(top)
    return found
