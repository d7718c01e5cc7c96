"""/poll on Slack: a public message with a button per option, live counts, timed closes that
survive restarts, results with the chart uploaded as a file, and the export in a direct message.

The poll message is posted with chat.postMessage; its ``<channel>/<ts>`` is registered as an
identity (kind "message") and stored, with the channel's internal id, where Discord stores its
message and channel ids, so votes and the timed close find it after a restart. Buttons carry
the same namespaced ids as Discord's (``roundtable:poll:<poll>:<option>``). Nothing here logs who
voted: an anonymous poll keeps only a keyed hash of the voter (bot/services/voter_keys.py).
"""

from __future__ import annotations

import asyncio
import logging
import re

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import polls as actions
from bot.models import Job
from bot.replies import polls as replies
from bot.replies.model import Attachment, Card, Reply
from bot.replies.moments import stamp_moment
from bot.replies.poll_manage import scheduled_text
from bot.runtime import Host
from bot.scheduler import After, Handler
from bot.services import identities
from bot.services.polls import CLOSE_JOB, PollState, VoteResult
from bot.services.polls.schedule import is_scheduled
from bot.text import chunk_lines
from bot.ui.poll_charts import chart_attachment
from slack_app import blocks
from slack_app.front import SlackFront
from slack_app.grammar import Opt, Parsed, Syntax, from_slack
from slack_app.turn import PLATFORM, Turn

log = logging.getLogger(__name__)

LIST_PAGE = 3000  # a section's text: the list is cut at line ends to fit

POLL = [
    Syntax(
        "poll create",
        "start a poll with buttons: a question, then 2-25 options separated by ;",
        (
            Opt("question", required=True),
            Opt("options", rest=True),
            Opt("anonymous", kind="bool", help="nobody, moderators included, sees who voted what"),
            Opt("minutes", kind="int", help="close automatically after this many minutes"),
            Opt("multiple", kind="bool", help="members may pick several options"),
            Opt("hide_results", kind="bool", help="no counts until the poll closes"),
            Opt("motion", help="link a motion: votes become stances (no options: the five stances)"),
            Opt(
                "results",
                kind="choice",
                choices=("live", "after_close", "creator"),
                help="counts live, after the close, or for the creator and moderators only",
            ),
            Opt("max_choices", kind="int", help="members may pick up to this many options"),
            Opt("ranked", kind="bool", help="members order the options; instant-runoff result"),
            Opt("member_options", kind="bool", help="members may add options"),
            Opt("duration", help="close after 90m, 2h, 1d (up to 7 days)"),
            Opt("remind", help="post a reminder this long before the close, like 30m"),
            Opt("opens", help="post the poll later: a UTC time (14:00) or a duration from now (2h)"),
        ),
        example='/poll create "Should NATO open an office?" Yes; No; Unsure anonymous:yes duration:2h',
    ),
    Syntax(
        "poll quick",
        "a ready-made poll on a motion: the five stances",
        (
            Opt("motion", required=True),
            Opt("minutes", kind="int"),
            Opt("anonymous", kind="bool"),
            Opt("hide_results", kind="bool"),
            Opt("results", kind="choice", choices=("live", "after_close", "creator")),
            Opt("duration"),
            Opt("remind"),
            Opt("opens"),
        ),
        example="/poll quick 1 minutes:10",
    ),
    Syntax(
        "poll close",
        "close a poll now and post its results (its creator or a moderator)",
        (Opt("poll", rest=True),),
        example="/poll close 3",
    ),
    Syntax("poll results", "a poll's counts, shares and bar chart", (Opt("poll", rest=True),)),
    Syntax(
        "poll list",
        "the open polls in this workspace (closed:yes: the closed ones, with their results)",
        (Opt("closed", kind="bool", help="the closed polls instead, with their results"),),
    ),
    Syntax(
        "poll manage",
        "your poll's controls, privately: close, extend, reopen, edit, who hasn't voted",
        (Opt("poll", rest=True),),
        example="/poll manage 3",
    ),
    Syntax(
        "poll export",
        "a poll as a CSV file in your direct messages (who voted what: creator and moderators)",
        (Opt("poll", rest=True),),
    ),
]


def poll_message(state: PollState) -> Reply:
    return replies.poll_reply(state, stamp_moment)


def results_reply(state: PollState, chart: Attachment, *, text: str | None = None) -> Reply:
    """The results; private (the chart in the member's direct messages) while they are not public."""
    return Reply(
        text=text, cards=[replies.results_card(state)], files=[chart], private=not state.results_visible
    )


async def _known(value: bool) -> bool:
    return value


def _natural(raw: str, question: str, options: str | None) -> tuple[str, str | None]:
    """The natural form without quotes, ``/poll create Open an office? Yes; No``: the question
    runs to its question mark (the grammar gave it the first word only)."""
    typed = raw.strip().partition(" ")[2].lstrip()
    if typed[:1] in ('"', "“") or typed.lower().startswith("question:") or not options:
        return question, options
    if "?" in question:
        return question, options
    head, mark, tail = options.partition("?")
    if not mark or ";" in head:
        return question, options
    return f"{question} {head.strip()}?", tail.strip() or None


async def _create(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    quick = parsed.syntax.path == "poll quick"
    question: str | None = None
    options: str | None = None
    if not quick:
        question, options = _natural(
            from_slack(str(turn.body.get("text") or "")), str(parsed.get("question")), parsed.get("options")
        )
    new = actions.NewPoll(
        space_id=where.space_id,
        channel_id=where.channel_id,
        creator_id=where.member_id,
        question=question,
        options=options,
        motion=parsed.get("motion"),
        multiple=bool(parsed.get("multiple", False)),
        anonymous=bool(parsed.get("anonymous", False)),
        hide_results=bool(parsed.get("hide_results", False)),
        minutes=parsed.get("minutes"),
        results=parsed.get("results"),
        max_choices=parsed.get("max_choices"),
        ranked=bool(parsed.get("ranked", False)),
        member_options=bool(parsed.get("member_options", False)),
        duration=parsed.get("duration"),
        remind=parsed.get("remind"),
        opens=parsed.get("opens"),
    )

    async def post(state: PollState) -> int:
        ts = await turn.post(poll_message(state))
        async with turn.host.db.unit_of_work() as session:
            return await identities.internal_id(session, PLATFORM, "message", f"{where.channel}/{ts}")

    started = await actions.start(turn.host, new, post)
    if is_scheduled(started.poll):
        await turn.send(Reply(text=scheduled_text(started, stamp_moment), private=True))


async def _message_of(session: AsyncSession, state: PollState) -> tuple[str, str] | None:
    """The poll message's channel and ts, from its registered identity."""
    if state.poll.message_id is None:
        return None
    try:
        _platform, _kind, external = await identities.external_id(session, state.poll.message_id)
    except LookupError:
        return None
    channel, _, ts = external.partition("/")
    return channel, ts


async def _update(client: AsyncWebClient, where: tuple[str, str] | None, state: PollState) -> None:
    """Show ``state`` on the poll message (its live counts; once closed, no buttons)."""
    if where is None:
        return
    channel, ts = where
    try:
        await client.chat_update(channel=channel, ts=ts, **blocks.message(poll_message(state)))
    except SlackApiError as exc:
        # A deleted message or a channel the app left: the results are still posted.
        log.warning("could not update the message of poll %s: %s", state.poll.id, exc.response.get("error"))


async def _locate(host: Host, state: PollState) -> tuple[str, str] | None:
    async with host.db.unit_of_work() as session:
        return await _message_of(session, state)


async def _upload(client: AsyncWebClient, channel: str, files: list[Attachment]) -> None:
    """Files upload v2, with the chart's alt text (as Turn.upload does, outside a request)."""
    for attachment in files:
        await client.files_upload_v2(
            channel=channel,
            file=attachment.data,
            filename=attachment.filename,
            title=attachment.filename,
            alt_txt=(attachment.description or attachment.filename)[:2000],
        )


async def _vote(turn: Turn, match: re.Match[str]) -> None:
    where = await turn.identify()
    result: VoteResult = await turn.host.db.run(
        actions.vote,
        space_id=where.space_id,
        poll_id=int(match["poll_id"]),
        member_id=where.member_id,
        option=int(match["option"]),
        hash_key=turn.host.settings.vote_hash_key,
        now=turn.host.clock(),
    )
    if replies.updates_poll_message(result):
        await _update(turn.client, await _locate(turn.host, result.state), result.state)
    await turn.send(Reply(text=replies.vote_receipt(result), private=True))


async def _close(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    moderator = await turn.is_moderator()
    async with turn.host.db.unit_of_work() as session:
        state = await actions.close(
            session,
            space_id=where.space_id,
            poll=parsed.get("poll"),
            member_id=where.member_id,
            is_moderator=lambda: _known(moderator),
            now=turn.host.clock(),
        )
    await _update(turn.client, await _locate(turn.host, state), state)
    await turn.send(results_reply(state, await chart_attachment(state)))
    if not state.results_visible:  # creator mode: the channel hears of the close, not the counts
        await turn.post(Reply(text=replies.closed_text(state)))


async def _results(turn: Turn, parsed: Parsed) -> None:
    turn.cooldown("chart")
    where = await turn.identify()
    moderator = await turn.is_moderator()
    async with turn.host.db.unit_of_work() as session:
        state = await actions.results(
            session,
            space_id=where.space_id,
            poll=parsed.get("poll"),
            viewer_id=where.member_id,
            is_moderator=lambda: _known(moderator),
        )
    await turn.send(results_reply(state, await chart_attachment(state)))


async def _list(turn: Turn, parsed: Parsed) -> None:
    if parsed.get("closed"):
        await poll_manage.list_closed(turn)
        return
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        items = await actions.open_list(session, space_id=where.space_id)
        # Where each listed poll's message is (channel/ts), for its permalink
        posted = [item.poll.message_id for item in items[: replies.LIST_LIMIT]]
        registered = await identities.external_ids(session, [m for m in posted if m is not None])
    if not items:
        await turn.send(Reply(text=replies.no_open_polls("workspace"), private=True))
        return
    links = await _permalinks(turn.client, registered)
    pages = chunk_lines(
        replies.list_lines(where.space_id, items, stamp_moment, lambda _s, _c, message: links.get(message)),
        LIST_PAGE,
    )
    cards = [Card(title="Open polls" if i == 0 else None, description=page) for i, page in enumerate(pages)]
    await turn.send(Reply(cards=cards, private=True))


async def _permalinks(client: AsyncWebClient, registered: dict[int, str]) -> dict[int | None, str]:
    """The permalink of each poll message registered as "channel/ts" (``chat.getPermalink``,
    asked together, outside any unit of work); a message Slack cannot find gets none."""
    where = {m: external.partition("/") for m, external in registered.items()}

    async def permalink(message: int) -> tuple[int, str | None]:
        channel, _, ts = where[message]
        try:
            found = await client.chat_getPermalink(channel=channel, message_ts=ts)
        except SlackApiError as exc:
            log.info("no permalink for a poll message: %s", exc.response.get("error"))
            return message, None
        return message, found.get("permalink")

    found = await asyncio.gather(*(permalink(m) for m in where if where[m][1]))
    return {m: url for m, url in found if url}


async def export_poll(turn: Turn, parsed: Parsed) -> None:
    """``/poll export`` and ``/export poll`` (slack_app/export.py): the CSV in the member's DMs."""
    where = await turn.identify()
    moderator = await turn.is_moderator()
    async with turn.host.db.unit_of_work() as session:
        exported = await actions.export(
            session,
            space_id=where.space_id,
            poll=parsed.get("poll"),
            viewer_id=where.member_id,
            is_moderator=lambda: _known(moderator),
            hash_key=turn.host.settings.vote_hash_key,
            from_registry=True,
        )
    await turn.send(replies.export_reply(exported.data, exported.names, exported.shown_ids))


HANDLERS = {
    "poll create": _create,
    "poll quick": _create,
    "poll close": _close,
    "poll results": _results,
    "poll list": _list,
    "poll export": export_poll,
    "poll manage": lambda turn, parsed: poll_manage.manage_command(turn, parsed),
}


async def poll(turn: Turn, parsed: Parsed) -> None:
    await HANDLERS[parsed.syntax.path](turn, parsed)


def close_job(front: SlackFront) -> Handler:
    """The timed close of a Slack space's poll: runs once (the scheduler's claim), even across
    restarts; then the poll message shows it closed, without buttons, and the results follow."""

    async def handler(session: AsyncSession, job: Job) -> After | None:
        state = await actions.close_due(session, job, now=front.host.clock())
        if state is None:
            return None  # the poll was deleted, or closed by command already
        message = await _message_of(session, state)
        try:
            channel = (await identities.external_id(session, state.poll.channel_id))[2]
        except LookupError:
            channel = None

        async def after() -> None:
            await _update(front.client, message, state)
            if channel is None:
                log.warning("poll %s closed, but its channel is unknown", state.poll.id)
                return
            if not state.results_visible:  # creator mode: the close is news, the counts are not
                await front.client.chat_postMessage(
                    channel=channel, **blocks.message(Reply(text=replies.closed_text(state)))
                )
                return
            chart = await chart_attachment(state)
            shown = results_reply(state, chart, text=replies.closed_text(state))
            await front.client.chat_postMessage(channel=channel, **blocks.message(shown))
            await _upload(front.client, channel, shown.files)

        return after

    return handler


def register(front: SlackFront) -> None:
    from slack_app import poll_ballots

    front.command("poll", POLL, poll)
    front.action(replies.ACTION_PATTERN, _vote)
    poll_ballots.register(front)
    front.host.scheduler.register(CLOSE_JOB, close_job(front), platform=PLATFORM)
    poll_manage.register(front)


from slack_app import poll_manage  # noqa: E402  (it builds on this module's helpers)
