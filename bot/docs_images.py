"""``make docs-images``: screenshots of Roundtable's key replies for the README, with headless Chromium.

Each picture runs a short console script against a fresh simulated guild, focuses the
bot's reply in SimCord's Preview (message layout) and has Debian's Chromium capture it
into ``docs/img/``. Needs ``chromium`` on PATH (``apt-get install chromium``).
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from bot.console import ConsoleSession
from bot.console.preview import open_preview
from bot.settings import ROOT, Settings

OUT = ROOT / "docs" / "img"
WIDTH = 1100
# SimCord Preview chrome around the conversation, in pixels.
SIDEBAR = 256
TOOLBAR = 76


@dataclass(frozen=True)
class Picture:
    name: str
    viewer: str
    lines: tuple[str, ...]
    height: int = 720


PICTURES = (
    Picture("who-asean", "alice", ("@alice /who ASEAN",), 800),
    Picture(
        "ask", "alice", ('@alice /ask question:"Why does France object to a NATO office in Tokyo?"',), 760
    ),
    Picture(
        "poll",
        "alice",
        (
            '@moderator /poll create question:"Should NATO open a liaison office in Tokyo?" '
            'options:"Yes; No; Not sure"',
            "@alice :click Yes",
            "@bob :click Yes",
            "@carol :click No",
            "@dave :click Not sure",
            "@moderator /poll close",
        ),
        900,
    ),
    Picture(
        "debate-results",
        "alice",
        (
            "@moderator /debate start motion:1 speech_seconds:60",
            "@alice /debate join side:for",
            "@bob /debate join side:against",
            "@carol /debate vote side:against",
            "@dave /debate vote side:against",
            "@erin /debate vote side:undecided",
            "@frank /debate vote side:for",
            "@moderator /debate next",
            ":wait 400",
            "@carol /debate vote side:for",
            "@erin /debate vote side:for",
            "@dave /debate vote side:against",
            "@frank /debate vote side:for",
            "@moderator /debate close",
        ),
        1500,
    ),
    Picture("opinion-map", "alice", ("@alice /map group",), 1700),
)

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--virtual-time-budget=5000",
)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


async def render(
    picture: Picture, settings: Settings, browser: str, out: Path, before: tuple[str, ...] = ()
) -> Path:
    async with ConsoleSession(settings) as session:
        for line in (*before, *picture.lines):
            for reply in await session.run_line(line):
                if reply.kind == "error":
                    raise RuntimeError(f"{picture.name}: {line!r}: {reply.content}")
        assert session.env is not None and session.place is not None
        viewer = session.member(picture.viewer)
        me = session.bot.user
        assert me is not None  # the session's bot has logged in to the simulated Discord
        bot_id = me.id
        target = next(
            m for m in reversed(session.place.channel.history(viewer=viewer)) if m.author.id == bot_id
        )
        async with open_preview(
            session,
            viewers=[viewer],
            layout="message",
            display="fixed",
            width=WIDTH,
            height=picture.height,
        ) as page:
            await page.show(target)
            path = out / f"{picture.name}.png"
            with tempfile.TemporaryDirectory() as profile:
                cmd = [
                    browser,
                    *CHROMIUM_FLAGS,
                    f"--user-data-dir={profile}",
                    f"--window-size={WIDTH},{picture.height}",
                    f"--screenshot={path}",
                    page.url,
                ]
                proc = await asyncio.create_subprocess_exec(
                    *cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                await proc.wait()
    crop(path)
    return path


def crop(path: Path) -> None:
    """Keep the conversation pane: drop the preview's side bar and toolbar, and trailing empty space."""
    from PIL import Image

    with Image.open(path) as image:
        width, height = image.size
        box = image.crop((SIDEBAR, TOOLBAR, width, height)).convert("RGB")
    background = box.getpixel((box.width - 2, box.height - 2))
    bottom = box.height
    pixels = box.load()
    if pixels is None:
        raise RuntimeError(f"{path}: the screenshot has no pixels to read")
    while bottom > 40 and all(pixels[x, bottom - 1] == background for x in range(0, box.width, 4)):
        bottom -= 1
    box.crop((0, 0, box.width, min(box.height, bottom + 16))).save(path)


async def main(names: list[str]) -> int:
    browser = chromium()
    if browser is None:
        print("docs-images needs Chromium: apt-get install chromium", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    chosen = [p for p in PICTURES if not names or p.name in names]
    for picture in chosen:
        with tempfile.TemporaryDirectory() as tmp:
            settings = replace(
                Settings.from_env(), database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'img.db'}"
            )
            before: tuple[str, ...] = ()
            if picture.name == "opinion-map":
                before = _opinion_votes()
            path = await render(picture, settings, browser, OUT, before)
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


def _opinion_votes() -> tuple[str, ...]:
    """Fourteen members in two loose camps answer ten motions, with some dissent and gaps, so the
    map has structure to show without being a caricature."""
    lines = []
    for i in range(14):
        camp = i % 2
        for motion in range(1, 11):
            if (i * motion) % 11 == 0:
                continue  # not everyone answers everything
            agree = motion <= 4 or (motion % 2 == camp)
            if (i + motion) % 7 == 0:
                agree = not agree  # a little dissent inside each camp
            strength = "strongly " if (i + motion) % 3 == 0 else ""
            stance = f"{strength}{'agree' if agree else 'disagree'}"
            lines.append(f'@m{i} /stance set motion:{motion} stance:"{stance}"')
    return tuple(lines)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
