"""The counsellor console: signing in, roles, CSRF, cookies, the queue, taking a
conversation, replying, transferring and ending it."""

import html
import json
import re
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api import console
from core import conversations
from core.handover import rules
from core.handover.content import offices_content
from core.handover.models import Handover
from core.models import Account, ApiToken, AuditLog, Conversation, Message, Notification
from core.settings import get_settings
from tests.api.conftest import PASSWORD, create_account
from tests.conftest import ALWAYS_OPEN

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(autouse=True)
def always_open(monkeypatch):
    """Counsellors answer at any hour: the tests do not depend on the time they run at."""
    monkeypatch.setenv("OFFICES_FILE", str(ALWAYS_OPEN))
    get_settings.cache_clear()
    offices_content.cache_clear()
    yield
    monkeypatch.delenv("OFFICES_FILE")
    get_settings.cache_clear()
    offices_content.cache_clear()


@pytest.fixture
def client(staff_client):
    return staff_client


def other_client(client, base_url="http://testserver") -> TestClient:
    """Another browser (its own cookies) on the same running app."""
    return TestClient(client.app, base_url=base_url, raise_server_exceptions=False)


def csrf_of(page) -> str:
    found = CSRF.search(page.text)
    assert found, page.text[:500]
    return found.group(1)


def sign_in(client, username, password=PASSWORD):
    form = client.get("/console/login")
    assert form.status_code == 200
    return client.post("/console/login", data={"username": username, "password": password, "csrf": csrf_of(form)},
                       follow_redirects=False)


def counsellor(client, db, username="anna", role="counsellor", display_name=None) -> str:
    """A signed-in account; returns the CSRF token of its forms."""
    create_account(db, username, role)
    if display_name:
        with db.begin() as s:
            s.scalar(select(Account).where(Account.username == username)).display_name = display_name
    assert sign_in(client, username).status_code == 303
    return csrf_of(client.get("/console"))


def queued(db, reason="Je cherche du travail comme cuisinier", language="fr", channel="web", kind="chat",
           message=None, contact=None) -> tuple[int, str]:
    """A request in the queue: (handover id, conversation id)."""
    with db.begin() as s:
        conversation = conversations.create(s, channel, uuid.uuid4().hex)
        conversation.language = language
        if kind == "chat":
            asked = rules.ask(s, conversation.id, language, reason)
            assert asked.handover is not None
            return asked.handover.id, conversation.id
        rules.leave(s, conversation.id, language, kind, message=message, contact=contact, reason=reason)
        s.flush()
        return s.scalar(select(Handover.id).where(Handover.conversation_id == conversation.id)), conversation.id


def handover(db, handover_id) -> Handover:
    with db() as s:
        return s.get_one(Handover, handover_id)


def mode(db, conversation_id) -> str:
    with db() as s:
        return s.get_one(Conversation, conversation_id).mode


def accepted(client, db, csrf, **request) -> tuple[int, str]:
    handover_id, conversation_id = queued(db, **request)
    response = client.post(f"/console/handovers/{handover_id}/accept", data={"csrf": csrf}, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/console/handovers/{handover_id}"
    return handover_id, conversation_id


def shown(response) -> str:
    """The page's text as a person reads it (entities decoded)."""
    return html.unescape(response.text)


def cookie_header(response, name) -> str:
    headers = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert len(headers) == 1, response.headers.get_list("set-cookie")
    return headers[0]


def notifications(db, conversation_id) -> list[Notification]:
    with db() as s:
        return list(s.scalars(select(Notification).where(Notification.conversation_id == conversation_id)
                              .order_by(Notification.id)))


# --- signing in --------------------------------------------------------------------------------------


def test_pages_need_a_session(client):
    response = client.get("/console", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/console/login")
    page = client.get("/console/login")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text and "Se connecter" in page.text
    assert 'autocomplete="current-password"' in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


@pytest.mark.parametrize("role", ["counsellor", "admin", "pathway_officer"])
def test_counsellors_and_admins_sign_in_with_a_strict_session_cookie(client, db, role):
    create_account(db, "anna", role)
    response = sign_in(client, "anna")
    assert response.status_code == 303 and response.headers["location"] == "/console"
    parts = [p.strip().lower() for p in cookie_header(response, console.SESSION_COOKIE).split(";")]
    assert {"httponly", "samesite=strict", "path=/console"} <= set(parts)
    assert "secure" not in parts, "plain http: not Secure"
    page = client.get("/console")
    assert page.status_code == 200 and "anna" in page.text
    assert "Personnes qui attendent un conseiller" in page.text


def test_the_session_cookie_is_secure_over_https(client, db):
    create_account(db, "anna", "counsellor")
    browser = other_client(client, "https://testserver")
    response = sign_in(browser, "anna")
    assert response.status_code == 303
    parts = [p.strip().lower() for p in cookie_header(response, console.SESSION_COOKIE).split(";")]
    assert {"secure", "httponly", "samesite=strict", "path=/console"} <= set(parts)


def test_childcare_staff_sign_in_to_their_dashboards_and_never_reach_the_queue(client, db):
    create_account(db, "carl", "childcare_staff")
    response = sign_in(client, "carl")
    assert response.status_code == 303 and response.headers["location"] == "/console/dashboards"
    queue = client.get("/console", follow_redirects=False)
    assert queue.status_code == 303 and queue.headers["location"] == "/console/dashboards"
    assert client.get("/console/handovers/1", follow_redirects=False).headers["location"].startswith("/console/login")
    stream = client.get("/console/events").text
    assert "event: signed_out" in stream and "event: queue" not in stream
    assert "File d'attente" not in client.get("/console/dashboards").text


def test_a_wrong_password_is_announced_and_signs_nobody_in(client, db):
    create_account(db, "anna", "counsellor")
    response = sign_in(client, "anna", "not the password at all")
    assert response.status_code == 401
    assert 'role="alert"' in response.text and 'aria-invalid="true"' in response.text
    assert console.SESSION_COOKIE not in response.cookies


def test_signing_in_without_the_csrf_token_is_refused(client, db):
    create_account(db, "anna", "counsellor")
    fields = {"username": "anna", "password": PASSWORD}
    assert client.post("/console/login", data=fields, follow_redirects=False).status_code == 403
    client.get("/console/login")  # the cookie, but a form without the same token
    assert client.post("/console/login", data=fields | {"csrf": "forged"}, follow_redirects=False).status_code == 403
    with db() as s:
        assert s.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_signing_out_ends_the_session(client, db):
    csrf = counsellor(client, db)
    assert client.post("/console/logout", data={}, follow_redirects=False).status_code == 403
    assert client.get("/console", follow_redirects=False).status_code == 200, "a refused POST changes nothing"
    response = client.post("/console/logout", data={"csrf": csrf}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/console/login?notice=signed_out"
    with db() as s:
        assert s.scalar(select(func.count()).select_from(ApiToken)) == 0
    assert client.get("/console", follow_redirects=False).status_code == 303


def test_the_console_speaks_french_dutch_or_english(client, db):
    counsellor(client, db)
    page = client.get("/console", params={"lang": "nl"})
    assert '<html lang="nl">' in page.text and "Niemand wacht." in page.text
    assert 'aria-current="true"' in page.text
    assert '<html lang="nl">' in client.get("/console").text, "the choice is kept"
    english = client.get("/console", params={"lang": "en"})
    assert "People waiting for a counsellor" in english.text and "No one is waiting." in english.text


# --- CSRF --------------------------------------------------------------------------------------------


def test_a_post_without_a_valid_csrf_token_is_403_and_changes_nothing(client, db):
    counsellor(client, db)
    colleague = other_client(client)
    other_csrf = counsellor(colleague, db, "ben")
    handover_id, conversation_id = queued(db)
    for data in ({}, {"csrf": ""}, {"csrf": "forged"}, {"csrf": other_csrf}):
        response = client.post(f"/console/handovers/{handover_id}/accept", data=data, follow_redirects=False)
        assert response.status_code == 403, data
        assert "Rien n'a été modifié" in shown(response)
    assert handover(db, handover_id).status == "queued"

    csrf = csrf_of(client.get("/console"))
    client.post(f"/console/handovers/{handover_id}/accept", data={"csrf": csrf})
    for action, data in (("say", {"text": "Bonjour"}), ("handback", {}), ("close", {"note": "fini"}),
                         ("transfer", {"to": "2"})):
        response = client.post(f"/console/handovers/{handover_id}/{action}", data=data, follow_redirects=False)
        assert response.status_code == 403, action
    assert handover(db, handover_id).status == "human" and mode(db, conversation_id) == "human"
    assert [n.sender for n in notifications(db, conversation_id)] == ["system"], "only 'a counsellor is here'"


def test_posts_without_a_session_go_to_sign_in_and_change_nothing(client, db):
    handover_id, _ = queued(db)
    response = client.post(f"/console/handovers/{handover_id}/accept", data={"csrf": "x"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/console/login")
    assert handover(db, handover_id).status == "queued"


# --- the queue ---------------------------------------------------------------------------------------


def test_the_queue_shows_who_waits_how_long_and_why(client, db):
    counsellor(client, db)
    chat, _ = queued(db, reason="Je cherche du travail comme cuisinier")
    message, _ = queued(db, reason="Vraag over mijn uitkering", language="nl", channel="telegram", kind="message",
                        message="Kunt u mij terugbellen over mijn dossier?")
    callback, _ = queued(db, reason=None, language="en", channel="whatsapp", kind="callback",
                         contact="+32 470 12 34 56")
    page = client.get("/console", params={"lang": "en"}).text
    assert "3 people are waiting." in page
    for handover_id in (chat, message, callback):
        assert f'action="/console/handovers/{handover_id}/accept"' in page
    assert '<td data-field="reason" lang="fr">Je cherche du travail comme cuisinier</td>' in page
    assert '<td data-field="reason" lang="nl">Vraag over mijn uitkering</td>' in page
    assert "Not said" in page
    assert "In the chat" in page and "Message left" in page and "Call back: +32 470 12 34 56" in page
    assert "Website" in page and "Telegram" in page and "WhatsApp" in page
    assert "French" in page and "Dutch" in page and "English" in page
    assert "less than a minute" in page
    assert page.index(f"/handovers/{chat}/accept") < page.index(f"/handovers/{callback}/accept"), "oldest first"
    assert "3 personnes attendent." in client.get("/console", params={"lang": "fr"}).text


def test_the_queue_streams_live_as_json(client, db, monkeypatch):
    monkeypatch.setattr(console, "TICK_SECONDS", 0.05)
    monkeypatch.setattr(console, "STREAM_SECONDS", 0.0)
    counsellor(client, db)
    handover_id, _ = queued(db, reason="Ik zoek een opleiding", language="nl")
    with client.stream("GET", "/console/events", params={"lang": "en"}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        body = "".join(response.iter_text())
    events = [block for block in body.split("\n\n") if block.startswith("event: queue")]
    assert events, body
    data = json.loads(events[0].split("data: ", 1)[1])
    assert data["count"] == 1 and data["announcement"] == "1 person is waiting."
    item = data["items"][0]
    assert item["id"] == handover_id and item["reason"] == "Ik zoek een opleiding" and item["language"] == "nl"
    assert item["language_name"] == "Dutch" and item["channel"] == "Website" and data["held"] == []


def test_the_stream_says_when_the_session_has_ended(client):
    with client.stream("GET", "/console/events") as response:
        body = "".join(response.iter_text())
    assert "event: signed_out" in body


# --- taking a conversation -----------------------------------------------------------------------------


def test_two_counsellors_accept_the_same_request_and_exactly_one_gets_it(client, db):
    anna = counsellor(client, db, "anna")
    colleague = other_client(client)
    ben = counsellor(colleague, db, "ben")
    handover_id, conversation_id = queued(db)
    first = client.post(f"/console/handovers/{handover_id}/accept", data={"csrf": anna}, follow_redirects=False)
    second = colleague.post(f"/console/handovers/{handover_id}/accept", data={"csrf": ben}, follow_redirects=False)
    assert sorted([first.status_code, second.status_code]) == [303, 409]
    assert "Un ou une collègue l'a prise" in shown(second)
    with db() as s:
        anna_id = s.scalar(select(Account.id).where(Account.username == "anna"))
    assert handover(db, handover_id).counsellor_id == anna_id and mode(db, conversation_id) == "human"
    assert f"/console/handovers/{handover_id}" in client.get("/console").text, "in the list of those held"
    again = client.post(f"/console/handovers/{handover_id}/accept", data={"csrf": anna}, follow_redirects=False)
    assert again.status_code == 303, "a second click leads to the conversation"
    assert colleague.get(f"/console/handovers/{handover_id}").status_code == 403


def test_accepting_what_does_not_exist_is_404(client, db):
    csrf = counsellor(client, db)
    assert client.post("/console/handovers/999/accept", data={"csrf": csrf}).status_code == 404


def test_opening_a_conversation_shows_it_and_is_audited(client, db):
    csrf = counsellor(client, db, display_name="Anna")
    handover_id, conversation_id = accepted(client, db, csrf, language="nl", reason="Ik zoek werk")
    with db.begin() as s:
        conversation = s.get_one(Conversation, conversation_id)
        conversations.record(s, conversation, direction="in", sender="user", text="Hallo, ik zoek werk",
                             language="nl")

    def reads():
        with db() as s:
            return s.scalar(select(func.count()).select_from(AuditLog).where(
                AuditLog.account == "anna", AuditLog.action == "read", AuditLog.record_type == "conversation",
                AuditLog.record_id == conversation_id))

    before = reads()
    page = client.get(f"/console/handovers/{handover_id}", params={"lang": "en"})
    assert page.status_code == 200
    assert reads() == before + 1
    client.get(f"/console/handovers/{handover_id}")
    assert reads() == before + 2
    text = page.text
    assert '<p class="text" lang="nl">Hallo, ik zoek werk</p>' in text
    assert "Dutch" in text and "Website" in text and '<span lang="nl">Ik zoek werk</span>' in text
    assert 'lang="nl">Hallo, ik ben Anna' in text, "ready-made replies in the person's language"
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("role, sees", [("pathway_officer", True), ("counsellor", False), ("admin", False)])
def test_only_a_pathway_officer_sees_the_support_needs_and_the_reading_is_audited(client, db, pathway_keys,
                                                                                  role, sees):
    from datetime import UTC, datetime

    from core.pathway import registrations

    csrf = counsellor(client, db, username="pia", role=role)
    handover_id, conversation_id = accepted(client, db, csrf, language="fr", reason="Mon inscription")
    with db.begin() as s:
        reference = registrations.register(s, conversation_id, {
            "first_name": "Zoé", "last_name": "Martin", "phone": "0470 12 34 56", "email": None,
            "preferred_language": "fr", "contact_channel": "phone", "situation": "job_seeker",
            "support_needs": ["mobility"], "support_details": "Je me déplace en fauteuil roulant.",
            "accommodations": "Un local au rez-de-chaussée.", "availability": "mornings",
            "consent_at": datetime.now(UTC)}, "fr").reference
    page = shown(client.get(f"/console/handovers/{handover_id}", params={"lang": "en"}))
    assert reference in page, "every role sees that the person registered"
    assert ("Je me déplace en fauteuil roulant." in page) is sees
    assert ("Support needs (pathway officers only)" in page) is sees
    with db() as s:
        reads = s.scalars(select(AuditLog).where(AuditLog.account == "pia",
                                                 AuditLog.record_type == registrations.RECORD_TYPE)).all()
    assert [(r.action, r.detail.split(",")[0]) for r in reads] == ([("read", "health")] if sees else [])


def test_a_message_left_shows_the_message_and_the_number(client, db):
    csrf = counsellor(client, db)
    handover_id, _ = accepted(client, db, csrf, kind="callback", contact="0470 12 34 56",
                              message="Appelez-moi le matin", reason="Allocations")
    page = client.get(f"/console/handovers/{handover_id}", params={"lang": "en"}).text
    assert 'href="tel:0470123456"' in page and "Appelez-moi le matin" in page
    assert "/handback" not in page, "a callback is closed, not handed back"
    response = client.post(f"/console/handovers/{handover_id}/close", data={"csrf": csrf, "note": "Rappelée"},
                           follow_redirects=False)
    assert response.status_code == 303 and handover(db, handover_id).status == "closed"
    assert handover(db, handover_id).note == "Rappelée"


# --- acting on it ---------------------------------------------------------------------------------------


def test_a_reply_is_queued_for_the_person(client, db):
    csrf = counsellor(client, db, display_name="Anna")
    handover_id, conversation_id = accepted(client, db, csrf)
    response = client.post(f"/console/handovers/{handover_id}/say",
                           data={"csrf": csrf, "text": "  Bonjour, je regarde votre dossier.  "},
                           follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/console/handovers/{handover_id}#reply-text"
    sent = notifications(db, conversation_id)[-1]
    assert (sent.text, sent.sender, sent.sender_name, sent.in_transcript) == (
        "Bonjour, je regarde votre dossier.", "counsellor", "Anna", True)
    with db() as s:
        last = s.scalars(select(Message).where(Message.conversation_id == conversation_id)
                         .order_by(Message.id.desc())).first()
    assert (last.sender, last.text) == ("counsellor", "Bonjour, je regarde votre dossier.")

    client.post(f"/console/handovers/{handover_id}/say", data={"csrf": csrf, "ready": "greeting"})
    assert notifications(db, conversation_id)[-1].text == \
        "Bonjour, je suis Anna, conseiller ou conseillère. Comment puis-je vous aider ?"


def test_an_empty_or_too_long_reply_is_refused_with_the_reason(client, db):
    csrf = counsellor(client, db)
    handover_id, conversation_id = accepted(client, db, csrf)
    count = len(notifications(db, conversation_id))
    empty = client.post(f"/console/handovers/{handover_id}/say", data={"csrf": csrf, "text": "   "},
                        params={"lang": "en"})
    assert empty.status_code == 422 and "Write a message before sending it." in empty.text
    assert 'role="alert"' in empty.text and 'aria-invalid="true"' in empty.text
    assert f'href="/console/handovers/{handover_id}?lang=nl"' in empty.text, "the switch leads to the page"
    long = client.post(f"/console/handovers/{handover_id}/say", data={"csrf": csrf, "text": "x" * 2001})
    assert long.status_code == 422
    assert len(notifications(db, conversation_id)) == count


def test_handing_back_returns_the_conversation_to_the_assistant(client, db):
    csrf = counsellor(client, db)
    handover_id, conversation_id = accepted(client, db, csrf)
    response = client.post(f"/console/handovers/{handover_id}/handback", data={"csrf": csrf},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/console?notice=handed_back"
    closed = handover(db, handover_id)
    assert (closed.status, closed.closed_by, closed.note) == ("closed", "counsellor", None)
    assert mode(db, conversation_id) == "bot"
    texts = [n.text for n in notifications(db, conversation_id)]
    assert any("assistant" in t for t in texts[-2:]), texts
    assert "La conversation est revenue à l'assistant." in shown(client.get(response.headers["location"]))


def test_closing_with_a_note_returns_the_conversation_to_the_assistant(client, db):
    csrf = counsellor(client, db)
    handover_id, conversation_id = accepted(client, db, csrf)
    too_long = client.post(f"/console/handovers/{handover_id}/close", data={"csrf": csrf, "note": "n" * 501})
    assert too_long.status_code == 422 and handover(db, handover_id).status == "human"
    response = client.post(f"/console/handovers/{handover_id}/close",
                           data={"csrf": csrf, "note": "Orientée vers la Maison de l'Emploi"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/console?notice=closed"
    closed = handover(db, handover_id)
    assert (closed.status, closed.note) == ("closed", "Orientée vers la Maison de l'Emploi")
    assert mode(db, conversation_id) == "bot"
    assert client.get(f"/console/handovers/{handover_id}").status_code == 409


def test_only_the_holder_or_an_admin_may_act(client, db):
    csrf = counsellor(client, db, "anna")
    handover_id, conversation_id = accepted(client, db, csrf)
    colleague = other_client(client)
    ben = counsellor(colleague, db, "ben")
    assert colleague.get(f"/console/handovers/{handover_id}").status_code == 403
    count = len(notifications(db, conversation_id))
    refused = colleague.post(f"/console/handovers/{handover_id}/say", data={"csrf": ben, "text": "Bonjour"})
    assert refused.status_code == 403
    assert colleague.post(f"/console/handovers/{handover_id}/handback", data={"csrf": ben}).status_code == 403
    assert len(notifications(db, conversation_id)) == count and mode(db, conversation_id) == "human"

    boss = other_client(client)
    admin = counsellor(boss, db, "dora", role="admin")
    assert boss.get(f"/console/handovers/{handover_id}").status_code == 200
    assert boss.post(f"/console/handovers/{handover_id}/say", data={"csrf": admin, "text": "Bonjour"},
                     follow_redirects=False).status_code == 303
    assert len(notifications(db, conversation_id)) == count + 1


def test_transfer_to_a_colleague(client, db):
    csrf = counsellor(client, db, "anna")
    colleague = other_client(client)
    counsellor(colleague, db, "ben")
    create_account(db, "carl", "childcare_staff")
    handover_id, _ = accepted(client, db, csrf)
    page = client.get(f"/console/handovers/{handover_id}").text
    with db() as s:
        ids = {a.username: a.id for a in s.scalars(select(Account))}
    assert f'<option value="{ids["ben"]}">ben</option>' in page
    assert f'value="{ids["carl"]}"' not in page and f'<option value="{ids["anna"]}"' not in page
    wrong = client.post(f"/console/handovers/{handover_id}/transfer", data={"csrf": csrf, "to": str(ids["carl"])})
    assert wrong.status_code == 422 and handover(db, handover_id).counsellor_id == ids["anna"]
    response = client.post(f"/console/handovers/{handover_id}/transfer", data={"csrf": csrf, "to": str(ids["ben"])},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/console?notice=transferred"
    assert handover(db, handover_id).counsellor_id == ids["ben"]
    assert client.get(f"/console/handovers/{handover_id}").status_code == 403
    assert colleague.get(f"/console/handovers/{handover_id}").status_code == 200


def test_the_conversation_streams_new_messages_and_keeps_the_handover_seen(client, db, monkeypatch):
    monkeypatch.setattr(console, "TICK_SECONDS", 0.05)
    monkeypatch.setattr(console, "STREAM_SECONDS", 0.0)
    csrf = counsellor(client, db)
    handover_id, conversation_id = accepted(client, db, csrf, language="nl")
    with db.begin() as s:
        s.get_one(Handover, handover_id).seen_at = None
        before = s.scalar(select(func.max(Message.id)).where(Message.conversation_id == conversation_id)) or 0
        conversations.record(s, s.get_one(Conversation, conversation_id), direction="in", sender="user",
                             text="Bent u er nog?", language="nl")
    with client.stream("GET", f"/console/handovers/{handover_id}/events",
                       params={"after": before, "lang": "en"}) as response:
        body = "".join(response.iter_text())
    events = [block for block in body.split("\n\n") if "event: transcript" in block]
    assert len(events) == 1, body
    item = json.loads(events[0].split("data: ", 1)[1])
    assert (item["text"], item["language"], item["who"], item["sender"]) == ("Bent u er nog?", "nl", "Person",
                                                                            "user")
    assert events[0].startswith(f"id: {item['id']}")
    assert handover(db, handover_id).seen_at is not None

    client.post(f"/console/handovers/{handover_id}/handback", data={"csrf": csrf})
    with client.stream("GET", f"/console/handovers/{handover_id}/events") as response:
        assert "event: ended" in "".join(response.iter_text())
