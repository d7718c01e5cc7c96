"""The Slack front end: Bolt's AsyncApp, with one listener per command, button and form.

Each feature module (``slack_app/<feature>.py``, mirroring ``cogs/``) has ``register(front)``,
which names its commands with their grammar (slack_app/grammar.py) and its handlers. A handler
takes the ``Turn`` and the parsed options, calls the feature's front-end-neutral functions and
sends what they return, rendered by slack_app/blocks.py. Errors reach slack_app/errors.py.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.cooldowns import Cooldowns
from bot.errors import Ambiguous, UserError
from bot.runtime import Host
from bot.settings import Settings
from slack_app.errors import report, report_in_form
from slack_app.grammar import Parsed, Syntax, from_slack, parse
from slack_app.turn import NameBook, Turn

log = logging.getLogger(__name__)

# The feature modules, in the order /help lists them.
FEATURES = (
    "actors",
    "motions",
    "stances",
    "privacy",
    "export",
    "config",
    "polls",
    "debates",
    "opinion_map",
    "help",
    "packs",
    "did_you_mean",
)

CommandHandler = Callable[[Turn, Parsed], Awaitable[None]]
ActionHandler = Callable[[Turn, re.Match[str]], Awaitable[None]]


class FieldErrors(UserError):
    """Fields of a submitted form that are not right (action_id -> why): Slack shows each message
    under its field and keeps the form open (``response_action: errors``)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(errors.values()) or "Please check the form.")
        self.errors = dict(errors)


@dataclass(frozen=True)
class Submission:
    """A modal as submitted: each input's value by its ``action_id`` (text as typed or None, a
    select's chosen value, a list for multi-selects and checkboxes)."""

    callback_id: str
    values: dict[str, Any]
    private_metadata: str = ""
    # action_id -> block_id, to put a field's error under the right block.
    block_ids: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, view: Mapping[str, Any]) -> Submission:
        values: dict[str, Any] = {}
        block_ids: dict[str, str] = {}
        state = (view.get("state") or {}).get("values") or {}
        for block_id, actions in state.items():
            for action_id, entry in (actions or {}).items():
                block_ids[action_id] = block_id
                values[action_id] = _input_value(entry or {})
        return cls(
            str(view.get("callback_id") or ""), values, str(view.get("private_metadata") or ""), block_ids
        )

    def get(self, action_id: str, default: Any = None) -> Any:
        value = self.values.get(action_id)
        return default if value is None else value

    def first_block(self) -> str | None:
        """The first input's block, where an error that belongs to no one field is shown."""
        return next(iter(self.block_ids.values()), None)


def _input_value(entry: Mapping[str, Any]) -> Any:
    if "selected_options" in entry:
        return [str(o.get("value")) for o in entry.get("selected_options") or []]
    if "selected_option" in entry:
        chosen = entry.get("selected_option")
        return str(chosen.get("value")) if chosen else None
    for key in ("value", "selected_date", "selected_time", "selected_user", "selected_channel"):
        if key in entry:
            return entry[key]
    return None


ViewHandler = Callable[[Turn, re.Match[str], Submission], Awaitable[None]]


class SlackFront:
    """Roundtable on Slack, for the process's ``host`` (its database, clock, packs and timers)."""

    def __init__(self, host: Host, settings: Settings, *, client: AsyncWebClient | None = None) -> None:
        self.host = host
        self.settings = settings
        self.names = NameBook()
        # Expensive commands (/ask, /map, charts): one use per member every COOLDOWN_SECONDS.
        self.cooldowns = Cooldowns()
        if client is None:
            client = AsyncWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
        # Slack's 429s carry Retry-After: slack-sdk waits and retries.
        client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=3))
        self.client = client
        self.app = AsyncApp(
            client=client,
            signing_secret=settings.slack_signing_secret or "",
            # Socket Mode requests arrive over the app token's connection, unsigned.
            request_verification_enabled=settings.slack_mode != "socket",
            name="roundtable",
        )
        self.commands: dict[str, list[Syntax]] = {}
        self.handlers: dict[str, CommandHandler] = {}
        self.pending: set[object] = set()
        for feature in FEATURES:
            importlib.import_module(f"slack_app.{feature}").register(self)

    def _turn(
        self, body: dict[str, Any], ack: AsyncAck, respond: AsyncRespond, client: AsyncWebClient
    ) -> Turn:
        return Turn(self.host, body, ack, respond, client, names=self.names, cooldowns=self.cooldowns)

    def command(self, name: str, syntaxes: Sequence[Syntax], handler: CommandHandler) -> None:
        """``/name``: its text parsed against ``syntaxes``; a line that does not fit gets the usage."""
        self.commands[name] = list(syntaxes)
        self.handlers[name] = handler

        async def listener(
            ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
        ) -> None:
            turn = self._turn(body, ack, respond, client)
            async with self._at_work(turn, immediately=False):
                parsed: Parsed | None = None
                try:
                    parsed = parse(name, syntaxes, from_slack(str(body.get("text") or "")))
                    await turn.identify()
                    await handler(turn, parsed)
                except Exception as error:
                    if not (
                        isinstance(error, Ambiguous)
                        and parsed is not None
                        and await self._ask(turn, parsed, error)
                    ):
                        await report(turn, error, f"/{name}")

        self.app.command(f"/{name}")(listener)

    async def _ask(self, turn: Turn, parsed: Parsed, error: Ambiguous) -> bool:
        """ "Did you mean ...?" with buttons (slack_app/did_you_mean.py); False when it cannot ask."""
        from slack_app import did_you_mean

        try:
            return await did_you_mean.ask(turn, parsed, error)
        except Exception:
            log.warning("could not ask which target was meant", exc_info=True)
            return False

    def handler_for(self, path: str) -> tuple[Syntax, CommandHandler] | None:
        """The syntax and handler of a command path ("stance set"), for a held command's re-run."""
        name = path.split(" ", 1)[0]
        handler = self.handlers.get(name)
        syntax = next((s for s in self.commands.get(name, []) if s.path == path), None)
        return (syntax, handler) if handler is not None and syntax is not None else None

    def action(self, pattern: str, handler: ActionHandler) -> None:
        """A button or select whose ``action_id`` matches ``pattern`` (a namespaced id)."""
        compiled = re.compile(pattern)

        async def listener(
            ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
        ) -> None:
            turn = self._turn(body, ack, respond, client)
            async with self._at_work(turn, immediately=True):
                try:
                    action = (body.get("actions") or [{}])[0]
                    chosen = action.get("selected_option", {}).get("value")
                    value = str(chosen or action.get("action_id") or "")
                    match = compiled.fullmatch(str(action.get("action_id", "")))
                    if match is None:
                        raise LookupError(f"action {value[:40]!r} does not match {pattern!r}")
                    await turn.identify()
                    await handler(turn, match)
                except Exception as error:
                    await report(turn, error, "action " + ":".join(pattern.split(":")[:2]))

        self.app.action(compiled)(listener)

    def view(self, pattern: str, handler: ViewHandler) -> None:
        """A modal's submission whose ``callback_id`` matches ``pattern``.

        The handler checks the fields first and raises :class:`FieldErrors` for those that are
        wrong: the form stays open with the messages under them. The submission is acknowledged
        (the form closes) when the handler returns, or empty after ACKNOWLEDGE_AFTER if it is
        slow; a handler that answers with another view acknowledges it itself
        (``await turn.ack(response_action="update", view=...)``). A view submission has no
        channel: a modal that needs one carries it in its ``private_metadata``.
        """
        compiled = re.compile(pattern)

        async def listener(
            ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
        ) -> None:
            turn = self._turn(body, ack, respond, client)
            async with self._at_work(turn, immediately=False):
                submission = Submission.of(body.get("view") or {})
                try:
                    match = compiled.fullmatch(submission.callback_id)
                    if match is None:
                        raise LookupError(f"view {submission.callback_id[:40]!r} does not match {pattern!r}")
                    await turn.identify()
                    await handler(turn, match, submission)
                except FieldErrors as error:
                    errors = {submission.block_ids.get(k, k): v for k, v in error.errors.items()}
                    if turn.acked:
                        await report(turn, error, "view " + ":".join(pattern.split(":")[:2]))
                    else:
                        await turn.ack(response_action="errors", errors=errors)
                except Exception as error:
                    await report_in_form(
                        turn, error, "view " + ":".join(pattern.split(":")[:2]), submission.first_block()
                    )

        self.app.view(compiled)(listener)

    @contextlib.asynccontextmanager
    async def _at_work(self, turn: Turn, *, immediately: bool) -> AsyncIterator[None]:
        """One listener's bookkeeping: the acknowledgement timer, ``busy`` while it works, and
        the acknowledgement it still owes when it ends (whatever happened)."""
        turn.start(immediately=immediately)
        marker = object()
        self.pending.add(marker)
        try:
            yield
        finally:
            self.pending.discard(marker)
            await turn.finish()

    @property
    def busy(self) -> bool:
        """Whether a listener is still at work (the tests and the console wait for this)."""
        return bool(self.pending)
