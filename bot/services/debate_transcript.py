"""A debate's transcript: every argument, by round and speaker, as a Markdown document.

Plain text for any front end to attach as a file; it names speakers by the display names they
had in the debate (never by id).
"""

from __future__ import annotations

from bot.services.debates import CLOSED, Transcript
from bot.text import plural

SIDE_NAMES = {"for": "For", "against": "Against"}
UNKNOWN_MEMBER = "a former member"


def markdown(transcript: Transcript) -> str:
    debate, motion = transcript.debate, transcript.motion
    state = (
        f"closed {debate.closed_at:%Y-%m-%d %H:%M} UTC"
        if debate.phase == CLOSED and debate.closed_at
        else "still under way"
    )
    lines = [
        f"# Debate {debate.id}: #{motion.number} {motion.title}",
        "",
        f"Started {debate.created_at:%Y-%m-%d %H:%M} UTC, {state}. "
        f"Rounds: {', '.join(debate.rounds)}. {plural(len(transcript.arguments), 'argument')} in all.",
    ]
    for round_name in debate.rounds:
        lines += ["", f"## {round_name.title()}"]
        in_round = [a for a in transcript.arguments if a.round_name == round_name]
        if not in_round:
            lines += ["", "No arguments recorded."]
        for argument in in_round:
            speaker = transcript.names.get(argument.user_id, UNKNOWN_MEMBER)
            lines += [
                "",
                f"### {SIDE_NAMES.get(argument.side, argument.side)}: {speaker} "
                f"({argument.created_at:%H:%M:%S} UTC)",
                "",
                argument.text,
            ]
    return "\n".join(lines) + "\n"
