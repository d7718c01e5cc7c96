"""Benchmark-only use of SimCord internals: interactions emitted without settling, and ack times.

SimCord's public actors (``slash``, ``click``) settle after every interaction and refuse overlapping
operations, so a burst "started at once" is built here the way ``simcord.actors`` builds one
(``_dispatch_actor_interaction``: ``simcord.interactions.base_payload`` then
``backend.emit("INTERACTION_CREATE", ...)``), minus the settle. The bot code is not involved: this
module only plays Discord. It relies on private SimCord names (checked with simcord 3.2.x); if a
SimCord upgrade renames them, the smoke test in tests/test_bench_smoke.py fails first.
"""

from __future__ import annotations

import re
import time
from typing import Any

import simcord
from simcord import actors as sc_actors
from simcord import interactions as sc_interactions
from simcord.enums import AppCommandType, ComponentType, InteractionType

_CALLBACK = re.compile(r"^/interactions/(\d+)/[^/]+/callback$")


class _TimedLog(list[Any]):
    """``backend.http_requests`` that also notes when each interaction callback arrived."""

    def __init__(self, existing: list[Any], acks: dict[int, float]) -> None:
        super().__init__(existing)
        self.acks = acks

    def append(self, entry: Any) -> None:
        match = _CALLBACK.match(entry.path)
        if match:
            self.acks.setdefault(int(match.group(1)), time.perf_counter())
        super().append(entry)


class AckClock:
    """Times each interaction from its emission to the bot's first callback (its acknowledgement)."""

    def __init__(self, env: simcord.Env) -> None:
        self.env = env
        self.acks: dict[int, float] = {}
        self.emitted: dict[int, float] = {}
        # Private: SimCord appends every REST call to this list (HttpLogEntry(method, path, ...)).
        env.backend.http_requests = _TimedLog(env.backend.http_requests, self.acks)

    def latency(self, interaction_id: int) -> float | None:
        if interaction_id not in self.acks or interaction_id not in self.emitted:
            return None
        return self.acks[interaction_id] - self.emitted[interaction_id]


def slash_data(actor: Any, channel: Any, name: str, options: dict[str, Any]) -> dict[str, Any]:
    """The INTERACTION_CREATE ``data`` of a slash command, as ``simcord.actors._slash`` builds it."""
    parts = name.split()
    root = sc_actors._resolve_visible_command(actor, channel.id, parts[0], AppCommandType.CHAT_INPUT)
    leaf, nesting = sc_interactions.walk_to_subcommand(root, parts[1:])
    leaf_options, resolved = sc_interactions.build_options(actor, name, leaf, options, channel_id=channel.id)
    data: dict[str, Any] = {
        "id": root["id"],
        "name": root["name"],
        "type": root.get("type", AppCommandType.CHAT_INPUT),
        "options": sc_interactions.nest_options(root, nesting, leaf_options),
    }
    if resolved:
        data["resolved"] = resolved
    if root.get("guild_id"):
        data["guild_id"] = root["guild_id"]
    return data


class Emitter:
    """Emits interactions and records when; the caller settles once for the whole burst."""

    def __init__(self, env: simcord.Env, clock: AckClock) -> None:
        self.env = env
        self.clock = clock

    def _emit(
        self,
        actor: Any,
        channel_id: int,
        type: int,
        data: dict[str, Any],
        *,
        extra: dict[str, Any] | None = None,
        source_message_id: int | None = None,
    ) -> Any:
        backend = self.env.backend
        record, payload = sc_interactions.base_payload(
            backend, type=type, channel_id=channel_id, guild_id=actor.guild.id, user_id=actor.id, data=data
        )
        if extra:
            payload.update(extra)
        if source_message_id is not None:
            record.source_message_id = source_message_id
        self.clock.emitted[record.id] = time.perf_counter()
        backend.emit("INTERACTION_CREATE", payload)
        return record

    def slash(self, actor: Any, channel: Any, data: dict[str, Any]) -> Any:
        return self._emit(actor, channel.id, InteractionType.APPLICATION_COMMAND, data)

    def click(self, actor: Any, message: Any, custom_id: str) -> Any:
        backend = self.env.backend
        stored = backend.get_message(message.channel_id, message.id)
        data = {"custom_id": custom_id, "component_type": ComponentType.BUTTON}
        extra = {"message": dict(sc_actors.serializers.message_payload(backend, stored))}
        return self._emit(
            actor,
            stored.channel_id,
            InteractionType.MESSAGE_COMPONENT,
            data,
            extra=extra,
            source_message_id=stored.id,
        )

    async def settle(self, timeout: float, idle: float = 0.05) -> None:  # noqa: ASYNC109 - SimCord's
        await self.env._settle_internal(timeout=timeout, idle=idle, dispatch="INTERACTION_CREATE")
