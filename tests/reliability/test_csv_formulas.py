"""Both CSV exports (/export positions, /poll export) hold no cell a spreadsheet would run as a
formula, whichever common separator the spreadsheet splits on (Excel in many European locales
splits on ``;``): every field is opened with each of , ; tab | and no cell starts with = + - @."""

from __future__ import annotations

import csv
import io

import pytest

from tests.cogs.test_polls import create
from tests.conftest import World

DELIMITERS = (",", ";", "\t", "|")
TRIGGERS = ("=", "+", "-", "@")
# Reasons and option labels that hide a formula after a separator (not only at the start).
HOSTILE = ("ok;=1+1;", "fine,@SUM(A1:A9)", "a|+cmd|' /C calc'!A0", "tab\t-2+3", 'q"=HYPERLINK(1)')


def formula_cells(text: str) -> list[tuple[str, str]]:
    """Every cell that starts with a formula character, for each way of splitting the file."""
    found = []
    for delimiter in DELIMITERS:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            for cell in row:
                # Spreadsheets drop the quotes and spaces around a cell before they look at it.
                bare = cell.strip().strip('"').strip()
                if bare.startswith(TRIGGERS):
                    found.append((repr(delimiter), cell))
    return found


async def _attachment_text(result: object) -> str:
    [attachment] = result.response.attachments  # type: ignore[attr-defined]
    return (await attachment.read()).decode("utf-8")


async def test_positions_export_has_no_formula_on_any_separator(world: World) -> None:
    for motion, reason in enumerate(HOSTILE, start=1):
        await world.alice.slash(
            world.channel, "stance set", motion=str(motion), stance="agree", reason=reason
        )
    text = await _attachment_text(await world.moderator.slash(world.channel, "export positions"))
    assert "SUM(A1:A9)" in text and "HYPERLINK(1)" in text  # the text is kept, made harmless
    assert formula_cells(text) == []


@pytest.mark.parametrize("anonymous", [False, True])
async def test_poll_export_has_no_formula_on_any_separator(world: World, anonymous: bool) -> None:
    labels = ["fine,@SUM(A1:A9)", "a|+cmd|' /C calc'!A0", "tab\t-2+3"]
    created, poll_id = await create(world, question="Which?", options="; ".join(labels), anonymous=anonymous)
    for index, member in enumerate((world.alice, world.bob, world.moderator)):
        await member.click(created.response, custom_id=f"roundtable:poll:{poll_id}:{index}")
    text = await _attachment_text(await world.alice.slash(world.channel, "poll export", poll=str(poll_id)))
    assert "SUM(A1:A9)" in text
    assert formula_cells(text) == []
