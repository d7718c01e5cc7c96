"""``python -m bot console --platform slack``: the same console against the Slack front end.

The real Bolt app (slack_app/front.py) runs in-process against the fake Web API and receives
requests signed as Slack signs them (slack_app/simulator.py); no token, no network. The line
grammar is the Discord console's (bot/console/session.py):

- ``[@member] /command text``: the text after the command goes to Slack as the command's one
  free-form string, as a member would type it (``/stance set 1 agree deterrence works``);
- ``:click``, ``:select``, ``:submit``, ``:wait``, ``:restart``, ``:guild`` (another workspace),
  ``:help``, and ``:channel`` (another channel of the workspace; Slack only for now).

Members, workspaces and channels get Slack ids derived from their names, the same on every run
(a Slack member belongs to one workspace: ``@alice`` in another workspace is another user).
``@moderator`` is a workspace admin. The clock is a :class:`~bot.clock.ManualClock` that starts
after the database's latest time and moves only on ``:wait``, which runs the timers falling due
in order.
"""

from __future__ import annotations

import logging
import re
import shlex
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.clock import ManualClock
from bot.console.files import AttachmentSaver
from bot.console.identity import check_member_name
from bot.console.options import ConsoleError, wait_seconds
from bot.console.session import DEFAULT_CHANNEL, DEFAULT_GUILD, DEFAULT_MEMBER, MODERATOR
from bot.console.slack_reply import (
    SlackReply,
    bare_label,
    controls,
    is_private,
    plain_text,
    read_text,
    unescape,
)
from bot.console.timeline import latest_time, remember_time, start_offset
from bot.runtime import Runtime
from bot.services import jobs
from bot.settings import Settings
from slack_app.fake_api import Call
from slack_app.simulator import Result, SlackSimulator

if TYPE_CHECKING:
    from bot.console.slack_render import SlackNames

log = logging.getLogger(__name__)

SLACK_CONSOLE_HELP = """\
Lines you can type (Slack):
  [@member] /command text                    run a slash command; the text goes to Slack as typed
  [@member] :click <button label or action_id>   press a button on the latest message with it
  [@member] :select <action_id> <value>      choose in a select menu (its value or its label)
  [@member] :submit field:value ...          submit the form (modal) the bot last opened for you
  :wait <seconds>     let simulated time pass (timers fire)
  :restart            restart the app on the same database
  :guild <name>       switch to (or create) another workspace
  :channel <name>     switch to (or create) another channel of this workspace
  :help               this text;  /help lists the bot's commands
Members are created on first use and keep their identity across runs; a workspace's members are
its own. @moderator is a workspace admin. Default member: @alice."""

_CHANNEL_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")


@dataclass
class _Shown:
    """A message in a channel, as the console keeps it to find its buttons and apply edits."""

    team: str
    channel: str
    viewer: str | None  # the one member who sees it (ephemeral or a direct message), or None
    message: dict[str, Any]  # ts, text, blocks


class SlackConsoleSession:
    """``async with SlackConsoleSession(settings) as s: await s.run_line(...)``."""

    def __init__(self, settings: Settings, *, files: Path | None = None) -> None:
        self.settings = settings
        self.clock = ManualClock()
        self.runtime: Runtime | None = None
        self.sim: SlackSimulator | None = None
        self.team_name = DEFAULT_GUILD
        self._channel: dict[str, str] = {}  # team -> current channel name
        self.channel_names: dict[str, str] = {}  # Slack channel id -> name
        self._shown: list[_Shown] = []
        self._modals: dict[tuple[str, str], dict[str, Any]] = {}  # (team, member) -> the open form
        self._saver = AttachmentSaver(files) if files is not None else None

    async def __aenter__(self) -> SlackConsoleSession:
        latest = await latest_time(self.settings.database_url)
        self.clock.advance(start_offset(latest, self.clock()))
        runtime = Runtime(self.settings, clock=self.clock)
        await runtime.open()
        self.runtime = runtime
        try:
            self.sim = await SlackSimulator(runtime, self.settings).start()
        except BaseException:
            await runtime.close()
            raise
        return self

    async def __aexit__(self, *exc: Any) -> None:
        try:
            if self.runtime is not None:
                await remember_time(self.runtime.db, self.clock())
        except Exception:  # the run's own work is saved; only the clock mark is lost
            log.warning("could not record the console's clock", exc_info=True)
        if self.sim is not None:
            await self.sim.stop()
        if self.runtime is not None:
            await self.runtime.close()

    # ----------------------------------------------------------------- world
    @property
    def simulator(self) -> SlackSimulator:
        assert self.sim is not None, "use the session inside `async with`"
        return self.sim

    @property
    def team(self) -> str:
        return self.simulator.team(self.team_name)

    @property
    def channel_name(self) -> str:
        return self._channel.get(self.team, DEFAULT_CHANNEL)

    @property
    def channel_id(self) -> str:
        channel = self.simulator.channel(self.channel_name, team=self.team)
        self.channel_names[channel] = self.channel_name
        return channel

    def member(self, raw: str) -> str:
        """The member called ``raw`` in the current workspace (created on first use)."""
        name = check_member_name(raw)
        self.simulator.member(name, team=self.team, admin=name == MODERATOR)
        return name

    def user_name(self, user: str) -> str | None:
        found = self.simulator.fake.users.get(user)
        return found.name if found is not None else None

    def now(self) -> datetime:
        return self.clock()

    @property
    def names(self) -> SlackNames:
        """How the text mode names members and channels."""
        from bot.console.slack_render import SlackNames

        return SlackNames(user=self.user_name, channel=self.channel_names.get)

    # --------------------------------------------------------------- running
    async def run_line(self, line: str) -> list[SlackReply]:
        """Run one input line and return what the app did, in order."""
        text = line.strip()
        if not text or text.startswith("#"):
            return []
        try:
            return await self._run(text)
        except ConsoleError as exc:
            return [SlackReply("error", "", True, str(exc), [], input=line)]

    async def _run(self, text: str) -> list[SlackReply]:
        member_name = DEFAULT_MEMBER
        rest = text
        if text.startswith("@"):
            member_name, _, rest = text[1:].partition(" ")
            rest = rest.strip()
            check_member_name(member_name)
        if not rest:
            raise ConsoleError("nothing to do after the member name")
        if rest.startswith("/"):
            return await self._command(text, self.member(member_name), rest)
        try:
            words = shlex.split(rest)
        except ValueError:
            words = rest.split()
        head = words[0]
        if head == ":help":
            return [SlackReply("message", "", True, SLACK_CONSOLE_HELP, [], input=text)]
        if head == ":wait":
            return await self._wait(text, member_name, wait_seconds(words[1:]))
        if head == ":restart":
            await self._restart()
            return []
        if head == ":guild":
            if len(words) < 2:
                raise ConsoleError(":guild needs a name, e.g. :guild Other Group")
            self.team_name = " ".join(words[1:])[:80]
            return []
        if head == ":channel":
            name = " ".join(words[1:]).lstrip("#").lower()
            if not _CHANNEL_NAME.fullmatch(name):
                raise ConsoleError(
                    ":channel needs a channel name (lower case, digits, - and _), e.g. :channel debate"
                )
            self._channel[self.team] = name
            return []
        member = self.member(member_name)
        if head == ":click":
            shown, action_id, _element = self._find(member, " ".join(words[1:]), buttons=True)
            return await self._press(text, member, shown, action_id)
        if head == ":select":
            if len(words) < 3:
                raise ConsoleError(":select needs an action_id and a value")
            shown, action_id, element = self._find(member, words[1], buttons=False)
            value = self._option(element, " ".join(words[2:]))
            return await self._press(text, member, shown, action_id, selected=value)
        if head == ":submit":
            return await self._submit(text, member, words[1:])
        if head.startswith(":"):
            raise ConsoleError(f"unknown directive {head}; try :help")
        raise ConsoleError("a command starts with /, e.g. /help")

    async def _command(self, text: str, member: str, rest: str) -> list[SlackReply]:
        name, _, line = rest[1:].partition(" ")
        name = name.lower()
        front = self.simulator.front
        assert front is not None
        if not name:
            raise ConsoleError("a command starts with /, e.g. /help")
        if name not in front.commands:
            raise ConsoleError(f"there is no /{name} command. Try /help.")
        result = await self.simulator.command(
            member, name, line.strip(), channel=self.channel_name, team=self.team
        )
        return self._replies(text, member, result)

    async def _press(
        self, text: str, member: str, shown: _Shown, action_id: str, *, selected: str | None = None
    ) -> list[SlackReply]:
        result = await self.simulator.press(
            member,
            action_id,
            message=shown.message,
            channel=self.channel_name,
            team=self.team,
            selected=selected,
        )
        return self._replies(text, member, result, pressed=shown)

    def _find(self, member: str, target: str, *, buttons: bool) -> tuple[_Shown, str, dict[str, Any]]:
        """The latest message here that ``member`` sees with a control called ``target``."""
        if not target:
            raise ConsoleError("say which button: its label or action_id")
        wanted = target.casefold()
        bare = bare_label(target)
        team, channel = self.team, self.channel_id
        for shown in reversed(self._shown):
            if shown.team != team or shown.channel != channel or shown.viewer not in (None, member):
                continue
            loose = None
            for element in controls(shown.message.get("blocks") or []):
                if (element.get("type") == "button") != buttons or "action_id" not in element:
                    continue
                action_id = str(element["action_id"])
                label = plain_text(element.get("text") or element.get("placeholder"))
                if wanted in (action_id.casefold(), unescape(label).casefold()):
                    return shown, action_id, element
                if loose is None and bare and bare_label(unescape(label)) == bare:
                    loose = (shown, action_id, element)
            if loose is not None:
                return loose
        raise ConsoleError(f"no message here has a control {target!r}")

    @staticmethod
    def _option(element: dict[str, Any], wanted: str) -> str:
        options = element.get("options") or []
        for option in options:
            value = str(option.get("value"))
            if wanted.casefold() in (value.casefold(), unescape(plain_text(option.get("text"))).casefold()):
                return value
        names = ", ".join(unescape(plain_text(o.get("text"))) for o in options)
        raise ConsoleError(f"{wanted!r} is not one of: {names}")

    async def _submit(self, text: str, member: str, words: list[str]) -> list[SlackReply]:
        view = self._modals.get((self.team, member))
        if view is None:
            raise ConsoleError(f"the bot has not opened a form for @{member}")
        fields: dict[str, dict[str, Any]] = {}
        for block in view.get("blocks") or []:
            element = block.get("element") or {}
            if block.get("type") == "input" and "action_id" in element:
                for key in (element["action_id"], block.get("block_id"), plain_text(block.get("label"))):
                    if key:
                        fields.setdefault(unescape(str(key)).casefold(), element)
        values: dict[str, Any] = {}
        for token in words:
            key, sep, value = token.partition(":")
            if not sep:
                raise ConsoleError(f"{token!r}: write field:value")
            element = fields.get(key.casefold())
            if element is None:
                ids = sorted({str(e["action_id"]) for e in fields.values()})
                raise ConsoleError(f"the form has no field {key!r} (fields: {', '.join(ids)})")
            if element.get("options"):
                value = self._option(element, value)
            values[str(element["action_id"])] = value
        result = await self.simulator.submit(member, view, values, team=self.team)
        replies: list[SlackReply] = []
        ack = result.ack if isinstance(result.ack, dict) else {}
        action = ack.get("response_action")
        if action == "errors":
            labels = {
                str(b.get("block_id")): unescape(plain_text(b.get("label"))) for b in view.get("blocks") or []
            }
            problems = [f"{labels.get(k) or k}: {v}" for k, v in (ack.get("errors") or {}).items()]
            replies.append(self._form(text, member, view, "\n".join(problems)))
        elif action in ("update", "push") and isinstance(ack.get("view"), dict):
            self._modals[(self.team, member)] = ack["view"]
            replies.append(self._form(text, member, ack["view"]))
        else:
            self._modals.pop((self.team, member), None)
        return replies + self._replies(text, member, result)

    def _form(self, text: str, member: str, view: dict[str, Any], problems: str = "") -> SlackReply:
        title = unescape(plain_text(view.get("title")))
        blocks = list(view.get("blocks") or [])
        body = "\n".join(p for p in (title, problems) if p)
        return SlackReply("modal", member, True, body, blocks, input=text, title=title)

    # ------------------------------------------------------------------ time
    async def _wait(self, text: str, member: str, seconds: float) -> list[SlackReply]:
        """Move the clock ``seconds`` on, running each timer at its own time on the way."""
        runtime, sim = self.runtime, self.simulator
        assert runtime is not None
        mark = len(sim.fake.calls)
        target = self.clock.now + timedelta(seconds=seconds)
        while True:
            async with runtime.db.unit_of_work() as session:
                due = await jobs.next_due_at(session, platforms=runtime.scheduler.platforms)
            if due is None or due > target:
                break
            self.clock.set(due)
            if not await runtime.scheduler.run_due():
                break  # due but not claimable (a lease, a back-off): the final look retries
            await sim.settle()
        self.clock.set(target)
        await runtime.scheduler.run_due()
        await sim.settle()
        return self._replies(text, member, Result(200, None, sim.fake.calls[mark:]))

    async def _restart(self) -> None:
        """A new process: a new Runtime and Bolt app on the same database and the same fake Slack."""
        old = self.runtime
        if old is not None:
            await remember_time(old.db, self.clock())
            await old.close()
        runtime = Runtime(self.settings, clock=self.clock)
        await runtime.open()
        self.runtime = runtime
        await self.simulator.restart(runtime)

    # --------------------------------------------------------------- replies
    def _replies(
        self, text: str, member: str, result: Result, *, pressed: _Shown | None = None
    ) -> list[SlackReply]:
        """What ``result`` showed members, in order, keeping the console's record of messages."""
        out: list[SlackReply] = []
        team, channel = self.team, self.channel_id
        ack = result.ack if isinstance(result.ack, dict) else None
        if ack is not None and ("text" in ack or "blocks" in ack):
            out.append(self._message("response", text, member, team, channel, ack, private=is_private(ack)))
        for call in result.calls:
            args = call.args
            if call.method == "response_url":
                if args.get("delete_original") and pressed is not None:
                    self._shown = [s for s in self._shown if s is not pressed]
                elif args.get("replace_original") and pressed is not None:
                    out.append(self._edit(text, member, pressed, args))
                else:
                    out.append(self._message("followup", text, member, team, channel, args, is_private(args)))
            elif call.method in ("chat.postMessage", "chat.postEphemeral"):
                target = str(args.get("channel", ""))
                viewer = None
                if call.method == "chat.postEphemeral":
                    viewer = self.user_name(str(args.get("user", ""))) or member
                elif target.startswith("D"):
                    viewer = self.user_name("U" + target[1:]) or member
                ts = str((call.result or {}).get("ts") or "")
                reply = self._message("message", text, member, team, target, args, viewer is not None, ts=ts)
                if viewer is not None:
                    self._shown[-1].viewer = viewer
                out.append(reply)
            elif call.method == "chat.update":
                key = (str(args.get("channel")), str(args.get("ts")))
                found = next((s for s in self._shown if (s.channel, str(s.message.get("ts"))) == key), None)
                if found is not None:
                    out.append(self._edit(text, member, found, args))
                else:
                    blocks = list(args.get("blocks") or [])
                    body = read_text(str(args.get("text", "")), blocks)
                    out.append(SlackReply("edit", member, False, body, blocks, input=text))
            elif call.method in ("views.open", "views.push", "views.update"):
                view = dict(args.get("view") or {})
                view_id = ((call.result or {}).get("view") or {}).get("id")
                if view_id:
                    view["id"] = view_id
                self._modals[(team, member)] = view
                out.append(self._form(text, member, view))
            elif call.method == "files.completeUploadExternal":
                self._attach(out, text, member, call)
        return out

    def _message(
        self,
        kind: str,
        text: str,
        member: str,
        team: str,
        channel: str,
        payload: dict[str, Any],
        private: bool,
        *,
        ts: str = "",
    ) -> SlackReply:
        blocks = list(payload.get("blocks") or [])
        raw = str(payload.get("text", ""))
        if not ts and not private:
            # A public answer is a message in the channel that chat.update can change later.
            ts = self.simulator.fake.add_message(channel, raw, blocks)
        message = {"ts": ts or f"console.{len(self._shown) + 1}", "text": raw, "blocks": blocks}
        self._shown.append(_Shown(team, channel, member if private else None, message))
        return SlackReply(kind, member, private, read_text(raw, blocks), blocks, input=text, raw_text=raw)

    def _edit(self, text: str, member: str, shown: _Shown, payload: dict[str, Any]) -> SlackReply:
        blocks = list(payload.get("blocks") or [])
        raw = str(payload.get("text", ""))
        shown.message.update({"text": raw, "blocks": blocks})
        stored = self.simulator.fake.messages.get((shown.channel, str(shown.message.get("ts"))))
        if stored is not None:
            stored.update({"text": raw, "blocks": blocks})
        private = shown.viewer is not None
        return SlackReply("edit", member, private, read_text(raw, blocks), blocks, input=text, raw_text=raw)

    def _attach(self, out: list[SlackReply], text: str, member: str, call: Call) -> None:
        """Files upload v2's files, on the reply they came with (or a message of their own)."""
        fake = self.simulator.fake
        if not out:
            private = str(call.args.get("channel_id", "")).startswith("D")
            out.append(SlackReply("message", member, private, "", [], input=text))
        reply = out[-1]
        for item in call.args.get("files") or []:
            stored = fake.files.get(str(item.get("id")), {})
            filename = str(stored.get("filename") or item.get("title") or "file")
            reply.files.append(filename)
            if self._saver is not None:
                path = self._saver.save(("slack", item.get("id")), filename, bytes(stored.get("data") or b""))
                reply.paths = [*(reply.paths or []), str(path)]
