"""/stance set, history, summary, privacy and forget, and /privacy: the member's side of the ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotAllowed, Refused
from bot.models import Motion
from bot.pages import clamp, page_count
from bot.services import identities, motions, positions, privacy, resolve
from bot.services.voter_keys import vote_secret

# A member's history, this many stances a page (newest first).
HISTORY_PAGE = 10
# A forget confirmation is honoured this long after it was shown.
CONFIRM_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Recorded:
    """A stance taken: on which motion, what it was before, whether the member keeps them private."""

    motion: Motion
    value: int
    previous: int | None
    private: bool
    reason: str | None


async def set_stance(
    session: AsyncSession,
    *,
    space_id: int,
    member_id: int,
    motion: str,
    stance: str,
    reason: str | None,
    now: datetime,
) -> Recorded:
    """Record the member's stance on the motion they named (every change is kept)."""
    value = positions.parse_stance(stance)
    number = resolve.number(motion, digits=motions.NUMBER_DIGITS)
    # By number (the usual way, and autocomplete's): the motion, the previous stance and privacy
    # in one query. Otherwise, or when that finds none, resolve_motion words what went wrong.
    found_with = (
        await positions.motion_stance_and_privacy(
            session, guild_id=space_id, user_id=member_id, number=number
        )
        if number is not None
        else None
    )
    if found_with is not None:
        found, previous, private = found_with
    else:
        found = await motions.resolve_motion(session, space_id, motion)
        previous, private = await positions.stance_and_privacy(
            session, guild_id=space_id, user_id=member_id, motion_id=found.id
        )
    await positions.record_stance(
        session,
        guild_id=space_id,
        user_id=member_id,
        motion_id=found.id,
        value=value,
        source=positions.SELF,
        now=now,
        reason=reason,
    )
    return Recorded(found, value, previous, private, reason)


@dataclass(frozen=True)
class History:
    """One page of a member's history as the viewer may see it."""

    member_id: int
    motion: Motion | None
    entries: list[positions.HistoryEntry]
    private: bool
    page: int
    pages: int
    names: dict[int, str] = field(default_factory=dict)

    @property
    def shown(self) -> list[positions.HistoryEntry]:
        newest_first = self.entries[::-1]
        return newest_first[self.page * HISTORY_PAGE : (self.page + 1) * HISTORY_PAGE]


async def history(
    session: AsyncSession,
    *,
    space_id: int,
    viewer_id: int,
    member_id: int,
    motion: str | None = None,
    motion_id: int | None = None,
    page: int = 0,
) -> History:
    """A page of ``member_id``'s history (``motion`` typed, or ``motion_id`` from a button);
    refused when the member keeps their stances private and the viewer is someone else."""
    if motion:
        motion_id = (await motions.resolve_motion(session, space_id, motion)).id
    await positions.require_visible(session, guild_id=space_id, viewer_id=viewer_id, member_id=member_id)
    found: Motion | None = None
    if motion_id is not None:
        found = await motions.get_motion(session, space_id, motion_id)
    entries = await positions.history(session, guild_id=space_id, user_id=member_id, motion_id=motion_id)
    private = await positions.is_private(session, guild_id=space_id, user_id=member_id)
    pages = page_count(len(entries), HISTORY_PAGE)
    page = clamp(page, pages)
    names = await identities.names(session, [member_id])
    return History(member_id, found, entries, private, page, pages, names)


@dataclass(frozen=True)
class Summarised:
    motion: Motion
    result: positions.Summary
    # Members who keep their stances private: counted, never named.
    private: set[int]
    names: dict[int, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.result.current.total == 0 and self.result.shift is None


async def summary(
    session: AsyncSession, *, space_id: int, motion: str, since: str | None, now: datetime
) -> Summarised:
    """Where the group stands on the motion and how it moved since ``since`` (a day, a debate)."""
    since_at = positions.parse_since(since) if since else None
    found = await motions.resolve_motion(session, space_id, motion)
    result = await positions.summary(session, guild_id=space_id, motion_id=found.id, now=now, since=since_at)
    private = await positions.private_members(session, space_id)
    public = [member for member, _value in result.holders if member not in private]
    names = await identities.names(session, public)
    return Summarised(found, result, private, names)


async def set_privacy(
    session: AsyncSession, *, space_id: int, member_id: int, private: bool, now: datetime
) -> bool:
    await positions.set_private(session, guild_id=space_id, user_id=member_id, private=private, now=now)
    return private


async def stored(
    session: AsyncSession, *, space_id: int, member_id: int, hash_key: str | None
) -> privacy.Stored:
    """What Roundtable holds about the member in this space (/privacy, and before /stance forget)."""
    return await privacy.stored_about_member(session, guild_id=space_id, user_id=member_id, hash_key=hash_key)


def has_anything(found: privacy.Stored) -> bool:
    """Whether there is anything to forget (a row of theirs, or a group record naming them)."""
    return bool(found.total or found.motions_proposed or found.polls_created or found.debates_moderated)


def check_asker(member_id: int, asker_id: int) -> None:
    """Only the member who asked to be forgotten may confirm (or cancel) it."""
    if member_id != asker_id:
        raise NotAllowed("Only the member who asked to be forgotten can confirm it.")


async def forget(
    session: AsyncSession,
    *,
    space_id: int,
    member_id: int,
    asker_id: int,
    issued: int,
    now: datetime,
    hash_key: str | None,
) -> privacy.Forgotten:
    """Delete everything of the member who asked (``asker_id``, named in the confirmation), if the
    confirmation pressed is theirs and still fresh."""
    check_asker(member_id, asker_id)
    if now.timestamp() - issued > CONFIRM_WINDOW.total_seconds():
        raise Refused("stances.forget-expired")
    secret = await vote_secret(session, hash_key)
    return await privacy.forget_member(session, guild_id=space_id, user_id=member_id, secret=secret)


@dataclass(frozen=True)
class Exported:
    rows: list[positions.ExportRow]
    # Public members' names as the registry holds them (Slack; Discord fetches display names).
    names: dict[int, str]

    @property
    def members(self) -> int:
        return len({row.member_id or row.pseudonym for row in self.rows})

    @property
    def private_members(self) -> int:
        return len({row.pseudonym for row in self.rows if row.pseudonym})


async def export_positions(session: AsyncSession, *, space_id: int, hash_key: str | None) -> Exported:
    """Every stance ever taken in the space, private members under stable pseudonyms (moderators:
    the front end checks that within the same unit of work)."""
    secret = await vote_secret(session, hash_key)
    rows = await positions.export_rows(session, guild_id=space_id, secret=secret)
    names = await identities.names(session, {r.member_id for r in rows if r.member_id is not None})
    return Exported(rows, names)
