"""Oxford-style debates: the flow from pre-vote through timed speeches to the scored result.

Phases: ``prevote`` (members join a side or the audience and vote) -> ``speeches`` (one
speech per side per round, For first, each on a timer) -> ``postvote`` -> ``closed``.
Everything lives in the database; speech timers are jobs (``debate-warn``, ``debate-advance``)
whose dedupe keys name the debate and the speech, so pausing, extending or skipping replaces
or cancels exactly the current speech's timers, and a restart picks them up where they were.

One module per concern: ``rules`` (phases, limits, the schedule, the shapes returned),
``clock`` (the current speech's jobs), ``finding``, ``starting``, ``joining`` (sides and names),
``voting``, ``ledger`` (votes become stances), ``speeches`` (the floor, the clock controls,
arguments), ``timers`` (what the jobs do), ``closing`` (the score), ``status`` (and the
transcript) and ``prompts``. This package gathers their public names: ``debates.join``.
"""

from __future__ import annotations

from bot.services.debates.closing import (
    arguments,
    close,
)
from bot.services.debates.finding import (
    MESSAGE_KINDS,
    active_debate,
    find_active,
    get_debate,
    latest_in_channel,
    motion_of,
    set_message,
)
from bot.services.debates.joining import (
    join,
    names,
    participant,
    sides,
)
from bot.services.debates.prompts import (
    actor_names,
    prompt_motion,
)
from bot.services.debates.rules import (
    ADVANCE_KIND,
    ARGUMENT_LIMIT,
    ASSIGN_MODES,
    AUDIENCE,
    CLOSED,
    DEBATE,
    DEFAULT_ROUNDS,
    DEFAULT_SPEECH_SECONDS,
    JOIN_CHOICES,
    MAX_EXTEND_SECONDS,
    MAX_ROUNDS,
    MAX_SPEECH_SECONDS,
    MIN_SPEECH_SECONDS,
    NAME_LIMIT,
    POSTVOTE,
    PREVOTE,
    ROUND_NAME,
    SPEECHES,
    STANCE_OF_CHOICE,
    WARN_KIND,
    WARN_SECONDS,
    Closed,
    Joined,
    SkipsEverySpeech,
    Speech,
    SpeechState,
    Status,
    Transition,
    parse_rounds,
    speech_schedule,
    warn_before,
)
from bot.services.debates.speeches import (
    argue,
    debater_side,
    end_speeches,
    extend,
    next_speech,
    pause,
    resume,
    speech_state,
)
from bot.services.debates.starting import (
    start,
)
from bot.services.debates.status import (
    Transcript,
    status,
    transcript,
)
from bot.services.debates.timers import (
    on_advance,
    on_warn,
    timer_speech,
)
from bot.services.debates.voting import (
    vote,
    vote_phase,
    votes,
)

__all__ = [
    "ADVANCE_KIND",
    "ARGUMENT_LIMIT",
    "ASSIGN_MODES",
    "AUDIENCE",
    "CLOSED",
    "DEBATE",
    "DEFAULT_ROUNDS",
    "DEFAULT_SPEECH_SECONDS",
    "JOIN_CHOICES",
    "MAX_EXTEND_SECONDS",
    "MAX_ROUNDS",
    "MAX_SPEECH_SECONDS",
    "MESSAGE_KINDS",
    "MIN_SPEECH_SECONDS",
    "NAME_LIMIT",
    "POSTVOTE",
    "PREVOTE",
    "ROUND_NAME",
    "SPEECHES",
    "STANCE_OF_CHOICE",
    "WARN_KIND",
    "WARN_SECONDS",
    "Closed",
    "Joined",
    "SkipsEverySpeech",
    "Speech",
    "SpeechState",
    "Status",
    "Transcript",
    "Transition",
    "active_debate",
    "actor_names",
    "argue",
    "arguments",
    "close",
    "debater_side",
    "end_speeches",
    "extend",
    "find_active",
    "get_debate",
    "join",
    "latest_in_channel",
    "motion_of",
    "names",
    "next_speech",
    "on_advance",
    "on_warn",
    "parse_rounds",
    "participant",
    "pause",
    "prompt_motion",
    "resume",
    "set_message",
    "sides",
    "speech_schedule",
    "speech_state",
    "start",
    "status",
    "timer_speech",
    "transcript",
    "vote",
    "vote_phase",
    "votes",
    "warn_before",
]
