"""/who, /actors, /ask, /source and /help on Slack, through signed requests to the real Bolt app."""

from __future__ import annotations

from slack_app.simulator import SlackSimulator, buttons


async def test_who_answers_in_the_acknowledgement_with_the_actor_card(slack: SlackSimulator) -> None:
    result = await slack.command("alice", "who", "ASEAN")
    assert result.status == 200
    [reply] = result.replies
    assert reply["kind"] == "response"
    assert reply["response_type"] == "in_channel"
    assert reply["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "ASEAN", "emoji": True},
    }
    assert "¶" in result.text()


async def test_a_near_name_is_suggested_privately_and_its_button_shows_the_card(
    slack: SlackSimulator,
) -> None:
    result = await slack.command("alice", "who", "foreign minister")
    [reply] = result.replies
    assert reply["response_type"] == "ephemeral"
    assert "Did you mean" in reply["text"]
    choices = buttons(reply)
    assert "Qin Gang" in choices and len(choices) <= 5
    pressed = await slack.press("alice", choices["Qin Gang"])
    [card] = pressed.replies
    assert card["kind"] == "followup"
    assert card["response_type"] == "in_channel"
    assert card["blocks"][0]["text"]["text"] == "Qin Gang"
    assert "Position (¶14)" in pressed.text()


async def test_ask_cites_paragraphs_and_an_unanswerable_question_is_private(slack: SlackSimulator) -> None:
    answered = await slack.command("alice", "ask", "Why does France object to a NATO office in Tokyo?")
    [reply] = answered.replies
    assert reply["response_type"] == "in_channel"
    assert "¶" in answered.text()
    missing = await slack.command("alice", "ask", "What is the price of tea in Lisbon?")
    [private] = missing.replies
    assert private["response_type"] == "ephemeral"
    assert "does not cover" in private["text"]


async def test_source_shows_a_paragraph_and_a_missing_one_is_a_private_error(slack: SlackSimulator) -> None:
    shown = await slack.command("alice", "source", "5")
    assert shown.replies[0]["blocks"][0]["text"]["text"].startswith("¶5 of ")
    missing = await slack.command("alice", "source", "99")
    [error] = missing.replies
    assert error["response_type"] == "ephemeral"
    assert "there is no ¶99" in error["text"]
    not_a_number = await slack.command("alice", "source", "five")
    assert "whole number" in not_a_number.replies[0]["text"]
    assert "/source <paragraph>" in not_a_number.text()


async def test_actors_pages_by_editing_its_message(slack: SlackSimulator) -> None:
    result = await slack.command("alice", "actors")
    [reply] = result.replies
    page_buttons = buttons(reply)
    assert list(page_buttons) == ["Next ▶"]  # Slack shows no disabled button: no Previous on page 1
    pressed = await slack.press("bob", page_buttons["Next ▶"])
    [edit] = pressed.replies
    assert edit["kind"] == "edit"
    assert "Page 2 of" in pressed.text()


async def test_help_lists_commands_and_shows_one_commands_usage(slack: SlackSimulator) -> None:
    everything = await slack.command("alice", "help")
    assert everything.replies[0]["response_type"] == "ephemeral"
    assert "/who" in everything.text() and "/ask" in everything.text()
    one = await slack.command("alice", "help", "source")
    assert "/source <paragraph>" in one.text()
    nothing = await slack.command("alice", "help", "nonsense")
    assert "There is no /nonsense command" in nothing.text()


async def test_a_bad_signature_or_a_stale_timestamp_gets_401_and_runs_nothing(
    slack: SlackSimulator,
) -> None:
    body = "command=%2Fwho&text=ASEAN&team_id=T1&user_id=U1&channel_id=C1&response_url=x"
    before = len(slack.fake.calls)
    wrong = slack.sign(body)
    wrong["X-Slack-Signature"] = "v0=" + "0" * 64
    status, _ = await slack.post(body, "application/x-www-form-urlencoded", headers=wrong)
    assert status == 401
    stale = slack.sign(body, timestamp=1_000_000_000)
    status, _ = await slack.post(body, "application/x-www-form-urlencoded", headers=stale)
    assert status == 401
    await slack.settle()
    assert slack.fake.calls[before:] == []


async def test_member_text_never_pings_and_stays_inside_slacks_limits(slack: SlackSimulator) -> None:
    hostile = "<!channel> <!here> <@U123ABC> *bold* " + "\u202eevil\u200b" + "x" * 5000
    result = await slack.command("alice", "who", hostile)
    for reply in result.replies:
        text = str(reply)
        assert "<!channel>" not in text and "<!here>" not in text and "<@U123ABC>" not in text
        assert len(reply["blocks"]) <= 50
        for block in reply["blocks"]:
            for part in [block.get("text"), *block.get("fields", [])]:
                if part:
                    assert len(part["text"]) <= 3000
    asked = await slack.command("alice", "ask", "<!everyone> what does NATO say?")
    assert "<!everyone>" not in str(asked.replies)


async def test_text_slack_sent_escaped_is_read_as_typed_and_shown_as_typed(slack: SlackSimulator) -> None:
    """Slack sends &, < and > escaped in a command's text; the reply shows what the member typed."""
    result = await slack.command("alice", "ask", "What do <b>tea</b> & coffee cost in Lisbon?")
    [reply] = result.replies
    assert "does not cover" in reply["text"]
    assert "What do &lt;b&gt;tea&lt;/b&gt; &amp; coffee cost in Lisbon?" in reply["text"]
    assert "What do <b>tea</b> & coffee cost in Lisbon?" in result.text()
