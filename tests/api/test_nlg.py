"""The NLG endpoint Rasa calls to render each response."""

from fastapi.testclient import TestClient

from api.main import create_app
from core.i18n import translate
from core.responses import RESPONSES
from core.settings import Settings


def nlg(response, language=None, arguments=None):
    settings = Settings(database_url="sqlite://")
    client = TestClient(create_app(settings), client=("127.0.0.1", 40000))
    tracker = {"sender_id": "abc", "latest_message": {"text": "x", "metadata": {"language": language}}}
    r = client.post("/nlg", json={"response": response, "arguments": arguments or {},
                                  "tracker": tracker, "channel": {"name": "rest"}})
    assert r.status_code == 200
    return r.json()


def test_renders_in_the_language_the_gateway_decided():
    nl = nlg("utter_greet", "nl")
    assert nl["text"] == translate("nl", RESPONSES["utter_greet"].text)
    assert nl["text"] != RESPONSES["utter_greet"].text
    assert {b["payload"] for b in nl["buttons"]} >= {"/start_assessment", "/faq_menu"}


def test_an_action_can_name_the_language():
    assert "English" in nlg("utter_language_changed", "fr", {"language": "en"})["text"]


def test_faq_answer_is_rendered_from_content():
    fr = nlg("utter_faq/article60", "fr")
    assert "CPAS" in fr["text"]
    en = nlg("utter_faq/article60", "en")
    assert en["text"] != fr["text"]


def test_unknown_response_still_answers_something_useful():
    answer = nlg("utter_does_not_exist", "en")
    assert answer["text"] == RESPONSES["utter_default"].text


def test_each_language_is_offered_in_itself_and_marked_when_not_the_messages():
    buttons = {b["title"]: b.get("lang") for b in nlg("utter_ask_language", "fr")["buttons"]}
    assert buttons == {"Français": None, "Nederlands": "nl", "English": "en"}
    buttons = {b["title"]: b.get("lang") for b in nlg("utter_ask_language", "en")["buttons"]}
    assert buttons == {"Français": "fr", "Nederlands": "nl", "English": None}


def test_only_rasa_may_render():
    """Loopback and private networks, or the endpoint's token: not the whole internet."""
    body = {"response": "utter_greet", "arguments": {}, "tracker": {}, "channel": {}}
    app = create_app(Settings(database_url="sqlite://", nlg_token="n1g-t0ken"))
    for host, params, status in [("127.0.0.1", {}, 200), ("10.1.2.3", {}, 200), ("81.246.10.20", {}, 403),
                                 ("81.246.10.20", {"token": "wrong"}, 403),
                                 ("81.246.10.20", {"token": "n1g-t0ken"}, 200), ("testclient", {}, 403)]:
        response = TestClient(app, client=(host, 40000)).post("/nlg", json=body, params=params)
        assert response.status_code == status, (host, params)


def test_the_api_documentation_is_served_only_when_asked_for():
    off = TestClient(create_app(Settings(database_url="sqlite://")))
    assert off.get("/docs").status_code == 404 and off.get("/openapi.json").status_code == 404
    on = TestClient(create_app(Settings(database_url="sqlite://", docs=True)))
    assert on.get("/docs").status_code == 200 and on.get("/openapi.json").json()["info"]["title"]


def test_pages_carry_a_strict_content_security_policy_and_every_answer_nosniff():
    client = TestClient(create_app(Settings(database_url="sqlite://")))
    page = client.get("/")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    script = client.get("/static/widget.js")
    assert script.headers["x-content-type-options"] == "nosniff" and "content-security-policy" not in script.headers
    assert client.get("/health").headers["referrer-policy"] == "same-origin"
