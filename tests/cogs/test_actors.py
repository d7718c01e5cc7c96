"""/who, /actors, /ask and /source through SimCord: what members see, buttons, paging, restarts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import discord

from bot.app import Roundtable
from bot.packs import load_pack
from bot.ui.limits import EMBED_TOTAL
from tests.conftest import PACKS, World
from tests.unit.test_actors import NEW_NAMES


def _mention_settings(env_requests: list[Any]) -> Iterator[Any]:
    def walk(node: Any) -> Iterator[Any]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "allowed_mentions":
                    yield value
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for request in env_requests:
        yield from walk(request.json)


def assert_safe_replies(world: World) -> None:
    """Every reply the bot sent pings nobody and stays inside Discord's embed limits."""
    settings = list(_mention_settings(world.env.http_requests))
    assert settings, "no reply recorded"
    assert all(s == {"parse": []} for s in settings), settings
    for message in world.channel.history(viewer=world.alice):
        assert sum(len(e) for e in message.embeds) <= EMBED_TOTAL
        assert len(message.content) <= 2000


def _buttons(message: Any) -> list[dict[str, Any]]:
    return [c for row in message.components for c in row.get("components", [])]


async def test_who_shows_the_actor_card_with_paragraphs(world: World) -> None:
    result = await world.alice.slash(world.channel, "who", actor="asean")
    assert not result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title == "ASEAN"
    assert "Association of Southeast Asian Nations" in (embed.description or "")
    fields = {f.name: f.value for f in embed.fields}
    assert "(¶8)" in fields["What the article says"]
    assert "**Southeast Asian nations**" in fields["Related"]
    assert "¶8, 11" in (embed.footer.text or "")
    assert_safe_replies(world)


async def test_who_shows_quotations_with_their_paragraph(world: World) -> None:
    result = await world.alice.slash(world.channel, "who", actor="Ben Wallace")
    embed = result.response.embeds[0]
    quotes = next(f.value for f in embed.fields if f.name == "In their own words")
    assert "“to share the knowledge of the threat” (¶7)" in quotes
    assert embed.description and "Defense Minister" in embed.description


async def test_who_forgives_typos_and_capitals(world: World) -> None:
    for typed, name in [("kishda", "Fumio Kishida"), ("TOKYO", "Tokyo"), ("who is xi?", "Xi Jinping")]:
        result = await world.alice.slash(world.channel, "who", actor=typed)
        assert result.response.embeds[0].title == name, typed


async def test_autocomplete_offers_the_best_matches(world: World) -> None:
    choices = await world.alice.autocomplete(world.channel, "who", "actor", "asea")
    assert 1 <= len(choices) <= 25
    assert choices[0]["value"] == "ASEAN"
    assert choices[0]["name"].startswith("ASEAN")
    everything = await world.alice.autocomplete(world.channel, "who", "actor", "")
    assert len(everything) == 25


async def test_did_you_mean_buttons_show_the_chosen_actor(world: World) -> None:
    result = await world.alice.slash(world.channel, "who", actor="foreign minister")
    assert result.ephemeral
    assert "Did you mean" in result.response.content
    buttons = _buttons(result.response)
    labels = [b["label"] for b in buttons]
    assert "Qin Gang" in labels and len(labels) <= 5
    assert all(b["custom_id"].startswith("roundtable:who:") for b in buttons)
    clicked = await world.alice.click(result.response, label="Qin Gang")
    card = clicked.response
    assert not card.ephemeral
    assert card.embeds[0].title == "Qin Gang"
    assert "Position (¶14)" in [f.name for f in card.embeds[0].fields]
    assert_safe_replies(world)


async def test_who_resolves_every_name_students_type(world: World) -> None:
    """Each alias added for issue 17 shows its actor's card at once, with no "did you mean"."""
    names = {a.id: a.name for a in load_pack(PACKS / "nato-in-asia").actors}
    for typed, slug in NEW_NAMES:
        result = await world.alice.slash(world.channel, "who", actor=typed)
        assert not result.ephemeral and result.response.embeds, typed
        assert result.response.embeds[0].title == names[slug], typed
    card = (await world.alice.slash(world.channel, "who", actor="Chinese")).response.embeds[0]
    assert "Position (¶8, 14)" in [f.name for f in card.fields]
    assert_safe_replies(world)


async def test_actors_lists_concepts_and_regions_by_kind(world: World) -> None:
    regions = (await world.alice.slash(world.channel, "actors", kind="region")).response.embeds[0]
    assert "__**Regions**__" in (regions.description or "")
    assert "Indo-Pacific" in (regions.description or "") and "Asia-Pacific" in (regions.description or "")
    concepts = await world.alice.slash(world.channel, "actors", kind="concept")
    text = "\n".join(e.description or "" for e in concepts.response.embeds)
    assert "__**Concepts**__" in text
    for name in ("deterrence", "indivisible security", "China challenge"):
        assert name in text, name
    assert_safe_replies(world)


async def test_no_match_says_so_and_suggests_nearest_names(world: World) -> None:
    result = await world.alice.slash(world.channel, "who", actor="Jens Stoltenberg")
    assert result.ephemeral
    assert "names no actor called “Jens Stoltenberg”" in result.response.content
    assert not result.response.embeds  # nothing invented
    assert len(_buttons(result.response)) == 3
    # The suggestions are real actors: pressing one shows that actor.
    first = _buttons(result.response)[0]["label"]
    clicked = await world.alice.click(result.response, label=first)
    assert clicked.response.embeds[0].title == first


async def test_actors_pages_with_buttons_for_anyone_and_after_restart(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    result = await world.alice.slash(world.channel, "actors")
    first = result.response.embeds[0]
    assert "Page 1 of 5" in (first.footer.text or "")
    assert "__**States**__" in (first.description or "")
    assert [b["label"] for b in _buttons(result.response)] == ["◀ Previous", "Next ▶"]
    assert _buttons(result.response)[0].get("disabled") is True
    # Bob pages Alice's list: the list is public and shared.
    paged = await world.bob.click(result.response, label="Next ▶")
    assert paged.response is None or paged.response.embeds  # the message is edited in place
    message = world.channel.history(viewer=world.alice)[0]
    assert "Page 2 of 5" in (message.embeds[0].footer.text or "")
    await world.env.restart_bot(make_bot())
    await world.alice.click(message, label="Next ▶")
    message = world.channel.history(viewer=world.alice)[0]
    assert "Page 3 of 5" in (message.embeds[0].footer.text or "")
    await world.alice.click(message, label="◀ Previous")
    message = world.channel.history(viewer=world.alice)[0]
    assert "Page 2 of 5" in (message.embeds[0].footer.text or "")
    assert_safe_replies(world)


async def test_actors_of_one_kind_fit_one_page(world: World) -> None:
    result = await world.alice.slash(world.channel, "actors", kind="capital")
    embed = result.response.embeds[0]
    assert "__**Capitals**__" in (embed.description or "")
    assert all(n in (embed.description or "") for n in ("Tokyo", "Beijing", "Washington", "Brussels"))
    assert not result.response.components


async def test_ask_answers_best_first_with_paragraphs_and_actors(world: World) -> None:
    result = await world.alice.slash(world.channel, "ask", question="What did Xi Jinping call for in 2014?")
    embed = result.response.embeds[0]
    assert embed.title == "What did Xi Jinping call for in 2014?"
    assert "Asia for Asians" in (embed.description or "") and "(¶14)" in (embed.description or "")
    fields = {f.name: f.value for f in embed.fields}
    assert "Xi Jinping" in fields["Actors involved"]
    assert_safe_replies(world)


async def test_ask_says_when_the_article_does_not_cover_it(world: World) -> None:
    result = await world.alice.slash(world.channel, "ask", question="What is the capital of Brazil?")
    assert result.ephemeral and "does not cover that" in result.response.content
    assert not result.response.embeds


async def test_ask_why_leads_with_the_reason(world: World) -> None:
    # Issue 17: this once led with "China objects to it and France is reportedly unhappy about it".
    question = "Why does France object to a NATO office in Tokyo?"
    result = await world.alice.slash(world.channel, "ask", question=question)
    description = result.response.embeds[0].description or ""
    assert description.startswith("France")
    assert any(reason in description for reason in ("distract", "provoke", "alarm")), description
    assert "(¶8)" in description


async def test_ask_about_the_whole_column_gives_the_pack_summary(world: World) -> None:
    result = await world.alice.slash(world.channel, "ask", question="what is the article about")
    embed = result.response.embeds[0]
    assert (embed.description or "").startswith("Brad Glosserman contrasts two questions")
    assert_safe_replies(world)


async def test_source_shows_a_paragraph(world: World) -> None:
    result = await world.alice.slash(world.channel, "source", paragraph=7)
    embed = result.response.embeds[0]
    assert embed.title == "¶7 of 18"
    fields = {f.name: f.value for f in embed.fields}
    assert "Kishida" in fields["Key facts"]
    assert "“to share the knowledge of the threat”" in fields["Quotations"]
    assert "Ben Wallace" in fields["Actors named"]


async def test_source_outside_the_article_is_a_friendly_error(world: World) -> None:
    result = await world.alice.slash(world.channel, "source", paragraph=19)
    assert result.ephemeral
    assert result.response.content == (
        "“NATO in Asia, or a NATO for Asia?” has paragraphs 1 to 18; there is no ¶19."
    )


async def test_commands_are_listed_in_help(world: World) -> None:
    result = await world.alice.slash(world.channel, "help")
    fields = {f.name: f.value for f in result.response.embeds[0].fields}
    text = fields["Actors and questions"]
    assert all(f"`/{c}`" in text for c in ("who", "actors", "ask", "source"))
    assert isinstance(result.response.embeds[0], discord.Embed)


async def test_one_near_name_is_a_suggestion_not_an_ambiguity(world: World) -> None:
    for typed in ("japna", "jpn"):
        result = await world.alice.slash(world.channel, "who", actor=typed)
        assert result.ephemeral
        assert f"The article names no actor called “{typed}”. Did you mean Japan?" in result.response.content
        assert "More than one" not in result.response.content
        assert [b["label"] for b in _buttons(result.response)] == ["Japan"]


async def test_the_kind_hint_names_the_choices(world: World) -> None:
    tree = world.env.bot.tree
    actors = tree.get_command("actors").to_dict(tree)  # what the bot syncs to Discord
    hint = next(o["description"] for o in actors["options"] if o["name"] == "kind")
    choices = {c["value"] for o in actors["options"] for c in o.get("choices", [])}
    assert "people" not in hint and "states" not in hint
    assert {"state", "person"} <= choices and "state" in hint and "person" in hint
async def test_ask_in_the_columns_words_and_of_an_office_it_never_fills(world: World) -> None:
    # Issue 17: "flowering" is the column's word (¶15), reached through the paragraph's index terms
    result = await world.alice.slash(
        world.channel, "ask", question="what is flowering in this part of the world"
    )
    assert "(¶15)" in (result.response.embeds[0].description or "")
    # every word is in the pack, yet the column names no leader of Australia
    result = await world.alice.slash(world.channel, "ask", question="who leads australia")
    assert "does not cover that" in result.response.content
    assert not result.response.embeds
    assert_safe_replies(world)
