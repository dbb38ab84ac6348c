"""Settings, read once from the environment (and an optional .env file)."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{ROOT / 'var' / 'assistant.db'}",
        description="SQLAlchemy URL of the central database.",
    )
    rasa_url: str = Field(default="http://127.0.0.1:5005", description="Rasa server base URL.")
    # RASA_TOKEN: the token of Rasa's HTTP API (`rasa run --enable-api --auth-token`), with
    # which the gateway empties a person's tracker when they erase their data.
    rasa_token: SecretStr | None = Field(default=None, description="Token of Rasa's HTTP API.")
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
    # PATHWAY_KEYS: Fernet keys, comma-separated, that encrypt the health data of the
    # disability pathway at rest (core/crypto.py). The first key encrypts, every key
    # decrypts. To rotate: put a new key first (`python -m core.keys new-key`), run
    # `python -m core.keys rotate`, then remove the old key. Unset: the pathway can
    # neither store nor show registrations; the rest of the assistant works.
    pathway_keys: SecretStr | None = Field(
        default=None, description="Fernet keys of the pathway's encrypted fields, newest first.",
    )
    # PATHWAY_RETENTION_DAYS: a pathway registration without activity (registration, a
    # status or module change) for this many days is deleted by `python -m core.pathway purge`.
    pathway_retention_days: int = Field(
        default=730, gt=0, le=3650,
        description="Days without activity after which a pathway registration is deleted.",
    )
    # WIDGET_ORIGINS: the sites that embed the widget (comma-separated origins, e.g.
    # "https://www.actiris.brussels,https://www.jobcentre.example"). Their pages may call
    # the web channel (/web/...); no other site's may. The app's own page always may.
    widget_origins: str = Field(default="", description="Origins of the sites that embed the widget.")
    content_dir: Path = ROOT / "content"
    locale_dir: Path = ROOT / "locale"


def origins(value: str) -> list[str]:
    """The origins of a comma-separated setting, without trailing slashes."""
    return [o.strip().rstrip("/") for o in value.split(",") if o.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
