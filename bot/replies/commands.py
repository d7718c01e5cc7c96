"""How each platform spells a command in a sentence: ``/stance set motion:3`` on Discord (typed
options), ``/stance set 3`` on Slack (one free-form string, values in order)."""

from __future__ import annotations

from typing import Protocol


class Spelling(Protocol):
    def __call__(self, path: str, /, **options: object) -> str: ...


def discord_spelling(path: str, /, **options: object) -> str:
    """``/path name:value ...`` in backticks, as Discord's command box shows it."""
    parts = [f"/{path}", *(f"{name}:{value}" for name, value in options.items())]
    return "`" + " ".join(parts) + "`"


def slack_spelling(path: str, /, **options: object) -> str:
    """``/path value ...`` in backticks: Slack's command text is positional (slack_app/grammar.py)."""
    parts = [f"/{path}", *(_slack_value(value) for value in options.values())]
    return "`" + " ".join(parts) + "`"


def _slack_value(value: object) -> str:
    text = str(value)
    return f'"{text}"' if " " in text and not text.startswith("<") else text


def bare(spell: Spelling, path: str, /, **options: object) -> str:
    """A command as ``spell`` spells it, without the code marks (footers and plain text)."""
    return spell(path, **options).strip("`")


# The spelling used where no platform is known (logs, tests): Discord's, as before Slack.
plain_spelling: Spelling = discord_spelling
