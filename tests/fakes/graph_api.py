"""A fake WhatsApp Cloud API (Meta's Graph API): answers as it does to the messages the
assistant sends, and records them."""

import itertools

from tests.fakes.server import Answer, Call, FakeApi

TOKEN = "fake-whatsapp-access-token"
PHONE_NUMBER_ID = "109876543210"
APP_SECRET = "fake-app-secret"
VERIFY_TOKEN = "fake-verify-token"
VERSION = "v23.0"


def graph_api() -> FakeApi:
    ids = itertools.count(1)

    def respond(call: Call) -> Answer:
        if call.headers.get("authorization") != f"Bearer {TOKEN}":
            return Answer(401, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException",
                                          "code": 190}})
        if call.method != "POST" or call.path != f"/{VERSION}/{PHONE_NUMBER_ID}/messages":
            return Answer(404, {"error": {"message": "Unknown path", "code": 100}})
        to = str(call.params.get("to"))
        return Answer(200, {"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
                            "messages": [{"id": f"wamid.fake{next(ids):08d}"}]})

    return FakeApi(respond)


def outside_the_window() -> Answer:
    return Answer(400, {"error": {"message": "Re-engagement message", "type": "OAuthException", "code": 131047,
                                  "error_data": {"details": "Message failed to send because more than 24 hours "
                                                            "have passed since the customer last replied."}}})
