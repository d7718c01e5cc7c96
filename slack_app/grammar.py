"""Reading a Slack slash command's one free-form string as a command's options.

Two forms, mixed freely:
- the console's: ``option:value`` pairs, a value in double quotes when it has spaces
  (``/poll create question:"Should NATO open an office?" options:"Yes; No"``);
- the natural positional one: values in the order the usage lists them, the last text option
  taking the rest of the line (``/stance set 1 agree deterrence works``).
Words that start no ``name:`` of the command are values. A line that does not fit raises
``UsageError`` carrying the command's usage, which the front end shows privately.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.errors import UserError

# A token: name:"quoted value" | name:value | "quoted" | “quoted” | word.
_TOKEN = re.compile(
    r'(?P<key>[A-Za-z_]+):(?:"(?P<kq>[^"]*)"|“(?P<kc>[^”]*)”|(?P<kv>\S*))|"(?P<q>[^"]*)"|“(?P<c>[^”]*)”|(?P<w>\S+)'
)
_MENTION = re.compile(r"^<@(?P<id>[UW][A-Z0-9]+)(?:\|[^>]*)?>$")


def from_slack(text: str) -> str:
    """A command's text as the member typed it: Slack sends ``&``, ``<`` and ``>`` escaped (its
    control characters), while the mentions it made from a pick (``<@U…|name>``) arrive as they are."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class UsageError(UserError):
    """A line that does not fit the command: the message says why and shows the usage."""


@dataclass(frozen=True)
class Opt:
    """One option. ``kind``: "text", "int", "bool", "member" (a Slack mention) or "choice"."""

    name: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    # The last text option of a command may take the rest of the line.
    rest: bool = False
    help: str = ""

    def shown(self) -> str:
        inner = "|".join(self.choices) if self.choices else self.name
        return f"<{inner}>" if self.required else f"[{self.name}:{inner if self.choices else '…'}]"


@dataclass(frozen=True)
class Syntax:
    """A command or subcommand path ("stance set") with its options, in positional order."""

    path: str
    summary: str
    options: tuple[Opt, ...] = ()
    example: str = ""
    moderators_only: bool = False

    def usage(self) -> str:
        parts = [f"/{self.path}", *(o.shown() for o in self.options)]
        return " ".join(parts)


@dataclass
class Parsed:
    syntax: Syntax
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


def usage_text(syntaxes: Sequence[Syntax], path: str | None = None) -> str:
    """The usage lines of a command (every subcommand), with summaries and examples."""
    lines = []
    for s in syntaxes:
        if path and not s.path.startswith(path):
            continue
        line = f"`{s.usage()}`: {s.summary}"
        if s.example:
            line += f" (e.g. `{s.example}`)"
        lines.append(line)
    return "\n".join(lines)


def _select(command: str, syntaxes: Sequence[Syntax], text: str) -> tuple[Syntax, str]:
    """The syntax the line's first word picks (a command with subcommands), and the text left."""
    if len(syntaxes) == 1 and syntaxes[0].path == command:
        return syntaxes[0], text
    first, _, rest = text.strip().partition(" ")
    for s in syntaxes:
        if s.path == f"{command} {first.lower()}":
            return s, rest
    subs = ", ".join(s.path.split(" ", 1)[1] for s in syntaxes if " " in s.path)
    said = f"/{command} has no subcommand “{first}”." if first else f"/{command} needs a subcommand ({subs})."
    raise UsageError(f"{said}\n{usage_text(syntaxes)}")


def _convert(opt: Opt, raw: str, syntax: Syntax) -> Any:
    raw = raw.strip()
    if opt.kind == "int":
        try:
            return int(raw.lstrip("#"))
        except ValueError:
            raise UsageError(
                f"{opt.name} needs a whole number, not “{raw[:50]}”.\nUsage: `{syntax.usage()}`"
            ) from None
    if opt.kind == "bool":
        value = raw.lower()
        if value in ("true", "yes", "y", "on", "1"):
            return True
        if value in ("false", "no", "n", "off", "0"):
            return False
        raise UsageError(f"{opt.name} is yes or no, not “{raw[:50]}”.\nUsage: `{syntax.usage()}`")
    if opt.kind == "choice":
        matches = [c for c in opt.choices if c.lower() == raw.lower()] or [
            c for c in opt.choices if c.lower().startswith(raw.lower()) and raw
        ]
        if len(matches) == 1:
            return matches[0]
        raise UsageError(
            f"{opt.name} is one of {', '.join(opt.choices)}, not “{raw[:50]}”.\nUsage: `{syntax.usage()}`"
        )
    if opt.kind == "member":
        found = _MENTION.match(raw)
        if found is None:
            raise UsageError(
                f"Name the {opt.name} with @ (pick them from Slack's list).\nUsage: `{syntax.usage()}`"
            )
        return found["id"]
    return raw


def parse(command: str, syntaxes: Sequence[Syntax], text: str) -> Parsed:
    """The options of ``/command text``; UsageError when the line does not fit."""
    syntax, text = _select(command, syntaxes, text)
    by_name = {o.name.lower(): o for o in syntax.options}
    tokens = list(_TOKEN.finditer(text))
    values: dict[str, str] = {}
    pending = [o for o in syntax.options]
    i = 0

    def take(opt: Opt, raw: str) -> None:
        values[opt.name] = raw
        if opt in pending:
            pending.remove(opt)

    def is_key(token: re.Match[str]) -> bool:
        return bool(token["key"]) and token["key"].lower() in by_name

    def rest_from(start: int, first: int) -> tuple[str, int]:
        """The raw text from offset ``start`` to the next ``name:`` of this command."""
        j = first
        while j < len(tokens) and not is_key(tokens[j]):
            j += 1
        end = tokens[j].start() if j < len(tokens) else len(text)
        raw = text[start:end].strip()
        whole = re.fullmatch(r'"([^"]*)"|“([^”]*)”', raw)
        if whole:
            raw = whole[1] if whole[1] is not None else whole[2]
        return raw, j

    while i < len(tokens):
        token = tokens[i]
        if is_key(token):
            opt = by_name[token["key"].lower()]
            if token["kq"] is not None or token["kc"] is not None:
                take(opt, token["kq"] if token["kq"] is not None else token["kc"])
                i += 1
            elif opt.rest:
                start = token.start("kv")
                raw, i = rest_from(start, i + 1)
                take(opt, raw)
            else:
                take(opt, token["kv"] or "")
                i += 1
            continue
        if not pending:
            extra = text[token.start() :].strip()
            raise UsageError(f"I don't know what “{extra[:80]}” is for.\nUsage: `{syntax.usage()}`")
        opt = pending[0]
        if opt.rest:
            raw, i = rest_from(token.start(), i)
            take(opt, raw)
            continue
        quoted = token["q"] if token["q"] is not None else token["c"]
        take(opt, quoted if quoted is not None else token.group(0))
        i += 1
    missing = [o.name for o in syntax.options if o.required and not values.get(o.name, "").strip()]
    if missing:
        raise UsageError(f"/{syntax.path} needs {', '.join(missing)}.\nUsage: `{syntax.usage()}`")
    converted = {
        name: _convert(by_name[name.lower()], raw, syntax) for name, raw in values.items() if raw.strip()
    }
    return Parsed(syntax, converted)
