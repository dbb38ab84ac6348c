"""A year of made-up activity in a database, for the dashboards' speed and for demos.

    python -m scripts.seed DATABASE_URL [--conversations 100000] [--seed 7]

The database must be migrated and empty of conversations. Everything is invented
(random names of no one, texts from a small list); nothing comes from real people.
Rows go in by thousands with multi-row INSERTs; 100,000 conversations take about a
minute on PostgreSQL.
"""

import argparse
import random
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, create_engine, insert, select
from sqlalchemy.orm import Session

from core.assessment.models import Assessment, AssessmentLanguage
from core.childcare.models import ChildcareBooking, ChildcareBookingDay, ChildcarePlaces, ChildcareWaiting
from core.frameworks import CEFR_LEVELS as LEVELS
from core.frameworks import DIGITAL_AREAS as AREAS
from core.frameworks import DIGITAL_LEVELS as DIGITAL
from core.handover.models import Handover
from core.models import Conversation, Message, QuestionnaireStep, UnrecognisedMessage
from core.pathway.models import PathwayRegistration, PathwayStatusChange
from core.training.models import TrainingEvent, TrainingModule

CHUNK = 5000
CHANNELS = (("web", 5), ("whatsapp", 3), ("telegram", 2))
LANGUAGES = (("fr", 6), ("nl", 3), ("en", 2))
SITES = ("bruxelles-ville", "molenbeek", "anderlecht", "schaerbeek")
CAPACITY = {"babies": 6, "toddlers": 10}
UNRECOGNISED = ("wanneer opent het kantoor", "je veux parler a quelqu un pour mon chomage", "how much is the bus",
                "mon dossier onem", "ik zoek werk als chauffeur", "c koi le cpas", "help me with my cv please",
                "jai perdu ma carte", "bonjour ya quelqu un", "hoeveel kost een taalcheque")
FLOWS = {"assessment": ("languages", "fr_1", "fr_2", "fr_3", "digital_1", "digital_2"),
         "training": ("subject", "format", "commune"),
         "childcare": ("child_name", "birth_date", "reason", "site", "days", "confirm"),
         "counsellor": ("office", "kind", "reason")}


def pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def moment(rng: random.Random, first: date, days: int) -> datetime:
    return datetime.combine(first + timedelta(days=rng.randrange(days)), time(), UTC) + timedelta(
        seconds=rng.randrange(7 * 3600, 21 * 3600))


def chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), CHUNK):
        yield rows[i:i + CHUNK]


def put(engine: Engine, model: Any, rows: list[dict[str, Any]]) -> None:
    with engine.begin() as connection:
        for part in chunks(rows):
            connection.execute(insert(model), part)


class Seeder:
    """The rows of made-up conversations, per model, before they are written."""

    def __init__(self, rng: random.Random, today: date, modules: list[str]):
        self.rng, self.today, self.modules = rng, today, modules
        self.first = today - timedelta(days=365)
        self.rows: dict[Any, list[dict[str, Any]]] = {model: [] for model in ORDER}
        self.taken: dict[tuple[str, date, str, str], int] = {}

    def add(self, model: Any, **row: Any) -> None:
        self.rows[model].append(row)

    def conversation(self, n: int) -> None:
        rng = self.rng
        cid, channel, language = uuid.uuid4().hex, pick(rng, CHANNELS), pick(rng, LANGUAGES)
        start = moment(rng, self.first, 365)
        self.add(Conversation, id=cid, channel=channel, external_id=f"seed-{n}", language=language,
                 language_chosen=False, mode="bot", forget_pending=False, created_at=start, last_activity_at=start)
        for i in range(rng.choice((2, 3, 3, 4, 6))):
            at = start + timedelta(seconds=40 * i)
            self.add(Message, conversation_id=cid, direction="in", sender="user", text=f"message {i}",
                     language=language, created_at=at)
            self.add(Message, conversation_id=cid, direction="out", sender="bot", text="answer", language=language,
                     created_at=at + timedelta(seconds=1))
        roll = rng.random()
        if roll < 0.15:
            self.assessment(cid, language, start)
        if roll < 0.25:
            self.trainings(language, start)
        what = ((0.35, self.questionnaire), (0.40, self.unrecognised), (0.43, self.handover),
                (0.46, self.childcare), (0.475, self.pathway))
        for below, make in what:
            if 0.25 <= roll < below:
                make(cid, language, start, n)
                break

    def assessment(self, cid: str, language: str, start: datetime) -> None:
        rng, aid = self.rng, uuid.uuid4().hex
        tested = rng.sample(("fr", "nl", "en"), rng.choice((1, 1, 2)))
        areas = {area: {"level": rng.choice(DIGITAL), "score": 1.0} for area in AREAS if rng.random() < 0.8}
        found = {code: rng.choice(LEVELS) for code in tested}
        overall = rng.choice(DIGITAL) if areas else None
        result = {"languages": found, "other_languages": [],
                  "digital": {"overall": overall, "areas": areas, "strongest": None, "weakest": None}}
        self.add(Assessment, id=aid, conversation_id=cid, question_set_version="seed", language=language,
                 digital_level=overall, result=result, answers={}, started_at=start, completed_at=start)
        for code, level in found.items():
            self.add(AssessmentLanguage, assessment_id=aid, language=code, level=level, rank=LEVELS.index(level))

    def trainings(self, language: str, start: datetime) -> None:
        for key in self.rng.sample(self.modules, min(3, len(self.modules))):
            self.add(TrainingEvent, module_key=key, kind="suggested", language=language, at=start)
            if self.rng.random() < 0.3:
                self.add(TrainingEvent, module_key=key, kind="opened", language=language, at=start)

    def questionnaire(self, _cid: str, language: str, start: datetime, _n: int) -> None:
        rng = self.rng
        flow = rng.choice(tuple(FLOWS))
        run, reached = uuid.uuid4().hex, FLOWS[flow][:rng.randint(1, len(FLOWS[flow]))]
        ends = ["finished"] if len(reached) == len(FLOWS[flow]) and rng.random() < 0.8 else (
            ["stopped"] if rng.random() < 0.3 else [])
        for step in (*reached, *ends):
            self.add(QuestionnaireStep, flow=flow, run=run, step=step, language=language, at=start)

    def unrecognised(self, cid: str, language: str, start: datetime, _n: int) -> None:
        self.add(UnrecognisedMessage, conversation_id=cid, text=self.rng.choice(UNRECOGNISED), language=language,
                 at=start)

    def handover(self, cid: str, language: str, start: datetime, _n: int) -> None:
        rng = self.rng
        accepted = start + timedelta(minutes=rng.choice((1, 3, 8, 20, 75))) if rng.random() < 0.8 else None
        closed_by = rng.choice(("counsellor", "person", "timeout")) if accepted else None
        self.add(Handover, conversation_id=cid, office="actiris", kind=rng.choice(("chat", "chat", "message",
                                                                                    "callback")),
                 status="closed" if closed_by else "queued", language=language, requested_at=start,
                 accepted_at=accepted, closed_by=closed_by,
                 closed_at=accepted + timedelta(minutes=10) if accepted else None)

    def childcare(self, cid: str, language: str, start: datetime, n: int) -> None:
        rng = self.rng
        site, group, half = rng.choice(SITES), rng.choice(("babies", "toddlers")), rng.choice(("am", "pm"))
        day = start.date() + timedelta(days=rng.randrange(1, 30))
        if day.weekday() >= 5:
            day += timedelta(days=7 - day.weekday())
        place = (site, day, group, half)
        if self.taken.get(place, 0) >= CAPACITY[group]:
            self.add(ChildcareWaiting, conversation_id=cid, site=site, age_group=group, first_day=day, last_day=day,
                     half=half, language=language, created_at=start)
            return
        self.taken[place] = self.taken.get(place, 0) + 1
        bid, cancelled = uuid.uuid4().hex, rng.random() < 0.1
        self.add(ChildcareBooking, id=bid, reference=f"S{n:09d}", conversation_id=cid, site=site, child_name="Child",
                 child_birth_date=day - timedelta(days=400), age_group=group,
                 reason=rng.choice(("job_start", "training", "interview")), first_day=day, last_day=day, half=half,
                 registered_job_seeker=True, language=language, status="cancelled" if cancelled else "confirmed",
                 cancelled_by=rng.choice(("person", "staff")) if cancelled else None, created_at=start,
                 updated_at=start + timedelta(days=1))
        self.add(ChildcareBookingDay, booking_id=bid, day=day, half=half,
                 no_show=day < self.today and rng.random() < 0.05)

    def pathway(self, cid: str, language: str, start: datetime, n: int) -> None:
        rng, rid = self.rng, uuid.uuid4().hex
        path = ("registered", "contacted", "in_module", "module_completed")
        status = rng.choice((*path, "withdrawn"))
        self.add(PathwayRegistration, id=rid, reference=f"P{n:09d}", conversation_id=cid, language=language,
                 first_name="Seed", last_name=f"Person {n}", search_name=f"seed person {n}",
                 email=f"seed{n}@example.org", preferred_language=language, contact_channel="email",
                 situation=rng.choice(("job_seeker", "worker", "other")), registered_by="self", support_needs=[],
                 consent_at=start, status=status,
                 module="module" if status in ("in_module", "module_completed") else None, created_at=start,
                 updated_at=start, last_activity_at=start)
        reached = path[:path.index(status) + 1] if status in path else ("registered",)
        for index, step in enumerate(reached):
            self.add(PathwayStatusChange, registration_id=rid, from_status=path[index - 1] if index else None,
                     to_status=step, changed_at=start + timedelta(days=7 * index))

    def places(self) -> None:
        for d in range(365 + 60):
            day = self.first + timedelta(days=d)
            if day.weekday() >= 5:
                continue
            for site in SITES:
                for group, capacity in CAPACITY.items():
                    for half in ("am", "pm"):
                        self.add(ChildcarePlaces, site=site, day=day, age_group=group, half=half, capacity=capacity,
                                 taken=self.taken.get((site, day, group, half), 0))


ORDER = (Conversation, Message, Assessment, AssessmentLanguage, TrainingEvent, QuestionnaireStep, UnrecognisedMessage,
         Handover, ChildcarePlaces, ChildcareBooking, ChildcareBookingDay, ChildcareWaiting, PathwayRegistration,
         PathwayStatusChange)


def seed(engine: Engine, conversations: int, *, today: date | None = None, rng_seed: int = 7) -> dict[str, int]:
    """Conversations over the 365 days before ``today`` and what they led to; counts per table."""
    with Session(engine) as session:
        modules = list(session.scalars(select(TrainingModule.key))) or ["module"]
    seeder = Seeder(random.Random(rng_seed), today or datetime.now(UTC).date(), modules)
    for n in range(conversations):
        seeder.conversation(n)
    seeder.places()
    for model in ORDER:
        put(engine, model, seeder.rows[model])
    return {model.__tablename__: len(seeder.rows[model]) for model in ORDER}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    engine = create_engine(args.database_url)
    counts = seed(engine, args.conversations, rng_seed=args.seed)
    engine.dispose()
    print(", ".join(f"{table}: {count:,}" for table, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
