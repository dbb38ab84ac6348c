"""Rasa's NLG endpoint: renders a response name in the conversation's language."""

from typing import Any

from fastapi import APIRouter
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


@router.post("/nlg", include_in_schema=False)
async def nlg(body: NlgRequest) -> dict[str, Any]:
    return render(body.response, conversation_language(body), body.arguments)
