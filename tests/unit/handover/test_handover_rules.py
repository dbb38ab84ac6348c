"""The handover as a state of the conversation, on a real database: bot → queued → human →
closed → bot; one counsellor per conversation; a closed console lets go; outside opening
hours a message or a number to call back; messages from the counsellor reach the person."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from core import accounts, conversations
from core.db import session_factory
from core.handover import REQUEST, rules
from core.handover.content import is_open, load_offices, next_opening, offices_content
from core.handover.models import Handover
from core.handover.texts import TEXTS
from core.models import Account, AuditLog, Conversation, Message, Notification
from core.questionnaire import Opening, engine
from tests.conftest import ALWAYS_OPEN

# Tuesday 1 December 2026, 10:00 in Brussels (09:00 UTC): the office is open.
OPEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# Saturday 5 December 2026, 10:00 in Brussels: closed until Monday 8:30.
WEEKEND = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def person(sessions, name="someone", channel="web") -> str:
    with sessions.begin() as s:
        return conversations.create(s, channel, name).id


def counsellor(sessions, name="marie", role="counsellor", display="Marie") -> int:
    with sessions.begin() as s:
        account = accounts.create_account(s, name, "a long enough password", role)
        account.display_name = display
        s.flush()
        return account.id


def mode(sessions, conversation_id) -> str:
    with sessions() as s:
        return s.get_one(Conversation, conversation_id).mode


def told(sessions, conversation_id) -> list[tuple[str, str, str | None]]:
    with sessions() as s:
        return [(n.sender, n.text, n.sender_name) for n in s.scalars(
            select(Notification).where(Notification.conversation_id == conversation_id).order_by(Notification.id))]


def test_the_office_keeps_its_hours_and_belgian_public_holidays():
    office = offices_content().offices[offices_content().default]
    assert is_open(office, OPEN)
    assert not is_open(office, WEEKEND)
    assert not is_open(office, datetime(2026, 12, 25, 9, 0, tzinfo=UTC)), "Christmas"
    assert next_opening(office, WEEKEND) == datetime(2026, 12, 7, 8, 30, tzinfo=next_opening(office, WEEKEND).tzinfo)
    assert next_opening(office, datetime(2026, 12, 24, 16, 0, tzinfo=UTC)).date() == date(2026, 12, 28)


def test_an_office_open_until_midnight_is_open_in_its_last_minute():
    office = load_offices(ALWAYS_OPEN).offices["actiris"]
    last_minute = datetime(2026, 12, 3, 22, 59, 30, tzinfo=UTC)  # 23:59:30 in Brussels
    assert is_open(office, last_minute)
    assert is_open(office, last_minute + timedelta(minutes=1))  # 00:00:30, the next day


def test_asking_in_opening_hours_queues_with_a_place_and_a_wait(sessions):
    first, second = person(sessions, "a"), person(sessions, "b")
    with sessions.begin() as s:
        asked = rules.ask(s, first, "fr", "je ne comprends pas ma facture", OPEN)
        assert asked.handover is not None
        assert asked.messages[0].text == TEXTS("fr", "queued", position=1, minutes=6)
        assert asked.messages[0].buttons == [rules.back_button("fr")]
    with sessions.begin() as s:
        assert rules.ask(s, second, "nl", None, OPEN + timedelta(minutes=1)).messages[0].text == TEXTS(
            "nl", "queued", position=2, minutes=12)
    with sessions.begin() as s:  # asking again: the same place, not a second request
        assert rules.ask(s, first, "fr", None, OPEN + timedelta(minutes=2)).messages[0].text == TEXTS(
            "fr", "queued", position=1, minutes=6)
        assert len(rules.queue(s)) == 2
    assert mode(sessions, first) == "queued"


def test_outside_opening_hours_nothing_is_queued_and_the_next_time_is_said(sessions):
    me = person(sessions)
    with sessions.begin() as s:
        assert rules.ask(s, me, "en", None, WEEKEND).handover is None
        assert rules.queue(s) == []
    assert mode(sessions, me) == "bot"
    text = rules.closed_message("en", WEEKEND)
    assert "7 December 2026, 08:30" in text


@pytest.mark.parametrize("kind, answers, stored", [
    ("callback", ["Call me back", "0470 12 34 56"], {"contact": "+32470123456"}),
    ("message", ["Leave a message", "My payment of November did not come."],
     {"message": "My payment of November did not come."}),
])
def test_outside_hours_a_message_or_a_number_goes_to_the_queue(sessions, kind, answers, stored):
    me = person(sessions)
    with sessions.begin() as s:
        opening = engine.start(s, me, REQUEST, "en", Opening({}, "I want a counsellor"))
        assert TEXTS("en", "ask_what") in " ".join(o.text for o in engine.ask(s, me, REQUEST, "en"))
        assert opening
    for answer in answers:
        with sessions.begin() as s:
            result = engine.answer(s, me, REQUEST, "en", answer)
    assert result.status == "done"
    with sessions.begin() as s:
        ending = engine.finish(s, me, REQUEST, "en")
    with sessions() as s:
        [left] = s.scalars(select(Handover)).all()
        assert (left.kind, left.status) == (kind, "queued")
        assert {key: getattr(left, key) for key in stored} == stored
    assert ("+32470123456" in ending[0].text) is (kind == "callback")
    assert mode(sessions, me) == "bot", "the assistant goes on meanwhile"


def test_a_number_that_is_not_one_is_asked_again(sessions):
    me = person(sessions)
    with sessions.begin() as s:
        engine.start(s, me, REQUEST, "fr", Opening({}, ""))
        engine.answer(s, me, REQUEST, "fr", "Rappelez-moi")
    with sessions.begin() as s:
        result = engine.answer(s, me, REQUEST, "fr", "12")
    assert result.status == "invalid" and result.messages[0].text == TEXTS("fr", "contact_invalid")


def test_accept_tell_and_close_bring_the_person_back_to_the_assistant(sessions):
    me, marie = person(sessions), counsellor(sessions)
    with sessions.begin() as s:
        handover_id = rules.ask(s, me, "nl", "waar is mijn uitkering", OPEN).handover.id
    with sessions.begin() as s:
        account = s.get_one(Account, marie)
        taken = rules.accept(s, handover_id, account, OPEN)
        assert taken is not None and taken.status == "human"
        rules.say(s, taken, account, "Dag, ik ben Marie. Waarmee kan ik helpen?")
    assert mode(sessions, me) == "human"
    assert told(sessions, me) == [("system", TEXTS("nl", "counsellor_joined", name="Marie"), None),
                                  ("counsellor", "Dag, ik ben Marie. Waarmee kan ik helpen?", "Marie")]
    with sessions.begin() as s:
        rules.close(s, s.get_one(Handover, handover_id), s.get_one(Account, marie), "Uitkering uitgelegd")
    assert mode(sessions, me) == "bot"
    with sessions() as s:
        closed = s.get_one(Handover, handover_id)
        assert (closed.status, closed.closed_by, closed.note) == ("closed", "counsellor", "Uitkering uitgelegd")
        transcript = [m.text for m in s.scalars(select(Message).where(Message.conversation_id == me))]
        assert "Dag, ik ben Marie. Waarmee kan ik helpen?" in transcript, "in the transcript once"
        assert transcript.count("Dag, ik ben Marie. Waarmee kan ik helpen?") == 1
        audit = s.scalars(select(AuditLog).where(AuditLog.record_id == me)).all()
        assert [(a.account, a.action) for a in audit] == [("marie", "read")]


def test_the_person_can_go_back_to_the_assistant_in_any_language():
    for text in ("assistant", "Assistent", "retour à l'assistant", "terug naar de assistent", "back to the assistant",
                 rules.BACK, "stop"):
        assert rules.wants_the_assistant(text), text
    for text in ("je veux parler à l'assistant social de mon CPAS", "bonjour", "ik heb een vraag"):
        assert not rules.wants_the_assistant(text), text


def test_a_counsellor_whose_console_is_gone_lets_go_and_a_long_wait_is_told_once(sessions):
    waiting, held, marie = person(sessions, "w"), person(sessions, "h"), counsellor(sessions)
    with sessions.begin() as s:
        rules.ask(s, waiting, "en", None, OPEN)
        held_id = rules.ask(s, held, "fr", None, OPEN).handover.id
    with sessions.begin() as s:
        rules.accept(s, held_id, s.get_one(Account, marie), OPEN)
    data = offices_content()
    later = OPEN + timedelta(minutes=max(data.no_answer_minutes, data.counsellor_gone_minutes) + 1)
    with sessions.begin() as s:
        rules.expire(s, later)
    with sessions.begin() as s:
        rules.expire(s, later + timedelta(minutes=1))
    assert mode(sessions, held) == "queued"
    requeued = TEXTS("fr", "requeued", position=0).rsplit(" ", 1)[0]
    assert [t for t in told(sessions, held) if t[1].startswith(requeued)], told(sessions, held)
    assert [t for t in told(sessions, waiting) if t[1] == TEXTS("en", "no_answer")] == [
        ("system", TEXTS("en", "no_answer"), None)], "told once"
    with sessions() as s:
        [offer] = s.scalars(select(Notification).where(Notification.conversation_id == waiting,
                                                       Notification.text == TEXTS("en", "no_answer"))).all()
        assert [b["title"] for b in offer.buttons] == ["Leave a message", "Call me back", "Back to the assistant"]
        assert {rules.leaving_instead(b["payload"]) for b in offer.buttons[:2]} == {"message", "callback"}


@pytest.mark.parametrize("text, kind", [
    ("Rappelez-moi", "callback"), ("rappelez moi svp", "callback"), ("bel me terug", "callback"),
    ("Call me back!", "callback"),
    ("terugbellen", "callback"), ("Laisser un message", "message"), ("Een bericht achterlaten", "message"),
    ("leave a message", "message"), ('/request_human{"choice":"callback"}', "callback"),
    ("j'ai un message de l'ONEM que je ne comprends pas", None), ("bonjour", None), ("0470 12 34 56", None),
])
def test_a_waiting_person_may_leave_a_message_or_a_number_instead_in_words(text, kind):
    assert rules.leaving_instead(text) == kind


@pytest.mark.parametrize("kind, answer, stored", [
    ("callback", "0470 12 34 56", {"contact": "+32470123456"}),
    ("message", "Ma question porte sur mon allocation.", {"message": "Ma question porte sur mon allocation."}),
])
def test_leaving_the_queue_for_a_message_or_a_callback_asks_only_for_it(sessions, kind, answer, stored):
    me = person(sessions)
    with sessions.begin() as s:
        rules.ask(s, me, "fr", "je ne comprends pas mon C4", OPEN)
    with sessions.begin() as s:
        rules.back_to_the_assistant(s, me, by="person")
        opening = engine.start(s, me, REQUEST, "fr", Opening({"choice": kind}, rules.LEAVE[kind]))
        assert opening == [], "no second 'what would you like to do?'"
        [question] = engine.ask(s, me, REQUEST, "fr")
        assert question.text == TEXTS("fr", "ask_contact" if kind == "callback" else "ask_message")
    with sessions.begin() as s:
        assert engine.answer(s, me, REQUEST, "fr", answer).status == "done"
        engine.finish(s, me, REQUEST, "fr")
    with sessions() as s:
        handovers = s.scalars(select(Handover).where(Handover.conversation_id == me).order_by(Handover.id)).all()
        assert [(h.kind, h.status) for h in handovers] == [("chat", "closed"), (kind, "queued")]
        assert {key: getattr(handovers[1], key) for key in stored} == stored
        assert handovers[1].reason == "je ne comprends pas mon C4", "why they asked, for the counsellor"


def test_two_counsellors_accepting_at_the_same_moment_one_gets_it(database_url):
    factory = session_factory(database_url)
    me = person(factory)
    ids = [counsellor(factory, f"c{i}", display=f"C{i}") for i in range(2)]
    with factory.begin() as s:
        handover_id = rules.ask(s, me, "fr", None, OPEN).handover.id
    results: list[bool] = []
    barrier = threading.Barrier(2)

    def take(account_id: int) -> None:
        try:
            with factory.begin() as s:
                account = s.get_one(Account, account_id)
                barrier.wait()
                results.append(rules.accept(s, handover_id, account, OPEN) is not None)
        except Exception as exc:  # a database refusing the second writer counts as not taken
            results.append(type(exc).__name__ == "")

    threads = [threading.Thread(target=take, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    factory.kw["bind"].dispose()
    assert sorted(results) == [False, True]
