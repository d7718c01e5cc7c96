"""The words of a question or passage as /ask compares them, and the shape of a question.

- Function words are bm25s's English stopwords (NLTK's list), with apostrophes dropped as our
  tokens drop them ("didn't" -> "didnt").
- Asking words are what a student types to ask rather than to name the topic ("explain", "pls",
  "wat", "u", "r", "tell"), and verbs of motion that carry no topic ("going into Asia", "coming
  to Asia"): they are dropped too, so they neither rank passages nor count as words the article
  lacks.
- Words naming the kind of answer wanted ("advantages", "role", "job") count only where the pack
  uses them (``ASPECTS``).
- "the us" is the United States; "this article", "the column" name the text itself
  (``meta_words``), not something to search for.
- Irregular verb forms the stemmer cannot join to their verb ("wrote" -> "write") are mapped.
- British and American spellings are joined to the form the pack uses (``Speller``).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import Stemmer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.packs import normalise
from bot.stopwords import STOPWORDS_EN_PLUS

STOPWORDS = frozenset(w.replace("'", "") for w in STOPWORDS_EN_PLUS) | {"cant", "wont", "whats", "im"}
ASKING = frozenset(
    """explain explanation describe description tell define definition mean means meaning please pls plz
    wat wot wut wht whats wats whos hows whys whens wheres u r ur ya ok okay hey hi hello thanks thx ty
    lol know think thought say sayin basically actually really exactly quick quickly briefly simply
    simple gimme give show answer anyone someone something anything thing stuff get got also else
    besides like want vs versus idk dont didnt doesnt isnt arent wasnt werent let lets can could would
    might must shall much many kind sort type guys bro sir maam teacher us happen happening occur start
    started begin go goes going gone went come comes coming came able comment comments commented remark
    remarks statement statements nah yeah yep nope list study notes homework seminar""".split()
)
# Words that name the kind of answer wanted rather than its topic ("the advantages of the NATO
# model", "Glosserman's job"): when the pack never uses one, it is not held against the question
# (it still ranks where the pack does use it).
ASPECTS = frozenset(
    """advantage advantages disadvantage disadvantages benefit benefits pro pros con cons drawback
    drawbacks downside downsides upside upsides problem problems issue issues reason reasons cause
    causes effect effects impact impacts consequence consequences result results outcome outcomes
    goal goals aim aims purpose purposes role roles job jobs opinion opinions view views stance
    attitude attitudes significance importance point points meaning difference differences
    similarity similarities relationship relationships example examples way ways kind kinds type
    types part parts bit bits section sections passage thing things idea ideas deal""".split()
)
# Words that ask about the column as a whole: with nothing else, the question wants its summary.
OVERVIEW = frozenset(
    """article column piece text author authors writer main point points argument arguments summary
    summarize summarise summarized sum gist overview overall opinion view thesis message takeaway
    takeaways key idea ideas tldr tl dr big picture conclusion whole argue argues arguing argued
    sentence sentences nutshell brief briefly short shortly quick quickly one few words making make
    makes trying""".split()
)
# How the text ends ("how does the column finish", "the last line of the article"): asked of the
# text itself, in the words by which a pack says where the text closes.
ENDING = frozenset(
    "end ends ending finish finishes finished conclude concludes close closes last final".split()
)
ENDING_STEMS = ("end", "close", "closing")
LEMMAS = {
    "wrote": "write", "written": "write", "met": "meet", "held": "hold", "led": "lead", "took": "take",
    "brought": "bring", "sought": "seek", "chose": "choose", "fought": "fight", "began": "begin",
    "gave": "give", "went": "go", "spoke": "speak", "spoken": "speak", "ran": "run", "saw": "see",
    "penned": "write", "authored": "write",
}  # fmt: skip
# British <-> American endings, tried only when the word as typed is not in the pack.
_SPELLINGS = (
    ("isation", "ization"), ("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"),
    ("yse", "yze"), ("ysed", "yzed"), ("our", "or"), ("ours", "ors"), ("oured", "ored"), ("tre", "ter"),
    ("tres", "ters"), ("ence", "ense"), ("mme", "m"), ("mmes", "ms"), ("ogue", "og"), ("sceptic", "skeptic"),
    ("sceptical", "skeptical"), ("scepticism", "skepticism"), ("lled", "led"), ("lling", "ling"),
)  # fmt: skip
_US = re.compile(r"\bU\.\s?S\.(?:\s?A\.)?|\bUSA?\b")
_THE_US = re.compile(r"\b(the|THE|The) us\b")  # "the us" is never the pronoun
# The text itself named in a question ("this article", "the column"): not a word to search for
# ("the article" is not Article 5).
_META = re.compile(
    r"\b(?:the|this|that|his|whole|entire)\s+(article|column|piece|text|op[- ]?ed)s?\b(?!\s*(?:5|five)\b)"
)
AUTHORSHIP = frozenset({"write", "author", "writer"})
# Endings that make another form of the same word ("weak" -> "weaken", "court" -> "courtship").
_SUFFIXES = frozenset("en ed er s es e ing ly ion ment ness ship iti ive al ial ism ist".split())
_NEGATIONS = ("un", "im", "in", "ir", "il", "dis", "non")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_stemmer = Stemmer.Stemmer("english")

_ASKING_STEMS = frozenset(_stemmer.stemWords(sorted(ASKING)))
_LONG_ASKING = tuple(sorted(w for w in ASKING if len(w) >= 7))
ASPECT_STEMS = frozenset(_stemmer.stemWords(sorted(ASPECTS)))

Shape = Literal["why", "saying", "quantity", "when", "definition", "overview", "other"]
_WHY = re.compile(r"^(?:\w+ )*?(?:why|how come|what for|for what reason|reason)\b")
_SAYING = re.compile(
    r"\b(?:say|said|says|saying|quote|quoted|quotes|words|warn|warned|call for|called for|comment|comments|"
    r"commented|remark|remarks|statement|statements)\b"
)
_QUANTITY = re.compile(
    r"\bhow (?:many|much)\b|^(?:\w+ ){0,3}?(?:the |a )?(?:total )?number of\b"
    r"|\bhow (?:old|big|large|tall|heavy) (?:is|are|was|were)\b"
)
# "how much say did Washington get", "how much influence": a degree, not an amount to count
_DEGREE = re.compile(
    r"\bhow much (?:say|influence|control|power|sway|leverage|clout|weight|attention|interest|support|"
    r"trust|help|difference|sense|importance|impact|pressure|freedom|room)\b"
)
# "when" asks a time where it opens the question ("so when did ..."), not inside it ("what does
# the author mean when he says ..."); "what year", "how long" ask one anywhere
_WHEN = re.compile(
    r"^(?:(?:so|and|but|ok|okay|then|pls|hey|wait|um)\s+)*(?:when|whens|until when|since when)\b"
    r"|\b(?:what year|which year|what date|since when|how long|how recent)\b"
)
_LEAD = r"^(?:(?:so|ok|okay|and|but|pls|please|plz|hey|(?:can|could|would|will) (?:you|u|someone))\s+)*"
_DEFINITION = re.compile(
    _LEAD + r"(?:who|what|wat|wot)\s*(?:s|is|are|was|were|r)\s+(?P<a>.+?)$"
    r"|^(?:what|wat)\s+(?:does|do)\s+(?P<b>.+?)\s+(?:stand for|mean)$"
    r"|^(?:what|wat)\s+(?:does|do|would|will)\s+(?P<e>.+?)\s+do$"  # "what does article 5 do": its role
    r"|^(?P<c>.+?)\s+(?:meaning|definition)$"
    r"|" + _LEAD + r"(?:explain|define|describe)\s+(?P<d>.+?)$"
    r"|^(?P<f>.+?)\s+(?:who|what|wat)\s*(?:s|is|are|was|were|r)\s+(?:he|she|it|they|that|this|those)$"
    r"|^(?P<g>.+?)\s+(?:what|wat)\s+(?:does|do)\s+(?:it|they|that|this)\s+(?:do|mean)$"
)
# "what is the AP4 stand for" (from "whats the AP4 stand for"): the name without its verb
_DEFINED_TAIL = re.compile(r"\s+(?:stand for|stands for|mean|means)$")
NUMBER = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|"
    r"thousand|million|billion|dozen|several|single|both)\b"
)
AMOUNT = re.compile(
    r"\d[\d,.]*\s*(?:%|percent|per cent|million|billion|trillion)|[$€£¥]\s?\d|\b(?:dollars|yen|euros)\b"
)
TIME = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|january|february|march|april|may \d|june|july|august|september|october|"
    r"november|december|spring|summer|autumn|winter|year|years|month|months|week|weeks|decade|decades|"
    r"ago|since|until|today|yesterday|recent|recently|soon|first time|historically|century)\b"
)


@lru_cache(maxsize=4096)
def folded(text: str) -> str:
    """Lower case, accents and punctuation folded, "NATO's" -> "nato", "didn't" -> "didnt".

    "U.S." and a capital "US" read as "united states" (a lower-case "us" is the pronoun)."""
    plain = _THE_US.sub(r"\1 United States", text.replace("’", "'"))
    plain = _US.sub("United States", plain)
    # "who's" is "who is"; any other "'s" is a possessive ("NATO's")
    plain = re.sub(
        r"\b(who|what|where|how|when|why|that|it|there|here)'s\b", r"\1 is", plain, flags=re.IGNORECASE
    )
    plain = re.sub(r"'s\b", "", plain, flags=re.IGNORECASE)
    plain = normalise(plain.replace("'", ""))
    return _SHORTHAND.sub(lambda m: SHORTHAND[m.group(0)], plain) if _SHORTHAND.search(plain) else plain


# What students abbreviate ("the chinese fm", "natos sec gen", "nato hq"), spelled out as the pack
# writes it.
SHORTHAND = {
    "fm": "foreign minister", "pm": "prime minister", "sec gen": "secretary general",
    "secgen": "secretary general", "sg": "secretary general", "hq": "headquarters",
    "govt": "government", "gov": "government", "defmin": "defense minister", "intl": "international",
    "w": "with", "abt": "about", "bc": "because", "cuz": "because", "rn": "right now",
}  # fmt: skip
_SHORTHAND = re.compile(r"\b(?:" + "|".join(sorted(SHORTHAND, key=len, reverse=True)) + r")\b")


def raw_words(text: str) -> list[str]:
    """Every word, irregular verbs mapped, nothing dropped. Interned: the passage index keeps
    every passage's words, most of them the same few hundred strings."""
    return [sys.intern(LEMMAS.get(w, w)) for w in _WORD.findall(folded(text))]


@lru_cache(maxsize=4096)
def asking(word: str) -> bool:
    # other forms of an asking word ("explained", "telling"), but not an adverb that shares its
    # stem ("likely" is not "like"); and a long one typed one letter off ("actualy", "basicaly")
    return (
        word in ASKING
        or (stem(word) in _ASKING_STEMS and not word.endswith("ly"))
        or (len(word) >= TYPO_ASKING and _near_asking(word))
    )


TYPO_ASKING = 7  # letters: an asking word this long is known with one letter wrong, missing or extra


def _near_asking(word: str) -> bool:
    found = process.extractOne(
        word, _LONG_ASKING, scorer=DamerauLevenshtein.distance, score_cutoff=1
    )
    return found is not None


def words(text: str) -> list[str]:
    """The words that carry meaning: no function words, no asking words."""
    return [w for w in raw_words(text) if w not in STOPWORDS and not asking(w)]


def stems(tokens: list[str]) -> list[str]:
    return [sys.intern(s) for s in _stemmer.stemWords(tokens)]


def stem(token: str) -> str:
    return sys.intern(str(_stemmer.stemWord(token)))


LONG_WORD = 10  # letters: a typo this long is matched by similarity when edits fail
LONG_WORD_RATIO = 80  # rapidfuzz's ``fuzz.ratio`` (0-100): at most a fifth of the letters differ
CORRECTED_CAPACITY = 10_000  # tokens a Speller remembers its correction of (then it starts afresh)


@dataclass(frozen=True)
class Speller:
    """Joins a question's words to the pack's: British/American spelling, then small typos."""

    vocabulary: tuple[str, ...]  # unstemmed words the pack uses
    counts: dict[str, int]  # how often each is used
    known_stems: frozenset[str]
    by_length: tuple[str, ...]  # the known stems, shortest first
    word_of: dict[str, str]  # a known stem -> the pack's most used word with that stem
    # what ``correct`` made of each token so far (it reads only the fields above)
    corrected: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, counts: dict[str, int]) -> Speller:
        word_of: dict[str, str] = {}
        for word, _ in sorted(counts.items(), key=lambda item: -item[1]):
            word_of.setdefault(stem(word), word)
        return cls(
            tuple(sorted(counts)),
            counts,
            frozenset(word_of),
            tuple(sorted(word_of, key=lambda s: (len(s), s))),
            word_of,
        )

    def correct(self, token: str) -> str:
        found = self.corrected.get(token)
        if found is None:
            if len(self.corrected) >= CORRECTED_CAPACITY:
                self.corrected.clear()
            found = self.corrected[token] = self._correct(token)
        return found

    def _correct(self, token: str) -> str:
        if token in self.counts:
            # "defence" where the pack mostly writes "defense" (it quotes a British "defence"
            # once): the pack's usual spelling, which its passages are indexed under
            for british, american in _SPELLINGS:
                if token.endswith(british):
                    variant = token[: -len(british)] + american
                    if self.counts.get(variant, 0) > self.counts[token]:
                        return variant
            return token
        if token.isdigit() or stem(token) in self.known_stems:
            return token
        for british, american in _SPELLINGS:
            for old, new in ((british, american), (american, british)):
                if token.endswith(old):
                    variant = token[: -len(old)] + new
                    if variant in self.counts or stem(variant) in self.known_stems:
                        return variant
        # "likely" -> "unlikely", "possible" -> "impossible": the pack says it with a negative prefix
        for prefix in _NEGATIONS:
            if prefix + token in self.counts:
                return prefix + token
        # "weak" -> "weakened": the pack uses a longer (or shorter) form of the same word
        root = stem(token)
        if len(root) >= 4:
            for known in self.by_length:
                longer, shorter = (known, root) if len(known) > len(root) else (root, known)
                if len(shorter) >= 4 and longer.startswith(shorter) and longer[len(shorter) :] in _SUFFIXES:
                    return self.word_of[known]
        if len(token) < 6:
            return token
        allowed = 1 if len(token) < 10 else 2
        found = process.extract(
            token, self.vocabulary, scorer=DamerauLevenshtein.distance, score_cutoff=allowed, limit=8
        )
        if not found:
            # "beaurocracies": a long word with its letters shuffled, further than ``allowed`` edits
            # from the pack's, yet nearly all of it the same letters, in a word of its length that
            # starts as it does (not "distraction" for "administration")
            if len(token) >= LONG_WORD:
                for word, _, _ in process.extract(
                    token, self.vocabulary, scorer=fuzz.ratio, score_cutoff=LONG_WORD_RATIO, limit=3
                ):
                    if word[0] == token[0] and abs(len(word) - len(token)) <= 1:
                        return word
            return token
        best = min(distance for _, distance, _ in found)
        closest = [word for word, distance, _ in found if distance == best]
        return max(closest, key=lambda w: self.counts.get(w, 0))


def spellings(token: str) -> set[str]:
    """The word and its British/American other spellings ("defence" -> {"defence", "defense"})."""
    found = {token}
    for british, american in _SPELLINGS:
        for old, new in ((british, american), (american, british)):
            if token.endswith(old):
                found.add(token[: -len(old)] + new)
    return found


_LENGTH_ASKED = re.compile(r"\b\d+\s+(?:sentences?|words?|lines?|points?|bullets?|paragraphs?)\b")


@lru_cache(maxsize=1024)
def shape_of(question: str) -> Shape:
    """What kind of answer the question wants, from how it is phrased."""
    text = folded(question)
    # "in like 2 sentences": how long the summary should be, not what it is about
    content = [w for w in raw_words(_LENGTH_ASKED.sub(" ", question)) if w not in STOPWORDS]
    overview = (
        content and all(w in OVERVIEW or asking(w) for w in content) and any(w in OVERVIEW for w in content)
    )
    if overview and not text.startswith("who"):  # "who is the author" asks for a person
        return "overview"
    if _WHY.search(text):
        return "why"
    if _QUANTITY.search(text) and not _DEGREE.search(text):
        return "quantity"
    if _WHEN.search(text):
        return "when"
    if _SAYING.search(text):
        return "saying"
    if _DEFINITION.match(text):
        return "definition"
    return "other"


def defined_subject(question: str) -> str | None:
    """The name a definitional question asks about ("Who are the AP4?" -> "the ap4")."""
    match = _DEFINITION.match(folded(question))
    if not match:
        return None
    subject = next((g for g in match.groups() if g), None)
    return _DEFINED_TAIL.sub("", subject) if subject else None


ATTRIBUTE_OF_WORDS = 3  # "the capital of new zealand", "the title of glosserman's previous column"
_ATTRIBUTE = re.compile(
    r"^(?:what|who|wat)\s*(?:s|is|are|was|were|r)\s+(?:the\s+|a\s+|an\s+)?(?:[a-z0-9-]+\s+){0,2}?"
    r"(?P<x>[a-z0-9-]+)\s+(?:of|in|for|on)\s+(?P<y>.+)$"
)
_POSSESSED = re.compile(
    r"^(?:what|who|wat)\s*(?:s|is|are|was|were|r)\s+(?:the\s+)?[a-z0-9 .-]+?'s\s+"
    r"(?:[a-z0-9-]+\s+)?(?P<x>[a-z0-9-]+)\W*$"
)


def asked_attribute(question: str) -> str | None:
    """What a "what is the X of Y" (or "what is Y's X") question asks about: "X of Y" (or the
    whole question), whose every word the text must use for it to say what X of Y is."""
    plain = question.replace("’", "'").casefold().strip()
    match = _ATTRIBUTE.match(plain)
    if (
        match
        and not (len(match.group("x")) > 4 and match.group("x").endswith("ing"))
        and (len(match.group("y").split()) <= ATTRIBUTE_OF_WORDS or match.group("x") in ("name", "names"))
    ):
        # (not "what was xi going for with ...": a verb; nor "what's new in nato's latest playbook
        # about china": a clause, not "the X of Y")
        # "who is a keen observer of X": a role, which the text may word its own way; only X must be there
        return match.group("y") if plain.startswith("who") else f"{match.group('x')} {match.group('y')}"
    return plain if _POSSESSED.match(plain) else None


# Titles a "who is the X of Y" question asks the holder of, and verbs that ask for a leader.
TITLES = frozenset(
    """president prime minister premier chancellor king queen emperor monarch ruler leader head chief
    secretary general foreign defense defence spokesperson spokesman ambassador governor mayor
    commander""".split()
)
LEADING = frozenset("lead leads leader leaders head heads rule rules ruler run runs govern governs".split())
_OFFICE = re.compile(
    r"^(?:who|whos)\s*(?:s|is|are|was|were|r)?\s+(?:the\s+|a\s+|an\s+)?(?:current\s+|new\s+|present\s+)?"
    r"(?P<role>[a-z -]+?)\s+(?:of|in)\s+(?P<y>.+)$"
)
_OFFICE_VERB = re.compile(
    r"^(?:who|whos)\s+(?:currently\s+|now\s+)?(?P<role>leads|rules|heads|runs|governs)\s+(?P<y>.+)$"
)
# "who is the chinese president now", "who is japan's prime minister": the holder named before the title
_OFFICE_BEFORE = re.compile(
    r"^(?:who|whos)\s*(?:s|is|are|was|were|r)?\s+(?:the\s+)?(?P<y>[a-z .-]+?)\s+"
    r"(?P<role>(?:(?:prime|foreign|defense|defence|deputy|vice|secretary)\s+)?[a-z]+)(?:\s+(?:now|currently|today))?$"
)
_SPEAKER = re.compile(
    r"^(?:so\s+|and\s+|ok\s+)*(?:what|wat)\s+(?:did|does|do|has|have)\s+(?P<x>.+?)\s+"
    r"(?:say|said|says|tell|told)\b"
)


_IN_THE_TEXT = re.compile(r"\s+(?:in|from|according to)\s+(?:the|this)\s+(?:article|column|piece|text)\W*$")


def asked_office(question: str) -> tuple[str, str] | None:
    """(title, of what) when a question asks who holds an office: "who is the president of
    France", "who leads Australia". Only titles count: "who is a keen observer of X" asks a role."""
    plain = _IN_THE_TEXT.sub("", folded(question))  # "whos the chinese fm in the article"
    for pattern in (_OFFICE, _OFFICE_VERB, _OFFICE_BEFORE):
        match = pattern.match(plain)
        if not match:
            continue
        role, of = match.group("role").split(), match.group("y")
        if pattern is _OFFICE_BEFORE and all(w in TITLES or w in ("the", "a") for w in of.split()):
            continue  # "who is the prime minister": no one's office is named
        if role and all(w in TITLES or w in LEADING for w in role):
            return " ".join(role), of
    return None


# "What year was X founded": a calendar year, not "last year".
_YEAR_ASKED = re.compile(r"\b(?:what|which) year\b|\bin what year\b")
YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b")
# "which countries are members of ASEAN", "who is in SEATO", "ASEAN's members": a list of members
_MEMBERS = re.compile(
    r"\b(?:members?|member states|countries|states|nations)\s+(?:of|in)\s+(?P<y>.+)$"
    r"|\b(?:which|what)\s+(?:countries|states|nations)\s+(?:are|were|r)\s+(?:in|part of)\s+(?P<z>.+)$"
    r"|\bwho\s+(?:is|are|r)\s+(?:in|part of)\s+(?P<w>.+)$"
    r"|^(?:what|who|which)\w*\s+(?:are|r|is)\s+(?P<v>.+?)\s+members$"
    r"|^(?P<t>.+?)\s+members$"
)
# "which 4 countries are the AP4": members, when what follows is a group's name (``ask._members_asked``)
_MEMBERS_NAMED = re.compile(
    r"^(?:which|what|wat)\s+(?:(?:\d+|two|three|four|five|six)\s+)?(?:countries|states|nations)\s+"
    r"(?:are|r|make up|form)\s+(?P<y>.+?)\W*$"
)
# "what is the name of X", "X's name": a name
_NAME_ASKED = re.compile(r"\bnames? of\s+(?P<x>.+)$|^(?:what|wat)\w*\s+(?:is|s|was)?\s*(?P<y>.+?)\s+names?$")


_CAPITAL = re.compile(
    r"\bcapital (?:city )?of (?P<y>.+?)\W*$|^(?:what|wat|which)\w* (?:is |s )?(?P<z>.+?) capital\W*$"
)


def asked_capital(question: str) -> str | None:
    """Of what a question asks the capital ("what is the capital of new zealand" -> "new zealand")."""
    match = _CAPITAL.search(question.replace("’", "'").casefold().strip())
    return next((g for g in match.groups() if g), None) if match else None


_WHO = re.compile(r"^(?:(?:so|and|but|ok)\s+)*(?:who|whos)\b")
_WHICH_KIND = re.compile(
    r"\b(?:which|what|wat)\s+(?:(?:\d+|two|three|four|five|six|other|several)\s+)?"
    r"(?P<noun>countries|country|states|nations|governments|people|person|leaders|officials)\b"
)
_KINDS_OF = {
    "countries": "state", "country": "state", "states": "state", "nations": "state", "governments": "state",
    "people": "person", "person": "person", "leaders": "person", "officials": "person",
}  # fmt: skip
AGENTS = frozenset({"person", "state", "organisation", "grouping", "capital"})
# Plural nouns for people ("security specialists", "regional elites"), which answer a "who" too.
AGENT_NOUN = re.compile(r"\b[a-z]{3,}(?:ists|ians|ors|ers|ites)\b")


def answer_kinds(question: str) -> frozenset[str] | None:
    """The kinds of actor a question asks for by name ("who ...": anyone; "which countries ...":
    states), or None when it asks for something else."""
    plain = folded(question)
    match = _WHICH_KIND.search(plain)
    if match:
        return frozenset({_KINDS_OF[match.group("noun")]})
    return AGENTS if _WHO.match(plain) else None


def answer_noun(question: str) -> str | None:
    """The noun that names the kind of actor asked for ("which countries ..." -> "countries"): a
    passage that names such an actor answers it without using the word."""
    match = _WHICH_KIND.search(folded(question))
    return match.group("noun") if match else None


def asks_year(question: str) -> bool:
    return bool(_YEAR_ASKED.search(folded(question)))


def asked_members(question: str) -> str | None:
    """Of what a question asks the list of members ("which countries are members of asean" -> "asean")."""
    match = _MEMBERS.search(folded(question))
    return next((g for g in match.groups() if g), None) if match else None


def named_as_members(question: str) -> str | None:
    """ "Which 4 countries are the AP4" -> "the ap4" (a group only if that is a group's name)."""
    match = _MEMBERS_NAMED.search(folded(question))
    return match.group("y") if match else None


def asked_name(question: str) -> str | None:
    """Whose name a question asks ("the name of nato's secretary general" -> "nato secretary general")."""
    match = _NAME_ASKED.search(folded(question))
    return next((g for g in match.groups() if g), None) if match else None


_COMPARING = re.compile(
    r"\b(?:difference|differences|diff|differ|differs|vs|versus|compare|compared|comparison|distinguish|"
    r"distinction|contrast)\b"
)


_OTHER_THAN = re.compile(r"\b(?:else|besides|other than|apart from|except|aside from)\b")


def other_than(question: str) -> bool:
    """ "Who else ...", "besides the author": someone other than the one the question names."""
    return bool(_OTHER_THAN.search(folded(question)))


_BESIDES = re.compile(
    r"\b(?:besides|other than|apart from|aside from|except for|except|beyond)\s+(?P<x>.+?)"
    r"(?=[,?!.]|\s+(?:what|whats|wat|how|why|who|whos|which|where|when|is|are|does|do|did)\b|$)"
)


def besides_what(question: str) -> str | None:
    """ "besides sanctions, what else ...", "what matters beyond article 5": what the question
    sets aside ("sanctions", "article 5"), or None."""
    match = _BESIDES.search(folded(question))
    return match.group("x").strip() if match else None


# "in para 11", "paragraph 3", "¶4": the question points at a paragraph of the text
_PARAGRAPH_NAMED = re.compile(
    r"\s*\b(?:in |from |of )?(?:the )?(?:paragraphs?|paras?|par)\.?\s*(\d{1,3})\b|\s*¶\s*(\d{1,3})\b"
)


def paragraphs_named(question: str) -> tuple[set[int], str]:
    """The paragraph numbers a question points at, and the question without them ("what is the
    one-size-fits-all bit about in para 11" -> {11}, "what is the one-size-fits-all bit about")."""
    found = {int(a or b) for a, b in _PARAGRAPH_NAMED.findall(question)}
    return found, _PARAGRAPH_NAMED.sub("", question).strip() if found else question


def compares(question: str) -> bool:
    """ "What's the difference between X and Y", "X vs Y": a comparison."""
    return bool(_COMPARING.search(folded(question)))


def asks_ending(question: str) -> bool:
    """ "How does the article end", "what is the author's final question": the text's ending."""
    plain = raw_words(question)
    return bool(ENDING.intersection(plain)) and bool(
        _META.search(folded(question)) or AUTHORSHIP.intersection(plain)
    )


def meta_words(question: str) -> set[str]:
    """The stems of the words by which a question names the text itself ("who wrote this
    article": {"articl"})."""
    return {stem(m.group(1).replace("-", "")) for m in _META.finditer(folded(question))}


def asked_speaker(question: str) -> str | None:
    """Whose words a "what did X say" question asks for ("what did macron say about china" -> "macron")."""
    match = _SPEAKER.match(folded(question))
    return match.group("x") if match else None
