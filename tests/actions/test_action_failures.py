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
from core import conversations, db
from core.i18n import translate
from core.settings import get_settings

SECRET = "Ma fille Inès, née le 3 mars 2024"


@pytest.fixture
def default_db(database_url, sessions, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    db._default_factory.cache_clear()
    yield sessions
    db._default_factory().kw["bind"].dispose()
    get_settings.cache_clear()
    db._default_factory.cache_clear()


def tracker(sender, text, entities=(), language="nl", slots=None, loop=None):
    latest = {"intent": {"name": "childcare_cancel"}, "entities": list(entities), "text": text,
              "metadata": {"language": language}}
    return Tracker(sender, slots or {}, latest, [], False, None, loop or {}, "action_listen")


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
    events = asyncio.run(ValidateQuestionnaireForm().run(dispatcher, form, {
        "forms": {"questionnaire_form": {"required_slots": ["answer"]}}, "slots": {"answer": {}}}))
    assert [m["text"] for m in dispatcher.messages] == [translate("fr", APOLOGY)]
    assert {"event": "slot", "name": "answer", "value": None, "timestamp": None} in events, "asked again"
    assert ActionStop.run.guarded  # type: ignore[attr-defined]
