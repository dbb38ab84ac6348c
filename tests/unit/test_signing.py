"""Messages signed by the gateway, checked by the actions: another conversation, another
channel, an old message, another key or no signature at all are refused."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from core import signing
from core.settings import get_settings

NOW = 1_800_000_000.0


@pytest.fixture
def action_key(monkeypatch):
    def use(key: str | None) -> None:
        if key is None:
            monkeypatch.delenv("ACTION_KEY", raising=False)
        else:
            monkeypatch.setenv("ACTION_KEY", key)
        get_settings.cache_clear()

    use("k" * 64)
    yield use
    get_settings.cache_clear()


def test_a_signed_message_is_vouched_for_its_conversation_only(action_key):
    metadata = {"language": "fr", "channel": "web"} | signing.sign("conversation-a", "web", NOW)
    assert signing.verify(metadata, "conversation-a", NOW + 5)
    assert not signing.verify(metadata, "conversation-b", NOW + 5), "another person"
    assert not signing.verify(metadata | {"channel": "telegram"}, "conversation-a", NOW + 5)
    assert not signing.verify(metadata, "conversation-a", NOW + signing.VALID_SECONDS + 1), "too old"
    assert not signing.verify({"language": "fr", "channel": "web"}, "conversation-a", NOW), "unsigned"
    assert not signing.verify(metadata | {"at": str(metadata["at"])}, "conversation-a", NOW)
    action_key("another key entirely, another key entirely, another key entirely!")
    assert not signing.verify(metadata, "conversation-a", NOW + 5)


def test_without_a_key_nothing_is_signed_or_checked(action_key):
    action_key(None)
    assert signing.sign("c", "web", NOW) == {} and signing.verify({}, "c", NOW)


def test_an_action_refuses_an_unsigned_message_and_runs_a_signed_one(action_key):
    from actions.questionnaire import ActionStop

    def run(metadata):
        dispatcher = CollectingDispatcher()
        tracker = Tracker("someone", {}, {"intent": {"name": "stop"}, "entities": [], "text": "/stop",
                                          "metadata": metadata}, [], False, None, {}, "action_listen")
        ActionStop().run(dispatcher, tracker, {})
        return dispatcher.messages

    assert run({"language": "fr", "channel": "web"}) == []
    assert run({"language": "fr", "channel": "web"} | signing.sign("someone", "web")) != []
