"""Settings, read once from the environment (and an optional .env file)."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{ROOT / 'var' / 'assistant.db'}",
        description="SQLAlchemy URL of the central database.",
    )
    rasa_url: str = Field(default="http://127.0.0.1:5005", description="Rasa server base URL.")
    rasa_timeout_seconds: float = Field(
        default=8.0, gt=0, le=9.5,
        description="How long the gateway waits for Rasa before apologising.",
    )
    default_language: str = Field(default="fr", pattern="^(fr|nl|en)$")
    reminders_interval_minutes: int = Field(
        default=15, ge=0, le=24 * 60,
        description="How often the app queues childcare reminders (0: never; use the command).",
    )
    timezone: str = Field(default="Europe/Brussels", description="Where 'tomorrow' is decided.")
    api_token_minutes: int = Field(
        default=480, gt=0, le=7 * 24 * 60,
        description="How long a counsellor API token lasts (minutes).",
    )
    content_dir: Path = ROOT / "content"
    locale_dir: Path = ROOT / "locale"


@lru_cache
def get_settings() -> Settings:
    return Settings()
