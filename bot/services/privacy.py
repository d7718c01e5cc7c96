"""What Roundtable stores about a member in a guild, and forgetting all of it on request.

Anonymous poll votes hold no member id, only a keyed hash of (poll, member): with the key
the bot can recompute each hash and find the member's votes, which is how they are
counted and deleted here. Nobody reading the table alone can link them to anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import (
    Debate,
    DebateArgument,
    DebateParticipant,
    DebateVote,
    Identity,
    MemberSettings,
    Moderator,
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


@dataclass(frozen=True)
class _Member:
    guild_id: int
    user_id: int
    # Their voter key in each anonymous poll of the guild (recomputed with the secret).
    anonymous_keys: list[str]


Where = tuple[ColumnElement[bool], ...]


@dataclass(frozen=True)
class _Own:
    """Rows that are the member's own: ``stored_about`` counts them (as ``Stored.<counted>``) and
    ``forget_member`` deletes them (reported under ``table``). ``where`` gives one condition set a
    query (anonymous votes: one a batch of keys)."""

    table: str
    counted: str | None  # None: deleted but not shown (an unanswered "did you mean ...?")
    model: Any
    where: Callable[[_Member], list[Where]]


def _in_guild(model: Any) -> Callable[[_Member], list[Where]]:
    """Rows of ``model`` (with guild_id and user_id) about the member."""
    return lambda m: [(model.guild_id == m.guild_id, model.user_id == m.user_id)]


def _in_debates(model: Any) -> Callable[[_Member], list[Where]]:
    """Rows of ``model`` (with debate_id and user_id) about the member, in the guild's debates."""
    return lambda m: [(model.debate_id.in_(_guild_debates(m.guild_id)), model.user_id == m.user_id)]


def _named_votes(m: _Member) -> list[Where]:
    # A named poll's vote carries the member twice: user_id, and voter_key (the id as text) by
    # which the vote path finds it. Either names the member.
    mine = or_(PollVote.user_id == m.user_id, PollVote.voter_key == str(m.user_id))
    return [(PollVote.poll_id.in_(_guild_polls(m.guild_id, anonymous=False)), mine)]


def _anonymous_votes(m: _Member) -> list[Where]:
    polls = _guild_polls(m.guild_id, anonymous=True)
    return [
        (PollVote.poll_id.in_(polls), PollVote.voter_key.in_(keys)) for keys in _batches(m.anonymous_keys)
    ]


# Every table holding a member's own rows, in the order forgetting reports them.
OWN_ROWS: tuple[_Own, ...] = (
    _Own("stance_events", "stance_history", StanceEvent, _in_guild(StanceEvent)),
    _Own("stances", "current_stances", Stance, _in_guild(Stance)),
    _Own("member_settings", "has_settings", MemberSettings, _in_guild(MemberSettings)),
    _Own("poll_votes", "poll_votes", PollVote, _named_votes),
    _Own("poll_votes", "anonymous_poll_votes", PollVote, _anonymous_votes),
    _Own("debate_votes", "debate_votes", DebateVote, _in_debates(DebateVote)),
    _Own("debate_participants", "debate_participations", DebateParticipant, _in_debates(DebateParticipant)),
    _Own("debate_arguments", "debate_arguments", DebateArgument, _in_debates(DebateArgument)),
    # Unanswered "did you mean ...?" questions hold the member's command (a reason, say).
    _Own("pending_choices", None, PendingChoice, _in_guild(PendingChoice)),
    # Being named a moderator (Slack's /config moderator add): forgetting ends it.
    _Own("moderators", None, Moderator, _in_guild(Moderator)),
)

# A member id no Discord account has (snowflakes are positive): marks a group record whose
# creator asked to be forgotten.
FORGOTTEN_MEMBER = 0


@dataclass(frozen=True)
class _Named:
    """A group record that names the member in ``column``: counted, and kept with ``column`` set
    to ``forgotten`` when the member is forgotten."""

    table: str
    counted: str
    model: Any
    column: str
    forgotten: int | None


GROUP_RECORDS: tuple[_Named, ...] = (
    _Named("motions", "motions_proposed", Motion, "proposed_by", None),
    _Named("polls", "polls_created", Poll, "creator_id", FORGOTTEN_MEMBER),
    _Named("debates", "debates_moderated", Debate, "moderator_id", FORGOTTEN_MEMBER),
)


def _naming(record: _Named, m: _Member) -> Where:
    return (record.model.guild_id == m.guild_id, getattr(record.model, record.column) == m.user_id)


async def _member(session: AsyncSession, guild_id: int, user_id: int, secret: bytes) -> _Member:
    return _Member(guild_id, user_id, await _anonymous_keys(session, guild_id, user_id, secret))


async def _count(session: AsyncSession, model: Any, where: Where) -> int:
    return int((await session.execute(select(func.count()).select_from(model).where(*where))).scalar_one())


async def stored_about(session: AsyncSession, *, guild_id: int, user_id: int, secret: bytes) -> Stored:
    """What this guild's data holds about the member (what /privacy shows)."""
    member = await _member(session, guild_id, user_id, secret)
    stored = Stored()
    for rows in OWN_ROWS:
        if rows.counted is None:
            continue
        count = sum([await _count(session, rows.model, where) for where in rows.where(member)])
        held = getattr(stored, rows.counted)
        setattr(stored, rows.counted, count > 0 if isinstance(held, bool) else held + count)
    for record in GROUP_RECORDS:
        setattr(stored, record.counted, await _count(session, record.model, _naming(record, member)))
    settings = await session.get(MemberSettings, (guild_id, user_id))
    stored.private = bool(settings is not None and settings.private)
    return stored


async def stored_about_member(
    session: AsyncSession, *, guild_id: int, user_id: int, hash_key: str | None
) -> Stored:
    """``stored_about`` with the installation's vote secret (configured, or the stored one)."""
    secret = await vote_secret(session, hash_key)
    return await stored_about(session, guild_id=guild_id, user_id=user_id, secret=secret)


async def forget_member(session: AsyncSession, *, guild_id: int, user_id: int, secret: bytes) -> Forgotten:
    """Delete every stance, vote (named and anonymous), setting and debate contribution of the
    member in this guild: the rows ``stored_about`` counts (``OWN_ROWS``).

    Records that belong to the whole group (motions they proposed, polls they created, debates
    they moderated) stay, with the member's id removed from them. Other guilds are untouched.
    """
    member = await _member(session, guild_id, user_id, secret)
    result = Forgotten()
    for rows in OWN_ROWS:
        for where in rows.where(member):
            outcome = await execute_dml(session, delete(rows.model).where(*where))
            if rows.counted is not None:
                deleted = int(outcome.rowcount)
                result.deleted[rows.table] = result.deleted.get(rows.table, 0) + deleted
    for record in GROUP_RECORDS:
        unlink = (
            update(record.model).where(*_naming(record, member)).values({record.column: record.forgotten})
        )
        unlinked = await execute_dml(session, unlink.execution_options(synchronize_session=False))
        result.unlinked[record.table] = int(unlinked.rowcount)
    if user_id < 0:
        # Another platform's member: the display name the registry keeps for showing them goes too
        # (it is fetched again if they act again). A Discord id needs no stored name.
        await session.execute(
            update(Identity)
            .where(Identity.id == user_id, Identity.name.is_not(None))
            .values(name=None)
            .execution_options(synchronize_session=False)
        )
    await session.flush()
    return result
