"""The WhatsApp channel (Cloud API)."""
