"""Rasa's NLG endpoint: renders a response name in the conversation's language."""

import hmac
import ipaddress
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict

from core.render import render

router = APIRouter(tags=["rasa"])


class NlgRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    response: str
    arguments: dict[str, Any] = {}
    tracker: dict[str, Any] = {}
    channel: dict[str, Any] = {}


def conversation_language(body: NlgRequest) -> str | None:
    """An action's explicit ``language`` argument, else what the gateway decided for
    the person's latest message (sent to Rasa as message metadata)."""
    if body.arguments.get("language"):
        return str(body.arguments["language"])
    latest = body.tracker.get("latest_message") or {}
    metadata = latest.get("metadata") or {}
    return metadata.get("language")


def from_rasa(request: Request) -> bool:
    """Rasa calls from loopback or a private network; from elsewhere only with NLG_TOKEN
    (Rasa's endpoint ``token``, sent as the ``token`` query parameter)."""
    expected = request.app.state.settings.nlg_token
    given = request.query_params.get("token", "")
    if expected and hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
        return True
    try:
        address = ipaddress.ip_address(request.client.host if request.client else "")
    except ValueError:
        return False
    return address.is_loopback or address.is_private


@router.post("/nlg", include_in_schema=False)
async def nlg(body: NlgRequest, request: Request) -> dict[str, Any]:
    if not from_rasa(request):
        raise HTTPException(403, "Only the assistant's Rasa server may use this endpoint.")
    return render(body.response, conversation_language(body), body.arguments)
