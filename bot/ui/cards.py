"""Neutral replies (bot/replies/model.py) rendered to discord.py: embeds, a view, files.

Buttons and selects are sent as a picture of the controls: the view is stopped before it is sent,
so discord.py does not keep it. Presses reach the ``DynamicItem`` registered for the action's
namespace (``roundtable:<feature>:...``), whose state comes from the database.
"""

from __future__ import annotations

import io

import discord

from bot.replies.model import Attachment, Button, Card, Control, Select
from bot.ui.limits import ACTION_ROWS, BUTTON_LABEL, SELECT_OPTIONS, SELECT_PLACEHOLDER, SELECT_TEXT, clip

_STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}


def to_embed(card: Card) -> discord.Embed:
    embed = discord.Embed(title=card.title, description=card.description, colour=card.colour, url=card.url)
    for f in card.fields:
        embed.add_field(name=f.name, value=f.value, inline=f.inline)
    if card.footer:
        embed.set_footer(text=card.footer)
    if card.image:
        embed.set_image(url=f"attachment://{card.image}")
    return embed


def _item(control: Control, row: int) -> discord.ui.Item[discord.ui.View]:
    if isinstance(control, Button):
        return discord.ui.Button(
            label=clip(control.label, BUTTON_LABEL),
            custom_id=control.action,
            style=_STYLES[control.style],
            disabled=control.disabled,
            emoji=control.emoji,
            row=row,
        )
    select: Select = control
    return discord.ui.Select(
        custom_id=select.action,
        placeholder=clip(select.placeholder, SELECT_PLACEHOLDER) or None,
        options=[
            discord.SelectOption(
                label=clip(o.label, SELECT_TEXT),
                value=o.value[:SELECT_TEXT],
                description=clip(o.description, SELECT_TEXT) or None,
            )
            for o in select.options[:SELECT_OPTIONS]
        ],
        row=row,
    )


def to_view(rows: list[list[Control]]) -> discord.ui.View | None:
    if not rows:
        return None
    view = discord.ui.View(timeout=None)
    for number, row in enumerate(rows[:ACTION_ROWS]):
        for control in row[: 1 if isinstance(row[0], Select) else 5]:
            view.add_item(_item(control, number))
    view.stop()  # a picture of the controls: the dynamic items answer presses
    return view


def to_file(attachment: Attachment) -> discord.File:
    return discord.File(
        io.BytesIO(attachment.data), filename=attachment.filename, description=attachment.description
    )
