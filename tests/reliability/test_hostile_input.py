"""Every command, driven with hostile option values (hypothesis), through the real bot in SimCord.

For every slash command the tree holds (so new commands are covered as they are added):
no unhandled exception, every interaction answered, no payload over a Discord limit, and
allowed_mentions never lets user text ping anyone.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import discord
import pytest
import simcord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app import create_bot
from bot.db import Database
from bot.settings import Settings
from bot.ui.errors import user_message
from tests.conftest import BACKENDS, PACKS, PG_URL
from tests.limits_check import all_problems, autocomplete_problems
from tests.reliability.bot_thread import BotThread

HOSTILE = [
    "",
    " ",
    " \t \n ",
    "x" * 4000,
    "🙂" * 500,
    "\u202eevil right-to-left\u202c",
    "مرحبا بالعالم",
    "\u200b\u200c\u200d\ufeff",
    "**bold** __under__ ~~strike~~ ||spoiler|| > quote",
    "```py\nprint('hi')\n```",
    "`" * 7,
    "@everyone",
    "@here look",
    "<@&123456789012345678>",
    "<@123456789012345678> hi",
    "<#123456789012345678>",
    "'; DROP TABLE stances; --",
    "1 OR 1=1",
    "%s %d {0} {{}}",
    "#3",
    "-1",
    "99999999999999999999",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "\x00",
    "nul\x00inside",
    "\x01\x07\x1b[31m\x7f\x9b controls",
    "\ud800 lone surrogate",
]

# Each example runs every command once; more examples can be asked for with HOSTILE_EXAMPLES=N.
HOSTILE_EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "10"))

# Long strings are built by repeating a short one: hypothesis's choice budget per example is small,
# and every example drives every command.
texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    st.builds(
        lambda unit, times: (unit * times)[:4000], st.text(min_size=1, max_size=12), st.integers(50, 4000)
    ),
)
integers = st.one_of(
    st.sampled_from([0, -1, 1, 2**31, -(2**31), 2**53 - 1, -(2**53) + 1]),
    st.integers(-(2**53) + 1, 2**53 - 1),
)
numbers = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False)


@pytest.fixture(scope="module", params=BACKENDS)
def running(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotThread]:
    """The bot on SQLite, and on PostgreSQL when configured (it refuses what SQLite stores: NUL)."""
    drop = None
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('hostile') / 'hostile.db'}"
        engine_kwargs: dict[str, Any] = {}
    else:
        schema = f"rt_hostile_{secrets.token_hex(6)}"
        asyncio.run(_pg_admin(f'CREATE SCHEMA "{schema}"'))
        drop = f'DROP SCHEMA "{schema}" CASCADE'
        url, engine_kwargs = PG_URL, {"connect_args": {"server_settings": {"search_path": schema}}}
    config = replace(Settings.from_env({}), database_url=url, packs_dir=PACKS, cooldown_seconds=0)
    bot = BotThread(lambda: create_bot(config, db=Database(url, **engine_kwargs), always_sync=True)).start()
    try:
        yield from _with_members(bot)
    finally:
        if drop is not None:
            asyncio.run(_pg_admin(drop))


async def _pg_admin(statement: str) -> None:
    admin = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await admin.dispose()


def _with_members(bot: BotThread) -> Iterator[BotThread]:
    env = bot.env
    bot.guild = env.create_guild("Hostile")
    bot.channel = bot.guild.create_text_channel("general")
    mods = bot.guild.create_role("Moderators", permissions=discord.Permissions(manage_guild=True))
    bot.members = {
        "alice": bot.guild.add_member(env.create_user("alice")),
        "moderator": bot.guild.add_member(env.create_user("moderator"), roles=[mods]),
    }
    yield bot
    bot.stop()


def _strategy(param: Any, members: list[simcord.MemberActor]) -> st.SearchStrategy[Any] | None:
    kind = param.type
    if param.choices:
        return st.sampled_from([c.value for c in param.choices])
    if kind is discord.AppCommandOptionType.string:
        return texts
    if kind is discord.AppCommandOptionType.integer:
        return integers
    if kind is discord.AppCommandOptionType.number:
        return numbers
    if kind is discord.AppCommandOptionType.boolean:
        return st.booleans()
    if kind in (discord.AppCommandOptionType.user, discord.AppCommandOptionType.mentionable):
        return st.sampled_from(members)
    return None  # channels, roles, attachments: not user text


def _respect_declared_bounds(param: Any, value: Any) -> Any:
    """Discord itself enforces min/max and length bounds before the bot sees the value."""
    if isinstance(value, str):
        # discord.py keeps a string option's length bounds in min_value / max_value.
        lo, hi = int(param.min_value or 0), int(param.max_value or 6000)
        if len(value) > hi:
            value = value[:hi]
        if len(value) < lo:
            value = value + "x" * (lo - len(value))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if param.min_value is not None:
            value = max(value, param.min_value)
        if param.max_value is not None:
            value = min(value, param.max_value)
    return value


def _check_invocation(bot: BotThread, name: str, options: dict[str, Any], as_member: str) -> None:
    env = bot.env
    mark = len(env.http_requests)
    member = bot.members[as_member]
    try:
        result = bot.run(lambda: member.slash(bot.channel, name, **options))
    except simcord.OptionError:
        return  # Discord would refuse this value before the bot saw it
    bugs = [e for e in bot.new_errors() if user_message(e)[1] is not None]
    assert not bugs, f"/{name} {options!r} raised {bugs!r}"
    assert result.acknowledged, f"/{name} was never answered"
    problems = all_problems(env.http_requests[mark:])
    assert not problems, f"/{name} {sorted(options)} sent payloads Discord rejects: {problems}"


@settings(
    max_examples=HOSTILE_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
@given(data=st.data())
def test_every_command_survives_hostile_options(running: BotThread, data: st.DataObject) -> None:
    members = list(running.members.values())
    for name, command in running.leaves():
        options: dict[str, Any] = {}
        for param in command.parameters:
            strategy = _strategy(param, members)
            if strategy is None or (
                not param.required and data.draw(st.booleans(), label=f"{name}.{param.name}?")
            ):
                continue
            options[param.display_name] = _respect_declared_bounds(
                param, data.draw(strategy, label=f"{name}.{param.name}")
            )
        if any(p.required and p.display_name not in options for p in command.parameters):
            continue
        as_member = data.draw(st.sampled_from(sorted(running.members)), label="member")
        _check_invocation(running, name, options, as_member)


@settings(
    max_examples=HOSTILE_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
@given(data=st.data())
def test_autocomplete_survives_hostile_text(running: BotThread, data: st.DataObject) -> None:
    alice = running.members["alice"]
    for name, command in running.leaves():
        for param in command.parameters:
            if not param.autocomplete:
                continue
            typed = data.draw(texts, label=f"{name}.{param.name}")[:100]
            choices = running.run(
                lambda n=name, p=param.display_name, t=typed: alice.autocomplete(running.channel, n, p, t)
            )
            assert not autocomplete_problems({"choices": choices}), (name, param.name, choices)
            bugs = [e for e in running.new_errors() if user_message(e)[1] is not None]
            assert not bugs, f"autocomplete of /{name} {param.name} raised {bugs!r}"


def test_the_walk_covers_commands(running: BotThread) -> None:
    names = [name for name, _ in running.leaves()]
    assert "help" in names
