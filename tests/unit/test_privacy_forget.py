"""/stance forget and /privacy at the service level: every row about the member goes, nothing else."""

from __future__ import annotations

from bot.db import Database
from bot.models import (
    Debate,
    DebateArgument,
    DebateParticipant,
    DebateVote,
    Motion,
    Poll,
    PollVote,
)
from bot.services import positions, privacy
from bot.services.voter_keys import voter_key
from tests.positions_support import T0, count_rows, rows_naming, seed_motions, stance

G, OTHER_GUILD = 710000000000000001, 720000000000000002
ALICE, BOB = 810000000000000001, 820000000000000002
SECRET = b"s" * 32


async def _activity(db: Database, guild: int, motion_id: int) -> dict[str, int]:
    """Alice and Bob each stance, vote in a named and an anonymous poll, and take part in a debate."""
    async with db.unit_of_work() as s:
        for user, value in ((ALICE, 1), (BOB, -1)):
            await stance(s, guild=guild, user=user, motion=motion_id, value=value, at=T0)
            await stance(s, guild=guild, user=user, motion=motion_id, value=value + 1, at=T0)
            await positions.set_private(s, guild_id=guild, user_id=user, private=True, now=T0)
        named = Poll(
            guild_id=guild, channel_id=1, creator_id=ALICE, question="Q?", options=["a", "b"], created_at=T0
        )
        anonymous = Poll(
            guild_id=guild,
            channel_id=1,
            creator_id=BOB,
            question="Secret?",
            options=["a", "b"],
            anonymous=True,
            created_at=T0,
        )
        debate = Debate(
            guild_id=guild,
            channel_id=1,
            motion_id=motion_id,
            moderator_id=ALICE,
            phase="closed",
            rounds=["opening"],
            speech_seconds=60,
            created_at=T0,
            closed_at=T0,
        )
        s.add_all([named, anonymous, debate])
        await s.flush()
        for user in (ALICE, BOB):
            s.add(
                PollVote(poll_id=named.id, option_index=0, voter_key=str(user), user_id=user, created_at=T0)
            )
            s.add(
                PollVote(poll_id=named.id, option_index=1, voter_key=str(user), user_id=user, created_at=T0)
            )
            s.add(
                PollVote(
                    poll_id=anonymous.id,
                    option_index=1,
                    voter_key=voter_key(SECRET, anonymous.id, user),
                    user_id=None,
                    created_at=T0,
                )
            )
            s.add(DebateParticipant(debate_id=debate.id, user_id=user, side="for", joined_at=T0))
            s.add(DebateVote(debate_id=debate.id, user_id=user, phase="pre", choice="for", created_at=T0))
            s.add(
                DebateVote(debate_id=debate.id, user_id=user, phase="post", choice="against", created_at=T0)
            )
            s.add(
                DebateArgument(
                    debate_id=debate.id,
                    user_id=user,
                    side="for",
                    round_name="opening",
                    speech_index=0,
                    text="Because ¶3.",
                    created_at=T0,
                )
            )
        s.add(
            Motion(
                pack_id=(await s.get(Motion, motion_id)).pack_id,  # type: ignore[union-attr]
                guild_id=guild,
                number=99,
                title="A motion Alice proposed",
                context="c",
                paragraphs=[],
                sides_for=[],
                sides_against=[],
                proposed_by=ALICE,
                created_at=T0,
            )
        )
        return {"named": named.id, "anonymous": anonymous.id, "debate": debate.id}


async def test_forget_leaves_no_row_of_the_member_and_touches_nothing_else(database: Database) -> None:
    (m1, *_) = await seed_motions(database)
    here = await _activity(database, G, m1)
    there = await _activity(database, OTHER_GUILD, m1)
    alice_keys = (voter_key(SECRET, here["anonymous"], ALICE), voter_key(SECRET, there["anonymous"], ALICE))
    bob_keys = (voter_key(SECRET, here["anonymous"], BOB), voter_key(SECRET, there["anonymous"], BOB))
    bob_before = await rows_naming(database, BOB, bob_keys)
    alice_before = await rows_naming(database, ALICE, alice_keys)
    counts_before = await count_rows(database)

    async with database.unit_of_work() as s:
        stored = await privacy.stored_about(s, guild_id=G, user_id=ALICE, secret=SECRET)
    assert (stored.stance_history, stored.current_stances, stored.private) == (2, 1, True)
    assert (stored.poll_votes, stored.anonymous_poll_votes) == (2, 1)
    assert (stored.debate_votes, stored.debate_participations, stored.debate_arguments) == (2, 1, 1)
    assert (stored.motions_proposed, stored.polls_created, stored.debates_moderated) == (1, 1, 1)

    async with database.unit_of_work() as s:
        forgotten = await privacy.forget_member(s, guild_id=G, user_id=ALICE, secret=SECRET)
    assert forgotten.deleted == {
        "stance_events": 2,
        "stances": 1,
        "member_settings": 1,
        "poll_votes": 3,
        "debate_votes": 2,
        "debate_participants": 1,
        "debate_arguments": 1,
    }
    assert forgotten.unlinked == {"motions": 1, "polls": 1, "debates": 1}

    # Every member column of every table: what names Alice now is exactly her other guild's data.
    alice_after = await rows_naming(database, ALICE, alice_keys)
    assert alice_after == {table: count // 2 for table, count in alice_before.items()}
    async with database.unit_of_work() as s:
        elsewhere = await privacy.stored_about(s, guild_id=OTHER_GUILD, user_id=ALICE, secret=SECRET)
        gone = await privacy.stored_about(s, guild_id=G, user_id=ALICE, secret=SECRET)
    assert elsewhere.total == stored.total and elsewhere.polls_created == 1
    assert gone.total == 0 and not gone.private
    assert (gone.motions_proposed, gone.polls_created, gone.debates_moderated) == (0, 0, 0)
    # Bob's rows are all still there, and no table lost more than Alice's rows.
    assert await rows_naming(database, BOB, bob_keys) == bob_before
    counts_after = await count_rows(database)
    lost = {
        t: counts_before[t] - counts_after[t] for t in counts_before if counts_before[t] != counts_after[t]
    }
    assert lost == {t: n for t, n in forgotten.deleted.items() if n}


async def test_forget_of_a_member_with_nothing_stored_is_harmless(database: Database) -> None:
    (m1, *_) = await seed_motions(database)
    await _activity(database, G, m1)
    before = await count_rows(database)
    async with database.unit_of_work() as s:
        forgotten = await privacy.forget_member(s, guild_id=G, user_id=999, secret=SECRET)
    assert forgotten.total_deleted == 0
    assert await count_rows(database) == before


async def test_privacy_counts_exactly_the_votes_forget_deletes(database: Database) -> None:
    """One list of tables serves both: a named vote found by its voter key alone (the key the vote
    path looks votes up by; user_id empty) is counted and deleted, as are anonymous votes found by
    recomputing the member's key; a vote is never deleted without having been shown."""
    (m1, *_) = await seed_motions(database)
    here = await _activity(database, G, m1)
    async with database.unit_of_work() as s:
        poll = Poll(
            guild_id=G, channel_id=1, creator_id=ALICE, question="Q2?", options=["a", "b"], created_at=T0
        )
        s.add(poll)
        await s.flush()
        s.add(PollVote(poll_id=poll.id, option_index=1, voter_key=str(BOB), user_id=None, created_at=T0))
    async with database.unit_of_work() as s:
        stored = await privacy.stored_about(s, guild_id=G, user_id=BOB, secret=SECRET)
    assert (stored.poll_votes, stored.anonymous_poll_votes) == (3, 1)
    async with database.unit_of_work() as s:
        forgotten = await privacy.forget_member(s, guild_id=G, user_id=BOB, secret=SECRET)
    assert forgotten.deleted["poll_votes"] == stored.poll_votes + stored.anonymous_poll_votes
    counted = {
        "stance_events": stored.stance_history,
        "stances": stored.current_stances,
        "member_settings": int(stored.has_settings),
        "poll_votes": stored.poll_votes + stored.anonymous_poll_votes,
        "debate_votes": stored.debate_votes,
        "debate_participants": stored.debate_participations,
        "debate_arguments": stored.debate_arguments,
    }
    assert forgotten.deleted == counted
    async with database.unit_of_work() as s:
        gone = await privacy.stored_about(s, guild_id=G, user_id=BOB, secret=SECRET)
    left = await rows_naming(database, BOB, (voter_key(SECRET, here["anonymous"], BOB), str(BOB)))
    assert gone.total == 0
    assert not any(left.values()), left
