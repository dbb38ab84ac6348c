"""Seeing and erasing one's data (core/privacy/rights.py), on a real database: everything of the
person goes, their places are freed, and nothing of anyone else is touched."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from core import conversations, notify, privacy, sealed
from core.assessment.models import Assessment, AssessmentLanguage
from core.capabilities import QUESTIONNAIRES
from core.channels import records
from core.channels.models import ButtonKey, ChannelEvent, Delivery
from core.childcare import content
from core.childcare import rules as childcare
from core.childcare.models import ChildcareBooking, ChildcareBookingDay, ChildcareWaiting
from core.models import Conversation, FlowState, Message, Notification, SealedText
from core.pathway import registrations as pathway
from core.pathway.models import PathwayRegistration, PathwayStatusChange
from core.privacy.texts import TEXTS
from core.questionnaire import engine

TODAY = date(2026, 11, 23)
DAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def keys(pathway_keys):
    return pathway_keys


def someone_with_everything(sessions, name: str, child: str) -> str:
    """A conversation with messages, an assessment, a booking, a wait, a registration, a
    questionnaire in progress, a message to deliver and a sealed text."""
    data = content.sites_content()
    with sessions.begin() as s:
        conversation = conversations.create(s, "web", name)
        conversations.record(s, conversation, direction="in", sender="user", text=f"I am {name}")
        s.add(Assessment(conversation_id=conversation.id, question_set_version="1", language="en",
                         digital_level="basic", result={}, answers={},
                         languages=[AssessmentLanguage(language="nl", level="A2", rank=1)]))
        request = childcare.Request(site="molenbeek", child_name=child, birth=date(2025, 9, 1),
                                    reason="job_start", first_day=DAY, last_day=DAY)
        assert childcare.book(s, conversation.id, request, TODAY, data, "en").ok
        childcare.join_waiting_list(s, conversation.id, request, "en")
        pathway.register(s, conversation.id, {
            "first_name": name, "last_name": "Peeters", "phone": "0470 12 34 56",
            "preferred_language": "en", "contact_channel": "phone", "situation": "worker",
            "support_needs": ["hearing"], "support_details": f"{name} uses a hearing aid",
            "consent_at": datetime.now(UTC)}, "en")
        engine.start(s, conversation.id, QUESTIONNAIRES["pathway"], "en")
        notify.queue(s, conversation.id, "a reminder", [], "en")
        sealed.seal_in(s, conversation.id, "private")
        # what a push channel keeps: an update seen, a button's key, a message sent
        assert records.first_delivery(s, "whatsapp", f"wamid.{name}", conversation.id)
        records.offer(s, conversation.id, [{"title": "Yes", "payload": "/affirm"}])
        records.sent(s, "whatsapp", f"wamid.out.{name}", conversation.id)
        return conversation.id


def rows_of(sessions, conversation_id: str) -> dict[str, int]:
    """How many rows of each table belong to the conversation, its child tables included."""
    children = {AssessmentLanguage: (Assessment, AssessmentLanguage.assessment_id == Assessment.id),
                ChildcareBookingDay: (ChildcareBooking, ChildcareBookingDay.booking_id == ChildcareBooking.id),
                PathwayStatusChange: (PathwayRegistration,
                                      PathwayStatusChange.registration_id == PathwayRegistration.id)}
    with sessions() as s:
        rows = {model.__tablename__: s.scalar(select(func.count()).select_from(model).where(
            model.conversation_id == conversation_id))
            for model in (Message, Assessment, ChildcareBooking, ChildcareWaiting, PathwayRegistration,
                          FlowState, Notification, SealedText, ChannelEvent, ButtonKey, Delivery)}
        for child, (parent, on) in children.items():
            rows[child.__tablename__] = s.scalar(select(func.count()).select_from(child).join(parent, on)
                                                 .where(parent.conversation_id == conversation_id))
        return rows


def test_see_lists_everything_kept_in_the_persons_language(sessions):
    sara = someone_with_everything(sessions, "Sara", "Lina")
    someone_with_everything(sessions, "Tom", "Noah")
    with sessions() as s:
        text = privacy.summary(s, sara, "fr")
    assert text.startswith(TEXTS("fr", "see_title"))
    for part in ("Lina", "Sara Peeters", "+32470123456", "Audition", "Sara uses a hearing aid",
                 "mardi 1 décembre 2026", "Données techniques de ce chat (3)"):
        assert part in text
    assert "Tom" not in text and "Noah" not in text


def test_erase_removes_every_record_of_the_person_and_nothing_else(sessions):
    sara = someone_with_everything(sessions, "Sara", "Lina")
    tom = someone_with_everything(sessions, "Tom", "Noah")
    before = rows_of(sessions, tom)
    with sessions.begin() as s:
        for step in ("contacted", "in_module", "module_completed"):
            pathway.set_status(s, s.scalar(select(PathwayRegistration).where(
                PathwayRegistration.conversation_id == sara)), step, "officer", module="job-search-coaching")
    with sessions() as s:
        before_progress = pathway.progress(s)
    sara_before = rows_of(sessions, sara)
    assert sara_before["pathway_registrations"] == 1 and sara_before["childcare_bookings"] == 1
    with sessions.begin() as s:
        privacy.erase(s, sara)
    assert min(rows_of(sessions, tom).values()) > 0, "every kind of record is there to erase"
    assert set(rows_of(sessions, sara).values()) == {0}
    after = rows_of(sessions, tom)
    assert after.pop("notifications") == before.pop("notifications") + 1, "Tom, waiting, is told of the freed place"
    assert after == before, "nobody else's data is touched"
    with sessions() as s:
        for child in (AssessmentLanguage, ChildcareBookingDay, PathwayStatusChange):
            left = s.scalar(select(func.count()).select_from(child))
            assert left == after[child.__tablename__], f"no {child.__tablename__} of Sara's is left behind"
        progress = pathway.progress(s)
        assert (progress["followed"], progress["completed"]) == (1, 1) == (
            before_progress["followed"], before_progress["completed"]), "Sara still counts towards the target"
        assert progress["registered"] == before_progress["registered"] - 1
        assert s.get(Conversation, sara) is not None, "the empty conversation stays, to go on"
        places = childcare.occupancy(s, DAY, content.sites_content())["molenbeek"]["babies"]
        assert places["am"] == 1 and places["pm"] == 1, "Sara's place is free again; Tom's is kept"
