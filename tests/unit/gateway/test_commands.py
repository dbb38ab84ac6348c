"""Typed commands: Rasa obeys a command only when the assistant offered it as a button,
or when it only starts something that asks first; anything else reaches it as words."""

import pytest

from bot.commands import for_rasa
from core import conversations

ERASE_NOW = '/delete_my_data{"choice": "erase_now"}'


@pytest.mark.parametrize("text, offered, expected", [
    (ERASE_NOW, [], "delete my data"),
    (ERASE_NOW, ['/delete_my_data{"choice":"erase_now"}', "/deny"], ERASE_NOW),
    ('/childcare_cancel{"reference": "KC-7Q2M"}', ["/my_bookings"], "childcare cancel"),
    ('/choose{"choice": "b2"}', ['/choose{"choice": "a1"}'], "choose"),
    ("/book_childcare", [], "/book_childcare"),
    ("/greet", [], "/greet"),
    ("/delete_my_data", [], "/delete_my_data"),
    ("/affirm", [], "affirm"),
    ("/sealed", [], "sealed"),
    ('/choose_language{"language": "nl"}', [], '/choose_language{"language": "nl"}'),
    ('/choose_language{"language": "de"}', [], "choose language"),
    ('/choose_language{"language": "en", "choice": "erase_now"}', [], "choose language"),
    ("bonjour / hallo", [], "bonjour / hallo"),
    ("/ je veux parler", [], "/ je veux parler"),
])
def test_a_command_is_obeyed_only_when_offered_or_harmless(text, offered, expected):
    assert for_rasa(text, offered) == expected


def test_what_was_offered_is_the_buttons_of_the_last_reply(sessions):
    with sessions.begin() as s:
        conversation = conversations.create(s, "web", "offered")
        me = conversation.id
        conversations.record(s, conversation, direction="out", sender="bot", text="Menu",
                             buttons=[{"title": "Test", "payload": "/start_assessment"}])
        assert conversations.offered(s, me) == ["/start_assessment"], "before any message of the person"
        conversations.record(s, conversation, direction="in", sender="user", text="je veux effacer")
        assert conversations.offered(s, me) == []
        conversations.record(s, conversation, direction="out", sender="bot", text="Sûr ?",
                             buttons=[{"title": "Oui", "payload": ERASE_NOW}, {"title": "Non", "payload": "/deny"}])
        conversations.record(s, conversation, direction="out", sender="bot", text="Ou bien", buttons=None)
        assert conversations.offered(s, me) == [ERASE_NOW, "/deny"]
        conversations.record(s, conversation, direction="in", sender="user", text="euh")
        assert conversations.offered(s, me) == [], "an old button is not the last reply's"
