"""Discord embeds for /who, /actors, /source and /ask, rendered from the shared cards."""

from __future__ import annotations

import discord

from bot.packs import Actor
from bot.replies import actors as cards
from bot.replies.actors import actor_pages as actor_pages
from bot.replies.actors import did_you_mean as did_you_mean
from bot.replies.actors import not_covered as not_covered
from bot.services.ask import Answer
from bot.services.pack_index import PackIndex
from bot.ui.cards import to_embed


def actor_card(index: PackIndex, actor: Actor) -> discord.Embed:
    return to_embed(cards.actor_card(index, actor))


def actors_page(index: PackIndex, pages: list[str], page: int, total_actors: int) -> discord.Embed:
    return to_embed(cards.actors_page(index, pages, page, total_actors))


def source_card(index: PackIndex, number: int) -> discord.Embed:
    return to_embed(cards.with_kept_paragraph(cards.source_card(index, number), index, number))


def answer_card(index: PackIndex, answer: Answer) -> discord.Embed:
    return to_embed(cards.answer_card(index, answer))
