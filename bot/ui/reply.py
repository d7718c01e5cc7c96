"""The one way cogs answer: every reply clipped to Discord's limits and unable to ping anyone."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import discord

from bot.replies.model import Reply
from bot.ui.cards import to_embed, to_file, to_view
from bot.ui.limits import CONTENT, clamp_embeds, clip
from bot.ui.realtime import ALARMS

NO_PINGS = discord.AllowedMentions.none()


def _payload(
    content: str | None,
    embed: discord.Embed | None,
    embeds: list[discord.Embed] | None,
    view: discord.ui.View | None,
    file: discord.File | None,
    files: list[discord.File] | None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {"allowed_mentions": NO_PINGS}
    if content is not None:
        payload["content"] = clip(content, CONTENT)
    all_embeds = [*([embed] if embed else []), *(embeds or [])]
    if all_embeds or embed is not None or embeds is not None:
        payload["embeds"] = clamp_embeds(all_embeds)
    if view is not None:
        payload["view"] = view
    all_files = [*([file] if file else []), *(files or [])]
    if all_files:
        payload["files"] = all_files[:10]
    return payload


@asynccontextmanager
async def acknowledge_if_busy(
    interaction: discord.Interaction, busy: bool, slots: asyncio.Semaphore, *, ephemeral: bool
) -> AsyncIterator[None]:
    """Run the handler's work, acknowledging the interaction first when the bot is ``busy``.

    Discord drops an interaction that is not acknowledged within 3 seconds. Answering in one
    response is quickest when the bot is idle; when it is ``busy`` (``bot.under_load()``: the
    database would make this handler wait, or interactions are queuing), acknowledge now
    ("thinking" for a command, a silent deferred update for a button) and let ``send``/``edit``
    follow up. ``ephemeral`` is the visibility of the reply to come: Discord fixes it here.

    The work after such an acknowledgement waits for one of the ``slots`` (``bot.deferred_work``):
    with a burst acknowledged, only a few handlers do their work at a time, so the interactions
    still arriving (the gateway parses them one by one, between other work) are acknowledged
    first rather than after everyone's work.
    """
    if interaction.response.is_done():
        yield
        return
    if not busy:
        # Not busy here, yet the work may still wait (a lock held by another process: bounded in
        # bot/db.py, but longer than Discord's window): past ACKNOWLEDGE_AFTER, acknowledge first.
        # Discord's window is real time, so a real-time alarm measures it, not the event loop's
        # clock (simulated in SimCord and the console, where the bot's timers follow it).
        loop = asyncio.get_running_loop()
        state: dict[str, Any] = {"done": False, "acknowledging": None}

        def acknowledge_now() -> None:
            if not state["done"] and not interaction.response.is_done():
                state["acknowledging"] = loop.create_task(_acknowledge(interaction, ephemeral=ephemeral))

        timer = ALARMS.call_later(ACKNOWLEDGE_AFTER, acknowledge_now)  # in the handler's context
        try:
            yield
        finally:
            state["done"] = True
            timer.cancel()
            if state["acknowledging"] is not None:
                with contextlib.suppress(discord.HTTPException):
                    await state["acknowledging"]
        return
    await _acknowledge(interaction, ephemeral=ephemeral)
    await asyncio.sleep(0)  # an acknowledgement that did not suspend still lets others go first
    async with slots:
        yield


# Work still running this long after an interaction arrived acknowledges it (Discord: 3 s).
ACKNOWLEDGE_AFTER = 1.5


async def _acknowledge(interaction: discord.Interaction, *, ephemeral: bool) -> None:
    """Acknowledge now: "thinking" for a command, a silent deferred update for a button."""
    if interaction.type is discord.InteractionType.component:
        await interaction.response.defer()
    else:
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def send(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: list[discord.Embed] | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
    files: list[discord.File] | None = None,
    ephemeral: bool = False,
) -> discord.Message | None:
    """Answer the interaction (or follow up when it was already answered or deferred).

    Returns the message sent when Discord says which it is (a followup always; a first answer
    when Discord returns it): ``original_response()`` is the question, not this answer, after a
    "did you mean ...?" press (bot/ui/did_you_mean.py).
    """
    payload = _payload(content, embed, embeds, view, file, files)
    if interaction.response.is_done():
        return await interaction.followup.send(**payload, ephemeral=ephemeral, wait=True)
    answered = await interaction.response.send_message(**payload, ephemeral=ephemeral)
    resource = getattr(answered, "resource", None)
    return resource if isinstance(resource, discord.Message) else None


async def answer(interaction: discord.Interaction, shown: Reply) -> discord.Message | None:
    """Send a neutral reply (bot/replies), rendered by bot/ui/cards.py; private when it says so."""
    return await send(
        interaction,
        shown.text,
        embeds=[to_embed(card) for card in shown.cards],
        view=to_view(shown.rows),
        files=[to_file(a) for a in shown.files] or None,
        ephemeral=shown.private,
    )


async def think(interaction: discord.Interaction, *, ephemeral: bool = False) -> None:
    """Show "thinking" before slow work, unless the interaction was already answered (a press on
    "did you mean ...?" closes the question first, then runs the command)."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def edit(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: list[discord.Embed] | None = None,
    view: discord.ui.View | None = None,
    attachments: list[discord.File] | None = None,
) -> None:
    """Update the message a component sits on (or the original response once answered)."""
    payload = _payload(content, embed, embeds, view, None, None)
    if attachments is not None:
        payload["attachments"] = attachments
    if interaction.response.is_done():
        await interaction.edit_original_response(**payload)
    else:
        await interaction.response.edit_message(**payload)


async def post(
    channel: discord.abc.Messageable,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: list[discord.Embed] | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
    files: list[discord.File] | None = None,
) -> discord.Message:
    """Post a new message in a channel (timers, results) under the same limits."""
    return await channel.send(**_payload(content, embed, embeds, view, file, files))
