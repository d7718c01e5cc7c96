"""Cards for /who, /actors, /source and /ask: every statement with its ¶ numbers (both front ends)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.errors import NotFound
from bot.packs import Actor
from bot.replies.limits import FIELD_VALUE
from bot.replies.model import Button, Card, Control, Field, Reply
from bot.services.actors import Resolution, by_kind
from bot.services.ask import Answer
from bot.services.pack_index import PackIndex
from bot.text import chunk_lines, clip, plural

KIND_TITLES = {
    "state": "States",
    "capital": "Capitals",
    "organisation": "Organisations",
    "grouping": "Groupings",
    "region": "Regions",
    "person": "People",
    "document": "Documents",
    "programme": "Programmes",
    "event": "Events",
    "forum": "Forums",
    "publication": "Publications",
    "concept": "Concepts",
}
KIND_COLOURS = {
    "state": 0x0072B2,
    "capital": 0x56B4E9,
    "organisation": 0x009E73,
    "grouping": 0x009E73,
    "region": 0x56B4E9,
    "person": 0xE69F00,
    "document": 0xCC79A7,
    "programme": 0xCC79A7,
    "event": 0xF0E442,
    "forum": 0xF0E442,
    "publication": 0x999999,
    "concept": 0xD55E00,
}
LINES_PER_PAGE = 15
PAGE_CHARS = 3500


def cite(paragraphs: Iterable[int]) -> str:
    numbers = sorted(set(paragraphs))
    return "¶" + ", ".join(str(n) for n in numbers) if numbers else ""


def kind_label(kind: str) -> str:
    return kind.capitalize()


def _add_chunked(card: Card, name: str, lines: list[str]) -> None:
    for i, chunk in enumerate(chunk_lines(lines, FIELD_VALUE)):
        card.add_field(name=name if i == 0 else f"{name} (cont.)", value=chunk, inline=False)


def actor_card(index: PackIndex, actor: Actor) -> Card:
    """Who they are, what the article says they think and did, their words, who they relate to."""
    kind = kind_label(actor.kind)
    header = f"*{kind}" + (f" · {actor.office}*" if actor.office else "*")
    card = Card(
        title=actor.name,
        description=f"{header}\n\n{actor.profile}",
        colour=KIND_COLOURS.get(actor.kind, 0x5865F2),
    )
    if actor.position:
        card.add_field(
            name=f"Position ({cite(actor.position.paragraphs)})",
            value=clip(actor.position.text, FIELD_VALUE),
            inline=False,
        )
    if actor.claims:
        _add_chunked(
            card, "What the article says", [f"• {c.text} ({cite(c.paragraphs)})" for c in actor.claims]
        )
    if actor.quotes:
        _add_chunked(
            card,
            "In their own words",
            [
                f"“{q.text}” ({cite([q.paragraph])})" + (f" — {q.context}" if q.context else "")
                for q in actor.quotes
            ],
        )
    if actor.related:
        _add_chunked(
            card,
            "Related",
            [f"• {r.relation} **{index.name_of(r.actor)}** ({cite(r.paragraphs)})" for r in actor.related],
        )
    card.footer = f"Named in {cite(actor.paragraphs)} · {index.title} · /source shows a paragraph"
    return card


def did_you_mean(resolution: Resolution) -> str:
    query = clip(resolution.query, 100)
    if resolution.status == "ambiguous" and len(resolution.candidates) == 1:
        return f"The article names no actor called “{query}”. Did you mean {resolution.candidates[0].name}?"
    if resolution.status == "ambiguous":
        return f"More than one actor in the article could be “{query}”. Did you mean:"
    if resolution.candidates:
        nearest = ", ".join(a.name for a in resolution.candidates)
        return (
            f"The article names no actor called “{query}”. The nearest names are {nearest}; "
            "press one to see it, or try /actors for the full list."
        )
    return f"The article names no actor called “{query}”. Try /actors for the full list."


def actor_pages(index: PackIndex, kind: str | None) -> list[str]:
    """Pages of at most LINES_PER_PAGE actors, under their kind's heading; small kinds share a page."""
    pages: list[str] = []
    lines: list[str] = []
    count = 0
    for group, members in by_kind(index, kind).items():
        title = KIND_TITLES.get(group, group.title())
        for i, actor in enumerate(members):
            if count == LINES_PER_PAGE:
                pages.append("\n".join(lines))
                lines, count = [], 0
            if i == 0 or not lines:
                lines.append(f"__**{title}**__" + (" (cont.)" if i else ""))
            lines.append(f"**{actor.name}** — {clip(actor.profile, 110)}")
            count += 1
    if lines:
        pages.append("\n".join(lines))
    return [clip(page, PAGE_CHARS) for page in pages]


def actors_page(index: PackIndex, pages: list[str], page: int, total_actors: int) -> Card:
    card = Card(title=f"Actors in {clip(index.title, 200)}", description=pages[page], colour=0x5865F2)
    actors = plural(total_actors, "actor")
    card.footer = f"Page {page + 1} of {len(pages)} · {actors} · /who <name> shows one"
    return card


def source_card(index: PackIndex, number: int) -> Card:
    paragraph = index.paragraphs[number]
    card = Card(title=f"¶{number} of {index.paragraph_count}", description=paragraph.summary, colour=0x5865F2)
    if paragraph.facts:
        _add_chunked(card, "Key facts", [f"• {fact}" for fact in paragraph.facts])
    quotes = index.quotes_in(number)
    if quotes:
        _add_chunked(
            card,
            "Quotations",
            [f"**{actor.name}**: “{text}”" + (f" ({ctx})" if ctx else "") for actor, text, ctx in quotes],
        )
    if paragraph.actors:
        names = ", ".join(index.name_of(slug) for slug in paragraph.actors)
        card.add_field(name="Actors named", value=clip(names, FIELD_VALUE), inline=False)
    card.footer = f"{index.title} · summaries and facts are paraphrases; quotations are verbatim"
    return card


def answer_card(index: PackIndex, answer: Answer) -> Card:
    best = answer.hits[0].passage
    card = Card(
        title=clip(answer.question, 256),
        description=f"{best.text} ({cite(best.paragraphs)})",
        colour=0x009E73,
    )
    rest = [f"• {hit.passage.text} ({cite(hit.passage.paragraphs)})" for hit in answer.hits[1:]]
    if rest:
        _add_chunked(card, "Also in the article", rest)
    if answer.actors:
        names = ", ".join(index.name_of(slug) for slug in answer.actors)
        card.add_field(name="Actors involved", value=clip(names, FIELD_VALUE), inline=False)
    card.footer = f"From {index.title}, {cite(answer.paragraphs)} · /source <n> shows a paragraph"
    return card


def not_covered(index: PackIndex, question: str) -> str:
    return (
        f"The article ({index.title}) does not cover that: nothing in it answers “{clip(question, 200)}”. "
        "Try /who for an actor, /actors for the list, or /source for a paragraph."
    )


PARAGRAPH_CHARS = 3000  # of Discord's 4,096 description (and Slack's 3,000 section), leaving room


def with_kept_paragraph(card: Card, index: PackIndex, number: int) -> Card:
    """``card`` (a /source card) showing paragraph ``number`` verbatim, when the text is kept."""
    text = index.kept_text.get(number)
    if not text:
        return card
    summary = card.description
    card.description = clip(text, PARAGRAPH_CHARS)
    if summary:
        card.fields.insert(0, Field("Summary", clip(summary, FIELD_VALUE)))
    card.footer = (
        f"{index.title} · the paragraph as written (the group's copy); summary and facts are paraphrases"
    )
    return card


def who_reply(index: PackIndex, resolution: Resolution) -> Reply:
    """/who: the actor's card, or privately "did you mean" with a button per likely actor."""
    if resolution.actor is not None:
        return Reply(cards=[actor_card(index, resolution.actor)])
    buttons: list[Control] = [
        Button(index.name_of(a.id), f"roundtable:who:{index.pack_id}:{a.id}", style="primary")
        for a in resolution.candidates[:5]
    ]
    return Reply(text=did_you_mean(resolution), rows=[buttons] if buttons else [], private=True)


def actors_reply(index: PackIndex, kind: str | None, page: int) -> Reply:
    """/actors: one page of the list, with Previous and Next when there are more."""
    pages = actor_pages(index, kind)
    if not pages:
        raise NotFound(f"The article names no actors of kind {kind!r}.")
    page = max(0, min(page, len(pages) - 1))
    total = sum(1 for a in index.actors.values() if kind is None or a.kind == kind)
    reply = Reply(cards=[actors_page(index, pages, page, total)])
    if len(pages) > 1:
        key = f"roundtable:actors:{index.pack_id}:{kind or 'all'}"
        reply.rows = [
            [
                Button("◀ Previous", f"{key}:{max(page - 1, 0)}", disabled=page == 0),
                Button("Next ▶", f"{key}:{min(page + 1, len(pages) - 1)}", disabled=page == len(pages) - 1),
            ]
        ]
    return reply


def source_reply(index: PackIndex, number: int) -> Reply:
    return Reply(cards=[with_kept_paragraph(source_card(index, number), index, number)])


def ask_reply(index: PackIndex, answer: Answer) -> Reply:
    """/ask: the cited answer, or privately that the article does not cover the question."""
    if not answer.covered:
        return Reply(text=not_covered(index, answer.question), private=True)
    return Reply(cards=[answer_card(index, answer)])
