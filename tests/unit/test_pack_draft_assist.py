"""``pack draft --assist URL`` against a fake OpenAI-compatible endpoint on 127.0.0.1.

The fake answers most prompts with a paraphrase, one with a sentence copied from the article
and one with a phrase the paragraph does not have: those two keep their [draft] notes, the
rest are written marked [draft: assisted], and the pack validates and copies nothing.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web

from bot.__main__ import main
from bot.pack_check import check_pack
from bot.packs import load_pack
from tests.draft_articles import BALTIC

COPIED = "Estonia and Latvia want a permanent NATO naval headquarters; Germany prefers rotating deployments."


class FakeChat:
    """An OpenAI-style /v1/chat/completions server on its own thread and loop."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.url = ""

    async def _answer(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        prompt = body["messages"][-1]["content"]
        if "(¶5)" in prompt:
            content = f"The paragraph says: {COPIED}"
        elif "(¶6)" in prompt:
            content = 'Vaitkus promised to "defend every inch" of Lithuania.'
        elif "(¶" in prompt:
            number = re.search(r"\(¶(\d+)\)", prompt).group(1)  # type: ignore[union-attr]
            content = f"A short paraphrase of paragraph {number}, in the assistant's words."
        else:
            content = "Someone or something the text names, described briefly."
        return web.json_response({"choices": [{"message": {"role": "assistant", "content": content}}]})

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._answer)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/v1"

    def __enter__(self) -> FakeChat:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        return self

    def __exit__(self, *_: object) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def fake_chat() -> Iterator[FakeChat]:
    with FakeChat() as chat:
        yield chat


def test_assisted_prose_is_checked_and_stays_marked_for_review(
    tmp_path: Path, fake_chat: FakeChat, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASSIST_API_KEY", "sk-test-key")
    text = tmp_path / "baltic.txt"
    text.write_text(BALTIC.text, encoding="utf-8")
    out = tmp_path / "packs" / BALTIC.slug
    argv = ["pack", "draft", str(text), "--id", BALTIC.slug, "--out", str(out), "--keep-text"]
    assert main([*argv, "--assist", fake_chat.url, "--assist-model", "tiny"]) == 0
    err = capsys.readouterr().err

    assert fake_chat.requests and {r["model"] for r in fake_chat.requests} == {"tiny"}
    assert {h.get("Authorization") for h in fake_chat.headers} == {"Bearer sk-test-key"}
    load_pack(out)  # validates
    paragraphs = {p["number"]: p["summary"] for p in yaml.safe_load((out / "paragraphs.yaml").read_text())}
    assert paragraphs[1] == "[draft: assisted] A short paraphrase of paragraph 1, in the assistant's words."
    assert paragraphs[5].startswith("[draft] ")  # the copied sentence was refused
    assert paragraphs[6].startswith("[draft] ")  # so was the phrase ¶6 does not have
    assert "paragraphs.yaml [5].summary: kept the [draft] note: it shares 12 words with the text" in err
    assert "paragraphs.yaml [6].summary: kept the [draft] note: it quotes “defend every inch”" in err

    report = check_pack(out)
    assert {p.kind for p in report.problems} == {"draft"}  # nothing copied, every field still marked
    assisted = [p for p in report.problems if "drafted by the assistant" in p.message]
    assert len(assisted) >= BALTIC.paragraphs - 2


def test_an_endpoint_that_does_not_answer_leaves_the_plain_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "baltic.txt"
    text.write_text(BALTIC.text, encoding="utf-8")
    out = tmp_path / "packs" / BALTIC.slug
    code = main(
        [
            "pack",
            "draft",
            str(text),
            "--id",
            BALTIC.slug,
            "--out",
            str(out),
            "--assist",
            "http://127.0.0.1:9/v1",
        ]
    )
    assert code == 0
    assert "the assistant stopped answering" in capsys.readouterr().err
    assert {p.kind for p in check_pack(out, text).problems} == {"draft"}
