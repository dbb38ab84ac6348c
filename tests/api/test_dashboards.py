"""The dashboards of the staff console, through the app: who sees which page, the period,
the tables a staff member reads, the CSV of them and the charts drawn from them."""

import base64
import csv
import io
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import create_engine, select

from api.dashboards.pages import PAGES
from core import conversations
from core.handover.models import Handover
from core.models import AuditLog, UnrecognisedMessage, utcnow
from scripts.seed import seed
from tests.api.conftest import create_account
from tests.api.test_console import sign_in

# What each role sees, in order.
SEES = {"admin": ["childcare", "pathway", "skills", "handovers", "quality"], "childcare_staff": ["childcare"],
        "pathway_officer": ["pathway"], "counsellor": ["skills", "handovers"]}
TITLES = {"childcare": "Childcare", "pathway": "Sustainable-integration pathway", "skills": "Skills and training",
          "handovers": "Handovers", "quality": "Assistant quality"}


@pytest.fixture
def client(staff_client):
    return staff_client


def signed_in(client, db, role: str) -> None:
    name = f"{role}-{uuid.uuid4().hex[:6]}"
    create_account(db, name, role)
    assert sign_in(client, name).status_code == 303


class Tables(HTMLParser):
    """The dashboard tables of a page as a reader gets them: title (caption), headings,
    and rows of cells (a date as its machine-readable form)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and "figures" in (attributes.get("class") or ""):
            self.tables.append({"caption": "", "headings": [], "rows": []})
        elif not self.tables:
            return
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "time" and self._cell is not None:
            self._cell.append(f"<{attributes['datetime']}>")

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None and self.tables:
            text = "".join(self._cell).strip()
            found = re.match(r"<([\d-]+)>", text)
            self.tables[-1]["rows"][-1].append(found.group(1) if found else text)
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None and not data.startswith("<"):
            self._cell.append(data)


def tables_of(html: str) -> list[dict]:
    parser = Tables()
    parser.feed(html)
    for table in parser.tables:
        table["headings"], table["rows"] = table["rows"][0], table["rows"][1:]
    return parser.tables


@pytest.mark.parametrize("role", sorted(SEES))
def test_each_role_sees_its_dashboards_and_only_those(client, db, role):
    signed_in(client, db, role)
    index = client.get("/console/dashboards?lang=en")
    assert index.status_code == 200
    listed = re.findall(r'<a href="/console/dashboards/(\w+)">([^<]+)</a>', index.text)
    assert listed == [(key, TITLES[key]) for key in SEES[role]]
    for key in PAGES:
        page = client.get(f"/console/dashboards/{key}?lang=en")
        csv_file = client.get(f"/console/dashboards/{key}/tables.csv?lang=en")
        if key in SEES[role]:
            assert page.status_code == 200 and f"<h1>{TITLES[key]}</h1>" in page.text
            assert csv_file.status_code == 200 and csv_file.headers["content-type"].startswith("text/csv")
        else:
            assert page.status_code == 403 and "This page is not for your account" in page.text
            assert csv_file.status_code == 403 and "text/csv" not in csv_file.headers["content-type"]
    assert client.get("/console/dashboards/nothing?lang=en").status_code == 404


def test_without_a_session_the_dashboards_lead_to_signing_in(client):
    for path in ("/console/dashboards", "/console/dashboards/childcare", "/console/dashboards/quality/tables.csv"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/console/login")


def test_a_period_that_cannot_be_shown_is_said_and_the_usual_one_shown(client, db):
    signed_in(client, db, "admin")
    usual = client.get("/console/dashboards/handovers?lang=en").text
    shown = re.search(r'id="period-shown">([^<]+)<', usual).group(1)
    for query, reason in (("start=2026-12-10&end=2026-12-01", "The end of the period is before its start"),
                          ("start=2026-13-01&end=2026-12-31", "A date of the period is not a valid date"),
                          ("start=2020-01-01&end=2026-12-01", "A period can last at most two years")):
        page = client.get(f"/console/dashboards/handovers?{query}&lang=en")
        assert page.status_code == 200
        assert reason in page.text and 'role="alert"' in page.text
        assert re.search(r'id="period-shown">([^<]+)<', page.text).group(1) == shown
    chosen = client.get("/console/dashboards/handovers?start=2026-11-02&end=2026-11-29&lang=en").text
    assert 'id="period-shown">From 2 November 2026 to 29 November 2026<' in chosen
    assert 'value="2026-11-02"' in chosen and 'value="2026-11-29"' in chosen
    assert 'href="/console/dashboards/handovers?start=2026-11-02&amp;end=2026-11-29&amp;lang=fr"' in chosen


def test_the_handovers_page_shows_the_waits_and_outcomes_of_the_period(client, db):
    """Three requests on Monday 2 November 2026, one the week before."""
    monday = datetime(2026, 11, 2, 9, tzinfo=UTC)
    with db.begin() as s:
        for minutes, closed_by, requested in ((3, "counsellor", monday), (20, "person", monday),
                                              (None, None, monday), (1, "counsellor", monday - timedelta(days=7))):
            conversation = conversations.create(s, "web", uuid.uuid4().hex)
            s.add(Handover(conversation_id=conversation.id, office="actiris", kind="chat", language="fr",
                           status="closed" if closed_by else "queued", requested_at=requested,
                           accepted_at=requested + timedelta(minutes=minutes) if minutes else None,
                           closed_by=closed_by, closed_at=requested + timedelta(hours=1) if closed_by else None))
    signed_in(client, db, "counsellor")
    page = client.get("/console/dashboards/handovers?start=2026-11-02&end=2026-11-08&lang=en").text
    weeks, waits, outcomes = tables_of(page)
    assert weeks["headings"] == ["Week of", "Requests", "Answered by a counsellor", "Average wait (minutes)"]
    assert weeks["rows"] == [["2026-11-02", "3", "2", "11.5"]]
    assert waits["rows"] == [["Less than 5 minutes", "1"], ["5 to 15 minutes", "0"], ["15 to 60 minutes", "1"],
                             ["More than an hour", "0"], ["Not answered", "1"]]
    assert outcomes["headings"] == ["Kind", "Still waiting", "Closed by the counsellor", "Closed by the person"]
    assert outcomes["rows"] == [["Chat", "1", "1", "1"]]


@pytest.fixture
def seeded(client, database_url, pathway_keys):
    engine = create_engine(database_url)
    seed(engine, 600, today=utcnow().date())
    engine.dispose()


@pytest.mark.parametrize("key", sorted(PAGES))
def test_the_csv_holds_exactly_the_tables_of_the_page(client, db, seeded, key):
    signed_in(client, db, "admin")
    today = utcnow().date()
    query = f"start={today - timedelta(days=120)}&end={today + timedelta(days=14)}&lang=en"
    shown = tables_of(client.get(f"/console/dashboards/{key}?{query}").text)
    assert shown, "a seeded page shows tables"
    for separator, name in ((",", "comma"), (";", "semicolon")):
        response = client.get(f"/console/dashboards/{key}/tables.csv?{query}&separator={name}")
        assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
        text = response.content.decode("utf-8-sig")
        blocks = [b for b in text.split("\r\n\r\n") if b.strip()]
        from_csv = []
        for block in blocks:
            rows = list(csv.reader(io.StringIO(block), delimiter=separator))
            if len(rows) > 2 or (len(rows) == 2 and rows[1] != ["Nothing in this period."]):
                # a title, then one table per view: title, headings, rows
                from_csv += _views(rows)
        assert [t["headings"] for t in shown] == [t["headings"] for t in from_csv]
        for table, written in zip(shown, from_csv, strict=True):
            assert table["caption"] == f"{written['title']}: the numbers"
            assert [[_plain(cell, separator) for cell in row] for row in table["rows"]] == written["rows"]


def _views(rows: list[list[str]]) -> list[dict]:
    """A CSV block: per view its title row, its heading row, then its rows, until the next title."""
    views: list[dict] = []
    i = 0
    while i < len(rows):
        views.append({"title": rows[i][0], "headings": rows[i + 1], "rows": []})
        i += 2
        while i < len(rows) and len(rows[i]) > 1:
            views[-1]["rows"].append(rows[i])
            i += 1
    return views


def _plain(cell: str, separator: str) -> str:
    """A number as the CSV writes it: without thousands separators, a decimal comma with ';'."""
    if re.fullmatch(r"-?[\d,]+(\.\d+)?", cell):
        cell = cell.replace(",", "")
        return cell.replace(".", ",") if separator == ";" else cell
    return cell


def test_each_chart_draws_the_series_of_the_table_under_it(client, db, seeded):
    signed_in(client, db, "admin")
    page = client.get("/console/dashboards/skills?lang=en")
    assert "img-src 'self' data:" in page.headers["content-security-policy"]
    charts = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"[^>]*data-series="([^"]*)"',
                        page.text)
    tables = tables_of(page.text)
    assert len(charts) == len(tables) == 4
    for (encoded, alt, series), table in zip(charts, tables, strict=True):
        document = base64.b64decode(encoded).decode()
        assert document.startswith("<svg") and "<script" not in document
        names = series.split("|")
        assert names == table["headings"][1:len(names) + 1]
        assert all(name in document for name in names)
        assert alt.startswith("Chart: ") and alt.endswith("The same numbers are in the table below.")
    languages = tables[1]
    assert languages["headings"] == ["Level", "French", "Dutch", "English"]
    assert [row[0] for row in languages["rows"]] == ["A1", "A2", "B1", "B2", "C1", "C2"]


def test_reading_the_messages_not_understood_is_in_the_audit_log(client, db):
    with db.begin() as s:
        conversation = conversations.create(s, "web", uuid.uuid4().hex)
        s.add(UnrecognisedMessage(conversation_id=conversation.id, text="wanneer opent het kantoor", language="nl"))
    signed_in(client, db, "admin")
    today = date.today()
    page = client.get(f"/console/dashboards/quality?start={today}&end={today}&lang=en").text
    assert '<td lang="nl">wanneer opent het kantoor</td>' in page or 'lang="nl">wanneer opent het kantoor<' in page
    client.get(f"/console/dashboards/quality/tables.csv?start={today}&end={today}")
    with db() as s:
        logged = s.execute(select(AuditLog.action, AuditLog.record_type).where(
            AuditLog.record_type == "unrecognised_messages").order_by(AuditLog.id)).all()
    assert logged == [("read", "unrecognised_messages"), ("export", "unrecognised_messages")]
