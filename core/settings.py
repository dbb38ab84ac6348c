"""Settings, read once from the environment (and an optional .env file)."""

import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
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
    # RASA_TRACKER_URL: Rasa's SQL tracker store, whose quiet conversations the retention
    # purge deletes too (core/privacy/trackers.py).
    rasa_tracker_url: SecretStr | None = Field(default=None, description="Rasa's tracker store (PostgreSQL).")
    action_key: SecretStr | None = Field(
        default=None, description="Shared by the app and the action server (never Rasa): the gateway signs each "
                                  "message with it and the actions check it.")
    nlg_token: SecretStr | None = Field(
        default=None, description="Lets a Rasa outside loopback and private networks use /nlg (its endpoint token).")
    childcare_max_open_bookings: int = Field(
        default=2, ge=1, le=20, description="Childcare bookings to come one person may hold at once "
                                            "(per conversation and per Actiris number).")
    redis_url: str | None = Field(default=None, description="Redis for the rate limits of every replica "
                                                             "(redis://host:6379/0); memory of the process without.")
    rate_limit_prefix: str = Field(default="assistant-limits", description="Prefix of the rate limits' Redis keys.")
    rate_limit_web_ip: str | None = Field(default=None, description="Requests to /web per address (600/minute).")
    rate_limit_new_session_ip: str | None = Field(default=None, description="New conversations per address "
                                                                           "(60/minute).")
    rate_limit_message: str | None = Field(default=None, description="Messages per conversation (40/minute).")
    rate_limit_poll: str | None = Field(default=None, description="Widget polls per conversation (60/minute).")
    rate_limit_webhook_ip: str | None = Field(default=None, description="Webhook calls per address (1200/minute).")
    rate_limit_login_ip: str | None = Field(default=None, description="Sign-in attempts per address (30/minute).")
    rate_limit_login_failures: str | None = Field(
        default=None, description="Wrong passwords per account before it must wait (5/15 minutes).")
    password_workers: int = Field(default=2, ge=1, le=16, description="Password checks at the same time.")
    max_body_bytes: int = Field(default=65536, ge=1024, description="Largest request body accepted (413 above).")
    # How long what a person leaves is kept (core/privacy/retention.py; README, "my data")
    retention_conversation_days: int = Field(
        default=365, ge=1, description="A conversation quiet this long is erased entirely (not one whose pathway "
                                       "registration is still followed).")
    retention_message_days: int = Field(default=180, ge=1, description="Transcript messages.")
    retention_questionnaire_hours: int = Field(default=48, ge=1, description="A questionnaire left unfinished.")
    retention_sealed_hours: int = Field(default=1, ge=1, description="Health texts in transit to the actions.")
    retention_notification_days: int = Field(default=90, ge=1, description="Messages not asked for, sent or not.")
    retention_childcare_days: int = Field(default=90, ge=1, description="A booking, after its last day.")
    retention_waiting_days: int = Field(default=1, ge=1, description="A waiting-list entry, after its last day.")
    retention_assessment_days: int = Field(default=730, ge=1, description="A skills assessment.")
    retention_handover_days: int = Field(default=180, ge=1, description="A request for a counsellor.")
    retention_channel_days: int = Field(default=30, ge=1, description="Telegram and WhatsApp technical records.")
    retention_interval_minutes: int = Field(default=60, ge=0, description="How often the app purges (0: never; "
                                                                          "use the command).")
    docs: bool = Field(default=False, description="Serve the API documentation at /docs and /openapi.json.")
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
    # Telegram (bot/telegram): the bot's token from BotFather, and the secret Telegram
    # sends with every update (set by `python -m bot.telegram set-webhook`). Both unset:
    # the channel is off.
    telegram_token: SecretStr | None = Field(default=None, description="Telegram bot token.")
    telegram_secret: SecretStr | None = Field(
        default=None, description="Secret token Telegram sends with each webhook update (1-256 of A-Z a-z 0-9 _ -).",
    )
    telegram_api_url: str = Field(default="https://api.telegram.org", description="Telegram Bot API base URL.")
    # Telegram asks for about one message a second in a chat.
    telegram_chat_interval_seconds: float = Field(default=1.0, ge=0, le=10)
    # WhatsApp Cloud API (bot/whatsapp): the access token, the app secret that signs each
    # webhook delivery, the token of the webhook's verification, the business phone
    # number's id. Any of them unset: the channel is off.
    whatsapp_token: SecretStr | None = Field(default=None, description="WhatsApp Cloud API access token.")
    whatsapp_app_secret: SecretStr | None = Field(default=None, description="Meta app secret (signatures).")
    whatsapp_verify_token: SecretStr | None = Field(default=None, description="Webhook verification token.")
    whatsapp_phone_number_id: str | None = Field(default=None, description="Business phone number id.")
    whatsapp_api_url: str = Field(default="https://graph.facebook.com/v23.0", description="Graph API base URL.")
    # Outside the 24 hours after a person's last message, WhatsApp takes only an approved
    # template: its name per language, "name" or "name:language code" (default code: the
    # language), with one body parameter, the message.
    whatsapp_template_fr: str | None = Field(default=None, description="Template for French messages.")
    whatsapp_template_nl: str | None = Field(default=None, description="Template for Dutch messages.")
    whatsapp_template_en: str | None = Field(default=None, description="Template for English messages.")
    # How often the sender of push channels looks for notifications to send (seconds).
    outbox_interval_seconds: float = Field(default=10.0, gt=0, le=3600)
    # OFFICES_FILE: the offices and hours of the counsellors who answer in the chat
    # (default: content/offices.yml).
    offices_file: Path | None = Field(default=None, description="Offices and their hours (YAML).")
    content_dir: Path = ROOT / "content"
    locale_dir: Path = ROOT / "locale"

    @field_validator("telegram_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("TELEGRAM_SECRET: 1 to 256 characters among A-Z, a-z, 0-9, _ and -")
        return value


def origins(value: str) -> list[str]:
    """The origins of a comma-separated setting, without trailing slashes."""
    return [o.strip().rstrip("/") for o in value.split(",") if o.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
