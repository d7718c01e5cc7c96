"""Command line: ``python -m bot [run|console|db|seed|pack|invite-url]``."""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import logging
import sys
import traceback
from pathlib import Path

import discord

from bot.settings import Settings, SettingsError, configure_logging
from bot.text import plural

log = logging.getLogger("bot")

# What the bot needs and nothing more: see README "Invite the bot".
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
)

NO_TOKEN = """\
No DISCORD_TOKEN is set (nor SLACK_BOT_TOKEN), so Roundtable starts its offline console: the
real bot against a simulated Discord server. To run it on Discord:
  1. https://discord.com/developers/applications -> New Application -> Bot -> Reset Token
  2. put the token in .env as DISCORD_TOKEN=... (see .env.example)
  3. python -m bot invite-url   prints the link that adds the bot to your server
On Slack: create the app from slack_app/manifest.yaml and set SLACK_BOT_TOKEN and SLACK_APP_TOKEN
(docs/slack.md). With both, one process serves both.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Roundtable, a study-group bot.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser(
        "run", help="run the bot on Discord and/or Slack, as tokens are set (else the offline console)"
    )
    console = sub.add_parser(
        "console", help="the real bot against a simulated Discord (or Slack workspace), from stdin"
    )
    console.add_argument(
        "--platform",
        choices=("discord", "slack"),
        default="discord",
        help="the front end to drive: the Discord bot (default) or the Slack app",
    )
    console.add_argument("--json", action="store_true", help="one JSON object per bot reply")
    console.add_argument(
        "--files", type=Path, default=None, metavar="DIR", help="save every file the bot sends under DIR"
    )
    db = sub.add_parser("db", help="database tasks")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="apply migrations")
    up.add_argument("revision", nargs="?", default="head")
    down = db_sub.add_parser("downgrade", help="undo migrations")
    down.add_argument("revision")
    copy = db_sub.add_parser("copy", help="copy this database (DATABASE_URL) into an empty PostgreSQL one")
    copy.add_argument("--to", required=True, dest="to_url", metavar="DATABASE_URL", help="the empty target")
    sub.add_parser("seed", help="load the content packs into the database (idempotent)")
    pack = sub.add_parser("pack", help="content pack tasks")
    pack_sub = pack.add_subparsers(dest="pack_command", required=True)
    validate = pack_sub.add_parser("validate", help="check a pack folder and report every problem")
    validate.add_argument("path", type=Path)
    _add_pack_draft_and_check(pack_sub)
    play = sub.add_parser("playground", help="try the bot in a browser page, with no token (loopback only)")
    play.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: any free port)")
    invite = sub.add_parser("invite-url", help="print the link that adds the bot to a server")
    invite.add_argument("--client-id", type=int, help="application id (default: read from DISCORD_TOKEN)")
    return parser


def client_id_from_token(token: str) -> int | None:
    head = token.split(".", 1)[0]
    try:
        return int(base64.b64decode(head + "=" * (-len(head) % 4)).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def invite_url(client_id: int) -> str:
    return discord.utils.oauth_url(
        client_id, permissions=PERMISSIONS, scopes=("bot", "applications.commands")
    )


async def _upgrade(settings: Settings, revision: str, down: bool = False) -> None:
    from bot.db import Database

    db = Database(settings.database_url)
    try:
        await (db.downgrade(revision) if down else db.upgrade(revision))
        print(f"database at revision {await db.current_revision()}")
    finally:
        await db.dispose()


async def _seed(settings: Settings) -> None:
    from bot.app import load_packs
    from bot.clock import system_clock
    from bot.db import Database
    from bot.services import content

    db = Database(settings.database_url)
    try:
        await db.upgrade()
        packs = load_packs(settings)
        async with db.unit_of_work() as session:
            synced = await content.sync_folder(session, packs, system_clock())
        print(f"{len(packs)} pack(s); updated: {', '.join(synced.changed) or 'none (already up to date)'}")
        if synced.retired:
            print(f"retired, as their folders are gone: {', '.join(synced.retired)}")
    finally:
        await db.dispose()


async def _run_bot(settings: Settings) -> None:
    """Every front end with a token (Discord, Slack or both) in this process (bot/serve.py)."""
    from bot.serve import run

    await run(settings)


def _add_pack_draft_and_check(pack_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    draft = pack_sub.add_parser("draft", help="draft a new pack from a text file, for review")
    draft.add_argument("article", type=Path, help="the text: one paragraph per line, or blank-line separated")
    draft.add_argument("--id", required=True, dest="pack_id", help="the pack's id (lower case, digits, -)")
    draft.add_argument("--title")
    draft.add_argument("--author")
    draft.add_argument("--publication")
    draft.add_argument("--published", help="when the text appeared, e.g. 2023-06-12")
    draft.add_argument("--out", type=Path, help="write here instead of PACKS_DIR/ID")
    draft.add_argument("--force", action="store_true", help="overwrite an existing pack there")
    draft.add_argument("--keep-footer", action="store_true", help="keep trailing boilerplate paragraphs")
    draft.add_argument("--keep-text", action="store_true", help="keep the text beside the pack (untracked)")
    draft.add_argument("--assist", metavar="URL", help="draft prose via an OpenAI-compatible chat endpoint")
    draft.add_argument("--assist-model", help="the model to ask (default: ASSIST_MODEL, else llama3.1)")
    check = pack_sub.add_parser("check", help="check a pack against its text: quotes, ¶s, copying, drafts")
    check.add_argument("path", type=Path)
    check.add_argument("--against", type=Path, metavar="ARTICLE.txt", help="the text (default: the kept one)")


def _pack_draft(settings: Settings, args: argparse.Namespace) -> int:
    from bot.pack_draft.cli import run_draft

    return run_draft(settings, args, sys.stdout, sys.stderr)


def _pack_check(args: argparse.Namespace) -> int:
    from bot.pack_check import check_pack

    report = check_pack(args.path, args.against)
    for problem in report.problems:
        print(f"  - {problem.line()}", file=sys.stderr if not report.ok else sys.stdout)
    print(report.summary(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def _validate(path: Path) -> int:
    from bot.packs import PackError, load_pack

    try:
        pack = load_pack(path)
    except PackError as exc:
        print(f"{path}: {plural(len(exc.problems), 'problem')}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(
        f"{path}: OK: {len(pack.paragraphs)} paragraphs, {len(pack.actors)} actors, "
        f"{len(pack.motions)} motions"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    offline = command == "run" and not (settings.discord_token or settings.slack_mode)
    if command in ("console", "playground") or offline:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        logging.getLogger("discord").setLevel(logging.ERROR)
    else:
        configure_logging(settings)

    if offline:
        print(NO_TOKEN, file=sys.stderr)
        command = "console"
        args.json = False
        args.files = None
        args.platform = "discord"
    try:
        return _dispatch(command, args, settings)
    except Exception as exc:
        from bot.startup_errors import explain

        message = explain(exc, settings.database_url)
        if message is None:
            raise  # a bug: keep the traceback
        print(message, file=sys.stderr)
        if settings.log_level == "DEBUG":
            traceback.print_exception(exc, file=sys.stderr)
        return 2


def _dispatch(command: str, args: argparse.Namespace, settings: Settings) -> int:
    if command == "console":
        from bot.console import run_console, stdin_lines

        return asyncio.run(
            run_console(
                settings,
                stdin_lines(),
                as_json=args.json,
                out=sys.stdout,
                files=args.files,
                platform=getattr(args, "platform", "discord"),
            )
        )
    if command == "playground":
        from bot.playground import run_playground

        return asyncio.run(run_playground(settings, port=args.port))
    if command == "run":
        asyncio.run(_run_bot(settings))
        return 0
    if command == "db" and args.db_command == "copy":
        from bot.dbcopy import run_copy

        return asyncio.run(run_copy(settings.database_url, args.to_url, sys.stdout))
    if command == "db":
        asyncio.run(_upgrade(settings, args.revision, down=args.db_command == "downgrade"))
        return 0
    if command == "seed":
        asyncio.run(_seed(settings))
        return 0
    if command == "pack" and args.pack_command == "draft":
        return _pack_draft(settings, args)
    if command == "pack" and args.pack_command == "check":
        return _pack_check(args)
    if command == "pack":
        return _validate(args.path)
    if command == "invite-url":
        client_id = args.client_id or (
            client_id_from_token(settings.discord_token or "") if settings.discord_token else None
        )
        if client_id is None:
            print(
                "Give --client-id (the Application ID on the developer portal) or set DISCORD_TOKEN.",
                file=sys.stderr,
            )
            return 2
        print(invite_url(client_id))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
