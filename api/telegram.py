"""Telegram's webhook: POST /telegram/webhook.

Every update must carry the secret set when the webhook was registered
(``X-Telegram-Bot-Api-Secret-Token``): without it 401, a wrong one 403, and nothing is
stored. An update is remembered by its ``update_id`` and answered in the background, so
that Telegram gets its 200 at once and an update it sends again is answered once.
"""

import json

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from api.throttle import limit_address
from bot.telegram.channel import TelegramChannel

router = APIRouter(prefix="/telegram", tags=["telegram"], dependencies=[Depends(limit_address("webhook_ip"))])
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@router.post("/webhook", include_in_schema=False)
async def webhook(request: Request) -> Response:
    channel: TelegramChannel | None = getattr(request.app.state, "telegram", None)
    if channel is None:
        return JSONResponse(status_code=404, content={"detail": "Telegram is not configured"})
    refused = channel.refusal(request.headers.get(SECRET_HEADER))
    if refused:
        return JSONResponse(status_code=refused, content={"detail": "not Telegram"})
    try:
        data = json.loads(await request.body())
    except ValueError:
        return JSONResponse(status_code=400, content={"detail": "not JSON"})
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        return JSONResponse(status_code=400, content={"detail": "not an update"})
    got = await run_in_threadpool(channel.accept, data)
    if got is not None:
        channel.handle_later(got)
    return Response(status_code=200)
