"""/config: what a space's settings are, who moderates it, whether members add motions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotAllowed
from bot.services import content, guilds, identities


@dataclass(frozen=True)
class Settings:
    """A space's settings, as ``/config show`` shows them."""

    moderator_role_id: int | None
    moderators: list[int]
    # Their names as last seen (the identity registry), in the same order.
    moderator_names: list[str]
    members_add_motions: bool
    pack_title: str
    pack_slug: str


async def show(session: AsyncSession, space_id: int) -> Settings:
    config = await guilds.peek_config(session, space_id)
    pack = await content.active_pack(session, space_id)
    moderators = await guilds.listed_moderators(session, space_id)
    names = await identities.names(session, moderators)
    return Settings(
        moderator_role_id=config.moderator_role_id if config else None,
        moderators=moderators,
        moderator_names=[names.get(m, "a member") for m in moderators],
        members_add_motions=bool(config and config.members_add_motions),
        pack_title=pack.title,
        pack_slug=pack.slug,
    )


async def set_member_motions(session: AsyncSession, space_id: int, allow: bool, now: datetime) -> bool:
    config = await guilds.get_config(session, space_id, now)
    config.members_add_motions = allow
    return allow


async def set_moderator_role(
    session: AsyncSession, space_id: int, role_id: int | None, now: datetime
) -> None:
    config = await guilds.get_config(session, space_id, now)
    config.moderator_role_id = role_id


async def name_moderator(
    session: AsyncSession, space_id: int, member_id: int, *, by: int, by_may_choose: bool, now: datetime
) -> bool:
    """List a moderator. ``by_may_choose``: the member acting may choose moderators (a Slack
    workspace's owner or admin; moderators themselves may not, or they could hand it out)."""
    if not by_may_choose:
        raise NotAllowed("Only the workspace's owners and admins can choose moderators.")
    await guilds.get_config(session, space_id, now)
    return await guilds.name_moderator(session, space_id, member_id, by, now)


async def unname_moderator(
    session: AsyncSession, space_id: int, member_id: int, *, by_may_choose: bool
) -> bool:
    if not by_may_choose:
        raise NotAllowed("Only the workspace's owners and admins can choose moderators.")
    return await guilds.unname_moderator(session, space_id, member_id)
