"""The text's case for and against a motion, as embed field text (shared by /motion show and
/debate prompt)."""

from __future__ import annotations

from bot.services.motions import Ground
from bot.ui.limits import FIELD_VALUE, clip

NO_GROUNDS = "The text gives no grounds here."


def grounds_text(grounds: list[Ground]) -> str:
    """Each ground on a line with its ¶ and, where the text gives them, who argues it."""
    lines = []
    for ground in grounds:
        line = f"• {ground.text} ({', '.join(f'¶{n}' for n in ground.paragraphs)})"
        if ground.names:
            line += f" · {', '.join(ground.names)}"
        lines.append(line)
    return clip("\n".join(lines) or NO_GROUNDS, FIELD_VALUE)
