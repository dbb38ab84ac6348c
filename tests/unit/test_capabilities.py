"""The registry of capabilities: every table that keeps something about a person has a
keeper (so "my data" shows it and erasure deletes it), and a counsellor taking over sees
what each capability says about the person, in both languages, without health data."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from core import capabilities, conversations
from core.assessment.models import Assessment, AssessmentLanguage
from core.childcare import rules
from core.childcare.content import sites_content
from core.models import Base
from core.pathway import registrations
from core.registry import Keeper

TODAY = date(2026, 11, 23)
DAY = date(2026, 12, 1)


def tables_of_a_conversation(metadata: MetaData) -> set[str]:
    """Tables with a conversation_id, and their children (through foreign keys), at any depth."""
    found = {t.name for t in metadata.tables.values() if "conversation_id" in t.columns}
    while True:
        more = {t.name for t in metadata.tables.values() if t.name not in found
                and any(fk.column.table.name in found for fk in t.foreign_keys)}
        if not more:
            return found
        found |= more


def uncovered(metadata: MetaData, keepers: tuple[Keeper, ...]) -> set[str]:
    covered = {model.__tablename__ for keeper in keepers for model in keeper.tables}
    return tables_of_a_conversation(metadata) - covered


def test_every_table_that_keeps_something_about_a_person_has_a_keeper():
    tables = tables_of_a_conversation(capabilities.metadata())
    # the walk finds tables through their parents, not only those with a conversation_id
    assert {"messages", "assessments", "assessment_languages", "childcare_booking_days",
            "pathway_status_changes", "flow_states", "sealed_texts"} <= tables
    assert uncovered(capabilities.metadata(), capabilities.KEEPERS) == set()


def test_a_table_added_without_a_keeper_is_found():
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    Table("notes", metadata, Column("id", Integer, primary_key=True),
          Column("conversation_id", String(32), ForeignKey("conversations.id")))
    Table("note_lines", metadata, Column("id", Integer, primary_key=True),
          Column("note_id", Integer, ForeignKey("notes.id")))
    assert uncovered(metadata, capabilities.KEEPERS) == {"notes", "note_lines"}


def test_every_questionnaire_is_registered_under_its_own_name():
    assert set(capabilities.QUESTIONNAIRES) == {"assessment", "training", "childcare", "pathway", "counsellor"}
    assert all(name == q.name for name, q in capabilities.QUESTIONNAIRES.items())
    assert [q.name for q in capabilities.QUESTIONNAIRES.values() if q.sealed] == ["pathway"]


@pytest.fixture
def person(sessions, pathway_keys, monkeypatch):
    """A Dutch-speaking person with an assessment, a childcare booking and a pathway registration."""
    monkeypatch.setattr(rules, "today", lambda: TODAY)
    with sessions.begin() as s:
        conversation = conversations.create(s, "web", "person")
        conversation.language = "nl"
        conversations.record(s, conversation, direction="in", sender="user", text="hallo")
        s.add(Assessment(conversation_id=conversation.id, question_set_version="1", language="nl",
                         digital_level="intermediate",
                         result={"languages": {"nl": "A2", "fr": "B1"}, "other_languages": [],
                                 "digital": {"areas": {}, "overall": "intermediate"}}, answers={},
                         languages=[AssessmentLanguage(language="nl", level="A2", rank=1)]))
        request = rules.Request(site="molenbeek", child_name="Lina", birth=date(2025, 9, 1),
                                reason="job_start", first_day=DAY, last_day=DAY)
        booking = rules.book(s, conversation.id, request, TODAY, sites_content(), "nl").booking
        registration = registrations.register(s, conversation.id, {
            "first_name": "Sara", "last_name": "Peeters", "phone": "0470 12 34 56",
            "preferred_language": "nl", "contact_channel": "phone", "situation": "job_seeker",
            "support_needs": ["hearing"], "support_details": "Sara draagt een hoorapparaat",
            "consent_at": datetime.now(UTC)}, "nl")
        assert booking is not None
        return conversation.id, booking.reference, registration.reference


def test_a_counsellor_sees_what_each_capability_says_in_both_languages(sessions, person):
    conversation_id, booking, registration = person
    with sessions() as s:
        view = capabilities.for_counsellor(s, conversation_id, "fr")
    assert view["person_language"] == "nl"
    assert set(view["lines"]) == {"nl", "fr"}
    french = "\n".join(view["lines"]["fr"])
    dutch = "\n".join(view["lines"]["nl"])
    for text in (french, dutch):
        assert booking in text and "Lina" in text
        assert registration in text
        assert "A2" in text and "B1" in text
    assert "néerlandais A2" in french and "Intermédiaire" in french and "décembre 2026" in french
    assert "Nederlands A2" in dutch and "december 2026" in dutch
    # no health data for a counsellor: neither the needs nor what the person wrote about them
    for text in (french, dutch):
        assert "hoorapparaat" not in text and "Audition" not in text and "Gehoor" not in text


def test_one_language_when_the_counsellor_speaks_the_persons(sessions, person):
    conversation_id, _booking, _registration = person
    with sessions() as s:
        view = capabilities.for_counsellor(s, conversation_id, "nl")
    assert set(view["lines"]) == {"nl"}


def test_nothing_to_say_about_someone_who_only_wrote(sessions):
    with sessions.begin() as s:
        conversation = conversations.create(s, "web", "new person")
        conversations.record(s, conversation, direction="in", sender="user", text="hello")
        conversation_id = conversation.id
    with sessions() as s:
        lines = capabilities.for_counsellor(s, conversation_id, "en")["lines"]["fr"]
    assert len(lines) == 1 and "1" in lines[0]  # only the conversation itself: one message
