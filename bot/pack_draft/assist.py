"""``pack draft --assist URL``: draft the prose fields through an OpenAI-compatible chat endpoint.

Optional and never required: a local Ollama or llama.cpp server, or a hosted API (the key from
``ASSIST_API_KEY`` or ``OPENAI_API_KEY``). Every answer goes through the checks ``pack check``
runs (length, no run of ``COPY_RUN`` words shared with the text, quoted phrases present in the
paragraphs cited); an answer that fails keeps the plain ``[draft]`` note. One that passes is
written as ``[draft: assisted] …``, so it stays marked for the facilitator to review.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.pack_check import COPY_RUN, column_runs, copied_run, quoted_phrases
from bot.pack_draft.build import Draft, cite
from bot.pack_draft.text import clean
from bot.text import plural

log = logging.getLogger(__name__)

ASSISTED = "[draft: assisted]"
SYSTEM = (
    "You help a study-group facilitator describe a text. Write in your own words, plainly and "
    "briefly. Never copy the text's sentences; if you quote a phrase, put it in quotation marks "
    "exactly as the text has it. State only what the text says. Answer with the requested text only."
)


@dataclass(frozen=True)
class AssistSettings:
    url: str
    model: str
    api_key: str | None = None
    timeout: float = 120.0

    @property
    def endpoint(self) -> str:
        url = self.url.rstrip("/")
        return url if url.endswith("/chat/completions") else f"{url}/chat/completions"


class AssistUnavailable(Exception):
    """The endpoint did not answer usably: stop asking it."""


async def _ask(http: aiohttp.ClientSession, assist: AssistSettings, prompt: str) -> str:
    headers = {"Authorization": f"Bearer {assist.api_key}"} if assist.api_key else {}
    body: dict[str, Any] = {
        "model": assist.model,
        "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
        "temperature": 0.3,
    }
    try:
        async with http.post(assist.endpoint, json=body, headers=headers) as response:
            if response.status != 200:
                raise AssistUnavailable(f"{assist.endpoint} answered HTTP {response.status}")
            data = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        raise AssistUnavailable(f"{assist.endpoint}: {exc or type(exc).__name__}") from exc
    try:
        return str(data["choices"][0]["message"]["content"]).strip()
    except (KeyError, IndexError, TypeError) as exc:
        raise AssistUnavailable(f"{assist.endpoint}: not an OpenAI-style chat answer") from exc


class _Checker:
    def __init__(self, draft: Draft) -> None:
        self.paragraphs = draft.paragraphs
        self.column = column_runs(draft.paragraphs)

    def problem(self, text: str, paragraphs: list[int], limit: int) -> str | None:
        if not text or len(text) > limit:
            return f"empty or longer than {limit} characters"
        run = copied_run(text, self.column)
        if run:
            return f"it shares {COPY_RUN} words with the text (“{run}”)"
        within = [clean(self.paragraphs[n - 1]) for n in paragraphs if 1 <= n <= len(self.paragraphs)]
        for phrase in quoted_phrases(text):
            if not any(clean(phrase) in p for p in within):
                return f"it quotes “{phrase}”, which is not in {cite(paragraphs)}"
        return None


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip('"').strip()


async def assist_draft(draft: Draft, assist: AssistSettings) -> list[str]:
    """Fill the draft's prose through the endpoint, in place; returns notes for the facilitator."""
    checker = _Checker(draft)
    notes: list[str] = []
    files = draft.files
    asked = kept = 0
    timeout = aiohttp.ClientTimeout(total=assist.timeout)

    async with aiohttp.ClientSession(timeout=timeout) as http:

        async def fill(
            where: str, entry: dict[str, Any], key: str, prompt: str, cited: list[int], limit: int
        ) -> None:
            nonlocal asked, kept
            asked += 1
            text = _one_line(await _ask(http, assist, prompt))
            trouble = checker.problem(text, cited, limit - len(ASSISTED) - 1)
            if trouble:
                notes.append(f"{where}: kept the [draft] note: {trouble}")
                return
            entry[key] = f"{ASSISTED} {text}"
            kept += 1

        try:
            whole = "\n".join(f"¶{n} {p}" for n, p in enumerate(draft.paragraphs, start=1))
            await fill(
                "pack.yaml summary",
                files["pack.yaml"],
                "summary",
                f"In two or three sentences, what does this text argue?\n\n{whole}",
                list(range(1, len(draft.paragraphs) + 1)),
                1000,
            )
            for entry in files["paragraphs.yaml"]:
                n = entry["number"]
                await fill(
                    f"paragraphs.yaml [{n}].summary",
                    entry,
                    "summary",
                    f"Summarise this paragraph (¶{n}) in one or two sentences:\n\n{draft.paragraphs[n - 1]}",
                    [n],
                    1000,
                )
            for entry in files["actors.yaml"]:
                cited = entry["paragraphs"]
                context = "\n".join(f"¶{n} {draft.paragraphs[n - 1]}" for n in cited[:6])
                await fill(
                    f"actors.yaml [{entry['id']}].profile",
                    entry,
                    "profile",
                    f"In one or two sentences, who or what is {entry['name']} in these paragraphs?"
                    f"\n\n{context}",
                    cited,
                    1000,
                )
            for entry in files["motions.yaml"]:
                n = entry["paragraphs"][0]
                await fill(
                    f"motions.yaml [{entry['number']}].context",
                    entry,
                    "context",
                    "In two sentences, say what this paragraph argues and what could be said against it:"
                    f"\n\n{draft.paragraphs[n - 1]}",
                    [n],
                    1000,
                )
        except AssistUnavailable as exc:
            notes.append(f"the assistant stopped answering ({exc}); the rest keeps its [draft] notes")
    notes.insert(
        0,
        f"the assistant drafted {kept} of {plural(asked, 'field')} asked, each marked {ASSISTED} for review",
    )
    return notes
