"""What Roundtable stores about a member in a guild, and forgetting all of it on request.

Anonymous poll votes hold no member id, only a keyed hash of (poll, member): with the key
the bot can recompute each hash and find the member's votes, which is how they are
counted and deleted here. Nobody reading the table alone can link them to anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Delete, Select, Update, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import (
    Debate,
    DebateArgument,
    DebateParticipant,
    DebateVote,
    MemberSettings,
    Motion,
    PendingChoice,
    Poll,
    PollVote,
    Stance,
    StanceEvent,
)
from bot.services.dml import execute_dml
from bot.services.voter_keys import vote_secret, voter_key

# IN lists stay well under every backend's parameter limit.
_BATCH = 500


@dataclass
class Stored:
    """Counts of rows about one member in one guild, by what they are."""

    stance_history: int = 0
    current_stances: int = 0
    private: bool = False
    has_settings: bool = False
    poll_votes: int = 0
    anonymous_poll_votes: int = 0
    debate_votes: int = 0
    debate_participations: int = 0
    debate_arguments: int = 0
    motions_proposed: int = 0
    polls_created: int = 0
    debates_moderated: int = 0

    @property
    def total(self) -> int:
        return (
            self.stance_history
            + self.current_stances
            + int(self.has_settings)
            + self.poll_votes
            + self.anonymous_poll_votes
            + self.debate_votes
            + self.debate_participations
            + self.debate_arguments
        )


@dataclass
class Forgotten:
    """Rows deleted (and group records unlinked) by ``forget_member``, per table."""

    deleted: dict[str, int] = field(default_factory=dict)
    unlinked: dict[str, int] = field(default_factory=dict)

    @property
    def total_deleted(self) -> int:
        return sum(self.deleted.values())


def _guild_debates(guild_id: int) -> Select[Any]:
    return select(Debate.id).where(Debate.guild_id == guild_id)


def _guild_polls(guild_id: int, *, anonymous: bool) -> Select[Any]:
    return select(Poll.id).where(Poll.guild_id == guild_id, Poll.anonymous.is_(anonymous))


async def _anonymous_keys(session: AsyncSession, guild_id: int, user_id: int, secret: bytes) -> list[str]:
    """The member's voter key in every anonymous poll of the guild."""
    poll_ids = (await session.execute(_guild_polls(guild_id, anonymous=True))).scalars()
    return [voter_key(secret, poll_id, user_id) for poll_id in poll_ids]


def _batches(items: list[str]) -> list[list[str]]:
    return [items[i : i + _BATCH] for i in range(0, len(items), _BATCH)]


async def _count(session: AsyncSession, query: Select[Any]) -> int:
    return int((await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one())


async def stored_about(session: AsyncSession, *, guild_id: int, user_id: int, secret: bytes) -> Stored:
    """What this guild's data holds about the member (what /privacy shows)."""
    stored = Stored()
    stored.stance_history = await _count(
        session,
        select(StanceEvent.id).where(StanceEvent.guild_id == guild_id, StanceEvent.user_id == user_id),
    )
    stored.current_stances = await _count(
        session, select(Stance.motion_id).where(Stance.guild_id == guild_id, Stance.user_id == user_id)
    )
    settings = await session.get(MemberSettings, (guild_id, user_id))
    stored.has_settings = settings is not None
    stored.private = bool(settings is not None and settings.private)
    stored.poll_votes = await _count(
        session,
        select(PollVote.id).where(
            PollVote.poll_id.in_(_guild_polls(guild_id, anonymous=False)), PollVote.user_id == user_id
        ),
    )
    for keys in _batches(await _anonymous_keys(session, guild_id, user_id, secret)):
        stored.anonymous_poll_votes += await _count(
            session,
            select(PollVote.id).where(
                PollVote.poll_id.in_(_guild_polls(guild_id, anonymous=True)), PollVote.voter_key.in_(keys)
            ),
        )
    debates = _guild_debates(guild_id)
    stored.debate_votes = await _count(
        session,
        select(DebateVote.debate_id).where(DebateVote.debate_id.in_(debates), DebateVote.user_id == user_id),
    )
    stored.debate_participations = await _count(
        session,
        select(DebateParticipant.debate_id).where(
            DebateParticipant.debate_id.in_(debates), DebateParticipant.user_id == user_id
        ),
    )
    stored.debate_arguments = await _count(
        session,
        select(DebateArgument.id).where(
            DebateArgument.debate_id.in_(debates), DebateArgument.user_id == user_id
        ),
    )
    stored.motions_proposed = await _count(
        session, select(Motion.id).where(Motion.guild_id == guild_id, Motion.proposed_by == user_id)
    )
    stored.polls_created = await _count(
        session, select(Poll.id).where(Poll.guild_id == guild_id, Poll.creator_id == user_id)
    )
    stored.debates_moderated = await _count(
        session, select(Debate.id).where(Debate.guild_id == guild_id, Debate.moderator_id == user_id)
    )
    return stored


# A member id no Discord account has (snowflakes are positive): marks a group record whose
# creator asked to be forgotten.
FORGOTTEN_MEMBER = 0


async def stored_about_member(
    session: AsyncSession, *, guild_id: int, user_id: int, hash_key: str | None
) -> Stored:
    """``stored_about`` with the installation's vote secret (configured, or the stored one)."""
    secret = await vote_secret(session, hash_key)
    return await stored_about(session, guild_id=guild_id, user_id=user_id, secret=secret)


async def forget_member(session: AsyncSession, *, guild_id: int, user_id: int, secret: bytes) -> Forgotten:
    """Delete every stance, vote, setting and debate contribution of the member in this guild.

    Records that belong to the whole group (motions they proposed, polls they created, debates
    they moderated) stay, with the member's id removed from them. Other guilds are untouched.
    """
    result = Forgotten()

    async def run(table: str, stmt: Delete) -> None:
        outcome = await execute_dml(session, stmt)
        result.deleted[table] = result.deleted.get(table, 0) + outcome.rowcount

    await run(
        "stance_events",
        delete(StanceEvent).where(StanceEvent.guild_id == guild_id, StanceEvent.user_id == user_id),
    )
    await run("stances", delete(Stance).where(Stance.guild_id == guild_id, Stance.user_id == user_id))
    await run(
        "member_settings",
        delete(MemberSettings).where(MemberSettings.guild_id == guild_id, MemberSettings.user_id == user_id),
    )
    named_polls = _guild_polls(guild_id, anonymous=False)
    await run(
        "poll_votes",
        delete(PollVote).where(
            PollVote.poll_id.in_(named_polls),
            (PollVote.user_id == user_id) | (PollVote.voter_key == str(user_id)),
        ),
    )
    anonymous_polls = _guild_polls(guild_id, anonymous=True)
    for keys in _batches(await _anonymous_keys(session, guild_id, user_id, secret)):
        await run(
            "poll_votes",
            delete(PollVote).where(PollVote.poll_id.in_(anonymous_polls), PollVote.voter_key.in_(keys)),
        )
    debates = _guild_debates(guild_id)
    await run(
        "debate_votes",
        delete(DebateVote).where(DebateVote.debate_id.in_(debates), DebateVote.user_id == user_id),
    )
    await run(
        "debate_participants",
        delete(DebateParticipant).where(
            DebateParticipant.debate_id.in_(debates), DebateParticipant.user_id == user_id
        ),
    )
    await run(
        "debate_arguments",
        delete(DebateArgument).where(
            DebateArgument.debate_id.in_(debates), DebateArgument.user_id == user_id
        ),
    )

    # Unanswered "did you mean ...?" questions hold the member's command (a reason, say).
    await session.execute(
        delete(PendingChoice).where(PendingChoice.guild_id == guild_id, PendingChoice.user_id == user_id)
    )

    async def unlink(table: str, stmt: Update) -> None:
        outcome = await execute_dml(session, stmt.execution_options(synchronize_session=False))
        result.unlinked[table] = outcome.rowcount

    await unlink(
        "motions",
        update(Motion)
        .where(Motion.guild_id == guild_id, Motion.proposed_by == user_id)
        .values(proposed_by=None),
    )
    await unlink(
        "polls",
        update(Poll)
        .where(Poll.guild_id == guild_id, Poll.creator_id == user_id)
        .values(creator_id=FORGOTTEN_MEMBER),
    )
    await unlink(
        "debates",
        update(Debate)
        .where(Debate.guild_id == guild_id, Debate.moderator_id == user_id)
        .values(moderator_id=FORGOTTEN_MEMBER),
    )
    await session.flush()
    return result
