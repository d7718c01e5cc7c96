"""/debate on Slack: the board with Join and Vote buttons, a live clock per speech with an Argue
button (a modal), speech timers that survive restarts, the post-vote, and the result with its
chart uploaded as a file with alt text.

Every message of a debate is posted with chat.postMessage; its ``<channel>/<ts>`` is registered
as an identity (kind "message") and stored where Discord stores the message's id (the board,
the speech's clock, the post-vote), with the channel's internal id on the debate, so buttons and
timers find them after a restart. Each message shows the debate as it is now, or says it is over
and has no buttons. Buttons carry the same namespaced ids as Discord's
(``roundtable:debate:<id>:join:for``). What to do is decided in bot/actions/debates.py; the
words are bot/replies/debates.py's.
"""

from __future__ import annotations

import json
import logging
import random
import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import debates as actions
from bot.models import Debate, Job
from bot.replies import debates as replies
from bot.replies.commands import slack_spelling
from bot.replies.model import Attachment, Button, Control, Reply
from bot.replies.moments import stamp_moment
from bot.runtime import Host
from bot.scheduler import After, Handler
from bot.services import debate_transcript, debates, identities
from bot.ui import charts
from bot.ui.debate_charts import alt_text, pre_post_chart
from slack_app import blocks
from slack_app.front import FieldErrors, SlackFront, Submission
from slack_app.grammar import Opt, Parsed, Syntax
from slack_app.limits import SECTION_TEXT
from slack_app.turn import PLATFORM, Turn

log = logging.getLogger(__name__)

SPELL = slack_spelling
ARGUE_FORM = rf"{replies.PREFIX}:(?P<id>\d{{1,20}}):argue-form"
CHART = "debate-result.png"

DEBATE = [
    Syntax(
        "debate start",
        "open a debate on a motion in this channel (moderators)",
        (
            Opt("motion", required=True, rest=True),
            Opt("speech_seconds", kind="int", help="each speech's length (default 180)"),
            Opt("rounds", help="round names, comma-separated (default: opening, rebuttal, closing)"),
            Opt("assign", kind="choice", choices=debates.ASSIGN_MODES, help="counter: steelman sides"),
        ),
        example="/debate start 1 speech_seconds:60",
    ),
    Syntax(
        "debate join",
        "join a side of this channel's debate, or its audience",
        (Opt("side", kind="choice", required=True, choices=debates.JOIN_CHOICES),),
        example="/debate join for",
    ),
    Syntax(
        "debate vote",
        "vote in the pre-vote or the post-vote (your last vote counts)",
        (Opt("side", kind="choice", required=True, choices=("for", "against", "undecided")),),
        example="/debate vote against",
    ),
    Syntax(
        "debate argue",
        "record your argument for the current round (debaters)",
        (Opt("text", required=True, rest=True),),
        example="/debate argue Security is indivisible.",
    ),
    Syntax("debate next", "start the speeches (closes the pre-vote), or the next speech (moderators)"),
    Syntax("debate pause", "pause the speech clock (moderators)"),
    Syntax("debate resume", "restart the paused speech clock (moderators)"),
    Syntax("debate extend", "give the current speaker more time (moderators)", (Opt("seconds", kind="int"),)),
    Syntax("debate end", "skip the remaining speeches and open the post-vote (moderators)"),
    Syntax("debate close", "close the post-vote and post the result (moderators)"),
    Syntax("debate transcript", "every argument of this channel's debate, as a file in your DMs"),
    Syntax("debate status", "where this channel's debate stands"),
    Syntax("debate prompt", "a motion from the text to talk over, untimed", (Opt("motion", rest=True),)),
]


# ---------------------------------------------------------------- the debate's messages


async def _external(session: AsyncSession, internal: int | None) -> str | None:
    if internal is None:
        return None
    try:
        return (await identities.external_id(session, internal))[2]
    except LookupError:
        return None


async def _message_of(session: AsyncSession, internal: int | None) -> tuple[str, str] | None:
    """A registered message's channel and ts."""
    external = await _external(session, internal)
    if external is None or "/" not in external:
        return None
    channel, _, ts = external.partition("/")
    return channel, ts


async def _update(client: AsyncWebClient, where: tuple[str, str] | None, reply: Reply) -> None:
    """Show ``reply`` on one of the debate's messages; a deleted message is logged, not raised."""
    if where is None:
        return
    try:
        await client.chat_update(channel=where[0], ts=where[1], **blocks.message(reply))
    except SlackApiError as exc:
        log.warning("could not update a debate message: %s", exc.response.get("error"))


async def _post(host: Host, client: AsyncWebClient, channel: str, reply: Reply) -> int:
    """Post a new public message of the debate; its internal id."""
    result = await client.chat_postMessage(channel=channel, **blocks.message(reply))
    async with host.db.unit_of_work() as session:
        return await identities.internal_id(session, PLATFORM, "message", f"{channel}/{result['ts']}")


async def _board_reply(session: AsyncSession, debate_id: int, now: datetime) -> tuple[Debate, Reply] | None:
    status = await actions.board(session, debate_id=debate_id, now=now)
    if status is None:
        return None
    wanted = set(status.sides["for"]) | set(status.sides["against"])
    names = await actions.registry_names(session, wanted, status.names)
    return status.debate, replies.board_reply(replace(status, names=names), SPELL)


async def _refresh_board(host: Host, client: AsyncWebClient, debate_id: int) -> None:
    async with host.db.unit_of_work() as session:
        found = await _board_reply(session, debate_id, host.clock())
        where = await _message_of(session, found[0].message_id) if found else None
    if found is not None:
        await _update(client, where, found[1])


def _speech(debate: Debate, clocked: actions.Clocked, *, warned: bool = False) -> Reply:
    return replies.speech_reply(
        debate.id, clocked.motion, clocked.state, clocked.names, stamp_moment, SPELL, warned=warned
    )


async def _refresh_speech(
    host: Host, client: AsyncWebClient, clocked: actions.Clocked, *, warned: bool
) -> None:
    async with host.db.unit_of_work() as session:
        where = await _message_of(session, clocked.debate.speech_message_id)
    await _update(client, where, _speech(clocked.debate, clocked, warned=warned))


async def _show(host: Host, client: AsyncWebClient, moved: actions.Moved) -> None:
    """After the debate moved on: post the next speech's clock (or the post-vote) and remember it,
    close the board when the pre-vote closed, and mark the speech that ended over."""
    debate, motion = moved.debate, moved.motion
    async with host.db.unit_of_work() as session:
        channel = await _external(session, debate.channel_id)
        ended_where = await _message_of(session, moved.ended_message_id)
    if channel is None:
        log.warning("debate %s moved on, but its channel is unknown", debate.id)
        return
    if moved.transition.speech is None:
        shown = replies.postvote_reply(debate.id, motion, SPELL)
    else:
        shown = replies.speech_reply(
            debate.id, motion, moved.transition.speech, moved.names, stamp_moment, SPELL
        )
    message_id = await _post(host, client, channel, shown)
    async with host.db.unit_of_work() as session:
        await actions.set_message(
            session,
            space_id=debate.guild_id,
            debate_id=debate.id,
            message_id=message_id,
            kind=moved.next_kind,
        )
    if moved.prevote_closed:
        await _refresh_board(host, client, debate.id)
    if moved.ended is not None:
        over = replies.speech_reply(
            debate.id, motion, moved.ended, moved.names, stamp_moment, SPELL, over=True
        )
        await _update(client, ended_where, over)


# ---------------------------------------------------------------- members


async def _join(turn: Turn, debate_id: int | None, choice: str) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        done = await actions.join(
            session,
            space_id=where.space_id,
            channel_id=where.channel_id,
            debate_id=debate_id,
            member_id=where.member_id,
            member_name=where.member_name,
            choice=choice,
            now=turn.host.clock(),
        )
    await turn.send(
        Reply(
            text=replies.join_text(done.joined, prevote_open=done.status is not None, spell=SPELL),
            private=True,
        )
    )
    if done.status is not None:
        await _refresh_board(turn.host, turn.client, done.debate.id)


async def _vote(turn: Turn, debate_id: int | None, choice: str) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        voted = await actions.vote(
            session,
            space_id=where.space_id,
            channel_id=where.channel_id,
            debate_id=debate_id,
            member_id=where.member_id,
            member_name=where.member_name,
            choice=choice,
            now=turn.host.clock(),
        )
    await turn.send(Reply(text=replies.vote_text(voted.phase, choice), private=True))
    if voted.status is not None:
        await _refresh_board(turn.host, turn.client, voted.debate.id)


async def _argue(turn: Turn, debate_id: int | None, text: str, channel: str | None = None) -> None:
    where = await turn.identify(channel)
    async with turn.host.db.unit_of_work() as session:
        argument = await actions.argue(
            session,
            space_id=where.space_id,
            channel_id=where.channel_id,
            debate_id=debate_id,
            member_id=where.member_id,
            text=text,
            now=turn.host.clock(),
        )
    shown = Reply(text=replies.argument_text(argument, where.member_name))
    if channel is None:
        await turn.send(shown)
    else:
        await turn.post(shown, channel=channel)


def argue_form(debate_id: int, channel: str) -> dict[str, Any]:
    """The Argue button's modal; the channel rides in private_metadata (a submission has none)."""
    return {
        "type": "modal",
        "callback_id": f"{replies.PREFIX}:{debate_id}:argue-form",
        "private_metadata": json.dumps({"channel": channel}),
        "title": {"type": "plain_text", "text": "Your argument"},
        "submit": {"type": "plain_text", "text": "Record"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": "argument",
                "label": {"type": "plain_text", "text": "Your argument for this round"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "text",
                    "multiline": True,
                    "max_length": min(debates.ARGUMENT_LIMIT, SECTION_TEXT),
                },
            }
        ],
    }


async def _argue_pressed(turn: Turn, match: re.Match[str]) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        debate_id = await actions.check_debater(
            session,
            space_id=where.space_id,
            channel_id=where.channel_id,
            debate_id=int(match["id"]),
            member_id=where.member_id,
        )
    await turn.open_modal(argue_form(debate_id, where.channel))


async def _argue_submitted(turn: Turn, match: re.Match[str], form: Submission) -> None:
    text = str(form.get("text", "")).strip()
    if not text:
        raise FieldErrors({"text": "Write your argument first."})
    try:
        channel = str(json.loads(form.private_metadata)["channel"])
    except (ValueError, KeyError, TypeError):
        raise LookupError("the argument form carries no channel") from None
    await _argue(turn, int(match["id"]), text, channel)


# ---------------------------------------------------------------- moderators


async def _start(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    debates.parse_rounds(parsed.get("rounds"))
    await turn.require_moderator()
    async with turn.host.db.unit_of_work() as session:
        status = await actions.start(
            session,
            space_id=where.space_id,
            channel_id=where.channel_id,
            moderator_id=where.member_id,
            motion=str(parsed.get("motion")),
            now=turn.host.clock(),
            speech_seconds=int(parsed.get("speech_seconds", debates.DEFAULT_SPEECH_SECONDS)),
            rounds=parsed.get("rounds"),
            assign=str(parsed.get("assign", "volunteer")),
        )
    message_id = await _post(turn.host, turn.client, where.channel, replies.board_reply(status, SPELL))
    async with turn.host.db.unit_of_work() as session:
        await actions.set_message(
            session, space_id=where.space_id, debate_id=status.debate.id, message_id=message_id
        )


async def _next(turn: Turn, _parsed: Parsed) -> None:
    where = await turn.identify()
    await turn.require_moderator()
    async with turn.host.db.unit_of_work() as session:
        moved = await actions.next_speech(
            session, space_id=where.space_id, channel_id=where.channel_id, now=turn.host.clock()
        )
    turn.host.scheduler.wake()
    await _show(turn.host, turn.client, moved)


def _skip_all_buttons(debate_id: int) -> list[Control]:
    return [
        Button("Skip every speech", f"{replies.PREFIX}:{debate_id}:skip-all:yes", "danger"),
        Button("Cancel", f"{replies.PREFIX}:{debate_id}:skip-all:no"),
    ]


async def _end(turn: Turn, _parsed: Parsed) -> None:
    where = await turn.identify()
    await turn.require_moderator()
    try:
        async with turn.host.db.unit_of_work() as session:
            moved = await actions.end(
                session, space_id=where.space_id, channel_id=where.channel_id, now=turn.host.clock()
            )
    except debates.SkipsEverySpeech as asking:
        asked = Reply(text=replies.skip_all_text(), rows=[_skip_all_buttons(asking.debate_id)], private=True)
        await turn.send(asked)
        return
    turn.host.scheduler.wake()
    await _show(turn.host, turn.client, moved)


async def _skip_all(turn: Turn, match: re.Match[str]) -> None:
    """The answer to "Skip all the speeches?" (a private message: only the moderator sees it)."""
    await turn.require_moderator()
    if match["answer"] == "no":
        await turn.edit(Reply(text=replies.CANCELLED_TEXT, private=True))
        return
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        moved = await actions.end(
            session,
            space_id=where.space_id,
            channel_id=where.channel_id,
            now=turn.host.clock(),
            skip_all=True,
            debate_id=int(match["id"]),
        )
    turn.host.scheduler.wake()
    await turn.edit(Reply(text=replies.SKIPPED_TEXT, private=True))
    await _show(turn.host, turn.client, moved)


async def _clock(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    await turn.require_moderator()
    command = parsed.syntax.path.split(" ", 1)[1]
    now = turn.host.clock()
    seconds = int(parsed.get("seconds", 30))
    async with turn.host.db.unit_of_work() as session:
        if command == "pause":
            clocked = await actions.pause(
                session, space_id=where.space_id, channel_id=where.channel_id, now=now
            )
            text = replies.paused_text(clocked.state)
        elif command == "resume":
            clocked = await actions.resume(
                session, space_id=where.space_id, channel_id=where.channel_id, now=now
            )
            text = replies.resumed_text(clocked.state)
        else:
            clocked = await actions.extend(
                session, space_id=where.space_id, channel_id=where.channel_id, seconds=seconds, now=now
            )
            text = replies.extended_text(clocked.state, seconds)
    turn.host.scheduler.wake()
    await turn.send(Reply(text=text, private=True))
    await _refresh_speech(turn.host, turn.client, clocked, warned=False)


async def _close(turn: Turn, _parsed: Parsed) -> None:
    where = await turn.identify()
    await turn.require_moderator()
    async with turn.host.db.unit_of_work() as session:
        closed = await actions.close(
            session, space_id=where.space_id, channel_id=where.channel_id, now=turn.host.clock()
        )
        closed = await actions.closed_with_names(session, closed)
        postvote = await _message_of(session, closed.debate.postvote_message_id)
    turn.host.scheduler.wake()
    debate = closed.debate
    await _update(turn.client, postvote, replies.postvote_reply(debate.id, closed.motion, SPELL, closed=True))
    await _refresh_board(turn.host, turn.client, debate.id)
    result = closed.result
    pre, post = result.pre.percent, result.post.percent
    png = await charts.render(pre_post_chart, replies.chart_title(closed), pre, post)
    chart = Attachment(CHART, png, alt_text(pre, post, replies.chart_verdict(result)))
    await turn.send(
        Reply(
            text=replies.closed_line(closed.motion),
            cards=replies.result_cards(closed, SPELL),
            files=[chart],
        )
    )


async def _transcript(turn: Turn, _parsed: Parsed) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        found = await actions.transcript(session, space_id=where.space_id, channel_id=where.channel_id)
        names = await actions.registry_names(session, {a.user_id for a in found.arguments}, found.names)
    text = debate_transcript.markdown(replace(found, names=names))
    file = Attachment(replies.transcript_filename(found.debate.id), text.encode("utf-8"))
    shown = replies.transcript_text(found.debate.id, found.motion, len(found.arguments))
    await turn.send(Reply(text=shown, files=[file], private=True))


async def _status(turn: Turn, _parsed: Parsed) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        status = await actions.status(
            session, space_id=where.space_id, channel_id=where.channel_id, now=turn.host.clock()
        )
    await turn.send(Reply(cards=[replies.status_card(status)], private=True))


async def _prompt(turn: Turn, parsed: Parsed) -> None:
    where = await turn.identify()
    async with turn.host.db.unit_of_work() as session:
        found = await actions.prompt(
            session, space_id=where.space_id, motion=parsed.get("motion"), rng=random.Random()
        )
    card = replies.prompt_card(found.motion, found.for_names, found.against_names, found.sides, SPELL)
    await turn.send(Reply(cards=[card]))


async def _join_command(turn: Turn, parsed: Parsed) -> None:
    await _join(turn, None, str(parsed.get("side")))


async def _vote_command(turn: Turn, parsed: Parsed) -> None:
    await _vote(turn, None, str(parsed.get("side")))


async def _argue_command(turn: Turn, parsed: Parsed) -> None:
    await _argue(turn, None, str(parsed.get("text")))


HANDLERS = {
    "debate start": _start,
    "debate join": _join_command,
    "debate vote": _vote_command,
    "debate argue": _argue_command,
    "debate next": _next,
    "debate pause": _clock,
    "debate resume": _clock,
    "debate extend": _clock,
    "debate end": _end,
    "debate close": _close,
    "debate transcript": _transcript,
    "debate status": _status,
    "debate prompt": _prompt,
}


async def debate(turn: Turn, parsed: Parsed) -> None:
    await HANDLERS[parsed.syntax.path](turn, parsed)


async def _join_pressed(turn: Turn, match: re.Match[str]) -> None:
    await _join(turn, int(match["id"]), match["side"])


async def _vote_pressed(turn: Turn, match: re.Match[str]) -> None:
    await _vote(turn, int(match["id"]), match["choice"])


# ---------------------------------------------------------------- the speech timers


def warn_job(front: SlackFront) -> Handler:
    """The warning before a speech's end, on that speech's own message."""

    async def handler(session: AsyncSession, job: Job) -> After | None:
        clocked = await actions.speech_warning(session, job, now=front.host.clock())
        if clocked is None:
            return None
        where = await _message_of(session, clocked.debate.speech_message_id)
        shown = _speech(clocked.debate, clocked, warned=True)

        async def after() -> None:
            await _update(front.client, where, shown)

        return after

    return handler


def advance_job(front: SlackFront) -> Handler:
    """A speech's time is up: the next speech's clock (or the post-vote) is posted in the
    debate's channel and the ended speech's message is marked over. Runs once (the scheduler's
    claim), even across restarts."""

    async def handler(session: AsyncSession, job: Job) -> After | None:
        moved = await actions.speech_end(session, job, now=front.host.clock())
        if moved is None:
            return None

        async def after() -> None:
            await _show(front.host, front.client, moved)

        return after

    return handler


def register(front: SlackFront) -> None:
    front.command("debate", DEBATE, debate)
    front.action(replies.JOIN_ACTION, _join_pressed)
    front.action(replies.VOTE_ACTION, _vote_pressed)
    front.action(replies.ARGUE_ACTION, _argue_pressed)
    front.action(replies.SKIP_ALL_ACTION, _skip_all)
    front.view(ARGUE_FORM, _argue_submitted)
    front.host.scheduler.register(debates.WARN_KIND, warn_job(front), platform=PLATFORM)
    front.host.scheduler.register(debates.ADVANCE_KIND, advance_job(front), platform=PLATFORM)
