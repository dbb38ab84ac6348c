"""Registrations for the disability pathway (core/pathway/registrations.py), with their
health data encrypted at rest, on a real database."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from core import contacts, conversations, crypto, db
from core.models import AuditLog
from core.pathway import registrations
from core.pathway.__main__ import main as pathway_main
from core.pathway.keeper import PathwayKeeper
from core.pathway.models import PathwayRegistration, PathwayStatusChange, PathwayTally, PathwayWeekTally
from core.pathway.registrations import PathwayError
from core.settings import get_settings

TODAY = date(2026, 11, 23)


def answers(**changes) -> dict:
    base = dict(first_name="Zoé", last_name="El Idrissi", phone="0470 12 34 56", email=None,
                preferred_language="fr", contact_channel="phone", situation="job_seeker",
                support_needs=["mental_health", "mobility"], support_details="Je me déplace en fauteuil roulant.",
                accommodations="Un local au rez-de-chaussée, des pauses.", availability="mornings",
                consent_at=datetime.now(UTC))
    return base | changes


def person(sessions, name="someone") -> str:
    with sessions.begin() as s:
        return conversations.create(s, "web", name).id


def registered(sessions, **changes) -> str:
    """A stored registration; its reference."""
    conversation = person(sessions, changes.pop("who", "someone"))
    with sessions.begin() as s:
        return registrations.register(s, conversation, answers(**changes), "fr").reference


def count(sessions, model) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


# --- encryption at rest ------------------------------------------------------------------------


def test_health_data_is_not_stored_in_plain_text(sessions, pathway_keys):
    reference = registered(sessions)
    with sessions.begin() as s:
        registrations.set_status(s, registrations.find(s, reference), "contacted", "officer",
                                 note="Suivi psychologique en cours")
    with sessions() as s:
        stored = s.execute(text("SELECT support_needs, support_details, accommodations "
                                "FROM pathway_registrations")).one()
        notes = s.scalars(text("SELECT note FROM pathway_status_changes WHERE note IS NOT NULL")).all()
    raw = " ".join(list(stored) + notes)
    for plain in ("mental_health", "mobility", "fauteuil", "rez-de-chaussée", "psychologique"):
        assert plain not in raw
    with sessions() as s:
        registration = registrations.find(s, reference, health=True)
        assert registration.support_needs == ["mobility", "mental_health"]
        assert registration.support_details == "Je me déplace en fauteuil roulant."
        assert registration.history[-1].note == "Suivi psychologique en cours"


# --- contact details -----------------------------------------------------------------------------


@pytest.mark.parametrize("written,e164", [
    ("0470 12 34 56", "+32470123456"),
    ("+32 470 12 34 56", "+32470123456"),
    ("0032 470 12 34 56", "+32470123456"),
    ("0470/12.34.56", "+32470123456"),
    ("02 279 61 11", "+3222796111"),  # a Brussels landline
    ("+33 6 12 34 56 78", "+33612345678"),
    ("+31 6 12345678", "+31612345678"),
    ("0470 12 34", None),
    ("+32 470 12 34 56 78 90", None),
    ("12", None),
    ("call me", None),
    ("", None),
    (None, None),
    (470123456, None),  # only a text is read
])
def test_phone_numbers(written, e164):
    assert contacts.validate_phone(written) == e164


@pytest.mark.parametrize("written,address", [
    ("sara@example.com", "sara@example.com"),
    ("  Sara.El-Idrissi+pathway@Sub.Example.BE ", "Sara.El-Idrissi+pathway@sub.example.be"),
    ("my address: <sara@example.com>.", "sara@example.com"),
    ("sara@example", None),
    ("sara@@example.com", None),
    ("sara@exa mple.com", None),
    ("a@b.be c@d.be", None),  # two addresses: which one?
    ("@example.com", None),
    ("sara.example.com", None),
    ("", None),
    (["sara@example.com"], None),
])
def test_email_addresses(written, address):
    assert contacts.validate_email(written) == address


# --- registering ------------------------------------------------------------------------------------


def test_register_stores_everything_once(sessions, pathway_keys):
    conversation = person(sessions)
    with sessions.begin() as s:
        registration = registrations.register(s, conversation, answers(support_needs=["mobility", "mobility"]), "nl")
        reference = registration.reference
    assert len(reference) == 7 and reference.startswith("P")
    with sessions() as s:
        stored = registrations.find(s, reference.lower(), health=True)
        assert (stored.phone, stored.status, stored.language, stored.support_needs) == (
            "+32470123456", "registered", "nl", ["mobility"])
        assert [(h.from_status, h.to_status, h.changed_by) for h in stored.history] == [(None, "registered", None)]


def test_register_without_consent_raises_and_stores_nothing(sessions, pathway_keys):
    conversation = person(sessions)
    with pytest.raises(PathwayError) as error, sessions.begin() as s:
        registrations.register(s, conversation, answers(consent_at=None), "fr")
    assert set(error.value.problems) == {"consent_at"}
    assert count(sessions, PathwayRegistration) == 0 and count(sessions, PathwayStatusChange) == 0


def test_register_names_every_problem_and_never_the_value(sessions, pathway_keys):
    conversation = person(sessions)
    with pytest.raises(PathwayError) as error, sessions.begin() as s:
        registrations.register(s, conversation, answers(
            first_name=" ", phone="0470 12", contact_channel="fax", situation=None,
            support_needs=["mobility", "astrology"], preferred_language="de"), "fr")
    assert set(error.value.problems) == {"first_name", "phone", "contact_channel", "situation",
                                         "support_needs", "preferred_language"}
    assert "0470 12" not in str(error.value)
    with pytest.raises(PathwayError) as error:
        registrations.validate_answers(answers(phone=None, email=None), "fr")
    assert set(error.value.problems) == {"contact"}
    with pytest.raises(PathwayError) as error:
        registrations.validate_answers(answers(contact_channel="email"), "fr")
    assert error.value.problems == {"contact_channel": "email needs an e-mail address"}
    assert count(sessions, PathwayRegistration) == 0


def test_register_without_a_key_stores_nothing(sessions, pathway_keys):
    conversation = person(sessions)
    pathway_keys("")
    with pytest.raises(crypto.CryptoError), sessions.begin() as s:
        registrations.register(s, conversation, answers(), "fr")
    assert count(sessions, PathwayRegistration) == 0


def test_optional_answers_and_the_preferred_language_default(sessions, pathway_keys):
    values = registrations.validate_answers(answers(
        phone=None, email="zoe@example.be", contact_channel="chat", preferred_language=None,
        support_needs=[], support_details="  ", accommodations=None, availability=None), "nl")
    assert values["preferred_language"] == "nl"
    assert values["support_needs"] == [] and values["support_details"] is None
    assert values["search_name"] == "zoe el idrissi"


def test_summary_in_the_persons_language(sessions, pathway_keys):
    reference = registered(sessions)
    with sessions() as s:
        registration = registrations.find(s, reference)
        registrations.set_status(s, registration, "contacted", "officer")
        registrations.set_module(s, registration, "digital-basics-accessible", "officer")
        summary = registrations.to_summary(registration, "nl")
    assert summary["reference"] == reference and summary["status"] == "contacted"
    assert summary["support_needs"] == ["mobility", "mental_health"]
    assert summary["support_need_labels"] == ["Mobiliteit", "Mentale gezondheid"]
    assert summary["module_title"] == "Digitale basisvaardigheden in een toegankelijk lokaal"
    assert summary["phone"] == "+32470123456" and summary["registered_on"]
    # before it is stored, e.g. for the summary the person confirms
    unsaved = registrations.to_summary(PathwayRegistration(**registrations.validate_answers(answers(), "en")), "en")
    assert unsaved["reference"] is None and unsaved["support_need_labels"] == ["Mobility", "Mental health"]


# --- status, module, progress ---------------------------------------------------------------------


def test_status_moves_on_one_step_at_a_time(sessions, pathway_keys):
    reference = registered(sessions)
    with sessions.begin() as s:
        registration = registrations.find(s, reference)
        for wrong in ("in_module", "module_completed", "registered"):
            with pytest.raises(PathwayError, match="status"):
                registrations.set_status(s, registration, wrong, "officer")
        registrations.set_status(s, registration, "contacted", "officer", note="Appelée le 24/11")
        with pytest.raises(PathwayError, match="is already contacted"):
            registrations.set_status(s, registration, "contacted", "officer")
        with pytest.raises(PathwayError) as error:
            registrations.set_status(s, registration, "in_module", "officer")
        assert error.value.problems == {"module": "a module is needed to start one"}
        with pytest.raises(PathwayError, match="unknown module"):
            registrations.set_status(s, registration, "in_module", "officer", module="knitting")
        registrations.set_status(s, registration, "in_module", "officer", module="workplace-communication")
        registrations.set_status(s, registration, "module_completed", "officer")
        with pytest.raises(PathwayError, match="cannot be changed"):
            registrations.set_module(s, registration, "accommodation-rights", "officer")
        registrations.set_status(s, registration, "withdrawn", "officer")
        with pytest.raises(PathwayError, match="allowed: none"):
            registrations.set_status(s, registration, "contacted", "officer")
    with sessions() as s:
        history = registrations.find(s, reference).history
        assert [(h.from_status, h.to_status) for h in history] == [
            (None, "registered"), ("registered", "contacted"), ("contacted", "in_module"),
            ("in_module", "module_completed"), ("module_completed", "withdrawn")]
        assert history[2].module == "workplace-communication" and history[1].note == "Appelée le 24/11"


def test_any_status_can_be_withdrawn(sessions, pathway_keys):
    for steps in ([], ["contacted"]):
        reference = registered(sessions, who=f"person {len(steps)}")
        with sessions.begin() as s:
            registration = registrations.find(s, reference)
            for step in steps:
                registrations.set_status(s, registration, step, "officer")
            registrations.set_status(s, registration, "withdrawn", "officer")
            assert registration.status == "withdrawn"


def test_progress_counts_who_reached_a_module(sessions, pathway_keys):
    paths = {
        "waiting": [],
        "following": ["contacted", "in_module"],
        "completed": ["contacted", "in_module", "module_completed"],
        "left during the module": ["contacted", "in_module", "withdrawn"],
        "left before": ["contacted", "withdrawn"],
    }
    for who, steps in paths.items():
        reference = registered(sessions, who=who)
        with sessions.begin() as s:
            registration = registrations.find(s, reference)
            for step in steps:
                registrations.set_status(s, registration, step, "officer", module="job-search-coaching")
    with sessions() as s:
        figures = registrations.progress(s)
    assert figures == {"followed": 3, "completed": 1, "target": 450, "percent": 0.7, "registered": 5,
                       "by_status": {"registered": 1, "contacted": 0, "in_module": 1,
                                     "module_completed": 1, "withdrawn": 2}}


def test_search(sessions, pathway_keys):
    zoe = registered(sessions, who="zoe")
    jan = registered(sessions, who="jan", first_name="Jan", last_name="Peeters", phone="+32 2 279 61 11",
                     email="jan@example.be")
    with sessions.begin() as s:
        registrations.set_status(s, registrations.find(s, jan), "contacted", "officer")

    def found(**criteria):
        with sessions() as s:
            total, rows = registrations.search(s, **criteria)
            assert total == len(rows)
            return sorted(r.reference for r in rows)

    assert found() == sorted([zoe, jan])
    assert found(q="zoe") == [zoe] == found(q="IDRISSI")  # accents and case do not matter
    assert found(q="0470 12 34 56") == [zoe]  # written the Belgian way
    assert found(q="JAN@example") == [jan] == found(q=jan.lower())
    assert found(status="contacted") == [jan]
    assert found(q="zoe", status="contacted") == []
    assert found(q="100%") == []


# --- retention -------------------------------------------------------------------------------------------


def _age(sessions, reference, days):
    with sessions.begin() as s:
        s.execute(PathwayRegistration.__table__.update()
                  .where(PathwayRegistration.reference == reference)
                  .values(last_activity_at=datetime.combine(TODAY, datetime.min.time(), UTC)
                          - timedelta(days=days)))


def test_purge_removes_only_registrations_inactive_for_too_long(sessions, pathway_keys):
    old = registered(sessions, who="old")
    limit = registered(sessions, who="limit")
    recent = registered(sessions, who="recent")
    with sessions.begin() as s:
        registrations.set_status(s, registrations.find(s, old), "contacted", "officer")
        registrations.set_status(s, registrations.find(s, old), "in_module", "officer", module="job-search-coaching")
    _age(sessions, old, 731)
    _age(sessions, limit, 730)
    _age(sessions, recent, 10)
    with sessions() as s:
        followed = registrations.progress(s)["followed"]
    with sessions.begin() as s:
        assert registrations.purge_inactive(s, TODAY, 730) == 1
    with sessions() as s:
        assert registrations.progress(s)["followed"] == followed == 1, "who followed a module still counts"
        assert registrations.progress(s)["registered"] == 2
        assert sorted(s.scalars(select(PathwayRegistration.reference))) == sorted([limit, recent])
        assert s.scalar(select(func.count()).select_from(PathwayStatusChange)) == 2  # theirs only
        entry = s.scalar(select(AuditLog).where(AuditLog.action == "purge"))
        assert (entry.account, entry.detail) == ("system", "removed=1 retention_days=730")


def test_purge_command_prints_a_count_and_no_personal_data(sessions, database_url, monkeypatch, capsys,
                                                           pathway_keys, caplog):
    reference = registered(sessions)
    _age(sessions, reference, 5000)
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    db._default_factory.cache_clear()
    try:
        with caplog.at_level("INFO"):
            assert pathway_main(["purge"]) == 0
    finally:
        db._default_factory().kw["bind"].dispose()
        db._default_factory.cache_clear()
    out = capsys.readouterr().out
    assert out == "Removed 1 pathway registrations without activity for 730 days.\n"
    for personal in (reference, "Zoé", "Idrissi", "470"):
        assert personal not in out + caplog.text
    assert count(sessions, PathwayRegistration) == 0


def _at(sessions, reference, *moments):
    """Date the steps of a registration's history, in order (the first: its registration)."""
    with sessions.begin() as s:
        for change, moment in zip(registrations.find(s, reference).history, moments, strict=True):
            change.changed_at = moment


def _tallies(sessions):
    with sessions() as s:
        return (dict(s.execute(select(PathwayTally.milestone, PathwayTally.count)).tuples().all()),
                {(m, w): n for m, w, n in s.execute(select(
                    PathwayWeekTally.milestone, PathwayWeekTally.week, PathwayWeekTally.count)).tuples()})


def test_a_deleted_registration_counts_in_the_week_it_first_reached_each_milestone(sessions, pathway_keys):
    def at(day, hour=10, minute=0):
        return datetime(2026, 11, day, hour, minute, tzinfo=UTC)

    erased = registered(sessions, who="erased")  # in a module late on Sunday 15, completed on Monday 16
    purged = registered(sessions, who="purged")  # in a module on Tuesday 10, then another module
    contacted = registered(sessions, who="contacted only")
    with sessions.begin() as s:
        s.get(PathwayTally, "in_module").count = 4  # deleted before weeks were kept
    with sessions.begin() as s:
        for reference in (erased, purged, contacted):
            registrations.set_status(s, registrations.find(s, reference), "contacted", "officer")
        for reference in (erased, purged):
            registrations.set_status(s, registrations.find(s, reference), "in_module", "officer",
                                     module="job-search-coaching")
        registrations.set_status(s, registrations.find(s, erased), "module_completed", "officer")
        registrations.set_module(s, registrations.find(s, purged), "workplace-communication", "officer")
    _at(sessions, erased, at(2), at(3), at(15, 23, 30), at(16, 0, 30))
    _at(sessions, purged, at(2), at(3), at(10), at(17))  # the module changed in the week of the 16th
    _at(sessions, contacted, at(2), at(3))

    with sessions.begin() as s:
        PathwayKeeper().erase(s, registrations.find(s, erased).conversation_id)
    assert _tallies(sessions) == ({"in_module": 5, "module_completed": 1}, {
        ("in_module", date(2026, 11, 9)): 1, ("module_completed", date(2026, 11, 16)): 1})
    _age(sessions, purged, 800)
    _age(sessions, contacted, 800)
    with sessions.begin() as s:
        assert registrations.purge_inactive(s, TODAY, 730) == 2
    assert _tallies(sessions) == ({"in_module": 6, "module_completed": 1}, {
        ("in_module", date(2026, 11, 9)): 2, ("module_completed", date(2026, 11, 16)): 1})
    with sessions() as s:
        assert (registrations.progress(s)["followed"], registrations.progress(s)["completed"]) == (6, 1)
