"""One Slack request being answered: who acted where, and the ways to answer them.

Slack drops a command or interaction that is not acknowledged within 3 seconds. A command that
finishes quickly answers in its acknowledgement (the ``response``); past ``ACKNOWLEDGE_AFTER`` the
turn acknowledges empty and the answer follows through ``response_url`` (a ``followup``), as the
Discord side defers. Interactions (buttons, modals) are acknowledged at once, as Bolt advises.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.cooldowns import Cooldowns
from bot.errors import CooldownActive, NotAllowed
from bot.replies.model import Attachment, Reply
from bot.runtime import Host
from bot.services import guilds, identities
from slack_app import blocks

log = logging.getLogger(__name__)

ACKNOWLEDGE_AFTER = 2.0
PLATFORM = "slack"


@dataclass(frozen=True)
class Where:
    """A request's workspace, member and channel: Slack's ids and Roundtable's internal ones."""

    team: str
    user: str
    channel: str
    space_id: int
    member_id: int
    channel_id: int
    member_name: str


class Turn:
    def __init__(
        self,
        host: Host,
        body: dict[str, Any],
        ack: AsyncAck,
        respond: AsyncRespond,
        client: AsyncWebClient,
        *,
        names: NameBook,
        cooldowns: Cooldowns | None = None,
    ) -> None:
        self.host = host
        self.body = body
        self._ack = ack
        self._respond = respond
        self.client = client
        self.names = names
        self.cooldowns = cooldowns
        self.acked = False
        self._timer: asyncio.TimerHandle | None = None
        self._acking: asyncio.Task[None] | None = None
        self.where: Where | None = None

    # -- identity ----------------------------------------------------------------------------

    @property
    def team(self) -> str:
        return str(self.body.get("team_id") or (self.body.get("team") or {}).get("id") or "")

    @property
    def user(self) -> str:
        return str(self.body.get("user_id") or (self.body.get("user") or {}).get("id") or "")

    @property
    def channel(self) -> str:
        channel = self.body.get("channel_id") or (self.body.get("channel") or {}).get("id")
        if not channel:
            channel = ((self.body.get("view") or {}).get("private_metadata_channel")) or ""
        return str(channel)

    async def identify(self, channel: str | None = None) -> Where:
        """The internal ids of this workspace, member and channel (registered on first sight)."""
        if self.where is not None and channel is None:
            return self.where
        channel = channel or self.channel
        name = await self.names.name(self.client, self.user)
        now = self.host.clock()  # the host's clock, so a simulated run's records keep its time
        async with self.host.db.unit_of_work() as session:
            space = await identities.internal_id(session, PLATFORM, "space", self.team, now=now)
            member = await identities.internal_id(session, PLATFORM, "member", self.user, name=name, now=now)
            place = (
                await identities.internal_id(session, PLATFORM, "channel", channel, now=now) if channel else 0
            )
        self.where = Where(self.team, self.user, channel, space, member, place, name)
        return self.where

    def cooldown(self, bucket: str) -> None:
        """Refuse (CooldownActive) when this member used ``bucket`` here too recently."""
        seconds = self.host.settings.cooldown_seconds
        if seconds <= 0 or self.cooldowns is None:
            return
        left = self.cooldowns.hit((self.team, self.user, bucket), self.host.clock(), seconds)
        if left > 0:
            raise CooldownActive(left)

    async def is_admin(self) -> bool:
        """A workspace owner or admin (users.info): always a moderator, and may choose others."""
        return await self.names.is_admin(self.client, self.user)

    async def is_moderator(self) -> bool:
        """A workspace owner or admin, or a member named with ``/config moderator add``."""
        if await self.is_admin():
            return True
        where = await self.identify()
        async with self.host.db.unit_of_work() as session:
            return await guilds.is_listed_moderator(session, where.space_id, where.member_id)

    async def require_moderator(self) -> None:
        if not await self.is_moderator():
            raise NotAllowed(
                "Only moderators can do that (the workspace's owners and admins, and members named "
                "with /config moderator add)."
            )

    async def member(self, user: str) -> tuple[int, str]:
        """The internal id and display name of another member of this workspace (a mention)."""
        name = await self.names.name(self.client, user)
        async with self.host.db.unit_of_work() as session:
            return await identities.internal_id(session, PLATFORM, "member", user, name=name), name

    # -- acknowledging -------------------------------------------------------------------------

    def start(self, *, immediately: bool) -> None:
        """Acknowledge now (``immediately``), or if no answer is ready after ACKNOWLEDGE_AFTER."""
        if immediately:
            self._acking = asyncio.ensure_future(self.ack())
            return
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(
            ACKNOWLEDGE_AFTER, lambda: setattr(self, "_acking", loop.create_task(self.ack()))
        )

    async def ack(self, **payload: Any) -> None:
        if self.acked:
            return
        self.acked = True
        if self._timer is not None:
            self._timer.cancel()
        await self._ack(**payload)

    async def finish(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._acking is not None:
            with contextlib.suppress(Exception):
                await self._acking
        await self.ack()

    # -- answering -----------------------------------------------------------------------------

    async def send(self, reply: Reply) -> None:
        """Answer the member: in the acknowledgement when it is still open, else by response_url."""
        payload = blocks.message(reply)
        response_type = "ephemeral" if reply.private else "in_channel"
        if self._acking is not None:
            with contextlib.suppress(Exception):
                await self._acking
        if not self.acked and "command" in self.body:
            await self.ack(response_type=response_type, **payload)
        else:
            await self.ack()
            await self._respond(response_type=response_type, replace_original=False, **payload)
        await self.upload(reply.files, private=reply.private)

    async def edit(self, reply: Reply) -> None:
        """Replace the message the pressed button sits on."""
        await self.ack()
        await self._respond(replace_original=True, **blocks.message(reply))
        await self.upload(reply.files, private=reply.private)

    async def post(self, reply: Reply, channel: str | None = None) -> str:
        """A new public message in ``channel`` (default: this one); its ``ts``, to update it later."""
        result = await self.client.chat_postMessage(channel=channel or self.channel, **blocks.message(reply))
        await self.upload(reply.files, private=False, channel=channel)
        return str(result["ts"])

    async def update(self, channel: str, ts: str, reply: Reply) -> None:
        await self.client.chat_update(channel=channel, ts=ts, **blocks.message(reply))

    async def upload(self, files: list[Attachment], *, private: bool, channel: str | None = None) -> None:
        """Charts and exports, by files upload v2; a private one in the member's direct messages."""
        if not files:
            return
        target = channel or self.channel
        if private:
            opened = await self.client.conversations_open(users=self.user)
            target = str(opened["channel"]["id"])
        for attachment in files[:10]:
            await self.client.files_upload_v2(
                channel=target,
                file=attachment.data,
                filename=attachment.filename,
                title=attachment.filename,
                alt_txt=(attachment.description or attachment.filename)[:2000],
            )

    async def open_modal(self, view: dict[str, Any]) -> None:
        await self.ack()
        await self.client.views_open(trigger_id=self.body["trigger_id"], view=view)


class NameBook:
    """Members' display names (users.info), remembered for the process; the name shown for them."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self._roles: dict[str, bool] = {}

    async def _load(self, client: AsyncWebClient, user: str) -> None:
        try:
            info = await client.users_info(user=user)
        except Exception:  # an unknown user, a revoked token: show the id's owner as "a member"
            log.warning("users.info failed for a member; showing them as “a member”", exc_info=True)
            self._names[user] = "a member"
            self._roles[user] = False
            return
        person = info["user"]
        profile = person.get("profile") or {}
        self._names[user] = (
            profile.get("display_name") or person.get("real_name") or person.get("name") or "a member"
        )[:100]
        self._roles[user] = bool(person.get("is_admin") or person.get("is_owner"))

    async def name(self, client: AsyncWebClient, user: str) -> str:
        if user not in self._names:
            await self._load(client, user)
        return self._names[user]

    async def is_admin(self, client: AsyncWebClient, user: str) -> bool:
        """A workspace owner or admin (always a moderator on Slack)."""
        if user not in self._roles:
            await self._load(client, user)
        return self._roles[user]
