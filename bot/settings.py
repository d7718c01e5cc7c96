"""Settings read once from the environment (and ``.env``); passed in, never a global."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{ROOT / 'data' / 'roundtable.db'}"
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
SLACK_API_URL = "https://slack.com/api/"


class SettingsError(ValueError):
    """An invalid setting; the message names the variable."""


def _int(env: Mapping[str, str], name: str, default: int | None, *, minimum: int = 0) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _int_list(env: Mapping[str, str], name: str) -> tuple[int, ...] | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return tuple(int(part) for part in raw.replace(" ", "").split(",") if part)
    except ValueError:
        raise SettingsError(f"{name} must be a comma-separated list of whole numbers, got {raw!r}") from None


DATABASE_SCHEMES = ("sqlite+aiosqlite://", "postgresql+asyncpg://")
_URL_EXAMPLE = "postgresql+asyncpg://user:password@host:5432/database or sqlite+aiosqlite:///path/to/file.db"


def check_database_url(url: str, name: str = "DATABASE_URL") -> str:
    """``url`` when it is a database URL Roundtable can use; SettingsError naming ``name`` otherwise."""
    if not url.startswith(DATABASE_SCHEMES):
        raise SettingsError(
            f"{name} must start with {' or '.join(DATABASE_SCHEMES)}, got {url.split(':', 1)[0]!r} "
            f"(like {_URL_EXAMPLE})"
        )
    try:
        parsed = make_url(url)
        port = parsed.port
    except (ValueError, ArgumentError):
        raise SettingsError(f"{name} is not a valid database URL: write it like {_URL_EXAMPLE}") from None
    if port is not None and not 0 < port < 65536:
        raise SettingsError(f"{name} names port {port}: a port runs from 1 to 65535")
    if parsed.get_backend_name() == "postgresql" and not parsed.database:
        raise SettingsError(f"{name} names no database: end it with /<database name> (like {_URL_EXAMPLE})")
    return url


@dataclass(frozen=True)
class Settings:
    discord_token: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    packs_dir: Path = ROOT / "data" / "packs"
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    # Secret for keyed hashes (anonymous poll voters). Empty: a random key is kept in the database.
    vote_hash_key: str | None = None
    # Seconds a member waits between expensive commands (/ask, /map, charts).
    cooldown_seconds: int = 5
    # Slack (docs/slack.md): a bot token, and an app token for Socket Mode or a signing secret
    # for HTTP mode (Bolt's /slack/events on SLACK_HOST:SLACK_PORT).
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str = SLACK_API_URL
    slack_host: str = "127.0.0.1"
    slack_port: int = 3000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, dotenv: Path | None = None) -> Settings:
        """Read settings from ``env`` (default: ``.env`` overlaid by the process environment)."""
        if env is None:
            file_values = dotenv_values(dotenv or ROOT / ".env")
            env = {**{k: v for k, v in file_values.items() if v is not None}, **os.environ}
        token = env.get("DISCORD_TOKEN", "").strip() or None
        if token is not None and (len(token) < 50 or " " in token):
            raise SettingsError(
                "DISCORD_TOKEN does not look like a bot token (copy it from the Bot page of your "
                "application in the Discord developer portal)"
            )
        url = check_database_url(env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL)
        level = (env.get("LOG_LEVEL", "").strip() or "INFO").upper()
        if level not in _LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, got {level!r}")
        packs = Path(env.get("PACKS_DIR", "").strip() or ROOT / "data" / "packs")
        shard_count = _int(env, "SHARD_COUNT", None, minimum=1)
        shard_ids = _int_list(env, "SHARD_IDS")
        if shard_ids is not None:
            if shard_count is None:
                raise SettingsError("SHARD_IDS needs SHARD_COUNT to be set too")
            bad = [s for s in shard_ids if not 0 <= s < shard_count]
            if bad or len(set(shard_ids)) != len(shard_ids):
                raise SettingsError(
                    f"SHARD_IDS must be distinct numbers from 0 to {shard_count - 1}, got {list(shard_ids)}"
                )
        slack = _slack(env)
        return cls(
            discord_token=token,
            database_url=url,
            dev_guild_id=_int(env, "DEV_GUILD_ID", None, minimum=1),
            log_level=level,
            packs_dir=packs,
            shard_count=shard_count,
            shard_ids=shard_ids,
            vote_hash_key=env.get("VOTE_HASH_KEY", "").strip() or None,
            cooldown_seconds=_int(env, "COOLDOWN_SECONDS", 5) or 0,
            **slack,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def slack_mode(self) -> str | None:
        """How the Slack front end runs: "socket", "http", or None (no Slack token)."""
        if not self.slack_bot_token:
            return None
        return "socket" if self.slack_app_token else "http"


def _slack(env: Mapping[str, str]) -> dict[str, Any]:
    """The Slack settings, checked: a bot token needs an app token or a signing secret."""
    bot = env.get("SLACK_BOT_TOKEN", "").strip() or None
    app = env.get("SLACK_APP_TOKEN", "").strip() or None
    secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
    if bot is not None and not bot.startswith("xoxb-"):
        raise SettingsError(
            "SLACK_BOT_TOKEN must be the app's Bot User OAuth Token (it starts with xoxb-; "
            "OAuth & Permissions page of your Slack app)"
        )
    if app is not None and not app.startswith("xapp-"):
        raise SettingsError(
            "SLACK_APP_TOKEN must be an app-level token with the connections:write scope (it starts "
            "with xapp-; Basic Information page, App-Level Tokens)"
        )
    if bot is not None and app is None and secret is None:
        raise SettingsError(
            "SLACK_BOT_TOKEN needs SLACK_APP_TOKEN (Socket Mode, no public URL) or SLACK_SIGNING_SECRET "
            "(HTTP mode): see docs/slack.md"
        )
    if bot is None and (app is not None or secret is not None):
        raise SettingsError(
            "SLACK_APP_TOKEN and SLACK_SIGNING_SECRET need SLACK_BOT_TOKEN too (docs/slack.md)"
        )
    api = env.get("SLACK_API_URL", "").strip() or SLACK_API_URL
    if not api.startswith(("http://", "https://")):
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL, got {api!r}")
    return {
        "slack_bot_token": bot,
        "slack_app_token": app,
        "slack_signing_secret": secret,
        "slack_api_url": api if api.endswith("/") else api + "/",
        "slack_host": env.get("SLACK_HOST", "").strip() or "127.0.0.1",
        "slack_port": _int(env, "SLACK_PORT", 3000, minimum=1) or 3000,
    }


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
    )
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLevelName(settings.log_level)))
    # Alembic announces its plugins on every start: noise unless debugging.
    logging.getLogger("alembic.runtime.plugins").setLevel(
        max(logging.WARNING, logging.getLevelName(settings.log_level))
    )
