"""An action never raises to rasa-sdk (whose error body carries the whole tracker): entities
of the wrong type are ignored, and a failure is an apology in the person's language."""

import asyncio
import logging

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import APOLOGY
from actions.childcare import ActionChildcareCancel
from actions.questionnaire import ActionStop, ValidateQuestionnaireForm
from core import conversations
from core.i18n import translate

SECRET = "Ma fille Inès, née le 3 mars 2024"


def tracker(sender, text, entities=(), language="nl", slots=None, loop=None):
    latest = {"intent": {"name": "childcare_cancel"}, "entities": list(entities), "text": text,
              "metadata": {"language": language}}
    return Tracker(sender, slots or {}, latest, [], False, None, loop or {}, "action_listen")


def in_own_loop(make):
    """``make()``'s coroutine run on an event loop of its own, in a thread: a browser test
    may hold this thread's loop."""
    import threading

    result: list = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(make())))
    thread.start()
    thread.join(timeout=60)
    return result[0]


def person(sessions) -> str:
    with sessions.begin() as s:
        return conversations.create(s, "web", "failures").id


@pytest.mark.parametrize("reference", [1, ["KC-1"], {"a": 1}, "K" * 500])
def test_an_entity_of_the_wrong_type_is_ignored(default_db, reference):
    me = person(default_db)
    dispatcher = CollectingDispatcher()
    events = ActionChildcareCancel().run(
        dispatcher, tracker(me, '/childcare_cancel{"reference": 1}', [{"entity": "reference", "value": reference}]),
        {})
    assert events == [] and dispatcher.messages, "an answer, no exception"
    assert translate("nl", APOLOGY) not in [m["text"] for m in dispatcher.messages], "nothing failed"


def test_a_failing_action_apologises_in_the_persons_language(default_db, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError(SECRET)

    monkeypatch.setattr("core.childcare.bookings.cancel_step", broken)
    me = person(default_db)
    dispatcher = CollectingDispatcher()
    with caplog.at_level(logging.DEBUG):
        events = ActionChildcareCancel().run(dispatcher, tracker(me, SECRET), {})
    assert events == []
    assert [m["text"] for m in dispatcher.messages] == [translate("nl", APOLOGY)]
    assert SECRET not in caplog.text and "ValueError" in caplog.text


def test_a_failing_plain_action_and_form_validation_apologise_too(default_db, monkeypatch):
    async def broken(*args, **kwargs):
        raise RuntimeError(SECRET)

    dispatcher = CollectingDispatcher()
    monkeypatch.setattr(ValidateQuestionnaireForm, "get_extraction_events", broken)
    me = person(default_db)
    form = tracker(me, "3 mars", language="fr", slots={"answer": "3 mars", "requested_slot": "answer",
                                                       "flow": "childcare"},
                   loop={"name": "questionnaire_form", "validate": True})
    events = in_own_loop(lambda: ValidateQuestionnaireForm().run(dispatcher, form, {
        "forms": {"questionnaire_form": {"required_slots": ["answer"]}}, "slots": {"answer": {}}}))
    assert [m["text"] for m in dispatcher.messages] == [translate("fr", APOLOGY)]
    assert {"event": "slot", "name": "answer", "value": None, "timestamp": None} in events, "waits for an answer"
    assert ActionStop.run.guarded  # type: ignore[attr-defined]


def test_a_slow_action_does_not_hold_up_the_others_on_the_action_servers_loop(default_db, monkeypatch):
    """On the action server's event loop an action's work runs in a thread: here the first
    action waits until a second one has answered, which it could not if it held the loop."""
    import threading

    monkeypatch.setenv("ACTIONS_IN_THREADS", "1")  # as on the action server

    from actions.childcare import ActionMyBookings

    second_done = threading.Event()
    real = ActionChildcareCancel.run_with_session

    def waits_for_the_other(self, dispatcher, tracker, domain, session):
        assert second_done.wait(timeout=20), "the second action never ran: the loop was held"
        return real(self, dispatcher, tracker, domain, session)

    monkeypatch.setattr(ActionChildcareCancel, "run_with_session", waits_for_the_other)
    me = person(default_db)

    async def both():
        async def second():
            await asyncio.sleep(0.05)
            result = await ActionMyBookings().run(CollectingDispatcher(), tracker(me, "mes réservations"), {})
            second_done.set()
            return result

        return await asyncio.gather(ActionChildcareCancel().run(CollectingDispatcher(), tracker(me, "annuler"), {}),
                                    second())

    first, second = in_own_loop(both)
    assert first == [] and second == []
