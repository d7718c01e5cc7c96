"""Polls: single or multiple choice, anonymous or not, timed or not, linked to a motion or not.

One module per concern: ``rules`` (what a poll may be), ``reading`` (counts, state, finding
one), ``creating``, ``voting`` (with the anonymity rules), ``closing`` and ``exporting``. This
package gathers their public names, so callers say ``polls.cast_vote``. ``schedule`` (the
start's, reminder's and close's jobs) and ``managing`` (the creator's controls, closed polls)
are imported by name.
"""

from __future__ import annotations

from bot.services.polls.ballots import RankingResult, add_option, cast_ranking, my_ranking, parse_ranking
from bot.services.polls.closing import close_by_member, close_poll
from bot.services.polls.creating import create_poll, discard_orphans, discard_unposted, set_message
from bot.services.polls.exporting import ExportedVote, PollExport, export, export_csv, may_see_voters
from bot.services.polls.ranked import Round, Runoff, instant_runoff
from bot.services.polls.reading import (
    OpenPoll,
    PollState,
    Tally,
    get_poll,
    is_closed,
    lock_poll,
    open_polls,
    poll_choices,
    require_visible,
    resolve_poll,
    results_visible,
    state,
    states,
    tally,
)
from bot.services.polls.rules import (
    CLOSE_JOB,
    MAX_MINUTES,
    MAX_OPTIONS,
    MAX_RANKS,
    MIN_OPTIONS,
    OPTION_LIMIT,
    QUESTION_LIMIT,
    STANCE_OPTIONS,
    STANCE_WORDS,
    close_job_key,
    counts_public,
    max_options,
    may_see_counts,
    parse_minutes,
    parse_options,
    parse_question,
    rank_slots,
    stance_of,
    stance_values,
)
from bot.services.polls.voting import VoteAction, VoteResult, cast_vote

__all__ = [
    "CLOSE_JOB",
    "MAX_MINUTES",
    "MAX_OPTIONS",
    "MAX_RANKS",
    "MIN_OPTIONS",
    "OPTION_LIMIT",
    "QUESTION_LIMIT",
    "STANCE_OPTIONS",
    "STANCE_WORDS",
    "ExportedVote",
    "OpenPoll",
    "PollExport",
    "PollState",
    "RankingResult",
    "Round",
    "Runoff",
    "Tally",
    "VoteAction",
    "VoteResult",
    "add_option",
    "cast_ranking",
    "cast_vote",
    "close_by_member",
    "close_job_key",
    "close_poll",
    "counts_public",
    "create_poll",
    "discard_orphans",
    "discard_unposted",
    "export",
    "export_csv",
    "get_poll",
    "instant_runoff",
    "is_closed",
    "lock_poll",
    "max_options",
    "may_see_counts",
    "may_see_voters",
    "my_ranking",
    "open_polls",
    "parse_minutes",
    "parse_options",
    "parse_question",
    "parse_ranking",
    "poll_choices",
    "rank_slots",
    "require_visible",
    "resolve_poll",
    "results_visible",
    "set_message",
    "stance_of",
    "stance_values",
    "state",
    "states",
    "tally",
]
