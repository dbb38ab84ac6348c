"""What every push channel (Telegram, WhatsApp) shares: limits, callback keys, the outbox."""
