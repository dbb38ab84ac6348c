"""The pathway's dashboard figures (core/pathway/figures.py) on a small known data set:
progress towards the 450 target per week, registrations by situation and status, and the
anonymous tallies of deleted registrations."""

from datetime import UTC, date, datetime

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import event, text

from core import conversations
from core.figures import Period
from core.pathway import figures, registrations
from core.pathway.keeper import PathwayKeeper
from core.pathway.models import PathwayTally

# Wednesday 4 to Wednesday 25 November 2026: the weeks of Mondays 2, 9, 16 and 23 November
PERIOD = Period(date(2026, 11, 4), date(2026, 11, 25))
WEEKS = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
MODULE = "job-search-coaching"


def at(month, day, hour=10, minute=0, second=0):
    return datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


def registration(sessions, who, situation, created, *steps):
    """A registration made at ``created`` that went through ``steps``: (status, moment), the
    status "module" for a change of module; its conversation."""
    with sessions.begin() as s:
        conversation = conversations.create(s, "web", who).id
    with sessions.begin() as s:
        made = registrations.register(s, conversation, {
            "first_name": who, "last_name": "Test", "phone": "0470 12 34 56", "contact_channel": "phone",
            "situation": situation, "support_needs": ["mobility"], "support_details": "En fauteuil roulant.",
            "consent_at": created}, "fr")
        for status, _ in steps:
            if status == "module":
                registrations.set_module(s, made, "workplace-communication", "officer")
            else:
                registrations.set_status(s, made, status, "officer", module=MODULE if status == "in_module" else None,
                                         note="Suivi psychologique")
        made.created_at = created
        for change, moment in zip(made.history, [created] + [moment for _, moment in steps], strict=True):
            change.changed_at = moment
    return conversation


def known_data(sessions):
    """Nine registrations kept, one erased and two deleted before weeks were kept."""
    registration(sessions, "A", "job_seeker", at(10, 20), ("contacted", at(10, 22)), ("in_module", at(10, 28)),
                 ("module", at(11, 18)))  # in a module before the period; its module changed in it
    registration(sessions, "B", "worker", at(11, 3, 23, 59, 59))  # the day before the period
    registration(sessions, "C", "job_seeker", at(11, 4, 0, 0), ("contacted", at(11, 5)),
                 ("in_module", at(11, 15, 23, 30)),  # late on Sunday: still the week of the 9th
                 ("module_completed", at(11, 20)))
    registration(sessions, "D", "job_seeker", at(11, 10), ("contacted", at(11, 11)), ("withdrawn", at(11, 12)))
    registration(sessions, "K", "job_seeker", at(11, 12), ("contacted", at(11, 13)))
    registration(sessions, "E", "other", at(11, 17))
    registration(sessions, "E2", "other", at(11, 18))
    registration(sessions, "F", "worker", at(11, 25, 23, 59, 59))  # the last moment of the period
    registration(sessions, "G", "job_seeker", at(11, 26, 0, 0),  # the day after the period, in its last week
                 ("contacted", at(11, 26)), ("in_module", at(11, 29, 23, 59)))
    registration(sessions, "H", "worker", at(11, 30, 0, 0),  # the week after
                 ("contacted", at(11, 30)), ("in_module", at(11, 30, 9)))
    erased = registration(sessions, "I", "worker", at(10, 1), ("contacted", at(10, 2)),
                          ("in_module", at(11, 22, 23, 30)),  # late on Sunday: the week of the 16th
                          ("module_completed", at(11, 24)))
    with sessions.begin() as s:
        s.get(PathwayTally, "in_module").count = 2  # deleted before weeks were kept
        s.get(PathwayTally, "module_completed").count = 1
    with sessions.begin() as s:
        PathwayKeeper().erase(s, erased)


@pytest.fixture(params=["UTC", "Europe/Brussels"])
def time_zone(request, sessions):
    """The database session's time zone (PostgreSQL): the weeks are UTC's whatever it is."""
    engine = sessions.kw["bind"]

    def set_time_zone(connection, _):
        connection.execute(f"SET TIME ZONE '{request.param}'")
        connection.commit()  # kept when the pool rolls back

    if engine.dialect.name == "postgresql":
        event.listen(engine, "connect", set_time_zone)
    elif request.param != "UTC":
        pytest.skip("SQLite has no time zone")
    return request.param


def test_progress_per_week_towards_the_target(sessions, pathway_keys, time_zone):
    known_data(sessions)
    with sessions() as s:
        if time_zone != "UTC":
            assert s.scalar(text("SHOW TIME ZONE")) == time_zone
        table = figures.progress(s, PERIOD)
    assert (table.name, table.columns) == ("pathway.progress", ("week", "registrations", "followed", "target"))
    assert table.rows == [
        # A, B, C; followed: A and the 2 deleted before weeks were kept
        (date(2026, 11, 2), 3, 3, 450),
        # + D, K; followed: + C (Sunday 15, 23:30)
        (date(2026, 11, 9), 5, 4, 450),
        # + E, E2; followed: + I, erased since (Sunday 22, 23:30)
        (date(2026, 11, 16), 7, 5, 450),
        # + F and G (the day after the period, in its week); followed: + G (Sunday 29, 23:59)
        (date(2026, 11, 23), 9, 6, 450),
    ]
    with sessions() as s:
        # before anything was registered, only the deletions without a week
        assert figures.progress(s, Period(date(2026, 9, 1), date(2026, 9, 6))).rows == [(date(2026, 8, 31), 0, 2, 450)]
        # one day, a Sunday: its week, up to its end
        assert figures.progress(s, Period(date(2026, 11, 15), date(2026, 11, 15))).rows == [
            (date(2026, 11, 9), 5, 4, 450)]
        # a period after all of it: everything, H too
        assert figures.progress(s, Period(date(2026, 12, 7), date(2026, 12, 13))).rows == [
            (date(2026, 12, 7), 10, 7, 450)]


def test_an_erased_registration_counts_from_the_week_it_followed_a_module(sessions, pathway_keys, time_zone):
    known_data(sessions)
    with sessions() as s:
        followed = figures.progress(s, Period(date(2026, 11, 9), date(2026, 11, 22))).column("followed")
        assert followed == [4, 5]
        assert figures.erased(s).rows == [("in_module", 3), ("module_completed", 2)]
        kept = registrations.progress(s)
    assert (kept["followed"], kept["completed"], kept["registered"]) == (7, 3, 10), "the same totals"


def test_registrations_by_situation_and_status(sessions, pathway_keys):
    known_data(sessions)
    with sessions() as s:
        table = figures.by_situation(s, PERIOD)
        assert (table.name, table.columns) == ("pathway.situations", ("situation", "status", "registrations"))
        # B (the day before), G (the day after) and I (erased) are not counted
        assert table.rows == [
            ("job_seeker", "contacted", 1),  # K
            ("job_seeker", "module_completed", 1),  # C
            ("job_seeker", "withdrawn", 1),  # D
            ("worker", "registered", 1),  # F
            ("other", "registered", 2),  # E, E2
        ]
        assert figures.by_situation(s, Period(date(2026, 11, 3), date(2026, 11, 4))).rows == [
            ("job_seeker", "module_completed", 1), ("worker", "registered", 1)]  # C, B
        assert figures.by_situation(s, Period(date(2026, 12, 1), date(2026, 12, 31))).rows == []


def test_nothing_yet(sessions, pathway_keys):
    with sessions() as s:
        assert figures.progress(s, Period(date(2026, 11, 25), date(2026, 12, 1))).rows == [
            (date(2026, 11, 23), 0, 0, 450), (date(2026, 11, 30), 0, 0, 450)]
        assert figures.by_situation(s, PERIOD).rows == []
        table = figures.erased(s)
        assert (table.name, table.columns, table.rows) == (
            "pathway.erased", ("milestone", "persons"), [("in_module", 0), ("module_completed", 0)])


def test_the_figures_never_read_health_data_or_notes(sessions, pathway_keys):
    known_data(sessions)
    statements = []
    engine = sessions.kw["bind"]
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2].lower()))
    pathway_keys(Fernet.generate_key().decode())  # nothing encrypted could be read now
    with sessions() as s:
        figures.progress(s, PERIOD)
        figures.by_situation(s, PERIOD)
        figures.erased(s)
    assert len(statements) == 6
    for column in ("support_needs", "support_details", "accommodations", "availability", "note",
                   "first_name", "phone", "email"):
        assert not [statement for statement in statements if column in statement], column
