"""Small, valid packs written to disk for tests (the real pack lives in data/packs/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def tiny_pack(slug: str = "tiny", *, actors: int = 2, title: str = "A tiny text") -> dict[str, Any]:
    actor_list = [
        {
            "id": f"actor-{i}",
            "name": f"Actor {i}",
            "kind": "organisation",
            "aliases": [f"A{i}"],
            "profile": f"Actor {i} is a made-up organisation.",
            "paragraphs": [1],
        }
        for i in range(actors)
    ]
    return {
        "pack.yaml": {
            "id": slug,
            "title": title,
            "summary": "A two-paragraph text made up for tests.",
            "source": {"author": "Test Author", "publication": "Test Times", "published": "2026-01-01"},
            "paragraph_count": 2,
        },
        "paragraphs.yaml": [
            {"number": 1, "summary": "The first paragraph.", "facts": ["One fact."], "actors": ["actor-0"]},
            {"number": 2, "summary": "The second paragraph.", "facts": [], "actors": []},
        ],
        "actors.yaml": actor_list,
        "motions.yaml": [
            {
                "number": 1,
                "title": "Tests should be real",
                "context": "Made up (¶1).",
                "paragraphs": [1],
                "for": [{"text": "Made up for (¶1).", "paragraphs": [1], "actors": ["actor-0"]}],
                "against": [{"text": "Made up against (¶2).", "paragraphs": [2]}],
            },
        ],
    }


def write_pack(root: Path, files: dict[str, Any]) -> Path:
    folder = root / files["pack.yaml"]["id"]
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return folder
