"""Seeing and erasing one's data, through /web/messages with the real Rasa server, action
server and app: the summary, then an erasure that removes the person's records, the
transcript and Rasa's tracker, and nothing of anyone else."""

import httpx
import pytest
from sqlalchemy import func, select

from core.db import session_factory
from core.models import Message
from core.pathway.models import PathwayRegistration
from core.privacy.texts import TEXTS
from tests.e2e.conftest import payload, texts

pytestmark = pytest.mark.e2e


def said(language, key, /, **arguments):
    return TEXTS(language, key, **arguments)


def register(p, last_name: str, details: str) -> None:
    reply = p.say("/register_disability_pathway")
    for answer in ('/choose{"choice": "yes"}', "1", "Nora", last_name, "nora@example.be", "1", "1", "1",
                   '/choose{"choice": "hearing"}', '/choose{"choice": "done"}', details, "skip", "skip"):
        reply = p.say(answer)
    p.say(payload(reply, '"yes"'))


def conversation_of(stack, last_name: str) -> str | None:
    with session_factory(stack.database_url)() as s:
        return s.scalar(select(PathwayRegistration.conversation_id)
                        .where(PathwayRegistration.last_name == last_name))


def messages_of(stack, conversation_id: str) -> int:
    with session_factory(stack.database_url)() as s:
        return s.scalar(select(func.count()).select_from(Message)
                        .where(Message.conversation_id == conversation_id))


def tracker_of(stack, conversation_id: str) -> dict:
    return httpx.get(f"{stack.rasa_url}/conversations/{conversation_id}/tracker",
                     params={"token": stack.rasa_token}, timeout=10).json()


def said_or_set(tracker: dict) -> list[dict]:
    """What a tracker keeps of a person: their messages, the bot's answers and slot values."""
    return [e for e in tracker["events"] if e["event"] in ("user", "bot", "slot")]


def test_see_then_erase_my_data(person, stack, pathway_keys):
    pathway_keys(stack.env["PATHWAY_KEYS"])
    other = person("fr")
    register(other, "Dubois", "J'entends mal de l'oreille gauche")
    p = person("fr")
    register(p, "Lambert", "Je porte un appareil auditif")
    mine, theirs = conversation_of(stack, "Lambert"), conversation_of(stack, "Dubois")
    theirs_before = messages_of(stack, theirs)

    reply = p.say("mes données")
    assert said("fr", "offer") in texts(reply)
    reply = p.say(payload(reply, '"see"'))
    assert said("fr", "see_title") in texts(reply)
    assert "Nora Lambert" in texts(reply) and "Je porte un appareil auditif" in texts(reply)
    assert "Dubois" not in texts(reply)
    assert "appareil" not in str(tracker_of(stack, mine)), "the summary never stays in Rasa's tracker"
    reply = p.say(payload(reply, '"erase"'))
    assert said("fr", "erase_confirm") in texts(reply)
    assert conversation_of(stack, "Lambert") == mine, "nothing erased before the confirmation"
    assert said_or_set(tracker_of(stack, mine)), "the tracker holds the conversation until then"

    response = p.client.post("/web/messages", json={"session": p.session,
                                                    "text": payload(reply, '"erase_now"')})
    body = response.json()
    assert body["erased"] is True and said("fr", "erased") in texts(body["messages"])
    assert conversation_of(stack, "Lambert") is None and messages_of(stack, mine) == 0
    assert said_or_set(tracker_of(stack, mine)) == [], "Rasa's tracker is emptied"
    assert conversation_of(stack, "Dubois") == theirs and messages_of(stack, theirs) == theirs_before
    assert said_or_set(tracker_of(stack, theirs)), "nobody else's tracker is touched"

    assert p.say("bonjour"), "the conversation goes on"


def test_typed_erase_request_and_typed_yes(person, stack, pathway_keys):
    pathway_keys(stack.env["PATHWAY_KEYS"])
    p = person("nl")
    register(p, "Maes", "Ik hoor slecht")
    mine = conversation_of(stack, "Maes")
    reply = p.say("ik wil al mijn gegevens wissen")
    assert said("nl", "erase_confirm") in texts(reply), "a typed request to erase goes to the confirmation"
    reply = p.say("nee")
    assert said("nl", "kept") in texts(reply) and conversation_of(stack, "Maes") == mine
    p.say("wis mijn gegevens")
    response = p.client.post("/web/messages", json={"session": p.session, "text": "ja"})
    assert response.json()["erased"] is True and said("nl", "erased") in texts(response.json()["messages"])
    assert conversation_of(stack, "Maes") is None and said_or_set(tracker_of(stack, mine)) == []
    reply = p.say("ja")
    assert said("nl", "erased") not in texts(reply), "a later yes is just a yes"


def test_a_typed_erase_command_skips_no_confirmation(person, stack, pathway_keys):
    pathway_keys(stack.env["PATHWAY_KEYS"])
    p = person("fr")
    register(p, "Verhulst", "Je lis sur les lèvres")
    mine = conversation_of(stack, "Verhulst")
    typed = '/delete_my_data{"choice":"erase_now"}'  # never offered before: not obeyed as a command
    response = p.client.post("/web/messages", json={"session": p.session, "text": typed}).json()
    assert response["erased"] is False and said("fr", "erased") not in texts(response["messages"])
    assert said("fr", "erase_confirm") in texts(response["messages"]), "asked first, like the words"
    assert conversation_of(stack, "Verhulst") == mine
    reply = p.say("non")
    assert said("fr", "kept") in texts(reply) and conversation_of(stack, "Verhulst") == mine
