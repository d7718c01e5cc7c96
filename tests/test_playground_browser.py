"""The browser playground, driven as a visitor would: headless Chromium runs /who ASEAN from the page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from bot.settings import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on this machine (Debian: apt-get install chromium)"
)
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def playground_url(tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "playground"],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = None
        assert proc.stdout is not None
        for line in proc.stdout:
            match = re.search(r"open (http://\S+)", line)
            if match:
                url = match.group(1)
                break
        assert url is not None, "the playground printed no address"
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode == 0, "the playground did not stop cleanly on SIGTERM"


def test_who_asean_from_the_page(playground_url: str) -> None:
    assert playground_url.startswith("http://127.0.0.1:"), "the playground must bind to loopback only"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(playground_url)
        page.wait_for_selector("#channel-composer-input")
        # The seeded examples are there: a /who answer, an open poll and a debate in its pre-vote.
        body = page.inner_text("body")
        assert "Should NATO open a liaison office in Tokyo?" in body
        assert "Debate: #1" in body
        # Members show by name inside embeds too (the debate board lists its debaters), never as <@id>.
        assert not re.search(r"<@!?\d+>", body), body
        before = body.count("used /who")

        composer = page.locator("#channel-composer-input")
        composer.click()
        composer.type("/who")
        page.keyboard.press("Enter")  # choose the command
        option = page.locator('input.command-option-input[data-option="actor"]')
        option.fill("ASEAN")
        page.locator("#send-message").click()
        # The page forbids eval (CSP), so poll from here rather than with wait_for_function.
        for _ in range(75):
            if page.inner_text("body").count("used /who") > before:
                break
            page.wait_for_timeout(200)
        body = page.inner_text("body")
        assert body.count("used /who") == before + 1
        newest = body.rsplit("used /who", 1)[1]
        assert "Association of Southeast Asian Nations" in newest
        browser.close()
