"""/motions and /motion show|add|pending|approve|reject: the propositions members take stances on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Refused
from bot.models import Motion
from bot.pages import clamp, page_count, page_of
from bot.services import guilds, identities, motions, positions

PAGE_SIZE = 10


@dataclass(frozen=True)
class MotionsPage:
    motions: list[Motion]
    page: int
    pages: int
    total: int


async def list_page(session: AsyncSession, *, space_id: int, page: int, strict: bool = False) -> MotionsPage:
    """One page (0-based) of the motions the space can see. ``strict``: a page past the last is
    refused (a typed page), else the last is shown (a button made before the list shrank)."""
    found = await motions.visible_motions(session, space_id)
    pages = page_count(len(found), PAGE_SIZE)
    if strict and page >= pages:
        raise Refused("motions.no-such-page", pages=pages)
    page = clamp(page, pages)
    return MotionsPage(list(page_of(found, page, PAGE_SIZE)), page, pages, len(found))


@dataclass(frozen=True)
class Shown:
    motion: Motion
    sides: motions.Sides
    distribution: positions.Distribution
    names: dict[int, str] = field(default_factory=dict)


async def show(session: AsyncSession, *, space_id: int, motion: str) -> Shown:
    found = await motions.resolve_motion(session, space_id, motion)
    sides = await motions.motion_sides(session, found)
    current = await positions.current_stances(session, guild_id=space_id, motion_id=found.id)
    names = await identities.names(session, [found.proposed_by] if found.proposed_by is not None else [])
    return Shown(found, sides, positions.Distribution.of(current.values()), names)


@dataclass(frozen=True)
class Added:
    motion: Motion
    # Added at once (the space lets members, or a moderator added it), else waiting for review.
    direct: bool


async def add(
    session: AsyncSession,
    *,
    space_id: int,
    member_id: int,
    text: str,
    now: datetime,
    is_moderator: Callable[[AsyncSession], Awaitable[bool]],
) -> Added:
    """A member's motion: added at once when the space allows it or a moderator adds it, else
    proposed for a moderator to approve. ``is_moderator`` is asked only when it matters."""
    config = await guilds.peek_config(session, space_id)
    direct = bool(config and config.members_add_motions) or await is_moderator(session)
    added = await motions.propose_motion(
        session, guild_id=space_id, user_id=member_id, text=text, approve=direct, now=now
    )
    return Added(added, direct)


@dataclass(frozen=True)
class Pending:
    motions: list[Motion]
    names: dict[int, str] = field(default_factory=dict)


async def pending(session: AsyncSession, *, space_id: int) -> Pending:
    waiting = await motions.pending_motions(session, space_id)
    names = await identities.names(session, {m.proposed_by for m in waiting if m.proposed_by is not None})
    return Pending(waiting, names)


@dataclass(frozen=True)
class Reviewed:
    motion: Motion
    approved: bool
    names: dict[int, str] = field(default_factory=dict)


async def review(session: AsyncSession, *, space_id: int, motion: str, approve: bool) -> Reviewed:
    """Approve or reject a pending proposal (the front end checked the moderator first, in this
    unit of work)."""
    reviewed = await motions.review_motion(session, guild_id=space_id, raw=motion, approve=approve)
    proposer = [reviewed.proposed_by] if reviewed.proposed_by is not None else []
    return Reviewed(reviewed, approve, await identities.names(session, proposer))
