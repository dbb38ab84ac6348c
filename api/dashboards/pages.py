"""The dashboard pages: who sees each, its usual period, and its sections (a table each,
counted by its capability, with the charts drawn from it)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from api.dashboards.charts import Chart
from core.assessment import figures as skills
from core.childcare import figures as childcare
from core.figures import Period, Table, monday
from core.handover import figures as handover
from core.pathway import figures as pathway
from core.quality import figures as quality
from core.training import figures as training

LONG_DAYS = 92


@dataclass(frozen=True)
class Section:
    name: str  # the table's name: its title is DASHBOARD's "section_<name>"
    count: Callable[[Session, Period], Table]
    charts: tuple[Chart, ...] = ()
    note: bool = False  # DASHBOARD has "note_<name>"
    # what is shown instead for a period longer than LONG_DAYS (per week rather than per day)
    longer: "Section | None" = None

    def for_period(self, period: Period) -> "Section":
        return self.longer if self.longer is not None and len(period.days()) > LONG_DAYS else self


@dataclass(frozen=True)
class Page:
    key: str
    roles: tuple[str, ...]
    weeks_before: int  # the usual period: from the Monday this many weeks back …
    weeks_after: int  # … to the Sunday this many weeks ahead
    sections: tuple[Section, ...]

    def usual_period(self, today: date) -> Period:
        start = monday(today) - timedelta(weeks=self.weeks_before)
        return Period(start, monday(today) + timedelta(weeks=self.weeks_after, days=6))


PAGES: dict[str, Page] = {page.key: page for page in (
    Page("childcare", ("admin", "childcare_staff"), 4, 4, (
        Section("childcare.occupancy", childcare.occupancy,
                (Chart("line", x="week", series=("site", "age_group"), value="taken", ratio="capacity"),)),
        Section("childcare.bookings", childcare.bookings_per_week,
                (Chart("stacked", x="week", series=("reason",), value="bookings"),)),
        Section("childcare.waiting", childcare.waiting_list,
                (Chart("hbar", x="site", series=("age_group",), value="waiting"),)),
        Section("childcare.cancellations", childcare.cancellations,
                (Chart("bar", x="week", values=("by_person", "by_staff", "no_shows")),)),
    )),
    Page("pathway", ("admin", "pathway_officer"), 25, 0, (
        Section("pathway.progress", pathway.progress,
                (Chart("line", x="week", values=("registrations", "followed", "target")),)),
        Section("pathway.situations", pathway.by_situation,
                (Chart("stacked", x="situation", series=("status",), value="registrations"),)),
        Section("pathway.erased", lambda session, _period: pathway.erased(session), note=True),
    )),
    Page("skills", ("admin", "counsellor"), 11, 0, (
        Section("skills.assessments", skills.assessments_per_week,
                (Chart("bar", x="week", values=("assessments",)),)),
        Section("skills.languages", skills.language_levels,
                (Chart("bar", x="level", series=("language",), value="people"),)),
        Section("skills.digital", skills.digital_levels,
                (Chart("hstacked", x="area", series=("level",), value="people"),)),
        Section("training.top", training.top_trainings,
                (Chart("hbar", x="module", values=("suggested", "opened")),)),
    )),
    Page("handovers", ("admin", "counsellor"), 11, 0, (
        Section("handover.weeks", handover.handovers_per_week,
                (Chart("bar", x="week", values=("requests", "accepted"), also=("average_wait_minutes",)),)),
        Section("handover.waits", handover.handover_waits, (Chart("bar", x="wait", values=("handovers",)),)),
        Section("handover.outcomes", handover.handover_outcomes,
                (Chart("hstacked", x="kind", series=("outcome",), value="handovers"),)),
    )),
    Page("quality", ("admin",), 3, 0, (
        Section("quality.messages", quality.messages_per_day,
                (Chart("stacked", x="day", series=("channel",), value="messages", key="messages_by_channel"),
                 Chart("stacked", x="day", series=("language",), value="messages", key="messages_by_language")),
                longer=Section("quality.messages_weekly", quality.messages_per_week, (
                    Chart("stacked", x="week", series=("channel",), value="messages", key="weekly_by_channel"),
                    Chart("stacked", x="week", series=("language",), value="messages", key="weekly_by_language")))),
        Section("quality.funnels", quality.funnels,
                (Chart("hbar", x="step", values=("runs",), split="flow"),)),
        Section("quality.unrecognised", quality.unrecognised, note=True),
    )),
)}


def pages_for(role: str) -> list[Page]:
    return [page for page in PAGES.values() if role in page.roles]
