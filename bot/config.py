"""Settings from the environment and `.env`, validated at start-up so mistakes fail fast."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IdList = Annotated[tuple[int, ...], NoDecode]


class Settings(BaseSettings):
    """Every setting the bot reads; `.env.example` documents each key."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    guild_ids: IdList = ()
    editor_role_ids: IdList = ()
    digest_channel_id: int | None = None
    digest_time: time = time(9, 0)
    database_path: Path = Path("data/bot.sqlite3")
    knowledge_path: Path | None = None  # a data directory other than the shipped one
    current_plan: str | None = Field(None, pattern=r"^\d{4}$")  # pins the plan in force, whatever the date
    log_level: str = "INFO"
    stale_after_months: int = Field(12, ge=1, le=60)  # months between an indicator's figures
    stale_grace_days: int = Field(30, ge=0, le=365)  # days after a figure's expected publication
    guide_url: str | None = Field(None, pattern=r"^https?://\S+$")  # where staff read docs/guide.ja.md

    @field_validator(
        "discord_token", "digest_channel_id", "knowledge_path", "current_plan", "guide_url", mode="before"
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("guild_ids", "editor_role_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(" ", "").split(",") if part)
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level
