"""What a poll may be: its question, options, stances (for motion-linked polls) and duration.

Every rule raises ``UserError`` with a sentence that names no command, so both front ends show
it as it is.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Final, get_args

from bot.errors import UserError
from bot.models import Poll, ResultsMode
from bot.services.positions import STANCES

MIN_OPTIONS: Final = 2
MAX_OPTIONS: Final = 25  # 25 buttons in 5 rows of 5
# A poll whose message has a row of controls (Add option...) keeps the last row for them: 4 rows
# of 5 option buttons. A ranked poll shows no option buttons (one Rank button), so it keeps 25.
CONTROLLED_MAX_OPTIONS: Final = 20
# A ranking is entered in one form of selects, and a form holds 5 fields (Discord's modal limit):
# members rank up to their top 5; a poll of 5 or fewer options is ranked in full.
MAX_RANKS: Final = 5
OPTION_LIMIT: Final = 80  # a button label
QUESTION_LIMIT: Final = 256  # an embed title
MAX_MINUTES: Final = 7 * 24 * 60  # a poll runs at most a week (``duration:7d``)
MAX_OPENS_AHEAD: Final = timedelta(days=7)  # a scheduled start at most a week ahead
CLOSE_JOB: Final = "poll-close"  # the timed close's job kind
OPEN_JOB: Final = "poll-open"  # the scheduled start's job kind
REMIND_JOB: Final = "poll-remind"  # the reminder's job kind
RESULTS_MODES: Final[tuple[ResultsMode, ...]] = get_args(ResultsMode)

# The five stance labels, in the order a motion poll shows them.
STANCE_OPTIONS: Final = [STANCES[v].capitalize() for v in (2, 1, 0, -1, -2)]
# Words an option of a motion-linked poll may use, and the stance each one records.
STANCE_WORDS: Final[dict[str, int]] = {
    **{label: value for value, label in STANCES.items()},
    "yes": 1,
    "for": 1,
    "no": -1,
    "against": -1,
}


def close_job_key(poll_id: int) -> str:
    return f"{CLOSE_JOB}:{poll_id}"


def open_job_key(poll_id: int) -> str:
    return f"{OPEN_JOB}:{poll_id}"


def remind_job_key(poll_id: int) -> str:
    return f"{REMIND_JOB}:{poll_id}"


def parse_question(raw: str) -> str:
    question = " ".join(raw.split())
    if not question:
        raise UserError("Give the poll a question.")
    if len(question) > QUESTION_LIMIT:
        raise UserError(f"Keep the question under {QUESTION_LIMIT} characters (yours has {len(question)}).")
    return question


def parse_options(raw: str) -> list[str]:
    """``"A; B; C"`` -> ``["A", "B", "C"]``, checked against Discord's limits."""
    options = [" ".join(part.split()) for part in raw.split(";")]
    options = [option for option in options if option]
    if len(options) < MIN_OPTIONS:
        hint = (
            " Separate them with semicolons, like `Yes; No; Not sure`." if "," in raw or not options else ""
        )
        raise UserError(f"A poll needs at least {MIN_OPTIONS} options.{hint}")
    if len(options) > MAX_OPTIONS:
        raise UserError(f"A poll can have at most {MAX_OPTIONS} options (you gave {len(options)}).")
    seen: set[str] = set()
    for option in options:
        if len(option) > OPTION_LIMIT:
            raise UserError(
                f"Keep each option under {OPTION_LIMIT} characters (a button's limit): "
                f"{option[:40]!r}… has {len(option)}."
            )
        if option.casefold() in seen:
            raise UserError(f"The option {option!r} appears twice.")
        seen.add(option.casefold())
    return options


def stance_of(label: str) -> int | None:
    """The stance an option names (``"Strongly agree"`` -> 2, ``"No"`` -> -1), or None."""
    words = " ".join(re.sub(r"[^\w\s]", " ", label.casefold()).split())
    return STANCE_WORDS.get(words)


def stance_values(options: list[str]) -> list[int]:
    """Each option's stance; a clear error when one names none (motion-linked polls)."""
    values = []
    for option in options:
        value = stance_of(option)
        if value is None:
            raise UserError(
                f"The option {option!r} doesn't name a stance. When a poll is linked to a motion, "
                "each option must be one of: strongly agree, agree, undecided, disagree, "
                "strongly disagree (or yes/for, no/against). Leave options empty to get the five stances."
            )
        values.append(value)
    return values


def parse_minutes(minutes: int | None) -> int | None:
    if minutes is None:
        return None
    if not 1 <= minutes <= MAX_MINUTES:
        raise UserError(
            f"A poll can run from 1 minute to {MAX_MINUTES // 1440} days ({MAX_MINUTES} minutes)."
        )
    return minutes


_UNITS: Final = {
    "m": 1,
    "min": 1,
    "mins": 1,
    "minute": 1,
    "minutes": 1,
    "h": 60,
    "hr": 60,
    "hrs": 60,
    "hour": 60,
    "hours": 60,
    "d": 1440,
    "day": 1440,
    "days": 1440,
}
_PART: Final = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)?")


def duration_minutes(raw: str | int | None) -> int | None:
    """``"90m"``, ``"2h"``, ``"1d"``, ``"1h30m"``, ``"2 hours"`` or a bare number of minutes ->
    minutes; None when nothing was given. Raises UserError on anything else."""
    if raw is None:
        return None
    if isinstance(raw, int):
        return raw
    text = raw.strip().casefold().replace(" ", "")
    if not text:
        return None
    total = 0.0
    at = 0
    while at < len(text):
        match = _PART.match(text, at)
        if match is None or match.end() == at or (match[2] or "m") not in _UNITS:
            raise UserError(
                f"I couldn't read {raw.strip()[:40]!r} as a duration. Write minutes, hours or days, "
                "like `90m`, `2h` or `1d`."
            )
        total += float(match[1]) * _UNITS[match[2] or "m"]
        at = match.end()
    return round(total)


def parse_duration(duration: str | None, minutes: int | None) -> int | None:
    """The poll's running time in minutes, from ``duration`` or the older ``minutes`` (not both)."""
    if duration is not None and duration.strip() and minutes is not None:
        raise UserError("Give the poll's length once: `duration` (like `2h`) or `minutes`, not both.")
    return parse_minutes(duration_minutes(duration) if duration and duration.strip() else minutes)


def parse_results_mode(raw: str | None, *, hide_results: bool) -> ResultsMode:
    """``results``: live (the default), after_close or creator; ``hide_results`` is after_close."""
    text = (raw or "").strip().casefold().replace("-", "_").replace(" ", "_")
    if not text:
        return "after_close" if hide_results else "live"
    aliases: dict[str, ResultsMode] = {
        "after": "after_close",
        "closed": "after_close",
        "hidden": "after_close",
        "private": "creator",
        "creator_only": "creator",
    }
    mode = aliases.get(text, text)
    if mode not in RESULTS_MODES:
        raise UserError(
            f"Results can be shown `live`, `after_close` or to the `creator` only; {raw!r} is none of them."
        )
    if hide_results and mode == "live":
        raise UserError("`hide_results` and `results:live` say opposite things: give one of them.")
    return mode


def parse_remind(raw: str | None, *, minutes: int | None) -> int | None:
    """A reminder's lead before the close, in minutes; it needs a close to come before."""
    lead = duration_minutes(raw) if raw and raw.strip() else None
    if lead is None:
        return None
    if minutes is None:
        raise UserError("A reminder comes before the close: give the poll a `duration` too.")
    if not 1 <= lead < minutes:
        raise UserError(
            f"Remind between 1 minute and the poll's length ({minutes} minutes) before it closes."
        )
    return lead


_CLOCK: Final = re.compile(r"(?:(\d{4})-(\d{1,2})-(\d{1,2})[ t]?)?(\d{1,2}):(\d{2})(?:\s*utc|z)?")


def parse_opens(raw: str | None, *, now: datetime) -> datetime | None:
    """A scheduled start: a duration from now (``30m``, ``2h``, ``1d``), a UTC time today or
    tomorrow (``14:00``), or a UTC date and time (``2026-12-03 14:00``); None: open now."""
    text = (raw or "").strip().casefold()
    if not text:
        return None
    clock = _CLOCK.fullmatch(text)
    if clock is not None:
        year, month, day, hour, minute = clock.groups()
        try:
            if year is not None:
                at = datetime(int(year), int(month), int(day), int(hour), int(minute), tzinfo=UTC)
            else:
                at = now.astimezone(UTC).replace(hour=int(hour), minute=int(minute), second=0, microsecond=0)
                if at <= now:
                    at += timedelta(days=1)
        except ValueError:
            raise UserError(
                f"{raw!r} is not a time I can use: write it like `14:00` or `2026-12-03 14:00` (UTC)."
            ) from None
    else:
        try:
            ahead = duration_minutes(text)
        except UserError:
            raise UserError(
                f"I couldn't read {raw!r} as a start time. Write a time in UTC (`14:00`, `2026-12-03 14:00`) "
                "or how long from now (`30m`, `2h`, `1d`)."
            ) from None
        assert ahead is not None
        at = now + timedelta(minutes=ahead)
    if at <= now:
        raise UserError(f"{raw!r} has already passed: a scheduled start must be in the future.")
    if at - now > MAX_OPENS_AHEAD:
        raise UserError("A poll can be scheduled at most 7 days ahead.")
    return at


def parse_max_choices(max_choices: int | None, *, options: int) -> int | None:
    """``max_choices``: pick up to N (2 or more, and fewer than all the options to mean anything)."""
    if max_choices is None:
        return None
    if not 1 <= max_choices <= options:
        raise UserError(f"`max_choices` must be between 1 and the number of options ({options}).")
    return max_choices


def counts_public(poll: Poll) -> bool:
    """Whether everyone may see the counts now: live polls always, after_close ones once closed,
    creator-only ones never (their creator and the moderators see them privately)."""
    if poll.results_mode == "live":
        return True
    return poll.results_mode == "after_close" and poll.closed_at is not None


def may_see_counts(poll: Poll, *, viewer_id: int, moderator: bool) -> bool:
    """The poll's creator and the moderators see the counts in every mode; others when public."""
    return counts_public(poll) or viewer_id == poll.creator_id or moderator


def option_limit(*, ranked: bool, controls: bool) -> int:
    """How many options a poll's message can hold: 25 buttons in 5 rows; 20 when the last row
    holds controls (``controls``); a ranked poll shows one Rank button, so its options are listed
    and picked in selects (25 options each)."""
    if ranked or not controls:
        return MAX_OPTIONS
    return CONTROLLED_MAX_OPTIONS


def has_controls(poll: Poll) -> bool:
    """Whether the poll message carries a row of controls besides the options' buttons."""
    return poll.member_options


def max_options(poll: Poll) -> int:
    """The most options ``poll`` may reach (members adding options stop there)."""
    return option_limit(ranked=poll.ranked, controls=has_controls(poll))


def rank_slots(poll: Poll) -> int:
    """How many places a member fills in when ranking ``poll``: every option, up to MAX_RANKS."""
    return min(len(poll.options), MAX_RANKS)


def parse_new_option(raw: str, poll: Poll) -> str:
    """An option a member adds: one line, within a button's label, not already on the poll."""
    option = " ".join(raw.split())
    if not option:
        raise UserError("Write the option you want to add.")
    if len(option) > OPTION_LIMIT:
        raise UserError(
            f"Keep the option under {OPTION_LIMIT} characters (a button's limit): yours has {len(option)}."
        )
    if option.casefold() in {o.casefold() for o in poll.options}:
        raise UserError(f"Poll #{poll.id} already has the option {option!r}.")
    if len(poll.options) >= max_options(poll):
        raise UserError(f"Poll #{poll.id} has {len(poll.options)} options, the most its message can hold.")
    return option
