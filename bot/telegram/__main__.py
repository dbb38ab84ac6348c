"""Register or check the Telegram webhook.

    python -m bot.telegram set-webhook https://assistant.example.org
    python -m bot.telegram webhook-info
    python -m bot.telegram delete-webhook

Reads TELEGRAM_TOKEN and TELEGRAM_SECRET (and TELEGRAM_API_URL) from the environment.
The webhook is <base URL>/telegram/webhook; Telegram sends the secret with every update
and only messages and button presses.
"""

import argparse
import asyncio
import sys
from typing import Any

from telegram import Bot

from bot.telegram.channel import ALLOWED_UPDATES
from core.settings import get_settings


async def _run(command: str, base_url: str | None) -> str:
    settings = get_settings()
    if settings.telegram_token is None or settings.telegram_secret is None:
        return "TELEGRAM_TOKEN and TELEGRAM_SECRET must be set."
    api = settings.telegram_api_url.rstrip("/")
    async with Bot(settings.telegram_token.get_secret_value(), base_url=f"{api}/bot") as bot:
        if command == "set-webhook":
            if not base_url or not base_url.startswith("https://"):
                return "Give the app's public https:// address, e.g. https://assistant.example.org"
            url = base_url.rstrip("/") + "/telegram/webhook"
            await bot.set_webhook(url, secret_token=settings.telegram_secret.get_secret_value(),
                                  allowed_updates=list(ALLOWED_UPDATES), max_connections=40)
            return f"Webhook set: {url}"
        if command == "delete-webhook":
            await bot.delete_webhook()
            return "Webhook deleted."
        info: Any = await bot.get_webhook_info()
        return (f"url: {info.url or '(none)'}\npending updates: {info.pending_update_count}\n"
                f"last error: {info.last_error_message or '(none)'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.telegram", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["set-webhook", "webhook-info", "delete-webhook"])
    parser.add_argument("base_url", nargs="?", help="the app's public https:// address (set-webhook)")
    args = parser.parse_args(argv)
    message = asyncio.run(_run(args.command, args.base_url))
    print(message)
    return 0 if not message.startswith(("TELEGRAM_", "Give")) else 1


if __name__ == "__main__":
    sys.exit(main())
