"""The rules by which /ask says the text is silent on a question before ranking it (the coverage
rule, after ranking, is ``bot.services.ask._covers``).

From issue 17's first rounds: a state, capital or people the pack never names ("is the
Philippines in ASEAN"); what someone the pack never names said ("what did Putin say"), or an
actor it never quotes (nor anyone it speaks through); the holder of an office no person in the
pack holds ("who leads Australia"); a thing whose naming word the pack never uses ("what is
AUKUS"); "what is the X of Y" when the pack never says X or Y; the members of a group no passage
lists; the capital of a state none is tied to; the name of someone known only by a title.

From rounds 4 to 7, for questions every word of which is the pack's:

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
from collections.abc import Iterable

from bot.packs import normalise
from bot.services import ask, ask_places
from bot.services.ask_text import (
    ASPECT_STEMS,
    LEMMAS,
    STOPWORDS,
    TITLES,
    asked_attribute,
    asked_capital,
    asked_members,
    asked_name,
    asked_office,
    asked_speaker,
    asking,
    defined_subject,
    folded,
    shape_of,
    stem,
    stems,
    words,
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
    table = ask.passage_index(index)
    return (
        no_office_holder(index, table, question)
        or _unquoted_speaker(index, question)
        or _members_unlisted(index, table, question)
        or _unnamed(index, question)
        or _no_capital(index, question)
        or _names_a_foreign_place(index, table, question)
        or _foreign(table, asked_speaker(question))  # "what did putin say"
        or (shape_of(question) == "definition" and _foreign_head(table, defined_subject(question)))
        or _unknown_attribute(table, question)
        or viewless(index, question)
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
            if no_office_holder(index, table, f"who is the {match.group('role')} of {of}"):
                return True
    return False


def undone(index: PackIndex, question: str) -> bool:
    """ "Who founded ASEAN", "what year was NATO founded": a deed the pack speaks of elsewhere is
    in no passage about what was done (nor anywhere, when the question names no actor)."""
    plain = folded(question)
    match = _DONE_BY.match(plain) or _DONE_TO.match(plain)
    if not match or match.group("verb") in _NOT_DEEDS or asked_office(question) is not None:
        return False  # "who leads NATO" asks for an office holder (``no_office_holder``)
    table = ask.passage_index(index)
    verb = match.group("verb")
    deed = stem(table.speller.correct(LEMMAS.get(verb, verb)))
    if deed in _GENERIC or deed in ASPECT_STEMS or deed not in table.known:
        return False  # a verb the pack never uses may be a student's word for one it does ("bicker")
    return not any(deed in table.doc_terms[i] for i in _passages_on(index, match.group("x")))


def _passages_on(index: PackIndex, text: str) -> Iterable[int]:
    """The passages about the actors ``text`` names (``ask.passages_about``); every passage when
    it names none."""
    named = ask.actors_named(index, text)
    if not named:
        return range(len(ask.passage_index(index).passages))
    topics = index.derived("ask-topics", ask.passages_about)
    return frozenset().union(*(topics.get(slug, frozenset()) for slug in named))


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
    return not any(kind in table.doc_terms[i] for i in _passages_on(index, match.group("rest")))


# "what was decided at X", "what happened at X", "how did X go", "did X end up ...", "did X ever
# open": how X turned out
_OUTCOME = re.compile(
    _LEAD + r"(?:(?:what|wat)\s+(?:was|were|got)\s+(?:decided|agreed|announced|said)\s+(?:at|in|during)\s+"
    r"(?P<a>.+)"
    r"|(?:what|wat)\s+happened\s+(?:at|in|during)\s+(?P<b>.+)"
    r"|how\s+did\s+(?P<c>.+?)\s+(?:go|turn out|end)\b.*"
    r"|(?:did|has|have)\s+(?P<d>.+?\s+end up\b.*)"
    r"|(?:did|has|have)\s+(?P<f>.+?)\s+(?:ever|actually|finally|already)\b.*"
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


# ---------------------------------------------------------------- the rules from rounds 1 to 3

# Kinds of actor that speak: what anything else "says" is what it holds (an article, a strategy).
SPEAKERS = frozenset({"person", "state", "organisation", "grouping", "capital", "forum", "publication"})


def _unknown_attribute(table: ask.PassageIndex, question: str) -> bool:
    """ "What is the X of Y" where the pack never says X, or never names Y."""
    attribute = asked_attribute(question)
    return bool(attribute) and any(
        term not in table.known and term not in ASPECT_STEMS
        for term in (stem(table.speller.correct(w)) for w in words(attribute or ""))
    )


def _foreign(table: ask.PassageIndex, text: str | None) -> bool:
    """Every word of ``text`` that carries meaning is one the pack never uses."""
    if not text:
        return False
    terms = stems([table.speller.correct(w) for w in words(text)])
    return bool(terms) and not any(t in table.known for t in terms)


def _foreign_head(table: ask.PassageIndex, subject: str | None) -> bool:
    """ "What is the US Indo-Pacific Command": the last word of what is asked about names the
    thing (the words before it only say which one); when the pack never uses it, the text is
    silent about that thing. Words naming the kind of answer ("idea", "role") are passed over."""
    if not subject or any(_verb_form(w) or w in _PREDICATES for w in subject.split()):
        # "who's been bickering about ...", "what was xi going for", "what are they afraid of": a
        # clause, not a thing's name
        return False
    # "the big deal about the preposition thing": a word for the kind of answer, then what it is about
    about = _ABOUT.match(subject.strip())
    if about and stem(about.group("kind")) in ASPECT_STEMS:
        subject = about.group("rest")
    # "the final question the author asks": the thing is named before a clause about it
    subject = re.split(
        r"\s+(?:the|a|an|that|which|who|he|she|they|it)\s+", f" {subject.strip()} ".replace(" the ", " ", 1)
    )[0]
    terms = [t for t in stems([table.speller.correct(w) for w in words(subject)]) if t not in ASPECT_STEMS]
    return bool(terms) and terms[-1] not in table.known


_ABOUT = re.compile(r"^(?:the |a |an )?(?:\w+ )?(?P<kind>\w+) (?:about|of|with|behind) (?P<rest>.+)$")
# Adjectives that say how someone stands ("what are newly independent nations afraid of"): the
# question asks what of, so what comes before them is no thing's name.
_PREDICATES = frozenset(
    """afraid scared worried concerned nervous anxious fearful happy unhappy angry upset annoyed
    keen eager opposed wary suspicious sure certain unsure uncertain willing unwilling ready able
    unable likely unlikely""".split()
)


def _verb_form(word: str) -> bool:
    """"been", "bickering": a verb (not an asking word: "happening")"""
    return word in ("been", "being") or (len(word) > 4 and word.endswith("ing") and not asking(word))


def _names_a_foreign_place(index: PackIndex, table: ask.PassageIndex, question: str) -> bool:
    plain = folded(question)
    typed = set(plain.split())
    key = f" {plain} "
    single, multi = index.derived("ask-foreign-places", _split_places)
    seats = ask_places.capital_seats(index)  # "what does paris fear": Paris stands for France
    if any(not (place in seats and not ask_places.located(key, place)) for place in typed & single):
        return True
    return any(f" {place} " in key for place in multi)


def _split_places(index: PackIndex) -> tuple[frozenset[str], tuple[str, ...]]:
    """The pack's foreign places: the one-word ones (looked up), and the others (searched for)."""
    places = ask.passage_index(index).foreign_places
    return frozenset(p for p in places if " " not in p), tuple(p for p in places if " " in p)


def no_office_holder(index: PackIndex, table: ask.PassageIndex, question: str) -> bool:
    """ "Who is the president of Y" / "who leads Y": the text must name a person holding that
    office of Y (an office or relation that names Y, with the title's words); else it is silent."""
    return asked_office(question) is not None and ask.office_holder(index, table, question) is None


def _unquoted_speaker(index: PackIndex, question: str) -> bool:
    """ "What did X say" of a person the text never quotes (nor anyone X speaks through): silent.
    The author is not counted: the whole text is the author's words."""
    speaker = asked_speaker(question)
    if speaker is None:
        return False
    if asked_office(f"who is {speaker}") is not None and no_office_holder(
        index, ask.passage_index(index), f"who is {speaker}"
    ):
        return True  # "what did japan's defence minister say": nobody the text names holds that office
    named = list(ask.actors_named(index, speaker))
    if not named:
        return False
    actor = index.actors[named[0]]
    if actor.quotes or normalise(actor.name) == normalise(index.author) or actor.kind not in SPEAKERS:
        return False  # "what does article 5 say": what a document or an idea says is its content
    through = [index.actors[r.actor] for r in actor.related if r.actor in index.actors]
    return not any(other.quotes for other in through)


def _members_unlisted(index: PackIndex, table: ask.PassageIndex, question: str) -> bool:
    """ "Which countries are members of ASEAN": the text must list (name at least ``LISTED``
    states in) a passage about that group; else it is silent on who belongs."""
    of = asked_members(question)
    if of is None:
        return False
    groups = [slug for slug in ask.actors_named(index, of) if index.actors[slug].kind in ask.GROUPS]
    if not groups:
        return False
    for actor in index.actors.values():  # the pack records who is a member ("member of" the AP4)
        for r in actor.related:
            if "member" in r.relation.lower() and (r.actor in groups or actor.id in groups):
                return False
    return not any(ask.lists_members(index, table, i, groups) for i in range(len(table.passages)))


def _no_capital(index: PackIndex, question: str) -> bool:
    """ "What is the capital of New Zealand": the pack must hold a capital tied to that state."""
    of = asked_capital(question)
    if of is None:
        return False
    states = {slug for slug in ask.actors_named(index, of) if index.actors[slug].kind == "state"}
    if not states:
        return False
    for actor in index.actors.values():
        if actor.kind == "capital" and any(r.actor in states for r in actor.related):
            return False
        if actor.id in states and any(
            index.actors[r.actor].kind == "capital" for r in actor.related if r.actor in index.actors
        ):
            return False
    return True


def _unnamed(index: PackIndex, question: str) -> bool:
    """ "What is the name of NATO's secretary general": the person the pack knows only by a title
    (an actor whose name is a title: "NATO Secretary General"), so the text never names them."""
    of = asked_name(question)
    if of is None:
        return False
    named = ask.actors_named(index, of)
    people = [index.actors[slug] for slug in named if index.actors[slug].kind == "person"]
    return any(any(w in TITLES for w in normalise(actor.name).split()) for actor in people)
