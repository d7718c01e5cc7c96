"""Direct quotations, verbatim, each with its paragraph and the nearest speaker.

The speaker is the nearest person named before the quotation in its paragraph; else a person
named after it in the same sentence ("…," said X); else, when the paragraph goes on with "he
continued" or the like, the last person named before it; else the body named in its sentence before
the verb of saying (an organisation before a state, a state before a capital), else the nearest
body named before it. A short quoted term with no verb of saying before it (“NATO for Asia”) is the
author's own usage, and goes to the author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.pack_draft.names import Candidate

MAX_QUOTE = 300
SPEECH = re.compile(
    r"\b(?:say|says|said|saying|told|tells|warn|warns|warned|warning|call|calls|called|calling|explain\w*"
    r"|condemn\w*|wrote|writes|added|adds|asked|declared|insisted|remember\w*|noted|argu\w*|stated|describ\w*"
    r"|dubbed|termed|continued|according|urged|claimed|replied|announced|promised|vowed|applauded)\b",
    re.IGNORECASE,
)
PRONOUN_GOES_ON = re.compile(
    r"\b(?:he|she|they)\s+(?:said|says|added|adds|continued|continues|argued|argues|explained|noted|wrote|warned|insisted)\b"
    r"|\b(?:said|added|continued|argued|wrote)\s+(?:he|she|they)\b",
    re.IGNORECASE,
)
SHORT_TERM = 4  # words


@dataclass(frozen=True)
class Quotation:
    text: str
    paragraph: int
    start: int
    speaker: Candidate | None  # None: the author's own term


def _spans(text: str) -> list[tuple[int, str]]:
    spans: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in re.finditer(r"“([^”]+)”|\"([^\"]+)\"", text):
        spans.append((match.start(1) if match.group(1) else match.start(2), match.group(1) or match.group(2)))
        taken.append(match.span())
    for match in re.finditer(r"(?<![\w])‘([^’]+?)’(?![\w])", text):
        if not any(a <= match.start() < b for a, b in taken):
            spans.append((match.start(1), match.group(1)))
    return sorted(spans)


def verbatim(quoted: str) -> str:
    """The quotation as it will be kept: trimmed of the punctuation the text puts before the
    closing mark, and cut at a word (never changed) when longer than the pack allows."""
    text = quoted.strip().rstrip(",;:").strip()
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]
    if len(text) > MAX_QUOTE:
        text = text[: MAX_QUOTE - 1].rsplit(" ", 1)[0]
    return text


def _mentions(text: str, actor: Candidate) -> list[int]:
    positions: list[int] = []
    for name in actor.names():
        words = re.findall(r"[A-Za-z0-9]+", name)
        if not words:
            continue
        pattern = r"(?<![A-Za-z0-9])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![A-Za-z0-9])"
        positions += [m.start() for m in re.finditer(pattern, text)]
    return positions


# Which kind of body most likely speaks, when no person does ("Analysts at the X Foundation in
# New Delhi say": the foundation, not the city).
_SPEAKING = {"organisation": 0, "forum": 1, "grouping": 1, "publication": 1, "state": 2, "capital": 3}


def _speaking_bodies(text: str, start: int, mentions: list[tuple[int, Candidate]]) -> list[Candidate]:
    """Bodies named in the quotation's sentence before its verb of saying, likeliest first."""
    sentence = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start)) + 1
    verbs = [m.start() for m in SPEECH.finditer(text, sentence, start)]
    until = verbs[-1] if verbs else start
    named = [(pos, a) for pos, a in mentions if sentence <= pos < until and a.kind != "person"]
    if not named:
        named = [(pos, a) for pos, a in mentions if pos < start and a.kind != "person"][-1:]
    named.sort(key=lambda m: (_SPEAKING.get(m[1].kind, 4), -m[0]))
    return [a for _, a in named]


def extract(paragraphs: list[str], actors: list[Candidate]) -> list[Quotation]:
    found: list[Quotation] = []
    last_person: Candidate | None = None
    for number, text in enumerate(paragraphs, start=1):
        spans = _spans(text)
        mentions = [
            (pos, actor)
            for actor in actors
            for pos in _mentions(text, actor)
            if not any(start <= pos < start + len(q) for start, q in spans)
        ]
        mentions.sort(key=lambda m: m[0])
        for start, quoted in spans:
            words = quoted.split()
            before = text[max(0, start - 90) : start]
            sentence_end = text.find(". ", start + len(quoted))
            sentence_end = len(text) if sentence_end < 0 else sentence_end
            speaker: Candidate | None
            if len(words) <= SHORT_TERM and not SPEECH.search(before):
                speaker = None
            else:
                people_before = [a for pos, a in mentions if pos < start and a.kind == "person"]
                people_after = [
                    a
                    for pos, a in mentions
                    if start + len(quoted) < pos < sentence_end and a.kind == "person"
                ]
                others_before = _speaking_bodies(text, start, mentions)
                if people_before:
                    speaker = people_before[-1]
                elif people_after:
                    speaker = people_after[0]
                elif PRONOUN_GOES_ON.search(text) and last_person is not None:
                    speaker = last_person
                elif others_before:
                    speaker = others_before[0]
                else:
                    speaker = None
            kept = verbatim(quoted)
            if kept:
                found.append(Quotation(kept, number, start, speaker))
        people = [a for _, a in mentions if a.kind == "person"]
        if people:
            last_person = people[-1]
    return found
