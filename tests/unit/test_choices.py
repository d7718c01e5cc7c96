"""Commands held by "did you mean ...?" (bot/services/choices.py) on a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.db import Database
from bot.errors import NotAllowed, NotFound
from bot.services import choices, privacy

NOW = datetime(2026, 1, 1, tzinfo=UTC)
G, ALICE, BOB = 10, 1, 2


async def _hold(database: Database, at: datetime = NOW) -> choices.Held:
    async with database.unit_of_work() as s:
        return await choices.hold(
            s,
            guild_id=G,
            user_id=ALICE,
            command="stance set",
            option="motion",
            arguments={"motion": "the", "stance": "agree", "reason": None},
            candidates=[("3", "#3 The AP4 ..."), ("7", "#7 ...")],
            now=at,
        )


async def test_only_the_member_who_asked_can_answer_once(database: Database) -> None:
    held = await _hold(database)
    async with database.unit_of_work() as s:
        with pytest.raises(NotAllowed, match="Only the member who ran the command"):
            await choices.take(
                s, choice_id=held.id, token=held.token, index=0, guild_id=G, user_id=BOB, now=NOW
            )
        with pytest.raises(NotFound):  # another server cannot answer it either
            await choices.take(
                s, choice_id=held.id, token=held.token, index=0, guild_id=G + 1, user_id=ALICE, now=NOW
            )
    async with database.unit_of_work() as s:
        chosen = await choices.take(
            s, choice_id=held.id, token=held.token, index=1, guild_id=G, user_id=ALICE, now=NOW
        )
    assert chosen.command == "stance set" and chosen.label == "#7 ..."
    assert chosen.arguments == {"motion": "7", "stance": "agree", "reason": None}
    async with database.unit_of_work() as s:
        with pytest.raises(NotFound, match="already answered"):
            await choices.take(
                s, choice_id=held.id, token=held.token, index=0, guild_id=G, user_id=ALICE, now=NOW
            )


async def test_an_old_question_expires_and_is_pruned(database: Database) -> None:
    old = await _hold(database)
    later = NOW + choices.KEEP_FOR + timedelta(minutes=1)
    async with database.unit_of_work() as s:
        with pytest.raises(NotFound, match="expired"):
            await choices.take(
                s, choice_id=old.id, token=old.token, index=0, guild_id=G, user_id=ALICE, now=later
            )
    new = await _hold(database, later)  # holding a new question deletes the expired ones
    async with database.unit_of_work() as s:
        with pytest.raises(NotFound):  # even if SQLite gave the new question the old id
            await choices.take(
                s, choice_id=old.id, token=old.token, index=0, guild_id=G, user_id=ALICE, now=NOW
            )
        assert (
            await choices.take(
                s, choice_id=new.id, token=new.token, index=0, guild_id=G, user_id=ALICE, now=later
            )
        ).arguments["motion"] == "3"


async def test_forgetting_a_member_drops_their_unanswered_questions(database: Database) -> None:
    held = await _hold(database)
    async with database.unit_of_work() as s:
        await privacy.forget_member(s, guild_id=G, user_id=ALICE, secret=b"key")
    async with database.unit_of_work() as s:
        with pytest.raises(NotFound):
            await choices.take(
                s, choice_id=held.id, token=held.token, index=0, guild_id=G, user_id=ALICE, now=NOW
            )
