"""Members' motions: proposals, numbering, review, duplicates and guild isolation."""

from __future__ import annotations

import pytest

from bot.db import Database
from bot.errors import Conflict, NotFound, UserError
from bot.models import GuildConfig
from bot.services import content, motions
from tests.positions_support import T0, seed_motions

G, OTHER_GUILD = 10, 20


async def test_proposals_are_numbered_after_the_pack_and_wait_for_review(database: Database) -> None:
    await seed_motions(database, 3)
    async with database.unit_of_work() as s:
        first = await motions.propose_motion(
            s, guild_id=G, user_id=1, text="  The G7 should   invite the AP4 ", approve=False, now=T0
        )
        second = await motions.propose_motion(
            s, guild_id=G, user_id=2, text="Japan should join AUKUS pillar two", approve=True, now=T0
        )
        elsewhere = await motions.propose_motion(
            s, guild_id=OTHER_GUILD, user_id=3, text="ASEAN should mediate in the South China Sea",
            approve=True, now=T0,
        )  # fmt: skip
    assert (first.number, first.status, first.title, first.proposed_by) == (
        4,
        "pending",
        "The G7 should invite the AP4",
        1,
    )
    assert (second.number, second.status) == (5, "approved")
    assert elsewhere.number == 4  # numbering is per guild
    async with database.unit_of_work() as s:
        visible = [m.number for m in await motions.visible_motions(s, G)]
        assert visible == [1, 2, 3, 5]  # pending #4 is not visible; the other guild's is not either
        assert [m.number for m in await motions.pending_motions(s, G)] == [4]
        assert await motions.pending_motions(s, OTHER_GUILD) == []
        approved = await motions.review_motion(s, guild_id=G, raw="#4", approve=True)
        assert approved.status == "approved"
        assert (await motions.resolve_motion(s, G, "G7 invite")).number == 4
        with pytest.raises(NotFound):
            await motions.resolve_motion(s, OTHER_GUILD, "5")


async def test_rejected_proposals_stay_out_and_review_needs_a_pending_motion(database: Database) -> None:
    await seed_motions(database, 1)
    async with database.unit_of_work() as s:
        await motions.propose_motion(
            s, guild_id=G, user_id=1, text="NATO should open an office in Seoul", approve=False, now=T0
        )
        rejected = await motions.review_motion(s, guild_id=G, raw="office in seoul", approve=False)
        assert rejected.status == "rejected"
        with pytest.raises(NotFound, match="not waiting"):
            await motions.review_motion(s, guild_id=G, raw="2", approve=True)
        with pytest.raises(NotFound):
            await motions.review_motion(s, guild_id=OTHER_GUILD, raw="2", approve=True)
        # A rejected title may be proposed again; it takes the next number.
        again = await motions.propose_motion(
            s, guild_id=G, user_id=1, text="NATO should open an office in Seoul", approve=False, now=T0
        )
        assert again.number == 3


async def test_duplicates_and_bad_titles_are_refused(database: Database) -> None:
    await seed_motions(database, 1)
    async with database.unit_of_work() as s:
        with pytest.raises(Conflict, match="#1"):
            await motions.propose_motion(
                s, guild_id=G, user_id=1, text="motion number 1 about NATO", approve=True, now=T0
            )
        with pytest.raises(UserError, match="at least"):
            await motions.propose_motion(s, guild_id=G, user_id=1, text="NATO!", approve=True, now=T0)
        with pytest.raises(UserError, match="under 200"):
            await motions.propose_motion(s, guild_id=G, user_id=1, text="x" * 201, approve=True, now=T0)


async def test_two_members_proposing_at_once_never_share_a_number(database_factory) -> None:  # type: ignore[no-untyped-def]
    """Two processes (two engines) number a proposal at the same instant: the unique index lets one
    number through; the other member is asked to send theirs again, and nothing of it is kept."""
    import asyncio

    first, second = database_factory(), database_factory()
    await first.upgrade()
    try:
        await seed_motions(first, 3)

        async def propose(db: Database, user: int, text: str) -> str:
            try:
                async with db.unit_of_work() as s:
                    motion = await motions.propose_motion(
                        s, guild_id=G, user_id=user, text=text, approve=True, now=T0
                    )
                    await asyncio.sleep(0.05)  # both numbered before either commits
                    return f"#{motion.number}"
            except Conflict as exc:
                return str(exc)

        outcomes = await asyncio.gather(
            propose(first, 1, "The G7 should invite the AP4 every year"),
            propose(second, 2, "Japan should join AUKUS pillar two"),
        )
        async with first.unit_of_work() as s:
            numbers = [m.number for m in await motions.visible_motions(s, G) if m.number > 3]
        assert len(numbers) == len(set(numbers)), outcomes  # never the same number twice
        assert set(numbers) <= {4, 5}
        assert all(o.startswith("#") or "same moment" in o for o in outcomes), outcomes
    finally:
        await first.dispose()
        await second.dispose()


async def test_a_number_names_a_motion_of_the_pack_the_guild_reads(database: Database) -> None:
    first = await seed_motions(database, 2, slug="first")
    second = await seed_motions(database, 3, slug="second")
    async with database.unit_of_work() as s:
        # No choice: the first pack (by position, then id).
        assert (await motions.resolve_motion(s, G, "2")).id == first[1]
        with pytest.raises(NotFound, match="no motion #3"):
            await motions.resolve_motion(s, G, "#3")
        await content.set_active_pack(s, G, "second", T0)
    async with database.unit_of_work() as s:
        assert (await motions.resolve_motion(s, G, "#3")).id == second[2]
        assert (await motions.resolve_motion(s, OTHER_GUILD, "2")).id == first[1]  # its own choice
        # A choice naming a pack that is no longer loaded falls back to the first pack.
        config = await s.get(GuildConfig, G)
        assert config is not None
        config.active_pack = "gone"
    async with database.unit_of_work() as s:
        assert (await motions.resolve_motion(s, G, "2")).id == first[1]
        assert [m.id for m in await motions.visible_motions(s, G)] == first
