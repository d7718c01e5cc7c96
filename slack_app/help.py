"""/help on Slack: every command with its usage, or one command's usage in full."""

from __future__ import annotations

from bot.errors import NotFound
from bot.replies.model import Card, Reply
from slack_app.front import SlackFront
from slack_app.grammar import Opt, Parsed, Syntax, usage_text
from slack_app.turn import Turn

HELP = [
    Syntax(
        "help",
        "what each command does; `/help stance` shows how to type one",
        (Opt("command", rest=True),),
        example="/help poll",
    )
]
GRAMMAR = (
    "Type options in order (`/stance set 1 agree deterrence works`) or by name "
    '(`/poll create question:"Should NATO open an office?" options:"Yes; No"`); quote a value '
    "that has spaces. The last text option takes the rest of the line."
)


def help_reply(front: SlackFront, wanted: str | None) -> Reply:
    if wanted:
        name = wanted.strip().lstrip("/").split(" ")[0].lower()
        syntaxes = front.commands.get(name)
        if syntaxes is None:
            raise NotFound(f"There is no /{name[:32]} command. `/help` lists them all.")
        return Reply(
            cards=[Card(title=f"/{name}", description=usage_text(syntaxes), footer=GRAMMAR)], private=True
        )
    card = Card(title="Roundtable commands", description=GRAMMAR)
    for name, syntaxes in front.commands.items():
        card.add_field(f"/{name}", "\n".join(f"`{s.usage()}`: {s.summary}" for s in syntaxes))
    return Reply(cards=[card], private=True)


def register(front: SlackFront) -> None:
    async def show(turn: Turn, parsed: Parsed) -> None:
        await turn.send(help_reply(front, parsed.get("command")))

    front.command("help", HELP, show)
