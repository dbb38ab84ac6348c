"""The questionnaire actions with rasa-sdk's Tracker and CollectingDispatcher, on a real database."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment import ActionStartAssessment
from actions.questionnaire import ActionQuestionnaireDone, ActionStop, ValidateQuestionnaireForm
from actions.training import ActionFindTraining, ActionTrainingDetails, ActionTrainingMore
from core import conversations, db
from core.assessment.models import Assessment
from core.assessment.texts import TEXTS as ASSESSMENT_TEXTS
from core.questionnaire import engine
from core.questionnaire.engine import in_words
from core.questionnaire.texts import TEXTS as COMMON
from core.settings import get_settings
from core.training import catalogue
from core.training.content import catalogue_file
from core.training.texts import TEXTS as TRAINING_TEXTS


@pytest.fixture
def default_db(database_url, sessions, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    db._default_factory.cache_clear()
    with sessions.begin() as s:
        catalogue.sync_catalogue(s, catalogue_file()[1])
    yield sessions
    db._default_factory().kw["bind"].dispose()
    get_settings.cache_clear()
    db._default_factory.cache_clear()


def tracker(sender, text="", flow="assessment", language="fr", entities=(), intent="choose"):
    slots = {"flow": flow, "answer": text, "requested_slot": "answer"}
    latest = {"intent": {"name": intent}, "entities": list(entities), "text": text,
              "metadata": {"language": language}}
    events = [{"event": "slot", "name": "answer", "value": text}]
    return Tracker(sender, slots, latest, events, False, None,
                   {"name": "questionnaire_form", "validate": True}, "action_listen")


def person(sessions):
    with sessions.begin() as s:
        return conversations.create(s, "web", "someone").id


def validate(sender, text, **kw):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateQuestionnaireForm().run(dispatcher, tracker(sender, text, **kw), {
        "forms": {"questionnaire_form": {"required_slots": ["answer"]}}, "slots": {"answer": {}}}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def run(action, sender, **kw):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker(sender, **kw), {})
    return dispatcher.messages, events


def test_the_message_that_starts_a_questionnaire_is_not_read_as_its_first_answer(default_db):
    """The form validates the slot the start action emptied: nothing was answered yet."""
    sender = person(default_db)
    run(ActionStartAssessment(), sender, text="je voudrais tester mes compétences")
    dispatcher = CollectingDispatcher()
    start = Tracker(sender, {"flow": "assessment", "answer": None, "requested_slot": None},
                    {"intent": {"name": "start_assessment"}, "entities": [],
                     "text": "je voudrais tester mes compétences",
                     "metadata": {"language": "fr"}},
                    [{"event": "slot", "name": "answer", "value": None}], False, None,
                    {"name": "questionnaire_form", "validate": True}, "action_start_assessment")
    events = asyncio.run(ValidateQuestionnaireForm().run(dispatcher, start, {
        "forms": {"questionnaire_form": {"required_slots": ["answer"]}}, "slots": {"answer": {}}}))
    assert dispatcher.messages == []
    assert {e["name"]: e["value"] for e in events if e["event"] == "slot"} == {"answer": None}
    with default_db() as s:
        assert engine.stored_state(s, sender, "assessment")["failures"] == 0


def test_an_assessment_through_the_actions(default_db):
    sender = person(default_db)
    messages, events = run(ActionStartAssessment(), sender)
    assert messages[0]["text"] == ASSESSMENT_TEXTS("fr", "assessment_intro")
    assert SlotSet("flow", "assessment") in events and SlotSet("answer", None) in events
    first = messages[-1]  # the first question comes with the introduction
    assert [b["payload"] for b in first["buttons"]][:3] == [
        '/choose{"choice": "fr"}', '/choose{"choice": "nl"}', '/choose{"choice": "en"}']
    # a valid answer: the slot is emptied so that the form goes on, and the next question comes
    said, slots = validate(sender, '/choose{"choice": "nl"}')
    assert len(said) == 1 and said[0]["text"] != first["text"] and said[0]["buttons"]
    assert slots == {"answer": None}
    asked = said[0]
    # an invalid one: an explanation that says the answers in words, and the same question again
    said, slots = validate(sender, "bof")
    titles = [b["title"] for b in asked["buttons"]]
    assert said[0]["text"] == COMMON("fr", "invalid_choices", choices=in_words(titles))
    assert said[1:] == [asked]
    assert slots == {"answer": None}
    # "stop" leaves the form
    said, slots = validate(sender, "annuler")
    assert slots == {"answer": None, "requested_slot": None}
    done, _ = run(ActionQuestionnaireDone(), sender)
    assert done[0]["text"] == ASSESSMENT_TEXTS("fr", "assessment_stopped")


def test_the_last_answer_fills_the_slot_and_the_result_is_stored(default_db):
    sender = person(default_db)
    run(ActionStartAssessment(), sender, language="en")
    validate(sender, "skip", language="en")  # no languages
    for _ in range(10):
        _said, slots = validate(sender, "1", language="en")  # "I don't know how"
        if slots.get("answer") == "done":
            break
    assert slots == {"answer": "done"}
    messages, events = run(ActionQuestionnaireDone(), sender, language="en")
    assert "Foundation" in messages[0]["text"]
    assert SlotSet("answer", None) in events
    with default_db() as s:
        assert s.query(Assessment).count() == 1


def test_training_actions(default_db):
    sender = person(default_db)
    run(ActionFindTraining(), sender, flow="training", language="nl")
    for answer in ("computer", "1", "online"):
        _said, slots = validate(sender, answer, flow="training", language="nl")
    assert slots == {"answer": "done"}
    shown, _ = run(ActionQuestionnaireDone(), sender, flow="training", language="nl")
    assert shown[0]["text"].startswith(TRAINING_TEXTS("nl", "training_results"))
    more, _ = run(ActionTrainingMore(), sender, flow="training", language="nl")
    assert "4. " in more[0]["text"]
    key = next(b["payload"] for b in shown[0]["buttons"] if "training_details" in b["payload"])
    key = key.split('"module": "')[1].rstrip('"}')
    details, _ = run(ActionTrainingDetails(), sender, flow="training", language="nl",
                     entities=[{"entity": "module", "value": key}], intent="training_details")
    assert catalogue_file()[1][key].title.nl in details[0]["text"]


def test_more_without_a_search_offers_to_start_one(default_db):
    messages, _ = run(ActionTrainingMore(), person(default_db), flow="training")
    assert messages[0]["response"] == "utter_training_start"


def test_stop_outside_a_questionnaire():
    dispatcher = CollectingDispatcher()
    ActionStop().run(dispatcher, tracker("x", "stop"), {})
    assert dispatcher.messages[0]["response"] == "utter_anything_else"


def test_childcare_actions(default_db, monkeypatch):
    from datetime import date

    from actions.childcare import ActionBookChildcare, ActionChildcareCancel, ActionMyBookings
    from core.childcare.texts import TEXTS as CHILDCARE_TEXTS

    monkeypatch.setattr("core.childcare.rules.today", lambda: date(2026, 11, 23))
    sender = person(default_db)
    messages, events = run(ActionBookChildcare(), sender, flow="childcare", language="en")
    assert messages[0]["text"] == CHILDCARE_TEXTS("en", "intro")
    assert SlotSet("flow", "childcare") in events
    for answer in ("yes", "1", "Lina", "14/03/2025", "Molenbeek", "1/12", "Only that day", "skip"):
        said, slots = validate(sender, answer, flow="childcare", language="en")
        assert slots == {"answer": None}, (answer, said)
    said, slots = validate(sender, "yes", flow="childcare", language="en")
    assert slots == {"answer": "done"}
    done, _ = run(ActionQuestionnaireDone(), sender, flow="childcare", language="en")
    assert "Rue Ulens 95" in done[0]["text"]
    listing, _ = run(ActionMyBookings(), sender, language="en")
    cancel_payload = listing[0]["buttons"][0]["payload"]
    reference = cancel_payload.split('"reference": "')[1].split('"')[0]
    asked, _ = run(ActionChildcareCancel(), sender, language="en", intent="childcare_cancel",
                   entities=[{"entity": "reference", "value": reference}])
    assert reference in asked[0]["text"]
    cancelled, _ = run(ActionChildcareCancel(), sender, language="en", intent="childcare_cancel",
                       entities=[{"entity": "reference", "value": reference},
                                 {"entity": "confirm", "value": "yes"}])
    assert cancelled[0]["text"] == CHILDCARE_TEXTS("en", "cancelled", reference=reference)
    # another person cannot cancel it
    other = None
    with default_db.begin() as s:
        other = conversations.create(s, "telegram", "another").id
    refused, _ = run(ActionChildcareCancel(), other, language="en", intent="childcare_cancel",
                     entities=[{"entity": "reference", "value": reference}, {"entity": "confirm", "value": "yes"}])
    assert refused[0]["text"].startswith(CHILDCARE_TEXTS("en", "booking_unknown"))


@pytest.mark.parametrize("text, first", [
    ("mes données", "offer"), ("je veux effacer mes données", "erase_confirm"),
    ("qu'est-ce que vous savez sur moi ?", "see_title"), ("wis al mijn gegevens", "erase_confirm"),
    ("wat weten jullie over mij", "see_title"), ("/delete_my_data", "offer"),
])
def test_a_typed_request_for_ones_data_goes_straight_to_seeing_or_erasing(default_db, pathway_keys, text, first):
    from actions.privacy import ActionMyData
    from core import sealed
    from core.privacy.texts import TEXTS as PRIVACY_TEXTS

    sender = person(default_db)
    language = "nl" if text.startswith("w") else "fr"
    messages, events = run(ActionMyData(), sender, text=text, language=language, intent="delete_my_data")
    with default_db.begin() as s:
        shown = sealed.open_out(s, sender, messages[0]["text"])
    assert shown.startswith(PRIVACY_TEXTS(language, first))
    assert not any(m.get("custom") for m in messages), "nothing is erased without the confirmation"
    assert events == [SlotSet("my_data", "erase" if first == "erase_confirm" else None)]


def my_data_tracker(sender, intent, asked_just_before=True):
    """A typed yes or no, with "erase everything?" asked just before (or earlier on)."""
    events = [{"event": "action", "name": "action_my_data"}, {"event": "slot", "name": "my_data", "value": "erase"},
              {"event": "action", "name": "action_listen"}]
    if not asked_just_before:
        events += [{"event": "user", "text": "bonjour"}, {"event": "action", "name": "utter_greet"},
                   {"event": "action", "name": "action_listen"}]
    events.append({"event": "user", "text": "oui"})
    latest = {"intent": {"name": intent}, "entities": [], "text": "oui", "metadata": {"language": "fr"}}
    return Tracker(sender, {"my_data": "erase"}, latest, events, False, None, {}, "action_listen")


@pytest.mark.parametrize("intent, asked_just_before, erased", [
    ("affirm", True, True), ("deny", True, False), ("affirm", False, False)])
def test_a_typed_yes_erases_only_right_after_the_question(default_db, pathway_keys, intent, asked_just_before,
                                                         erased):
    from actions.privacy import ActionMyData
    from core.models import Conversation, Message
    from core.privacy.texts import TEXTS as PRIVACY_TEXTS

    sender = person(default_db)
    with default_db.begin() as s:
        conversations.record(s, s.get(Conversation, sender), direction="in", sender="user", text="hello")
    dispatcher = CollectingDispatcher()
    events = ActionMyData().run(dispatcher, my_data_tracker(sender, intent, asked_just_before), {})
    with default_db() as s:
        left = s.query(Message).filter_by(conversation_id=sender).count()
    assert (left == 0) is erased
    assert any(m.get("custom") == {"forget": True} for m in dispatcher.messages) is erased
    if erased:
        assert dispatcher.messages[0]["text"] == PRIVACY_TEXTS("fr", "erased")
    elif asked_just_before:
        assert dispatcher.messages[0]["text"] == PRIVACY_TEXTS("fr", "kept")
    else:
        assert dispatcher.messages[0]["response"] == "utter_anything_else", "a yes said later erases nothing"
    assert SlotSet("my_data", None) in events


def _user(text, intent="choose"):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


@pytest.mark.parametrize("events, reason", [
    ([_user("bonjour", "greet"), _user("mon C4 est faux", "nlu_fallback"), {"event": "action", "name": "utter_default"},
      _user("/faq_menu", "faq_menu"), _user("ok", "affirm"), _user("je veux un conseiller", "request_human")],
     "mon C4 est faux"),
    ([_user("quand est ma réunion"), {"event": "action", "name": "action_default_fallback"},
      _user("/request_human", "request_human")], "quand est ma réunion"),
    ([_user("bonjour", "greet"), _user("je veux un conseiller", "request_human")], "bonjour"),
    ([_user("/request_human", "request_human")], None),
])
def test_why_a_person_asks_is_the_last_thing_not_understood(events, reason):
    from actions.questionnaire import why

    t = Tracker("x", {}, events[-1], events, False, None, {}, "action_listen")
    assert why(t) == reason
