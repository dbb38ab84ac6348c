"""Client of Rasa's REST webhook."""

import logging
from dataclasses import dataclass

import httpx

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer in time, or answered with an error."""


@dataclass
class BotMessage:
    text: str
    buttons: list[dict[str, str]]


class RasaClient:
    def __init__(self, base_url: str, timeout: float):
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(2.0, timeout)),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    def send(self, sender_id: str, text: str, metadata: dict) -> list[BotMessage]:
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
            buttons = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in item.get("buttons") or []
                if isinstance(b, dict) and b.get("title") and b.get("payload")
            ]
            if text or buttons:
                messages.append(BotMessage(text=text, buttons=buttons))
        return messages

    def close(self) -> None:
        self._client.close()
