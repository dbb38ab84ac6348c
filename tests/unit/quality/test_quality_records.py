"""What the assistant notes about its own work (core/quality/records.py), on a real
database: each question of a questionnaire put once per run, how the run ends, a resumed
run kept; the messages it did not understand, in and out of questionnaires, never a
sealed questionnaire's, never a button; erased with the person's data and after their
period."""

from datetime import UTC, datetime, timedelta
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select, text

from actions.conversation import ActionNotUnderstood
from actions.questionnaire import why
from core import conversations, privacy
from core.models import Conversation, FlowState, QuestionnaireStep, UnrecognisedMessage
from core.quality import records
from core.questionnaire import Answer, Choice, Ending, Opening, Outgoing, Questionnaire, Turn, button, choose, engine
from core.settings import get_settings
from tests.chat import Chat

State = dict[str, Any]


class Colour(Questionnaire[str]):
    """A colour (a choice), then a number (its digits)."""

    name = "colour"

    def begin(self, turn: Turn, stored: State | None, opening: Opening) -> tuple[State, list[Outgoing]]:
        if self.resumable and stored and stored.get("status") == "stopped":
            return stored, []
        return {"colour": None, "number": None}, []

    def question(self, turn: Turn, state: State) -> str | None:
        return next((key for key in ("colour", "number") if state[key] is None), None)

    def choices(self, turn: Turn, state: State, question: str) -> list[Choice]:
        return [Choice.of("red", ["rouge", "red"]), Choice.of("blue", ["bleu", "blue"])] if question == "colour" else []

    def prompt(self, turn: Turn, state: State, question: str) -> Outgoing:
        if question == "colour":
            return Outgoing("Which colour?", [button("Red", choose("red")), button("Blue", choose("blue"))])
        return Outgoing("Which number?")

    def read(self, turn: Turn, state: State, question: str, answer: Answer) -> tuple[State, list[Outgoing]] | None:
        if question == "colour":
            return (state | {"colour": answer.value}, []) if answer.value else None
        return (state | {"number": int(answer.text)}, []) if answer.text.strip().isdigit() else None

    def finish(self, turn: Turn, state: State) -> Ending:
        return Ending([Outgoing("Bye.")], keep=state if self.resumable and state["status"] == "stopped" else None)


class Resumable(Colour):
    name = "resumable"
    resumable = True


class Secret(Colour):
    """Its answers are health data."""

    name = "secret"
    sealed = True


COLOUR, RESUMABLE, SECRET = Colour(), Resumable(), Secret()


class Person:
    """Someone answering a questionnaire, one transaction per step as the actions do."""

    def __init__(self, sessions, name: str = "someone", language: str = "en"):
        self.sessions, self.language = sessions, language
        with sessions.begin() as s:
            self.id = conversations.create(s, "web", name).id

    def __call__(self, step: str, questionnaire: Questionnaire[Any], *args: Any) -> Any:
        with self.sessions.begin() as s:
            return getattr(engine, step)(s, self.id, questionnaire, self.language, *args)


def noted(sessions) -> list[tuple[str, str, str, str | None]]:
    with sessions() as s:
        return [tuple(row) for row in s.execute(select(
            QuestionnaireStep.flow, QuestionnaireStep.run, QuestionnaireStep.step, QuestionnaireStep.language)
            .order_by(QuestionnaireStep.id))]


def kept(sessions) -> list[tuple[str, str, str | None, str | None, str | None]]:
    with sessions() as s:
        return [tuple(row) for row in s.execute(select(
            UnrecognisedMessage.conversation_id, UnrecognisedMessage.text, UnrecognisedMessage.language,
            UnrecognisedMessage.flow, UnrecognisedMessage.step).order_by(UnrecognisedMessage.id))]


def test_each_question_put_is_a_step_of_the_run_once_however_often_it_is_asked(sessions):
    person = Person(sessions)
    person("start", COLOUR)
    person("ask", COLOUR)
    assert person("answer", COLOUR, "  Green,   please ").status == "invalid"
    person("ask", COLOUR)  # the same question again
    assert person("answer", COLOUR, "blue").status == "next"
    person("ask", COLOUR)
    person("ask", COLOUR)
    assert person("answer", COLOUR, "7").status == "done"
    person("finish", COLOUR)
    rows = noted(sessions)
    run = rows[0][1]
    assert len(run) == 32 and int(run, 16) >= 0  # a random id, nothing of the conversation's
    assert run != person.id
    assert rows == [("colour", run, "colour", "en"), ("colour", run, "number", "en"), ("colour", run, "finished", "en")]
    # the answer not understood, as a maintainer reads it, with the question it answered
    assert kept(sessions) == [(person.id, "green, please", "en", "colour", "colour")]


def test_a_stop_ends_the_run_and_starting_again_is_another_run(sessions):
    person = Person(sessions, language="fr")
    person("start", COLOUR)
    person("ask", COLOUR)
    assert person("answer", COLOUR, "stop").status == "stopped"
    person("finish", COLOUR)
    person("start", COLOUR)
    person("ask", COLOUR)
    (_, first, *_), stopped, (_, second, step, _) = noted(sessions)
    assert stopped == ("colour", first, "stopped", "fr")
    assert second != first and step == "colour"


def test_a_resumed_questionnaire_goes_on_with_its_run(sessions):
    person = Person(sessions)
    person("start", RESUMABLE)
    person("ask", RESUMABLE)
    person("answer", RESUMABLE, "red")
    person("ask", RESUMABLE)
    person("answer", RESUMABLE, "stop")
    person("finish", RESUMABLE)  # kept, to be resumed
    person("start", RESUMABLE)  # resumed: the number is asked again, not noted again
    person("ask", RESUMABLE)
    assert person("answer", RESUMABLE, "3").status == "done"
    rows = noted(sessions)
    assert [step for _, _, step, _ in rows] == ["colour", "number", "stopped", "finished"]
    assert len({run for _, run, _, _ in rows}) == 1


def test_a_questionnaire_prepared_by_its_capability_is_a_new_run(sessions):
    person = Person(sessions)
    person("start", COLOUR)
    person("ask", COLOUR)
    with sessions.begin() as s:
        state = engine.stored_state(s, person.id, COLOUR.name)
        engine.start_with(s, person.id, COLOUR, state | {"colour": "red"})
    person("ask", COLOUR)
    (_, first, step, _), (_, second, then, _) = noted(sessions)
    assert (step, then) == ("colour", "number") and first != second


def test_a_button_or_nothing_is_not_kept(sessions):
    person = Person(sessions)
    person("start", COLOUR)
    person("ask", COLOUR)
    assert person("answer", COLOUR, '/choose{"choice": "green"}').status == "invalid"  # an old button
    assert person("answer", COLOUR, "   ").status == "invalid"
    assert kept(sessions) == []


def test_a_sealed_questionnaire_keeps_its_run_encrypted_and_none_of_its_words(sessions, pathway_keys):
    person = Person(sessions)
    person("start", SECRET)
    person("ask", SECRET)
    assert person("answer", SECRET, "my epilepsy").status == "invalid"
    person("ask", SECRET)
    assert person("answer", SECRET, "red").status == "next"
    person("ask", SECRET)
    assert kept(sessions) == [], "never the words of a sealed questionnaire"
    rows = noted(sessions)
    assert [(flow, step) for flow, _, step, _ in rows] == [("secret", "colour"), ("secret", "number")]
    run = rows[0][1]
    with sessions() as s:
        state, sealed_state = s.execute(text("SELECT state, sealed_state FROM flow_states")).one()
        assert run not in str(state) and run not in sealed_state, "the state stays sealed"
        assert engine.state_of(s.get_one(FlowState, (person.id, "secret")))[records.RUN] == run


def test_the_pathway_questionnaire_keeps_none_of_its_words(sessions, pathway_keys):
    chat = Chat(sessions, "fr", "person")
    chat.start("pathway")
    chat.ask("pathway")
    assert chat.answer("pathway", "je suis en fauteuil, c'est quoi ce truc").status == "invalid"
    chat.ask("pathway")
    assert kept(sessions) == []
    assert [(flow, step) for flow, _, step, _ in noted(sessions)] == [("pathway", "consent")]


# --- the assistant's answer to a message it did not understand (the NLU fallback) ----------------


def not_understood(conversation_id: str, said: str, language: str = "nl") -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    latest = {"intent": {"name": "nlu_fallback"}, "entities": [], "text": said, "metadata": {"language": language}}
    ActionNotUnderstood().run(dispatcher, Tracker(conversation_id, {}, latest, [], False, None, {}, "action_listen"),
                              {})
    return dispatcher.messages


def test_the_fallback_says_so_and_keeps_the_message(default_db):
    person = Person(default_db)
    assert [m["response"] for m in not_understood(person.id, " Waar is de  HAVEN? ")] == ["utter_default"]
    assert [m["response"] for m in not_understood(person.id, "/greet")] == ["utter_default"]
    assert [m["response"] for m in not_understood("nobody", "hello")] == ["utter_default"], "an unknown sender"
    assert kept(default_db) == [(person.id, "waar is de haven?", "nl", None, None)]


def test_the_fallback_keeps_nothing_while_a_sealed_questionnaire_runs(default_db, pathway_keys):
    person = Person(default_db)
    person("start", SECRET)
    not_understood(person.id, "ik heb epilepsie")
    assert kept(default_db) == []


def test_a_counsellor_asked_for_afterwards_is_told_the_message_not_understood():
    events = [{"event": "user", "text": "quand est ma réunion", "parse_data": {"intent": {"name": "greet"}}},
              {"event": "action", "name": "action_not_understood"},
              {"event": "user", "text": "ok", "parse_data": {"intent": {"name": "affirm"}}},
              {"event": "user", "text": "/request_human", "parse_data": {"intent": {"name": "request_human"}}}]
    assert why(Tracker("x", {}, events[-1], events, False, None, {}, "action_listen")) == "quand est ma réunion"


# --- the person's rights and the retention periods --------------------------------------------------


def count(sessions, model, **where: Any) -> int:
    with sessions() as s:
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return s.scalar(query) or 0


def test_an_erasure_takes_the_messages_not_understood_and_nobody_elses(sessions):
    me, other = Person(sessions, "me"), Person(sessions, "other")
    for person in (me, other):
        person("start", COLOUR)
        person("ask", COLOUR)
        person("answer", COLOUR, "green")
    assert count(sessions, UnrecognisedMessage) == 2
    with sessions.begin() as s:
        privacy.erase(s, me.id)
    assert count(sessions, UnrecognisedMessage, conversation_id=me.id) == 0
    assert count(sessions, UnrecognisedMessage, conversation_id=other.id) == 1
    assert count(sessions, QuestionnaireStep) == 2, "the runs are anonymous: they stay"


def test_the_retention_purge_takes_them_after_the_transcripts_period(sessions):
    now = datetime(2027, 6, 1, 12, tzinfo=UTC)
    days = get_settings().retention_message_days
    with sessions.begin() as s:
        active = conversations.create(s, "web", "active")
        quiet = conversations.create(s, "web", "quiet")
        quiet.last_activity_at = now - timedelta(days=get_settings().retention_conversation_days + 1)
        active.last_activity_at = now
        s.add_all([
            UnrecognisedMessage(conversation_id=active.id, text="old", at=now - timedelta(days=days + 1)),
            UnrecognisedMessage(conversation_id=active.id, text="recent", at=now - timedelta(days=days - 1)),
            UnrecognisedMessage(conversation_id=quiet.id, text="recent", at=now - timedelta(days=1)),
        ])
        active_id, quiet_id = active.id, quiet.id
    with sessions.begin() as s:
        privacy.purge(s, now)
    with sessions() as s:
        assert s.get(Conversation, quiet_id) is None
        assert list(s.scalars(select(UnrecognisedMessage.text))) == ["recent"]
        assert s.scalar(select(UnrecognisedMessage.conversation_id)) == active_id
