"""The web channel contract, with Rasa unreachable (a closed loopback port)."""

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.main import create_app
from api.texts import API_ERRORS
from api.web import MAX_TEXT
from core.i18n import translate
from core.models import Conversation, Message
from core.settings import Settings
from scripts.stack import free_port


@pytest.fixture
def client(database_url):
    settings = Settings(database_url=database_url, rasa_url=f"http://127.0.0.1:{free_port()}",
                        rasa_timeout_seconds=3)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def new_session(client, **body):
    response = client.post("/web/sessions", json=body or None)
    assert response.status_code == 201
    return response.json()["session"]


def test_session_token_is_long_and_random(client):
    tokens = {new_session(client) for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(t) >= 43 for t in tokens)  # 32 random bytes, base64url


def test_session_with_a_language(client):
    assert new_session(client, language="nl")


def test_session_with_an_unknown_language_is_refused_clearly(client):
    response = client.post("/web/sessions", json={"language": "de"},
                           headers={"Accept-Language": "nl-BE,nl;q=0.9"})
    assert response.status_code == 422
    assert "fr, nl" in response.json()["detail"]
    assert response.json()["detail"].startswith("Kies")


def test_unknown_session_is_404(client):
    response = client.post("/web/messages", json={"session": "nope", "text": "bonjour"})
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "body, key",
    [
        ({"session": "x"}, "text_missing"),
        ({"session": "x", "text": ""}, "text_missing"),
        ({"session": "x", "text": "   "}, "text_missing"),
        ({"session": "x", "text": "a" * 2001}, "text_too_long"),
        ({"text": "hello"}, "session_missing"),
        ({"session": "x", "text": 12}, "text_missing"),
        ([1, 2], "invalid"),
    ],
)
def test_bad_input_gets_422_with_a_clear_message(client, body, key):
    session = new_session(client)
    if isinstance(body, dict) and "session" in body:
        body = body | {"session": session}
    response = client.post("/web/messages", json=body, headers={"Accept-Language": "fr-BE"})
    assert response.status_code == 422
    assert response.json()["error"] == key
    assert "Traceback" not in response.text
    assert len(response.json()["detail"]) > 10


def test_malformed_json_is_422(client):
    response = client.post("/web/messages", content=b"{not json",
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "Traceback" not in response.text


def test_rasa_down_gets_an_apology_in_the_persons_language_and_keeps_the_message(client, sessions):
    session = new_session(client, language="en")
    started = time.monotonic()
    response = client.post("/web/messages",
                           json={"session": session, "text": "Goedemiddag, ik zoek een opleiding"})
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "nl"
    assert "opnieuw" in body["messages"][0]["text"]  # "probeer het … opnieuw"
    with sessions() as db:
        stored = db.scalars(select(Message).order_by(Message.id)).all()
        assert [m.direction for m in stored] == ["in", "out"]
        assert stored[0].text == "Goedemiddag, ik zoek een opleiding"
        assert db.scalars(select(Conversation)).one().language == "nl"


def test_the_session_token_is_not_stored(client, sessions):
    token = new_session(client)
    with sessions() as db:
        stored = db.scalars(select(Conversation)).one()
        assert token not in stored.external_id


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_widget_strings(client, language):
    response = client.get("/web/strings", params={"language": language})
    strings = response.json()["strings"]
    assert {"launcher", "title", "close", "input_label", "send", "log_label"} <= set(strings)
    assert all(v.strip() for v in strings.values())


def test_demo_page_loads_the_widget(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "/static/widget.js" in page.text
    assert client.get("/static/widget.js").status_code == 200


@pytest.mark.parametrize("text", ["", "   ", "a" * 2001])
def test_bad_input_is_explained_in_the_conversations_language(client, text):
    """Without Accept-Language, a Dutch conversation still gets a Dutch explanation."""
    session = client.post("/web/sessions", json={"language": "nl"}).json()["session"]
    response = client.post("/web/messages", json={"session": session, "text": text})
    assert response.status_code == 422
    expected = "text_too_long" if text.startswith("a") else "text_missing"
    assert response.json()["error"] == expected
    assert response.json()["detail"] == translate(
        "nl", API_ERRORS[expected]).format(max=MAX_TEXT)


def test_a_message_without_words_sets_no_language_and_a_greeting_does(client, sessions):
    session = new_session(client)

    def say(text):
        response = client.post("/web/messages", json={"session": session, "text": text})
        assert response.status_code == 200
        with sessions() as db:
            return response.json()["language"], db.scalars(select(Conversation)).one().language

    assert say("asdkjh qwe 123 ;;;") == ("fr", None)  # answered in the default, nothing set
    assert say("Hallo") == ("nl", "nl")
    assert say("123 ???") == ("nl", "nl")
    assert say("👍") == ("nl", "nl")
    assert say("Hi!") == ("en", "en")


def test_a_typed_request_for_a_language_is_a_choice_that_stays(client, sessions):
    session = new_session(client)
    client.post("/web/messages", json={"session": session, "text": "in English please"})
    response = client.post("/web/messages", json={"session": session, "text": "bonjour, je cherche une formation"})
    assert response.json()["language"] == "en"
    with sessions() as db:
        conversation = db.scalars(select(Conversation)).one()
        assert (conversation.language, conversation.language_chosen) == ("en", True)


def test_messages_say_who_wrote_them(client):
    session = new_session(client, language="nl")
    message = client.post("/web/messages", json={"session": session, "text": "hallo"}).json()["messages"][0]
    assert message["sender"] == "assistant" and "name" not in message


def test_the_app_has_an_icon(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg")


def test_only_the_sites_that_embed_the_widget_may_call_it_from_their_pages(database_url):
    settings = Settings(database_url=database_url, rasa_url=f"http://127.0.0.1:{free_port()}",
                        widget_origins="https://www.actiris.brussels, https://partner.example/")
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    with TestClient(create_app(settings)) as client:
        allowed = client.options("/web/sessions", headers=preflight | {"Origin": "https://partner.example"})
        refused = client.options("/web/sessions", headers=preflight | {"Origin": "https://elsewhere.example"})
        staff = client.options("/api/conversations", headers={
            "Origin": "https://partner.example", "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization"})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://partner.example"
    assert "access-control-allow-origin" not in refused.headers
    assert staff.status_code == 400  # a staff token is never sent from another site


def asked_which_language_to_test(client, sessions) -> str:
    """A web session whose assessment asks "which language to test?" (Rasa is down: the
    questionnaire is started directly)."""
    from core.capabilities import QUESTIONNAIRES
    from core.questionnaire import engine

    session = new_session(client)
    client.post("/web/messages", json={"session": session, "text": "bonjour"})
    with sessions.begin() as db:
        conversation_id = db.scalars(select(Conversation)).one().id
        engine.start(db, conversation_id, QUESTIONNAIRES["assessment"], "fr")
    return session


def test_a_language_named_as_the_answer_to_a_question_is_no_request_to_switch(client, sessions):
    session = asked_which_language_to_test(client, sessions)
    response = client.post("/web/messages", json={"session": session, "text": "anglais svp"})
    assert response.json()["language"] == "fr"
    with sessions() as db:
        assert db.scalars(select(Conversation)).one().language_chosen is False


def test_a_language_button_switches_even_in_the_middle_of_a_question_about_languages(client, sessions):
    session = asked_which_language_to_test(client, sessions)
    response = client.post("/web/messages", json={"session": session, "text": '/choose_language{"language": "en"}'})
    assert response.json()["language"] == "en"
    with sessions() as db:
        conversation = db.scalars(select(Conversation)).one()
        assert (conversation.language, conversation.language_chosen) == ("en", True)
