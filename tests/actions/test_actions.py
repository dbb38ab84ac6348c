"""Custom actions, with rasa-sdk's Tracker and CollectingDispatcher and a real database."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionAnswerFaqTopic, ActionSetLanguage
from core import conversations
from core.models import Conversation


def tracker(sender_id, text, entities=(), intent="choose_language"):
    return Tracker(
        sender_id, {}, {"intent": {"name": intent}, "entities": list(entities), "text": text},
        [], False, None, {}, "action_listen",
    )


def conversation(sessions, language="fr"):
    with sessions.begin() as s:
        c = conversations.create(s, "web", "someone")
        c.language = language
        return c.id


def test_set_language_from_entity(default_db):
    cid = conversation(default_db)
    dispatcher = CollectingDispatcher()
    ActionSetLanguage().run(dispatcher, tracker(cid, "in het nederlands",
                            [{"entity": "language", "value": "nl"}]), {})
    assert dispatcher.messages[0]["response"] == "utter_language_changed"
    assert dispatcher.messages[0]["language"] == "nl"
    with default_db() as s:
        stored = s.get(Conversation, cid)
        assert (stored.language, stored.language_chosen) == ("nl", True)


def test_set_language_from_words_when_no_entity(default_db):
    cid = conversation(default_db)
    dispatcher = CollectingDispatcher()
    ActionSetLanguage().run(dispatcher, tracker(cid, "can we speak english please"), {})
    assert dispatcher.messages[0]["language"] == "en"


def test_without_a_language_the_person_is_asked(default_db):
    cid = conversation(default_db)
    dispatcher = CollectingDispatcher()
    ActionSetLanguage().run(dispatcher, tracker(cid, "change language"), {})
    assert dispatcher.messages[0]["response"] == "utter_ask_language"
    with default_db() as s:
        assert s.get(Conversation, cid).language_chosen is False


def test_faq_topic_button():
    dispatcher = CollectingDispatcher()
    ActionAnswerFaqTopic().run(dispatcher, tracker("x", "/faq_topic", [
        {"entity": "topic", "value": "epn"}], intent="faq_topic"), {})
    assert dispatcher.messages[0]["response"] == "utter_faq/epn"


def test_unknown_faq_topic_shows_the_menu():
    dispatcher = CollectingDispatcher()
    ActionAnswerFaqTopic().run(dispatcher, tracker("x", "/faq_topic", [
        {"entity": "topic", "value": "nope"}], intent="faq_topic"), {})
    assert dispatcher.messages[0]["response"] == "utter_faq_menu"
