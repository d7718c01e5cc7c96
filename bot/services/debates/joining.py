"""Sides and the audience: who debates what (steelman debates pick the side), and the names
members had when they joined or voted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Conflict, UserError
from bot.models import (
    Debate,
    DebateParticipant,
    DebateVote,
    ParticipantSide,
    Side,
    Stance,
)
from bot.services.debate_scoring import SIDES, is_side
from bot.services.debates.rules import AUDIENCE, CLOSED, JOIN_CHOICES, NAME_LIMIT, PREVOTE, Joined
from bot.services.upsert import upsert


def _name(display_name: str | None) -> str | None:
    name = (display_name or "").strip()
    return name[:NAME_LIMIT] or None


async def names(session: AsyncSession, debate_id: int) -> dict[int, str]:
    """The display names members had when they last joined or voted in the debate, by id."""
    found: dict[int, str] = {}
    for model in (DebateVote, DebateParticipant):  # a side's name wins over a vote's (it is later)
        query = select(model.user_id, model.display_name).where(
            model.debate_id == debate_id, model.display_name.is_not(None)
        )
        rows = (await session.execute(query)).tuples()
        found.update({user_id: name for user_id, name in rows if name is not None})
    return found


async def participant(session: AsyncSession, debate_id: int, user_id: int) -> DebateParticipant | None:
    return await session.get(DebateParticipant, (debate_id, user_id))


async def sides(session: AsyncSession, debate_id: int) -> dict[ParticipantSide, list[int]]:
    """Member ids on each side and in the audience, in the order they joined (the speaking order)."""
    query = (
        select(DebateParticipant)
        .where(DebateParticipant.debate_id == debate_id)
        .order_by(DebateParticipant.joined_at, DebateParticipant.user_id)
    )
    found: dict[ParticipantSide, list[int]] = {"for": [], "against": [], AUDIENCE: []}
    for row in (await session.execute(query)).scalars():
        found[row.side].append(row.user_id)
    return found


def _balanced(current: dict[ParticipantSide, list[int]], preferred: Side, reason: str) -> Joined:
    """``preferred`` unless it already has more debaters than the other side: sides stay within one."""
    other: Side = "against" if preferred == "for" else "for"
    if len(current[preferred]) <= len(current[other]):
        return Joined(preferred, f"{reason}, so you argue {preferred.title()}: steelman that side.")
    return Joined(
        other,
        f"{reason}, so you would argue {preferred.title()}, but {preferred.title()} already has "
        f"{len(current[preferred])} and {other.title()} {len(current[other])}: "
        f"you argue {other.title()} to balance the sides.",
    )


async def _counter_side(session: AsyncSession, debate: Debate, user_id: int) -> Joined:
    """The side opposite the member's logged stance, unless that unbalances the sides; without a
    stance, the side with fewer debaters (For on a tie)."""
    current = await sides(session, debate.id)
    current = {side: [u for u in ids if u != user_id] for side, ids in current.items()}
    stance = await session.get(Stance, (debate.guild_id, user_id, debate.motion_id))
    if stance is not None and stance.value > 0:
        return _balanced(current, "against", "You agree with the motion")
    if stance is not None and stance.value < 0:
        return _balanced(current, "for", "You disagree with the motion")
    side: Side = "against" if len(current["against"]) < len(current["for"]) else "for"
    return Joined(side, f"You have no stance on this motion yet, so you balance the sides: {side.title()}.")


async def join(
    session: AsyncSession,
    debate: Debate,
    user_id: int,
    choice: str,
    now: datetime,
    display_name: str | None = None,
) -> Joined:
    """Put the member on a side or in the audience (the last choice counts).

    In a steelman (``counter``) debate the bot picks the side; a member who asked for a side by
    name is told when they got the other one, and why.
    """
    if choice not in JOIN_CHOICES:
        raise UserError("Join `for`, `against` or the `audience`.")
    if debate.phase == CLOSED:
        raise Conflict("This debate is over.")
    wants_to_debate = choice != AUDIENCE
    current = await participant(session, debate.id, user_id)
    if debate.assign == "counter" and wants_to_debate:
        if current is not None and current.side in SIDES:
            note = f"You already debate {current.side.title()}."
            if choice in SIDES and choice != current.side:
                note += " In a steelman debate the bot picks the sides, so you stay there."
            return Joined(current.side, note)
        joined = await _counter_side(session, debate, user_id)
        if choice in SIDES and choice != joined.side:
            joined = Joined(
                joined.side,
                f"You asked for {choice.title()}, but in a steelman debate the bot picks the side. "
                f"{joined.note}",
            )
    elif is_side(choice):
        joined = Joined(choice, None)
    elif choice == AUDIENCE:
        joined = Joined(AUDIENCE, None)
    else:
        raise UserError("In this debate you choose your side: join `for` or `against`.")
    name = _name(display_name)
    if current is not None and current.side == joined.side:
        if name is not None:
            current.display_name = name
        return joined
    if debate.phase != PREVOTE:
        if wants_to_debate:
            raise Conflict("The speeches have begun, so the sides are set. You can still join the audience.")
        if current is not None and current.side in SIDES:
            raise Conflict("The speeches have begun: debaters keep their side until the end.")
    await upsert(
        session,
        DebateParticipant,
        {
            "debate_id": debate.id,
            "user_id": user_id,
            "side": joined.side,
            "joined_at": now,
            "display_name": name,
        },
        keys=("debate_id", "user_id"),
        update=("side", "joined_at", "display_name"),
    )
    return joined
