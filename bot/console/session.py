"""One simulated Discord world for the console, the playground and the README pictures.

Each input line is ``[@member] /command [subcommand] [option:value ...]`` or one of the
``:click``, ``:select``, ``:submit``, ``:wait``, ``:restart``, ``:guild``, ``:help``
directives; :meth:`ConsoleSession.run_line` runs it and returns what the bot did.
"""

from __future__ import annotations

import contextlib
import logging
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import discord
import simcord

from bot.app import Roundtable, create_bot
from bot.console.files import AttachmentSaver
from bot.console.identity import check_member_name, create_user, stable_id
from bot.console.options import ConsoleError, convert, parse_options, resolve_command, wait_seconds
from bot.console.render import Names
from bot.console.reply import (
    Reply,
    allowed_mentions_for,
    components_of,
    embeds_of,
    file_names,
    signature,
    walk_components,
)
from bot.console.timeline import latest_time, remember_time, start_offset
from bot.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_GUILD = "Study Group"
DEFAULT_CHANNEL = "general"
DEFAULT_MEMBER = "alice"
MODERATOR = "moderator"
MOD_ROLE = "Moderators"
WAIT_STEP = 3600.0
# The real time SimCord lets one line (or one hour of :wait) take before giving up: generous, so a
# busy machine is slow rather than failing.
SETTLE_SECONDS = 30.0

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
Members are created on first use and keep their identity across runs and servers;
@moderator holds Manage Server. Default member: @alice."""


@dataclass
class _Place:
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    mod_role: simcord.RoleHandle
    members: dict[str, simcord.MemberActor] = field(default_factory=dict)


class ConsoleSession:
    """``async with ConsoleSession(settings) as s: await s.run_line(...)``.

    Members and servers have the same ids on every run (derived from their names), and the
    simulated clock starts after the database's latest time, so a later run on the same
    database carries on where the last one stopped. With ``files``, every attachment the bot
    sends is saved in that folder and each reply says where.
    """

    def __init__(
        self,
        settings: Settings,
        bot_factory: Callable[[], Roundtable] | None = None,
        *,
        files: Path | None = None,
    ) -> None:
        self.settings = settings
        self._factory = bot_factory or (lambda: create_bot(settings, always_sync=True))
        self._runner: Any = None
        self.env: simcord.Env | None = None
        self.places: dict[str, _Place] = {}
        self.place: _Place | None = None
        self.users: dict[str, simcord.UserHandle] = {}
        self._modals: dict[str, simcord.InteractionResult] = {}
        self._saver = AttachmentSaver(files) if files is not None else None

    async def __aenter__(self) -> ConsoleSession:
        latest = await latest_time(self.settings.database_url)
        bot = self._factory()
        # The bot names its own shard count (one unless SHARD_COUNT says more): SimCord runs those.
        self._runner = simcord.run(bot, check_errors=False, settle_timeout=SETTLE_SECONDS)
        backend = self._runner._env.backend
        # Carry on after the last run on this database (before the bot starts, so no timer jumps).
        backend.clock.advance(start_offset(latest, backend.clock.now()))
        # Cosmetic: show the bot as "Roundtable" rather than SimCord's default name.
        with contextlib.suppress(AttributeError):
            backend.bot_user.name = "Roundtable"
        self.env = await self._runner.__aenter__()
        self.switch_guild(DEFAULT_GUILD)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        try:
            if self.env is not None:
                await remember_time(self.bot.db, self.env.now())
        except Exception:  # the run's own work is saved; only the clock mark is lost
            log.warning("could not record the console's clock", exc_info=True)
        await self._runner.__aexit__(*exc)

    # ----------------------------------------------------------------- world
    @property
    def bot(self) -> Roundtable:
        assert self.env is not None
        # SimCord types env.bot as a plain discord Client; the console always runs a Roundtable.
        return cast("Roundtable", self.env.bot)

    def switch_guild(self, name: str) -> _Place:
        assert self.env is not None
        if name not in self.places:
            guild = self.env.create_guild(name, id=stable_id("guild", name))
            channel = guild.create_text_channel(DEFAULT_CHANNEL)
            role = guild.create_role(MOD_ROLE, permissions=discord.Permissions(manage_guild=True))
            self.places[name] = _Place(guild, channel, role)
        self.place = self.places[name]
        return self.place

    def member(self, name: str) -> simcord.MemberActor:
        """The member called ``name`` in the current server: one person across servers and runs."""
        assert self.env is not None and self.place is not None
        name = check_member_name(name)
        place = self.place
        if name not in place.members:
            if name not in self.users:
                self.users[name] = create_user(self.env, name)
            roles = [place.mod_role] if name == MODERATOR else []
            place.members[name] = place.guild.add_member(self.users[name], roles=roles)
        return place.members[name]

    @property
    def names(self) -> Names:
        """How the text mode names members, roles and channels of the current server."""
        assert self.env is not None
        backend = self.env.backend

        def user(user_id: int) -> str | None:
            found = backend.users.get(user_id)
            guild = backend.guilds.get(self.place.guild.id) if self.place is not None else None
            member = guild.members.get(user_id) if guild is not None else None
            if member is not None and member.nick:
                return str(member.nick)
            return (found.global_name or found.name) if found is not None else None

        def role(role_id: int) -> str | None:
            guild = backend.guilds.get(self.place.guild.id) if self.place is not None else None
            found = guild.roles.get(role_id) if guild is not None else None
            return found.name if found is not None else None

        def channel(channel_id: int) -> str | None:
            found = backend.channels.get(channel_id)
            return found.name if found is not None else None

        return Names(user=user, role=role, channel=channel, now=self.env.now)

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
        except TimeoutError:
            # SimCord's bound on the real time one step may take: a machine far too busy, not a
            # database that cannot be reached (which is what a TimeoutError means at start).
            return [
                self._error(
                    f"the bot did not finish this line within {SETTLE_SECONDS:g} seconds of real time; "
                    "the machine may be very busy: try the line again",
                    line,
                )
            ]

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
            seconds = wait_seconds(words[1:])
            return await self._observe(text, member_name, lambda: self._advance(seconds))
        if head == ":restart":
            return await self._observe(text, member_name, self._restart)
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
        path, command, rest = resolve_command(self.bot.tree, words)
        place = self.place
        options = parse_options(
            command, path, rest, lambda param, raw: convert(param, raw, member=self.member, guild=place.guild)
        )
        return await self._observe(text, member.name, lambda: member.slash(place.channel, path, **options))

    async def _restart(self) -> None:
        assert self.env is not None
        await remember_time(self.bot.db, self.env.now())
        await self.env.restart_bot(self._factory())

    async def _advance(self, seconds: float) -> None:
        """Let simulated time pass an hour at a time (SimCord bounds the real time of one advance)."""
        assert self.env is not None
        while seconds > 0:
            step = min(seconds, WAIT_STEP)
            await self.env.advance_time(step)
            seconds -= step

    def _find_component(
        self, member: simcord.MemberActor, target: str, kinds: tuple[int, ...]
    ) -> tuple[discord.Message, str]:
        assert self.place is not None
        if not target:
            raise ConsoleError("say which button: its label or custom_id")
        wanted = target.casefold()
        me = self.bot.user
        assert me is not None  # the session's bot has logged in to the simulated Discord
        for message in reversed(self.place.channel.history(viewer=member)):
            if message.author.id != me.id:
                continue
            for component in walk_components(components_of(message)):
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
            for c in walk_components(shown.modal.get("components", []))
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
        before = {m.id: signature(m) for m in channel.history(viewer=viewer)}
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
            if old is not None and old == signature(message):
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
                    embeds=embeds_of(message),
                    components=components_of(message),
                    files=file_names(message),
                    allowed_mentions=allowed_mentions_for(requests, message),
                    input=text,
                    paths=await self._saver.save_all(message) if self._saver is not None else None,
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
