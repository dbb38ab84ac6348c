"""WhatsApp's webhook (Cloud API).

GET  /whatsapp/webhook: Meta's verification (hub.mode, hub.verify_token, hub.challenge).
POST /whatsapp/webhook: deliveries, each signed (X-Hub-Signature-256, HMAC-SHA256 of the
raw body with the app secret): unsigned 401, wrongly signed 403, and nothing is stored.
Messages are remembered by their id and answered in the background, so that WhatsApp
gets its 200 at once and a delivery it repeats is answered once.
"""

import json

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from api.throttle import limit_address
from bot.whatsapp.channel import WhatsAppChannel

router = APIRouter(prefix="/whatsapp", tags=["whatsapp"], dependencies=[Depends(limit_address("webhook_ip"))])


def _channel(request: Request) -> WhatsAppChannel | None:
    return getattr(request.app.state, "whatsapp", None)


@router.get("/webhook", include_in_schema=False)
def verify(request: Request, mode: str | None = Query(None, alias="hub.mode"),
           token: str | None = Query(None, alias="hub.verify_token"),
           challenge: str | None = Query(None, alias="hub.challenge")) -> Response:
    channel = _channel(request)
    if channel is None:
        return JSONResponse(status_code=404, content={"detail": "WhatsApp is not configured"})
    answer = channel.verification(mode, token, challenge)
    if answer is None:
        return JSONResponse(status_code=403, content={"detail": "verification refused"})
    return PlainTextResponse(answer)


@router.post("/webhook", include_in_schema=False)
async def deliveries(request: Request) -> Response:
    channel = _channel(request)
    if channel is None:
        return JSONResponse(status_code=404, content={"detail": "WhatsApp is not configured"})
    raw = await request.body()
    refused = channel.refusal(raw, request.headers.get("X-Hub-Signature-256"))
    if refused:
        return JSONResponse(status_code=refused, content={"detail": "not signed by the app"})
    try:
        payload = json.loads(raw)
    except ValueError:
        return JSONResponse(status_code=400, content={"detail": "not JSON"})
    if not isinstance(payload, dict):
        return JSONResponse(status_code=400, content={"detail": "not a delivery"})
    for message in await run_in_threadpool(channel.accept, payload):
        channel.handle_later(message)
    return Response(status_code=200)
