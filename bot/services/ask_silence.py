"""Questions the text is silent on although every word of them is the pack's (issue 17, round 4).

Each rule reads what kind of fact a question asks for and checks whether the pack states one:

- ``viewless``: "what does New Zealand think about the Tokyo office", "the US position on ...":
  the view of an actor the text gives no view of (no position, no quotation, no one it speaks
  through). The author's view is the whole column.
- ``untitled_holder``: "who is the current NATO secretary general", "who was the first ...":
  the person holding an office the pack knows only by its title, so the text never names them.
- ``unheld_title``: "how did South Korea's president respond", "the foreign minister of
  Australia": someone by an office of a state or body that no person in the pack holds.
- ``undone``: "who founded ASEAN", "when was NATO founded": who did something (or when) that the
  text never says was done to or by it (the verb, one the pack uses elsewhere, is in no passage
  about its object).
- ``no_such_body``: "which university does Evan Laksmana work at", "what newspaper does X write
  for": a kind of institution no passage about X names.
- ``not_yet``: "what was decided at the Vilnius summit", "did the Tokyo office end up opening":
  how something turned out that the text has still ahead ("next month", "proposed", "expected").
- ``unknown_number``: "what does Article 4 say", "what happened in 2015": a number the pack never
  uses (as digits or in words), or never after the word the question puts before it.

``bot.services.ask`` asks ``silent`` before it ranks.
"""

from __future__ import annotations

import re

from bot.packs import normalise
from bot.services import ask
from bot.services.ask_text import (
    ASPECT_STEMS,
    LEMMAS,
    STOPWORDS,
    TITLES,
    asked_office,
    asking,
    folded,
    stem,
    stems,
)
from bot.services.pack_index import PackIndex

_LEAD = r"^(?:(?:so|and|ok|okay|but|pls|hey)\s+)*"
_STANCE = (
    re.compile(
        _LEAD + r"(?:what|wat|how)\s+(?:does|do|did|is|are|was|were)\s+(?P<x>.+?)\s+"
        r"(?:think|thinks|feel|feels|view|see|react|respond|reacted|responded|make of)\b"
    ),
    re.compile(
        _LEAD + r"(?:what|wat)\w*\s+(?:is|s|are|was)?\s*(?P<x>.+?)\s+"
        r"(?:view|views|position|stance|opinion|take|attitude|reaction|response)\s+(?:on|of|about|to|towards?)\b"
    ),
)
_HOLDER = re.compile(
    _LEAD + r"(?:who|whos)\s*(?:is|was|s|r)?\s+(?:the\s+)?"
    r"(?:current|first|next|new|present|last|former)\s+(?P<x>.+)$"
)
_ROLE = (
    r"prime minister|foreign minister|defen[sc]e minister|president|premier|king|queen|emperor|chancellor|"
    r"ambassador"
)
_TITLED = (
    re.compile(r"(?P<y>[a-z]+(?: [a-z]+)?) (?P<role>" + _ROLE + r")\b"),
    re.compile(r"\b(?P<role>" + _ROLE + r") of (?P<y>[a-z]+(?: [a-z]+)?)"),
)
_QUESTION_WORDS = re.compile(r"^(?:(?:the|does|did|do|is|was|what|how|s|r|and|so|when|why)\s+)+")
_DONE_BY = re.compile(
    _LEAD + r"(?:who|whos)\s+(?:(?:s|has|have|had|been|will|would|did|does|do|could|should|can|might)\s+)*"
    r"(?P<verb>[a-z]+)\s+(?P<x>.+)$"
)
_NOT_DEEDS = frozenset(
    "the a an this that is are was were s r does do did has have had will would can could should else "
    "exactly really".split()
)
# "what year was NATO founded", "when was SEATO created": when a deed was done to X
_DONE_TO = re.compile(
    _LEAD + r"(?:when|what year|which year|in what year|in which year)\s+(?:was|were|is|are)\s+(?P<x>.+?)\s+"
    r"(?P<verb>[a-z]+ed)\W*$"
)
# Verbs that name no particular deed: "who is", "who made the call", "who became ..."
_GENERIC = frozenset(stems("do be become go happen make get take say think want".split()))


def silent(index: PackIndex, question: str) -> bool:
    """One of this module's rules finds that the text does not say what ``question`` asks."""
    return (
        viewless(index, question)
        or untitled_holder(index, question)
        or unheld_title(index, question)
        or undone(index, question)
        or unknown_number(index, question)
        or no_such_body(index, question)
        or not_yet(index, question)
    )


def viewless(index: PackIndex, question: str) -> bool:
    """A question for the view of actors the text gives no view of."""
    plain = folded(question)
    for pattern in _STANCE:
        match = pattern.match(plain)
        if match:
            named = list(ask.actors_named(index, match.group("x")))
            return bool(named) and not any(_has_views(index, slug) for slug in named)
    return False


def _has_views(index: PackIndex, slug: str) -> bool:
    actor = index.actors[slug]
    if actor.position or actor.quotes or normalise(actor.name) == normalise(index.author):
        return True
    # a state through its leader or minister ("Britain, through Defense Minister Ben Wallace")
    return any(
        other.kind == "person" and bool(other.position or other.quotes)
        for other in (index.actors.get(r.actor) for r in actor.related)
        if other is not None
    )


_NAME_WANTED = re.compile(
    r"\b(?:whats|what is|what s|wats|give me|tell me)\s+(?:their|his|her|its|the)\s+names?\b"
)


def untitled_holder(index: PackIndex, question: str) -> bool:
    """ "Who is the current NATO secretary general", "who is the spokesperson they quote, what's
    their name": a person the pack names only by a title."""
    plain = folded(question)
    match = _HOLDER.match(plain)
    if match:
        asked = match.group("x")
    elif _NAME_WANTED.search(plain):
        asked = plain
    else:
        return False
    people = [slug for slug in ask.actors_named(index, asked) if index.actors[slug].kind == "person"]
    return any(any(w in TITLES for w in normalise(index.actors[slug].name).split()) for slug in people)


def unheld_title(index: PackIndex, question: str) -> bool:
    """ "South Korea's president": an office of a state or body no person in the pack holds."""
    plain = folded(question)
    table = ask.passage_index(index)
    for pattern in _TITLED:
        for match in pattern.finditer(plain):
            of = _QUESTION_WORDS.sub("", match.group("y"))
            if not any(index.actors[slug].kind != "person" for slug in ask.actors_named(index, of)):
                continue
            if ask.no_office_holder(index, table, f"who is the {match.group('role')} of {of}"):
                return True
    return False


def undone(index: PackIndex, question: str) -> bool:
    """ "Who founded ASEAN", "what year was NATO founded": a deed the pack speaks of elsewhere is
    in no passage about what was done (nor anywhere, when the question names no actor)."""
    plain = folded(question)
    match = _DONE_BY.match(plain) or _DONE_TO.match(plain)
    if not match or match.group("verb") in _NOT_DEEDS or asked_office(question) is not None:
        return False  # "who leads NATO" asks for an office holder (``ask.no_office_holder``)
    table = ask.passage_index(index)
    verb = match.group("verb")
    deed = stem(table.speller.correct(LEMMAS.get(verb, verb)))
    if deed in _GENERIC or deed in ASPECT_STEMS or deed not in table.known:
        return False  # a verb the pack never uses may be a student's word for one it does ("bicker")
    named = list(ask.actors_named(index, match.group("x")))
    topics = index.derived("ask-topics", ask.passages_about)
    about = frozenset().union(*(topics.get(slug, frozenset()) for slug in named)) if named else None
    passages = range(len(table.passages)) if about is None else about
    return not any(deed in table.doc_terms[i] for i in passages)


_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty"
).split()
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_TYPED_NUMBER = re.compile(r"(?:\b(?P<word>[a-z]+) )?\b(?P<n>\d+)\b")


def unknown_number(index: PackIndex, question: str) -> bool:
    """A number typed in the question that the pack never says (after the same word, when one that
    names something comes before it: "article 4", not "article 5")."""
    numbers, pairs = index.derived("ask-numbers", _numbers)
    for match in _TYPED_NUMBER.finditer(folded(question)):
        word, number = match.group("word"), str(int(match.group("n")))
        if word and word not in STOPWORDS and not asking(word):
            if (stem(word), number) not in pairs and (word + match.group("n"), "") not in pairs:  # "ap 4"
                return True
        elif number not in numbers:
            return True
    return False


def _numbers(index: PackIndex) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The numbers the pack says (digits, or words up to ninety), and each with the stem of the
    word before it ("article 5", "may 9"); a name with a number in it ("ap4") pairs with ""."""
    texts = [p.text for p in ask.passage_index(index).passages]
    texts += [" ".join([a.name, *a.aliases]) for a in index.actors.values()]
    numbers: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for text in texts:
        tokens = re.findall(r"¶?[a-z0-9]+", folded(text).replace("-", " "))
        for k, token in enumerate(tokens):
            value = _value(token)
            if value is None:
                if re.search(r"\d", token):  # "ap4", "g7": a name with a number in it
                    numbers.update(re.findall(r"\d+", token))
                    pairs.add((token, ""))
                continue
            numbers.add(value)
            if k:
                pairs.add((stem(tokens[k - 1]), value))
    return frozenset(numbers), frozenset(pairs)


def _value(token: str) -> str | None:
    if token.isdigit():
        return str(int(token))
    if token in _NUMBER_WORDS:
        return str(_NUMBER_WORDS.index(token))
    return str(_TENS[token]) if token in _TENS else None


_BODY = re.compile(
    r"\b(?:which|what|wat)\s+(?P<noun>university|universities|newspaper|newspapers|magazine|journal|"
    r"publication|publisher|company|school|college|institute|outlet)\b(?P<rest>.*)$"
)


def no_such_body(index: PackIndex, question: str) -> bool:
    """ "Which university does X work at": no passage about X (or, naming no one, none at all)
    says a word for that kind of body."""
    match = _BODY.search(folded(question))
    if not match:
        return False
    table = ask.passage_index(index)
    kind = stem(match.group("noun"))
    named = list(ask.actors_named(index, match.group("rest")))
    topics = index.derived("ask-topics", ask.passages_about)
    about = frozenset().union(*(topics.get(slug, frozenset()) for slug in named)) if named else None
    passages = range(len(table.passages)) if about is None else about
    return not any(kind in table.doc_terms[i] for i in passages)


# "what was decided at X", "what happened at X", "how did X go", "did X end up ...", "did X ever
# open": how X turned out
_OUTCOME = re.compile(
    _LEAD + r"(?:(?:what|wat)\s+(?:was|were|got)\s+(?:decided|agreed|announced|said)\s+(?:at|in|during)\s+"
    r"(?P<a>.+)"
    r"|(?:what|wat)\s+happened\s+(?:at|in|during)\s+(?P<b>.+)"
    r"|how\s+did\s+(?P<c>.+?)\s+(?:go|turn out|end)\b.*"
    r"|(?:did|has|have)\s+(?P<d>.+?)\s+(?:end up|ever|actually|finally|already)\b.*"
    r"|(?:what|wat)\s+(?:was|is)\s+the\s+(?:outcome|result|results)\s+of\s+(?P<e>.+))$"
)
# How a profile says that something is still ahead of the text
_AHEAD = re.compile(r"\b(?:next (?:month|year|week)|proposed|planned|expected|considering|upcoming|will)\b")


def not_yet(index: PackIndex, question: str) -> bool:
    """How an event or a plan turned out, when the pack's profile of it has it still ahead."""
    match = _OUTCOME.match(folded(question))
    if not match:
        return False
    named = ask.actors_named(index, next(g for g in match.groups() if g))
    return any(
        index.actors[slug].kind in ("event", "organisation", "programme", "document")
        and _AHEAD.search(index.actors[slug].profile.lower()) is not None
        for slug in named
    )
