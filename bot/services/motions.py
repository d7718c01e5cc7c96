"""Motions a guild can take stances on: its pack's motions and the ones its members added."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from rapidfuzz import fuzz
from sqlalchemy import BigInteger, ColumnElement, bindparam, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Conflict, NotFound, RefusedNotFound, UserError
from bot.models import ActorRow, Motion
from bot.services import resolve
from bot.services.content import active_pack, active_pack_id

# Motion numbers are small (a pack's and its guilds' motions, counted from 1).
NUMBER_DIGITS = 6

PENDING: Final = "pending"
APPROVED: Final = "approved"
REJECTED: Final = "rejected"

Id = int | ColumnElement[int]


def of_guild(pack_id: Id, guild_id: Id) -> tuple[ColumnElement[bool], ...]:
    """A pack's motions as a guild has them: the pack's own and the guild's, never another guild's."""
    return (Motion.pack_id == pack_id, or_(Motion.guild_id.is_(None), Motion.guild_id == guild_id))


def visible(pack_id: Id, guild_id: Id) -> tuple[ColumnElement[bool], ...]:
    """Which motions a guild can see (list, take stances on, map): approved and not retired."""
    return (*of_guild(pack_id, guild_id), Motion.status == APPROVED, Motion.retired.is_(False))


# Built once (building a statement costs more than running it): the guild and number are bound.
_GUILD = bindparam("guild_id", type_=BigInteger)
_VISIBLE = select(Motion).where(*visible(active_pack_id(_GUILD), _GUILD))
_ALL_VISIBLE = _VISIBLE.order_by(Motion.number)
# A pack that later adds a motion may reuse a number a guild gave its own: the older one wins.
_BY_NUMBER = _VISIBLE.where(Motion.number == bindparam("number")).order_by(Motion.id).limit(1)


async def visible_motions(session: AsyncSession, guild_id: int) -> list[Motion]:
    """The motions of the guild's active pack plus the guild's own approved ones, by number."""
    return list((await session.execute(_ALL_VISIBLE, {"guild_id": guild_id})).scalars())


async def visible_in_pack(session: AsyncSession, guild_id: int, pack_id: int) -> list[Motion]:
    """The motions the guild can see in one pack (its active one or another), by number."""
    query = select(Motion).where(*visible(pack_id, guild_id)).order_by(Motion.number)
    return list((await session.execute(query)).scalars())


async def motion_by_number(session: AsyncSession, guild_id: int, number: int) -> Motion | None:
    """One visible motion by its number, in one query (the path of every /stance set by number)."""
    result = await session.execute(_BY_NUMBER, {"guild_id": guild_id, "number": number})
    return result.scalars().first()


async def resolve_motion(session: AsyncSession, guild_id: int, raw: str | int) -> Motion:
    """A motion named by number (``3`` or ``#3``) or by words from its title."""
    number = resolve.number(raw, digits=NUMBER_DIGITS)
    if number is not None:
        found = await motion_by_number(session, guild_id, number)
        if found is None:
            if await _pending_numbered(session, guild_id, number):
                raise NotFound(
                    f"Motion #{number} is waiting for a moderator's approval: "
                    "stances open once it is approved."
                )
            raise RefusedNotFound("motions.no-such-number", number=number)
        return found
    text = str(raw).strip()
    if not text:
        raise UserError("Name a motion by its number (like 3 or #3) or by words from its title.")
    return resolve.pick(
        text,
        await visible_motions(session, guild_id),
        title=lambda m: m.title,
        key=lambda m: str(m.number),
        label=lambda m: f"#{m.number} {m.title}",
        kind="motion",
        missing=RefusedNotFound("motions.no-match", typed=text[:80]),
    )


async def _pending_numbered(session: AsyncSession, guild_id: int, number: int) -> bool:
    return any(m.number == number for m in await pending_motions(session, guild_id))


async def motion_choices(session: AsyncSession, guild_id: int, typed: str, limit: int = 25) -> list[Motion]:
    """Best motions for what a member has typed so far (for autocomplete)."""
    return _matching(await visible_motions(session, guild_id), typed, limit)


def pending_choices(pending: list[Motion], typed: str, limit: int = 25) -> list[Motion]:
    """The pending proposals that best match what a moderator has typed (for autocomplete)."""
    return _matching(pending, typed, limit)


def _matching(found: list[Motion], typed: str, limit: int) -> list[Motion]:
    return resolve.matching(typed, found, number=lambda m: m.number, title=lambda m: m.title, limit=limit)


async def next_number(session: AsyncSession, pack_id: int, guild_id: int) -> int:
    query = select(Motion.number).where(*of_guild(pack_id, guild_id))
    numbers = list((await session.execute(query)).scalars())
    return max(numbers, default=0) + 1


async def get_motion(session: AsyncSession, guild_id: int, motion_id: int) -> Motion:
    """A motion by database id, only if this guild may see it (guild isolation)."""
    motion = await session.get(Motion, motion_id)
    if motion is None or (motion.guild_id is not None and motion.guild_id != guild_id):
        raise NotFound("That motion no longer exists.")
    return motion


# --------------------------------------------------------------------------- proposals

TITLE_MIN = 10
TITLE_MAX = 200
PROPOSED_CONTEXT = "Proposed by a member."
# Two titles this similar (rapidfuzz ratio, 0-100) are the same motion.
DUPLICATE_SCORE = 92


def clean_title(text: str) -> str:
    title = " ".join(text.split())
    if len(title) < TITLE_MIN:
        raise UserError(f"Write the motion as a full proposition (at least {TITLE_MIN} characters).")
    if len(title) > TITLE_MAX:
        raise UserError(f"Keep a motion under {TITLE_MAX} characters (yours has {len(title)}).")
    return title


async def _guild_and_pack_motions(session: AsyncSession, pack_id: int, guild_id: int) -> list[Motion]:
    query = select(Motion).where(
        *of_guild(pack_id, guild_id), Motion.status != REJECTED, Motion.retired.is_(False)
    )
    return list((await session.execute(query)).scalars())


async def propose_motion(
    session: AsyncSession, *, guild_id: int, user_id: int, text: str, approve: bool, now: datetime
) -> Motion:
    """A member's motion for the guild's active pack: approved at once when ``approve``, else pending."""
    title = clean_title(text)
    pack = await active_pack(session, guild_id)
    for existing in await _guild_and_pack_motions(session, pack.id, guild_id):
        if fuzz.ratio(existing.title.lower(), title.lower()) >= DUPLICATE_SCORE:
            state = "" if existing.status == APPROVED else f" ({existing.status})"
            raise Conflict(f"That is already motion #{existing.number}{state}: {existing.title}")
    motion = Motion(
        pack_id=pack.id,
        guild_id=guild_id,
        number=await next_number(session, pack.id, guild_id),
        title=title,
        context=PROPOSED_CONTEXT,
        paragraphs=[],
        sides_for=[],
        sides_against=[],
        status=APPROVED if approve else PENDING,
        retired=False,
        proposed_by=user_id,
        created_at=now,
    )
    session.add(motion)
    try:
        await session.flush()
    except IntegrityError:
        # Another member's proposal took this number at the same instant (unique index).
        raise Conflict("Someone proposed a motion at the same moment; please send yours again.") from None
    return motion


async def pending_motions(session: AsyncSession, guild_id: int) -> list[Motion]:
    """The guild's proposals waiting for a moderator, oldest first."""
    pack = await active_pack(session, guild_id)
    query = (
        select(Motion)
        .where(Motion.pack_id == pack.id, Motion.guild_id == guild_id, Motion.status == PENDING)
        .order_by(Motion.number)
    )
    return list((await session.execute(query)).scalars())


async def review_motion(session: AsyncSession, *, guild_id: int, raw: str | int, approve: bool) -> Motion:
    """Approve or reject a pending proposal named by number (``3``/``#3``) or words."""
    pending = await pending_motions(session, guild_id)
    number = resolve.number(raw, digits=NUMBER_DIGITS)
    if number is not None:
        motion = next((m for m in pending if m.number == number), None)
        if motion is None:
            raise RefusedNotFound("motions.not-pending", number=number)
    else:
        motion = resolve.pick(
            str(raw).strip(),
            pending,
            title=lambda m: m.title,
            key=lambda m: str(m.number),
            label=lambda m: f"#{m.number} {m.title}",
            kind="motion",
            missing=RefusedNotFound("motions.no-pending-match"),
        )
    motion.status = APPROVED if approve else REJECTED
    await session.flush()
    return motion


# --------------------------------------------------------------------------- display


@dataclass(frozen=True)
class Ground:
    """One argument the text gives a side: our words, its paragraphs, who the text puts behind it."""

    text: str
    paragraphs: list[int]
    names: list[str]


@dataclass(frozen=True)
class Sides:
    for_names: list[str]
    against_names: list[str]
    grounds_for: list[Ground] = field(default_factory=list)
    grounds_against: list[Ground] = field(default_factory=list)


def _grounds(raw: list[Any], names: dict[str, str]) -> list[Ground]:
    return [
        Ground(
            text=str(g.get("text", "")),
            paragraphs=[int(n) for n in g.get("paragraphs", [])],
            names=[names.get(slug, slug) for slug in g.get("actors", [])],
        )
        for g in raw
        if isinstance(g, dict) and g.get("text")
    ]


async def motion_sides(session: AsyncSession, motion: Motion) -> Sides:
    """The actors the text places for and against the motion, by name, and each side's grounds."""
    slugs = [
        *motion.sides_for,
        *motion.sides_against,
        *(slug for g in [*motion.grounds_for, *motion.grounds_against] for slug in g.get("actors", [])),
    ]
    names: dict[str, str] = {}
    if slugs:
        query = select(ActorRow.slug, ActorRow.name).where(
            ActorRow.pack_id == motion.pack_id, ActorRow.slug.in_(set(slugs))
        )
        names = {slug: name for slug, name in (await session.execute(query)).all()}
    return Sides(
        [names.get(slug, slug) for slug in motion.sides_for],
        [names.get(slug, slug) for slug in motion.sides_against],
        _grounds(motion.grounds_for, names),
        _grounds(motion.grounds_against, names),
    )
