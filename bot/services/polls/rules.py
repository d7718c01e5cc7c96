"""What a poll may be: its question, options, stances (for motion-linked polls) and duration.

Every rule raises ``UserError`` with a sentence that names no command, so both front ends show
it as it is.
"""

from __future__ import annotations

import re
from typing import Final

from bot.errors import UserError
from bot.services.positions import STANCES

MIN_OPTIONS: Final = 2
MAX_OPTIONS: Final = 25  # 25 buttons in 5 rows of 5
OPTION_LIMIT: Final = 80  # a button label
QUESTION_LIMIT: Final = 256  # an embed title
MAX_MINUTES: Final = 30 * 24 * 60
CLOSE_JOB: Final = "poll-close"  # the timed close's job kind

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
