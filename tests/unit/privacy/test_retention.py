"""Nothing personal is kept forever: each table's rows go after their period (defaults in
core/settings.py), a quiet conversation is erased as a whole unless a pathway officer
still follows its registration, and a purged registration takes its transcript lines."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from core import conversations
from core.assessment.models import Assessment
from core.channels.models import ChannelEvent
from core.childcare.models import ChildcareBooking, ChildcareWaiting
from core.handover.models import Handover
from core.models import AuditLog, Conversation, FlowState, Message, Notification, SealedText
from core.pathway import registrations
from core.pathway.models import PathwayRegistration
from core.privacy import purge

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def ago(**delta) -> datetime:
    return NOW - timedelta(**delta)


def conversation(s, name, quiet_days=0) -> str:
    c = conversations.create(s, "web", name)
    c.last_activity_at = ago(days=quiet_days)
    return c.id


def count(s, model, **where) -> int:
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return s.scalar(query) or 0


def booking(conversation_id, reference, last_day: date) -> ChildcareBooking:
    return ChildcareBooking(reference=reference, conversation_id=conversation_id, site="molenbeek",
                            child_name="Adam", child_birth_date=date(2026, 1, 1), age_group="babies",
                            reason="training", first_day=last_day, last_day=last_day, language="fr")


def registration(s, conversation_id, last_activity: datetime) -> str:
    reference = registrations.register(s, conversation_id, {
        "first_name": "Zoé", "last_name": "Martin", "phone": "0470 12 34 56", "email": None,
        "preferred_language": "fr", "contact_channel": "phone", "situation": "job_seeker",
        "support_needs": ["mobility"], "support_details": "fauteuil", "accommodations": None,
        "availability": "mornings", "consent_at": datetime.now(UTC) - timedelta(days=1)}, "fr").reference
    s.flush()
    s.scalar(select(PathwayRegistration).where(PathwayRegistration.reference == reference)).last_activity_at = \
        last_activity
    return reference


def test_each_kind_of_record_goes_after_its_period_and_nothing_younger(sessions, pathway_keys):
    with sessions.begin() as s:
        active = conversation(s, "active")
        s.add_all([
            Message(conversation_id=active, direction="in", sender="user", text="vieux", created_at=ago(days=200)),
            Message(conversation_id=active, direction="in", sender="user", text="récent", created_at=ago(days=2)),
            SealedText(conversation_id=active, direction="in", body="old", created_at=ago(hours=2)),
            SealedText(conversation_id=active, direction="in", body="new", created_at=ago(minutes=10)),
            FlowState(conversation_id=active, flow="childcare", state={}, updated_at=ago(hours=72)),
            FlowState(conversation_id=active, flow="assessment", state={}, updated_at=ago(hours=2)),
            Notification(conversation_id=active, text="old", created_at=ago(days=100)),
            Notification(conversation_id=active, text="new", created_at=ago(days=1)),
            Assessment(conversation_id=active, question_set_version="1", language="fr", result={}, answers={},
                       completed_at=ago(days=800)),
            Assessment(conversation_id=active, question_set_version="1", language="fr", result={}, answers={},
                       completed_at=ago(days=10)),
            booking(active, "OLD234", TODAY - timedelta(days=100)),
            booking(active, "NEW234", TODAY + timedelta(days=5)),
            ChildcareWaiting(conversation_id=active, site="molenbeek", age_group="babies",
                             first_day=TODAY - timedelta(days=5), last_day=TODAY - timedelta(days=2)),
            ChildcareWaiting(conversation_id=active, site="molenbeek", age_group="babies",
                             first_day=TODAY + timedelta(days=5), last_day=TODAY + timedelta(days=6)),
            Handover(conversation_id=active, office="actiris", language="fr", requested_at=ago(days=200)),
            Handover(conversation_id=active, office="actiris", language="fr", requested_at=ago(days=1)),
            ChannelEvent(channel="telegram", event_id="1", conversation_id=active, received_at=ago(days=40)),
            ChannelEvent(channel="telegram", event_id="2", conversation_id=active, received_at=ago(days=1)),
        ])
    with sessions.begin() as s:
        removed = purge(s, NOW)
    with sessions() as s:
        assert [m.text for m in s.scalars(select(Message))] == ["récent"]
        assert [t.body for t in s.scalars(select(SealedText))] == ["new"], "in transit: an hour"
        assert [f.flow for f in s.scalars(select(FlowState))] == ["assessment"], "abandoned: hours, not years"
        assert [n.text for n in s.scalars(select(Notification))] == ["new"]
        assert count(s, Assessment) == 1 and count(s, Handover) == 1 and count(s, ChannelEvent) == 1
        assert [b.reference for b in s.scalars(select(ChildcareBooking))] == ["NEW234"]
        assert count(s, ChildcareWaiting) == 1
        assert s.get(Conversation, active) is not None
        [row] = s.scalars(select(AuditLog).where(AuditLog.record_type == "retention")).all()
        assert "conversation=3" in row.detail and "Adam" not in row.detail
    assert removed["conversation"] == 3 and removed["childcare"] == 2 and removed["conversations"] == 0


def test_a_quiet_conversation_is_erased_unless_its_registration_is_still_followed(sessions, pathway_keys):
    with sessions.begin() as s:
        quiet = conversation(s, "quiet", quiet_days=400)
        s.add(Message(conversation_id=quiet, direction="in", sender="user", text="bonjour", created_at=ago(days=2)))
        followed = conversation(s, "followed", quiet_days=400)
        registration(s, followed, ago(days=10))
        gone = conversation(s, "gone", quiet_days=20)
        reference = registration(s, gone, ago(days=800))
        s.add_all([Message(conversation_id=gone, direction="out", sender="bot", created_at=ago(days=3),
                           text=f"Votre référence est {reference}."),
                   Message(conversation_id=gone, direction="in", sender="user", text="merci", created_at=ago(days=3))])
    with sessions.begin() as s:
        removed = purge(s, NOW)
    with sessions() as s:
        assert s.get(Conversation, quiet) is None and count(s, Message, conversation_id=quiet) == 0
        assert s.get(Conversation, followed) is not None, "its registration is still followed"
        assert count(s, PathwayRegistration, conversation_id=followed) == 1
        assert count(s, PathwayRegistration, conversation_id=gone) == 0
        assert [m.text for m in s.scalars(select(Message).where(Message.conversation_id == gone))] == ["merci"], \
            "the transcript no longer holds the purged registration"
    assert removed["conversations"] == 1 and removed["pathway"] == 1


def test_my_data_says_how_long_things_are_kept(sessions, pathway_keys):
    from core.privacy import summary

    with sessions.begin() as s:
        me = conversation(s, "curious")
        text = summary(s, me, "nl")
    assert "Ik wis het zelf: het gesprek na 12 maanden zonder nieuws" in text and "24 maanden" in text
