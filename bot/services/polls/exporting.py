"""A poll as a CSV file: who voted what for its creator and the moderators, counts for others."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Poll, PollVote
from bot.services.polls.reading import Tally, require_visible, tally
from bot.services.positions import private_members, pseudonym
from bot.services.spreadsheet import safe_cell as _cell
from bot.services.voter_keys import vote_secret


@dataclass(frozen=True)
class ExportedVote:
    option_index: int
    # None for members who keep their stances private: they appear only under ``pseudonym``.
    member_id: int | None
    pseudonym: str | None
    voted_at: datetime
    # Ranked polls: the place the voter gave the option (1 is first).
    rank: int | None = None


@dataclass(frozen=True)
class PollExport:
    """What one member may download of a poll: who voted what, or the counts only."""

    poll: Poll
    tally: Tally
    # False: counts per option only (an anonymous poll, or a viewer who may not see voters).
    per_voter: bool
    votes: tuple[ExportedVote, ...] = ()

    @property
    def named_members(self) -> set[int]:
        """The voters shown by name (their display names go in the ``voter`` column)."""
        return {v.member_id for v in self.votes if v.member_id is not None}

    @property
    def pseudonymous_voters(self) -> int:
        return len({v.pseudonym for v in self.votes if v.pseudonym is not None})


def may_see_voters(poll: Poll, *, viewer_id: int, moderator: bool) -> bool:
    """Who voted what is for the poll's creator and the moderators, and never for anonymous polls."""
    return not poll.anonymous and (viewer_id == poll.creator_id or moderator)


async def export(
    session: AsyncSession, poll: Poll, *, viewer_id: int, moderator: bool, hash_key: str | None
) -> PollExport:
    """The poll as ``viewer_id`` may download it. Members who keep their stances private appear
    under the pseudonym the positions export gives them, never by id or name."""
    require_visible(poll, viewer_id=viewer_id, moderator=moderator)
    counts = await tally(session, poll)
    if not may_see_voters(poll, viewer_id=viewer_id, moderator=moderator):
        return PollExport(poll=poll, tally=counts, per_voter=False)
    found = list(
        (
            await session.execute(
                select(PollVote)
                .where(PollVote.poll_id == poll.id, PollVote.user_id.is_not(None))
                .order_by(PollVote.option_index, PollVote.rank, PollVote.id)
            )
        ).scalars()
    )
    private = await private_members(session, poll.guild_id, [v.user_id for v in found if v.user_id])
    secret = await vote_secret(session, hash_key) if private else b""
    votes = []
    for vote in found:
        assert vote.user_id is not None
        hidden = vote.user_id in private
        votes.append(
            ExportedVote(
                option_index=vote.option_index,
                member_id=None if hidden else vote.user_id,
                pseudonym=pseudonym(secret, poll.guild_id, vote.user_id) if hidden else None,
                voted_at=vote.created_at,
                rank=vote.rank,
            )
        )
    return PollExport(poll=poll, tally=counts, per_voter=True, votes=tuple(votes))


def export_csv(data: PollExport, names: Mapping[int, str], shown_ids: Mapping[int, str] | None = None) -> str:
    """The export as CSV text; ``names`` maps the named voters' ids to display names, ``shown_ids``
    to their ids as their platform shows them (a Slack member's ``U…``; default: the id itself)."""
    poll = data.poll
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not data.per_voter:
        writer.writerow(["poll", "option_number", "option", "votes", "percent_of_voters"])
        for i, option in enumerate(poll.options):
            writer.writerow(
                [poll.id, i + 1, _cell(option), data.tally.counts[i], f"{data.tally.percent(i):.1f}"]
            )
        return buffer.getvalue()
    ranked = poll.ranked
    header = ["poll", "option_number", "option", "voter_id", "voter", "voted_at"]
    writer.writerow([*header[:3], "rank", *header[3:]] if ranked else header)
    for vote in data.votes:
        if vote.member_id is None:
            voter_id, voter = "", vote.pseudonym or ""
        else:
            shown = (shown_ids or {}).get(vote.member_id, str(vote.member_id))
            voter_id, voter = shown, names.get(vote.member_id, "")
        row: list[object] = [poll.id, vote.option_index + 1, _cell(poll.options[vote.option_index])]
        if ranked:
            row.append(vote.rank or "")
        writer.writerow([*row, voter_id, _cell(voter), vote.voted_at.isoformat()])
    return buffer.getvalue()
