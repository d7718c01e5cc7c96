"""``python -m bot pack draft``: read the text, draft, write, validate, and say what is left."""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path
from typing import TextIO

from bot.pack_check import check_pack
from bot.pack_draft.build import DraftError, draft_pack, write_draft
from bot.packs import PackError, load_pack
from bot.settings import Settings
from bot.text import plural


def run_draft(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    article: Path = args.article
    if not article.is_file():
        print(f"{article}: no such file", file=err)
        return 2
    folder: Path = args.out or settings.packs_dir / args.pack_id
    try:
        draft = draft_pack(
            article.read_text(encoding="utf-8"),
            args.pack_id,
            title=args.title,
            author=args.author,
            publication=args.publication,
            published=args.published,
            keep_footer=args.keep_footer,
        )
        if args.assist:
            from bot.pack_draft.assist import AssistSettings, assist_draft

            assist = AssistSettings(
                url=args.assist,
                model=args.assist_model or os.environ.get("ASSIST_MODEL", "llama3.1"),
                api_key=os.environ.get("ASSIST_API_KEY") or os.environ.get("OPENAI_API_KEY"),
            )
            notes = asyncio.run(assist_draft(draft, assist))
            for note in notes:
                print(f"  assist: {note}", file=err)
        write_draft(draft, folder, force=args.force, keep_text=args.keep_text)
    except DraftError as exc:
        print(f"pack draft: {exc}", file=err)
        return 1
    try:
        load_pack(folder)
    except PackError as exc:  # a bug in the drafter: say so plainly
        print(f"{folder}: the draft does not validate:", file=err)
        for problem in exc.problems:
            print(f"  - {problem}", file=err)
        return 1
    report = check_pack(folder, None if args.keep_text else article)
    left = len(report.of_kind("draft"))
    others = [p for p in report.problems if p.kind != "draft"]
    print(
        f"{folder}: drafted {plural(len(draft.paragraphs), 'paragraph')}, "
        f"{plural(len(draft.actors), 'actor')}, "
        f"{plural(len(draft.quotations), 'quotation')}"
        + (
            f"; left out {plural(len(draft.left_out), 'trailing paragraph')} of boilerplate"
            if draft.left_out
            else ""
        )
        + (f"; kept the text in {folder.name}/article.local.txt (not committed)" if args.keep_text else ""),
        file=out,
    )
    for other in others:
        print(f"  - {other.line()}", file=out)
    print(
        f"Next: write the {plural(left, 'field')} marked [draft] in your own words, check each actor and "
        f"speaker, then run: python -m bot pack check {folder}"
        + ("" if args.keep_text else f" --against {article}"),
        file=out,
    )
    return 0
