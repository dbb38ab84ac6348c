"""Client of Rasa's REST webhook."""

import logging
from dataclasses import dataclass, field
from typing import Any

import httpx

from core import signing

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer in time, or answered with an error."""


LANGUAGES = ("fr", "nl", "en")


@dataclass
class BotMessage:
    text: str
    buttons: list[dict[str, str]]
    custom: dict[str, Any] = field(default_factory=dict)  # instructions for the gateway, never shown
    sender: str = "assistant"  # or "counsellor"; channels show who wrote a counsellor's message
    name: str | None = None  # the counsellor's name as shown to the person, if any


def button_of(item: Any) -> dict[str, str] | None:
    """A button as channels render it: title, payload, and its language when it has its own."""
    if not isinstance(item, dict) or not item.get("title") or not item.get("payload"):
        return None
    button = {"title": str(item["title"]), "payload": str(item["payload"])}
    if item.get("lang") in LANGUAGES:
        button["lang"] = item["lang"]
    return button


class RasaClient:
    def __init__(self, base_url: str, timeout: float, token: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(2.0, timeout)),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    def send(self, sender_id: str, text: str, metadata: dict[str, Any]) -> list[BotMessage]:
        """The message, signed for the action server (core/signing.py), and Rasa's answer."""
        metadata = metadata | signing.sign(sender_id, str(metadata.get("channel", "")))
        try:
            response = self._client.post(
                f"{self.base_url}/webhooks/rest/webhook",
                json={"sender": sender_id, "message": text, "metadata": metadata},
            )
            response.raise_for_status()
            payload = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            # The exception type only: a message may carry what the person wrote.
            log.warning("Rasa unavailable: %s", type(exc).__name__)
            raise RasaUnavailable from exc
        if not isinstance(payload, list):
            raise RasaUnavailable("unexpected answer from Rasa")
        messages = []
        for item in payload:
            if not isinstance(item, dict):
                continue
            text = item.get("text") or ""
            buttons = [b for b in map(button_of, item.get("buttons") or []) if b]
            item_custom = item.get("custom")
            custom: dict[str, Any] = item_custom if isinstance(item_custom, dict) else {}
            if text or buttons or custom:
                messages.append(BotMessage(text=text, buttons=buttons, custom=custom))
        return messages

    def answers(self) -> bool:
        """Whether a Rasa server answers at all (its root says hello), within two seconds."""
        try:
            return self._client.get(f"{self.base_url}/", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def append(self, sender_id: str, event: dict[str, Any]) -> bool:
        """Add an event to a conversation's tracker (its HTTP API, with the token): pause
        while a counsellor holds the conversation, resume after."""
        try:
            response = self._client.post(
                f"{self.base_url}/conversations/{sender_id}/tracker/events",
                params={"token": self.token} if self.token else None, json=event,
            )
            response.raise_for_status()
            return True
        except httpx.HTTPError as exc:
            log.warning("Rasa tracker event not added: %s", type(exc).__name__)
            return False

    def forget(self, sender_id: str) -> bool:
        """Empty Rasa's tracker of a conversation (its HTTP API, with the token)."""
        try:
            response = self._client.put(
                f"{self.base_url}/conversations/{sender_id}/tracker/events",
                params={"token": self.token} if self.token else None, json=[],
            )
            response.raise_for_status()
            return True
        except httpx.HTTPError as exc:
            log.warning("Rasa tracker not emptied: %s", type(exc).__name__)
            return False

    def close(self) -> None:
        self._client.close()
