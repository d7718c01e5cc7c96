"""The debate result chart: its title stays inside the picture (issue 15: it was cut off on the right)."""

from __future__ import annotations

import io

import pytest
from matplotlib.text import Text
from PIL import Image

from bot.ui.charts import to_png
from bot.ui.debate_charts import pre_post_chart

PRE = {"for": 29.0, "against": 71.0, "undecided": 0.0}
POST = {"for": 43.0, "against": 57.0, "undecided": 0.0}


@pytest.mark.parametrize(
    "title",
    [
        "#1 before and after: For +14.3, Against −14.3 points",
        "#128 before and after: For −100.0, Against +100.0 points",  # the longest the cog writes
    ],
)
def test_the_title_fits_within_the_plot(title: str) -> None:
    fig = pre_post_chart(title, PRE, POST)
    fig.draw_without_rendering()
    (ax,) = fig.axes
    shown = ax.get_title(loc="left")
    assert shown.replace("\n", " ") == title  # wrapped, not cut
    (artist,) = [t for t in ax.get_children() if isinstance(t, Text) and t.get_text() == shown]
    assert artist.get_window_extent().x1 <= ax.get_window_extent().x1
    png = to_png(fig)
    width, _ = Image.open(io.BytesIO(png)).size
    assert width <= fig.bbox.width  # the title does not stretch the saved image either
