"""The offline console: the real bot and cogs against a simulated Discord (SimCord).

Each input line is ``[@member] /command [subcommand] [option:value ...]`` or one of the
``:click``, ``:select``, ``:submit``, ``:wait``, ``:restart``, ``:guild``, ``:help``
directives. Output is readable text, or one JSON object per bot reply with ``--json``.
The same driver serves the browser playground and the console tests.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shlex
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

import discord
import simcord
from discord import app_commands

from bot.app import RoundtableBot, create_bot
from bot.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_GUILD = "Study Group"
DEFAULT_CHANNEL = "general"
DEFAULT_MEMBER = "alice"
MODERATOR = "moderator"
MOD_ROLE = "Moderators"
WAIT_STEP = 3600.0

CONSOLE_HELP = """\
Lines you can type:
  [@member] /command [subcommand] [option:value ...]   run a slash command (quote values with spaces)
  [@member] :click <button label or custom_id>         press a button on the latest bot message with it
  [@member] :select <custom_id> <value> [value ...]    choose in a select menu
  [@member] :submit field:value ...                    submit the modal the bot last opened for you
  :wait <seconds>     let simulated time pass (timers fire)
  :restart            restart the bot on the same database
  :guild <name>       switch to (or create) another server
  :help               this text;  /help lists the bot's commands
Members are created on first use; @moderator holds Manage Server. Default member: @alice."""


class ConsoleError(Exception):
    """A line the console cannot run; shown to the user, and the console carries on."""


@dataclass
class Reply:
    kind: str
    member: str
    ephemeral: bool
    content: str
    embeds: list[dict[str, Any]]
    components: list[dict[str, Any]]
    files: list[str]
    allowed_mentions: dict[str, Any] | None
    input: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "kind": self.kind,
            "member": self.member,
            "ephemeral": self.ephemeral,
            "content": self.content,
            "embeds": self.embeds,
            "components": self.components,
            "files": self.files,
            "allowed_mentions": self.allowed_mentions,
        }


@dataclass
class _Place:
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    mod_role: simcord.RoleHandle
    members: dict[str, simcord.MemberActor] = field(default_factory=dict)


def _signature(message: discord.Message) -> str:
    return json.dumps(
        [message.content, [e.to_dict() for e in message.embeds], _components(message), _files(message)],
        sort_keys=True,
        default=str,
    )


def _components(message: discord.Message) -> list[dict[str, Any]]:
    return [c.to_dict() for c in message.components]  # type: ignore[attr-defined]


def _files(message: discord.Message) -> list[str]:
    return [a.filename for a in message.attachments]


def _walk_components(components: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for component in components:
        yield component
        yield from _walk_components(component.get("components", []))
        accessory = component.get("accessory")
        if accessory:
            yield accessory


def parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("true", "yes", "y", "on", "1"):
        return True
    if value in ("false", "no", "n", "off", "0"):
        return False
    raise ConsoleError(f"{raw!r} is not yes/no (true/false)")


class ConsoleSession:
    """One simulated Discord world: ``async with ConsoleSession(settings) as s: await s.run_line(...)``."""

    def __init__(self, settings: Settings, bot_factory: Callable[[], RoundtableBot] | None = None) -> None:
        self.settings = settings
        self._factory = bot_factory or (lambda: create_bot(settings, always_sync=True))
        self._runner: Any = None
        self.env: simcord.Env | None = None
        self.places: dict[str, _Place] = {}
        self.place: _Place | None = None
        self._modals: dict[str, simcord.InteractionResult] = {}

    async def __aenter__(self) -> ConsoleSession:
        bot = self._factory()
        shard_count = bot.shard_count if isinstance(bot, discord.AutoShardedClient) else None
        self._runner = (
            simcord.run(bot, check_errors=False, shard_count=shard_count)
            if shard_count
            else simcord.run(bot, check_errors=False)
        )
        # Cosmetic: show the bot as "Roundtable" rather than SimCord's default name.
        with contextlib.suppress(AttributeError):
            self._runner._env.backend.bot_user.name = "Roundtable"
        self.env = await self._runner.__aenter__()
        self.switch_guild(DEFAULT_GUILD)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self._runner.__aexit__(*exc)

    # ----------------------------------------------------------------- world
    @property
    def bot(self) -> RoundtableBot:
        assert self.env is not None
        return self.env.bot  # type: ignore[return-value]

    def switch_guild(self, name: str) -> _Place:
        assert self.env is not None
        if name not in self.places:
            guild = self.env.create_guild(name)
            channel = guild.create_text_channel(DEFAULT_CHANNEL)
            role = guild.create_role(MOD_ROLE, permissions=discord.Permissions(manage_guild=True))
            self.places[name] = _Place(guild, channel, role)
        self.place = self.places[name]
        return self.place

    def member(self, name: str) -> simcord.MemberActor:
        assert self.env is not None and self.place is not None
        name = name.lstrip("@").strip()
        if not name or len(name) > 32 or not name.replace("_", "").replace(".", "").isalnum():
            raise ConsoleError(f"{name!r} is not a member name (letters, digits, _ and . only)")
        place = self.place
        if name not in place.members:
            roles = [place.mod_role] if name == MODERATOR else []
            place.members[name] = place.guild.add_member(self.env.create_user(name), roles=roles)
        return place.members[name]

    # ------------------------------------------------------------- commands
    def _resolve(self, words: list[str]) -> tuple[str, app_commands.Command, list[str]]:  # type: ignore[type-arg]
        if not words or not words[0].startswith("/"):
            raise ConsoleError("a command starts with /, e.g. /help")
        name = words[0][1:].lower()
        node: Any = self.bot.tree.get_command(name)
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

    def _convert(self, param: app_commands.Parameter, raw: str) -> Any:
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
            return self.member(raw)
        if kind is discord.AppCommandOptionType.channel:
            assert self.place is not None
            channel = self.place.guild.channels.get(raw.lstrip("#"))
            if channel is None:
                raise ConsoleError(f"there is no channel #{raw.lstrip('#')}")
            return channel
        if kind is discord.AppCommandOptionType.role:
            assert self.place is not None
            role = self.place.guild.roles.get(raw.lstrip("@"))
            if role is None:
                raise ConsoleError(f"there is no role {raw!r}")
            return role
        if kind is discord.AppCommandOptionType.attachment:
            raise ConsoleError("the console cannot upload files")
        return raw

    def _options(self, command: app_commands.Command, path: str, rest: list[str]) -> dict[str, Any]:  # type: ignore[type-arg]
        params = {p.display_name: p for p in command.parameters}
        options: dict[str, Any] = {}
        bare: list[str] = []
        for token in rest:
            key, sep, value = token.partition(":")
            if sep and key.lower() in params:
                param = params[key.lower()]
                options[param.display_name] = self._convert(param, value)
            else:
                bare.append(token)
        if bare:
            required = [p for p in command.parameters if p.required and p.display_name not in options]
            if len(required) == 1:
                param = required[0]
                options[param.display_name] = self._convert(param, " ".join(bare))
            else:
                wanted = " ".join(f"{p.display_name}:…" for p in command.parameters) or "no options"
                raise ConsoleError(f"I don't know what {' '.join(bare)!r} is for. /{path} takes {wanted}")
        missing = [p.display_name for p in command.parameters if p.required and p.display_name not in options]
        if missing:
            raise ConsoleError(f"/{path} needs {', '.join(f'{m}:…' for m in missing)}")
        return options

    # --------------------------------------------------------------- running
    async def run_line(self, line: str) -> list[Reply]:
        """Run one input line and return what the bot did, in order."""
        text = line.strip()
        if not text or text.startswith("#"):
            return []
        try:
            return await self._run(text)
        except ConsoleError as exc:
            return [self._error(str(exc), line)]
        except (simcord.BackendError, simcord.SetupError, simcord.OptionError) as exc:
            return [self._error(str(exc).splitlines()[0], line)]

    def _error(self, message: str, line: str | None) -> Reply:
        return Reply("error", "", True, message, [], [], [], None, input=line)

    async def _run(self, text: str) -> list[Reply]:
        assert self.env is not None and self.place is not None
        try:
            words = shlex.split(text)
        except ValueError:
            words = text.split()
        member_name = DEFAULT_MEMBER
        if words and words[0].startswith("@"):
            member_name = words.pop(0)
        if not words:
            raise ConsoleError("nothing to do after the member name")
        head = words[0]
        if head == ":help":
            return [Reply("message", "", True, CONSOLE_HELP, [], [], [], None, input=text)]
        if head == ":wait":
            seconds = self._seconds(words[1:])
            return await self._observe(text, member_name, lambda: self._advance(seconds))
        if head == ":restart":
            return await self._observe(text, member_name, lambda: self.env.restart_bot(self._factory()))  # type: ignore[union-attr]
        if head == ":guild":
            if len(words) < 2:
                raise ConsoleError(":guild needs a name, e.g. :guild Other Group")
            self.switch_guild(" ".join(words[1:]))
            return []
        member = self.member(member_name)
        if head == ":click":
            target = " ".join(words[1:])
            message, custom_id = self._find_component(member, target, kinds=(2,))
            return await self._observe(text, member.name, lambda: member.click(message, custom_id=custom_id))
        if head == ":select":
            if len(words) < 3:
                raise ConsoleError(":select needs a custom_id and at least one value")
            message, custom_id = self._find_component(member, words[1], kinds=(3, 5, 6, 7, 8))
            return await self._observe(
                text, member.name, lambda: member.select(message, words[2:], custom_id=custom_id)
            )
        if head == ":submit":
            return await self._submit(text, member, words[1:])
        if head.startswith(":"):
            raise ConsoleError(f"unknown directive {head}; try :help")
        path, command, rest = self._resolve(words)
        options = self._options(command, path, rest)
        channel = self.place.channel
        return await self._observe(text, member.name, lambda: member.slash(channel, path, **options))

    async def _advance(self, seconds: float) -> None:
        """Let simulated time pass an hour at a time (SimCord bounds the real time of one advance)."""
        assert self.env is not None
        while seconds > 0:
            step = min(seconds, WAIT_STEP)
            await self.env.advance_time(step)
            seconds -= step

    @staticmethod
    def _seconds(words: list[str]) -> float:
        try:
            seconds = float(words[0])
        except (IndexError, ValueError):
            raise ConsoleError(":wait needs a number of seconds, e.g. :wait 60") from None
        if not 0 <= seconds <= 366 * 86400:
            raise ConsoleError(":wait takes 0 to a year of seconds")
        return seconds

    def _find_component(
        self, member: simcord.MemberActor, target: str, kinds: tuple[int, ...]
    ) -> tuple[discord.Message, str]:
        assert self.place is not None
        if not target:
            raise ConsoleError("say which button: its label or custom_id")
        wanted = target.casefold()
        for message in reversed(self.place.channel.history(viewer=member)):
            if message.author.id != self.bot.user.id:  # type: ignore[union-attr]
                continue
            for component in _walk_components(_components(message)):
                if component.get("type") not in kinds or component.get("disabled"):
                    continue
                custom_id = component.get("custom_id")
                if custom_id and wanted in (custom_id.casefold(), str(component.get("label", "")).casefold()):
                    return message, custom_id
        raise ConsoleError(f"no bot message here has a control {target!r}")

    async def _submit(self, text: str, member: simcord.MemberActor, words: list[str]) -> list[Reply]:
        shown = self._modals.get(member.name)
        if shown is None or shown.modal is None:
            raise ConsoleError(f"the bot has not opened a form for @{member.name}")
        inputs = {
            str(c.get("label", "")).casefold(): c["custom_id"]
            for c in _walk_components(shown.modal.get("components", []))
            if c.get("type") == 4
        }
        ids = set(inputs.values())
        values: dict[str, str] = {}
        for token in words:
            key, sep, value = token.partition(":")
            if not sep:
                raise ConsoleError(f"{token!r}: write field:value")
            custom_id = key if key in ids else inputs.get(key.casefold())
            if custom_id is None:
                raise ConsoleError(f"the form has no field {key!r} (fields: {', '.join(sorted(ids))})")
            values[custom_id] = value
        self._modals.pop(member.name, None)
        return await self._observe(text, member.name, lambda: member.submit_modal(shown, values))

    async def _observe(self, text: str, member: str, action: Callable[[], Any]) -> list[Reply]:
        """Run ``action`` and report every message it created or changed, in order."""
        assert self.env is not None and self.place is not None
        viewer = self.member(member)
        channel = self.place.channel
        before = {m.id: _signature(m) for m in channel.history(viewer=viewer)}
        http_mark = len(self.env.http_requests)
        result = await action()
        requests = self.env.http_requests[http_mark:]
        replies: list[Reply] = []
        response_id = followup_ids = None
        if isinstance(result, simcord.InteractionResult):
            response_id = result.response.id if result.response else None
            followup_ids = {f.id for f in result.followups}
            if result.modal is not None:
                self._modals[member] = result
                replies.append(self._modal_reply(result.modal, member, text))
        for message in channel.history(viewer=viewer):
            old = before.get(message.id)
            if old is not None and old == _signature(message):
                continue
            if old is not None:
                kind = "edit"
            elif message.id == response_id:
                kind = "response"
            elif followup_ids and message.id in followup_ids:
                kind = "followup"
            else:
                kind = "message"
            replies.append(
                Reply(
                    kind=kind,
                    member=member,
                    ephemeral=message.flags.ephemeral,
                    content=message.content,
                    embeds=[e.to_dict() for e in message.embeds],
                    components=_components(message),
                    files=_files(message),
                    allowed_mentions=_allowed_mentions(requests, message),
                    input=text,
                )
            )
        return replies

    @staticmethod
    def _modal_reply(modal: dict[str, Any], member: str, text: str) -> Reply:
        return Reply(
            "modal",
            member,
            True,
            modal.get("title", ""),
            [],
            modal.get("components", []),
            [],
            None,
            input=text,
        )


def _allowed_mentions(requests: list[Any], message: discord.Message) -> dict[str, Any] | None:
    """The allowed_mentions the bot sent with this message (read off the REST calls it made)."""
    for entry in reversed(requests):
        body = entry.json if isinstance(entry.json, dict) else None
        if body is None:
            continue
        data = body.get("data") if isinstance(body.get("data"), dict) else body
        if "allowed_mentions" in data and data.get("content", "") in (message.content, None):
            return data["allowed_mentions"]
    return None


# ------------------------------------------------------------------- output
def render_text(reply: Reply) -> str:
    if reply.kind == "error":
        return f"! {reply.content}"
    who = f" (only @{reply.member} sees this)" if reply.ephemeral else ""
    lines = [f"[{reply.kind}{who}]"] if reply.kind != "message" or reply.member else []
    if reply.kind == "modal":
        labels = [
            c.get("label", c.get("custom_id"))
            for c in _walk_components(reply.components)
            if c.get("type") == 4
        ]
        return f"[form: {reply.content}] fields: {', '.join(labels)}  (answer with :submit field:value ...)"
    if reply.content:
        lines.append(reply.content)
    for embed in reply.embeds:
        if embed.get("title"):
            lines.append(f"┌ {embed['title']}")
        if embed.get("description"):
            lines.extend(f"│ {line}" for line in embed["description"].splitlines())
        for f in embed.get("fields", []):
            lines.append(f"│ ▸ {f['name']}")
            lines.extend(f"│   {line}" for line in f["value"].splitlines())
        if embed.get("footer", {}).get("text"):
            lines.append(f"└ {embed['footer']['text']}")
    buttons = [
        f"[{c.get('label') or c.get('custom_id')}]"
        if c.get("type") == 2
        else f"<select {c.get('custom_id')}>"
        for c in _walk_components(reply.components)
        if c.get("type") in (2, 3, 5, 6, 7, 8)
    ]
    if buttons:
        lines.append(" ".join(buttons))
    if reply.files:
        lines.append(f"(files: {', '.join(reply.files)})")
    return "\n".join(lines)


async def run_console(settings: Settings, lines: Iterable[str] | None, *, as_json: bool, out: TextIO) -> int:
    """Run the console over ``lines`` (or an interactive prompt when None). Returns the exit code."""

    def emit(replies: list[Reply]) -> None:
        for reply in replies:
            if as_json:
                out.write(json.dumps(reply.as_json(), ensure_ascii=False) + "\n")
            else:
                out.write(render_text(reply) + "\n\n")
        out.flush()

    async with ConsoleSession(settings) as session:
        if lines is None:
            _enable_history()
            out.write("Roundtable offline console. Type :help for help, Ctrl-D to leave.\n")
            while True:
                try:
                    # Blocking on purpose: simulated time stands still while you type.
                    line = input("roundtable> ")  # noqa: ASYNC250
                except EOFError:
                    out.write("\n")
                    break
                except KeyboardInterrupt:
                    out.write("\n")
                    continue
                emit(await session.run_line(line))
        else:
            for line in lines:
                emit(await session.run_line(line.rstrip("\n")))
    return 0


def _enable_history() -> None:
    try:
        import readline  # noqa: F401  (line editing and history for input())
    except ImportError:  # pragma: no cover - Windows without pyreadline
        pass


def stdin_lines() -> Iterable[str] | None:
    """Lines from a pipe or file; None for an interactive terminal."""
    if sys.stdin is None or sys.stdin.closed:
        return []
    if sys.stdin.isatty():
        return None
    return list(sys.stdin)
