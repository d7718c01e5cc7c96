from __future__ import annotations

import pytest

from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789ABCD"


def test_defaults_use_a_sqlite_file_under_data() -> None:
    settings = Settings.from_env({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.database_url.startswith("sqlite+aiosqlite:///") and "/data/" in settings.database_url
    assert settings.discord_token is None and settings.dev_guild_id is None and settings.log_level == "INFO"


def test_reads_every_variable() -> None:
    settings = Settings.from_env(
        {
            "DISCORD_TOKEN": TOKEN,
            "DATABASE_URL": "postgresql+asyncpg://u@h/db",
            "DEV_GUILD_ID": "123",
            "LOG_LEVEL": "debug",
            "SHARD_COUNT": "4",
            "SHARD_IDS": "0, 2",
            "COOLDOWN_SECONDS": "9",
        }
    )
    assert settings.discord_token == TOKEN
    assert not settings.is_sqlite
    assert settings.dev_guild_id == 123 and settings.log_level == "DEBUG"
    assert settings.shard_count == 4 and settings.shard_ids == (0, 2)
    assert settings.cooldown_seconds == 9


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEV_GUILD_ID": "abc"}, "DEV_GUILD_ID"),
        ({"DEV_GUILD_ID": "-4"}, "DEV_GUILD_ID"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"DISCORD_TOKEN": "short"}, "DISCORD_TOKEN"),
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT"),
        ({"SHARD_IDS": "1"}, "SHARD_IDS"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "0,2"}, "SHARD_IDS"),
        ({"COOLDOWN_SECONDS": "soon"}, "COOLDOWN_SECONDS"),
    ],
)
def test_invalid_values_fail_naming_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        Settings.from_env(env)


def test_env_example_documents_every_variable() -> None:
    from bot.settings import ROOT

    example = (ROOT / ".env.example").read_text()
    for name in (
        "DISCORD_TOKEN",
        "DATABASE_URL",
        "DEV_GUILD_ID",
        "LOG_LEVEL",
        "PACKS_DIR",
        "SHARD_COUNT",
        "SHARD_IDS",
        "VOTE_HASH_KEY",
        "COOLDOWN_SECONDS",
    ):
        assert f"{name}=" in example, name
