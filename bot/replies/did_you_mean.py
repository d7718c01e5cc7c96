"""The "did you mean ...?" question both front ends ask when a typed name was unclear
(bot/services/resolve.py raises ``Ambiguous``; nothing was done yet)."""

from __future__ import annotations

from collections.abc import Callable

from bot.errors import Ambiguous
from bot.replies.model import Button, Control
from bot.text import clip

BUTTON_LABEL = 75


def question_text(error: Ambiguous, typed: Callable[[str], str] = lambda text: text) -> str:
    """``typed`` readies the member's text for our markup (Slack escapes it; Discord never did)."""
    said = typed(repr(clip(error.typed, 80)))
    if len(error.candidates) == 1:
        return (
            f"No {error.kind} is called {said}. Did you mean "
            f"**{typed(clip(error.candidates[0][1], 200))}**? "
            "Nothing was done yet: press the button to go ahead."
        )
    lines = "\n".join(f"• {typed(clip(label, 200))}" for _key, label in error.candidates)
    return (
        f"More than one {error.kind} could be {said}, so nothing was done. "
        f"Did you mean one of these?\n{lines}\nPress the one you meant."
    )


def pick_action(choice_id: int, token: str, index: int) -> str:
    return f"roundtable:pick:{choice_id}:{token}:{index}"


def pick_buttons(choice_id: int, token: str, candidates: list[tuple[str, str]]) -> list[Control]:
    return [
        Button(clip(label, BUTTON_LABEL), pick_action(choice_id, token, index), style="primary")
        for index, (_key, label) in enumerate(candidates)
    ]


def chosen_text(label: str, typed: Callable[[str], str] = lambda text: text) -> str:
    return f"You chose **{typed(clip(label, 200))}**."
