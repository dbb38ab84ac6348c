"""The Telegram channel (python-telegram-bot, webhook mode inside the app)."""
