"""The dashboard pages of the staff console: each role sees its pages and only those.

``/console/dashboards`` lists them; ``/console/dashboards/<page>?start=&end=`` shows a
period's tables, each with its charts (SVG images) above it; ``…/<page>/tables.csv``
gives the same tables in one CSV (``separator=semicolon`` for spreadsheets set up for
French or Dutch). Counting is done by the capabilities, in SQL (``core/*/figures.py``).
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any, Literal
from urllib.parse import quote

from babel.dates import format_date
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.console import (
    DASHBOARDS,
    ROLES,
    SESSION_COOKIE,
    Staff,
    console_language,
    finish,
    render_page,
    sessions_of,
    signed_in,
    to_login,
)
from api.dashboards.charts import Chart, data_uri, plot, svg
from api.dashboards.labels import Labels, is_number, number_label
from api.dashboards.pages import PAGES, Page, Section, pages_for
from api.dashboards.texts import DASHBOARD
from api.security import CONTENT_SECURITY_POLICY
from core import audit
from core.figures import Period, Table
from core.i18n import babel_locale
from core.models import utcnow

router = APIRouter(prefix=DASHBOARDS, include_in_schema=False)
LONGEST = timedelta(days=731)
SEPARATORS = {"comma": ",", "semicolon": ";"}
# The charts are images inside the page (data: URIs): one request counts each table once.
POLICY = CONTENT_SECURITY_POLICY.replace("img-src 'self'", "img-src 'self' data:")
# What people wrote: reading it is written in the audit log.
PERSONAL = {"quality.unrecognised": "unrecognised_messages"}


def read_period(page: Page, start: str | None, end: str | None, today: date) -> tuple[Period, str | None]:
    """The period asked for, or the page's usual one with the reason (a text key)."""
    usual = page.usual_period(today)
    if not start and not end:
        return usual, None
    try:
        first = date.fromisoformat(start) if start else usual.start
        last = date.fromisoformat(end) if end else usual.end
    except ValueError:
        return usual, "period_error_date"
    if last < first:
        return usual, "period_error_order"
    if last - first > LONGEST:
        return usual, "period_error_long"
    return Period(first, last), None


@dataclass
class View:
    """A table as the page shows it (headings, rows of cells), with its chart above it
    when it has one."""

    title: str
    headings: list[dict[str, Any]]
    rows: list[list[dict[str, Any]]]
    chart: dict[str, Any] | None = None


@dataclass
class Shown:
    section: Section
    views: list[View]


def _cell(labels: Labels, table: str, column: str, value: Any) -> dict[str, Any]:
    cell: dict[str, Any] = {"text": labels.cell(table, column, value), "number": is_number(column, value),
                            "value": value}
    if isinstance(value, date):
        cell["datetime"] = value.isoformat()
    return cell


def _long_view(title: str, table: Table, labels: Labels, language: str) -> View:
    """Every column of the table, a row per row."""
    headings = [{"text": DASHBOARD(language, f"col_{column}"),
                 "number": any(is_number(column, row[i]) for row in table.rows)}
                for i, column in enumerate(table.columns)]
    rows = []
    for row in table.rows:
        cells = [_cell(labels, table.name, column, value) for column, value in zip(table.columns, row, strict=True)]
        if "text" in table.columns and "language" in table.columns:
            cells[table.columns.index("text")]["lang"] = row[table.columns.index("language")] or None
        rows.append(cells)
    return View(title, headings, rows)


def _chart_view(title: str, table: Table, chart: Chart, labels: Labels, language: str) -> View:
    """The chart, and its table: a row per category, a column per series."""
    def say(column: str, value: Any) -> str:
        if column == "_column":
            return DASHBOARD(language, f"col_{value}")
        return labels.cell(table.name, column, value, short=True)

    figure = plot(table, chart, say)
    document = svg(title, figure, chart.kind, percent=chart.ratio is not None)
    height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', document).group(1))  # type: ignore[union-attr]
    headings = [{"text": DASHBOARD(language, f"col_{chart.x}"), "number": False},
                *({"text": one.name, "number": True} for one in figure.series),
                *({"text": DASHBOARD(language, f"col_{column}"), "number": True} for column in chart.also)]
    by_x = {row[chart.x]: row for row in table.as_dicts()}
    rows = []
    for i, x in enumerate(figure.x):
        cells = [_cell(labels, table.name, chart.x, x)]
        for one in figure.series:
            value = one.values[i]
            if one.parts is not None:
                taken, whole = one.parts[i]
                text = (f"{number_label(taken, language)} / {number_label(whole, language)} "
                        f"({number_label(value, language)} %)") if whole else "–"
                cells.append({"text": text, "number": True, "value": text, "csv": text})
            else:
                cells.append({"text": number_label(value, language), "number": True, "value": value})
        cells += [_cell(labels, table.name, column, by_x[x][column]) | {"number": True} for column in chart.also]
        rows.append(cells)
    return View(title, headings, rows, {"uri": data_uri(document), "height": height,
                                        "alt": DASHBOARD(language, "chart_alt", title=title),
                                        "series_names": [one.name for one in figure.series]})


def shown(section: Section, session: Session, period: Period, labels: Labels, language: str) -> Shown:
    table = section.count(session, period)
    title = DASHBOARD(language, f"section_{section.name}")
    if not section.charts or not table.rows:
        return Shown(section, [_long_view(title, table, labels, language)] if table.rows else [])
    views = []
    for chart in section.charts:
        chart_title = DASHBOARD(language, f"section_{section.name.split('.')[0]}.{chart.key}") if chart.key \
            else title
        if not chart.split:
            views.append(_chart_view(chart_title, table, chart, labels, language))
            continue
        index = table.columns.index(chart.split)
        for value in dict.fromkeys(row[index] for row in table.rows):
            part = Table(table.name, table.columns, [row for row in table.rows if row[index] == value])
            views.append(_chart_view(f"{chart_title} – {labels.key(table.name, chart.split, value)}", part, chart,
                                     labels, language))
    return Shown(section, views)


def count_page(session: Session, staff: Staff, page: Page, period: Period, language: str,
               action: str) -> list[Shown]:
    labels = Labels(session, language)
    sections = [section.for_period(period) for section in page.sections]
    result = [shown(section, session, period, labels, language) for section in sections]
    for section in sections:
        if section.name in PERSONAL:
            audit.write(session, staff.username, action, PERSONAL[section.name],
                        detail=f"dashboard={page.key} from={period.start} to={period.end}")
    return result


def _view(section: Shown, language: str) -> dict[str, Any]:
    name = section.section.name
    ident = name.replace(".", "-").replace("_", "-")
    return {"id": ident, "name": name, "title": DASHBOARD(language, f"section_{name}"),
            "note": DASHBOARD(language, f"note_{name}") if section.section.note else None,
            "views": [{"id": f"{ident}-{i}", "title": view.title, "chart": view.chart,
                       "caption": DASHBOARD(language, "table_caption", title=view.title),
                       "headings": view.headings, "rows": view.rows} for i, view in enumerate(section.views)]}


def _refused(request: Request, language: str, staff: Staff, status: int) -> Response:
    return render_page(request, language, "message.html", DASHBOARD(language, "dashboard_refused_title"),
                       {"text": DASHBOARD(language, "dashboard_refused_text"), "d": partial(DASHBOARD, language)},
                       staff=staff, status=status)


def _page_title(page: Page, language: str) -> str:
    return DASHBOARD(language, f"page_{page.key}")


@router.get("", name="dashboards")
def dashboards(request: Request) -> Response:
    language = console_language(request)
    with sessions_of(request).begin() as session:
        staff = signed_in(request, session, ROLES)
    if staff is None:
        return to_login(request, language, "session_ended" if request.cookies.get(SESSION_COOKIE) else None)
    pages = [{"href": f"{DASHBOARDS}/{page.key}", "title": _page_title(page, language),
              "intro": DASHBOARD(language, f"page_{page.key}_intro")} for page in pages_for(staff.role)]
    return render_page(request, language, "dashboards.html", DASHBOARD(language, "dashboards"),
                       {"pages": pages, "d": partial(DASHBOARD, language), "current_section": "dashboards"},
                       staff=staff)


def _counted(request: Request, key: str, start: str | None, end: str | None, language: str,
             action: str) -> tuple[Staff | None, Page | None, Period | None, str | None, list[Shown]]:
    """The signed-in staff member, the page, and, when the role may see it, the period
    asked for (or the usual one, with why) and the page's sections counted."""
    with sessions_of(request).begin() as session:
        staff, page = signed_in(request, session, ROLES), PAGES.get(key)
        if staff is None or page is None or staff.role not in page.roles:
            return staff, page, None, None, []
        period, error = read_period(page, start, end, utcnow().date())
        return staff, page, period, error, count_page(session, staff, page, period, language, action)


@router.get("/{key}", name="dashboard")
async def dashboard(request: Request, key: str, start: str | None = Query(None, max_length=10),
                    end: str | None = Query(None, max_length=10)) -> Response:
    language = console_language(request)
    staff, page, period, error, sections = await run_in_threadpool(_counted, request, key, start, end, language,
                                                                   "read")
    if staff is None:
        return to_login(request, language, "session_ended" if request.cookies.get(SESSION_COOKIE) else None)
    if page is None:
        return _refused(request, language, staff, 404)
    if period is None:
        return _refused(request, language, staff, 403)
    here = f"{DASHBOARDS}/{page.key}"
    query = f"start={period.start.isoformat()}&end={period.end.isoformat()}"
    shown_period = DASHBOARD(language, "period_shown",
                             start=format_date(period.start, format="long", locale=babel_locale(language)),
                             end=format_date(period.end, format="long", locale=babel_locale(language)))
    response = render_page(request, language, "dashboard.html", _page_title(page, language), {
        "d": partial(DASHBOARD, language), "intro": DASHBOARD(language, f"page_{page.key}_intro"),
        "here": here, "period": period, "period_error": DASHBOARD(language, error) if error else None,
        "period_shown": shown_period, "csv_url": f"{here}/tables.csv?{query}&lang={language}",
        "sections": [_view(s, language) for s in sections], "current_section": "dashboards",
    }, staff=staff, here=f"{here}?{query}")
    response.headers["Content-Security-Policy"] = POLICY
    return response


def csv_cell(cell: dict[str, Any], separator: str) -> str:
    """A cell as the page shows it; a date as YYYY-MM-DD, a number without thousands
    separators (with a decimal comma in semicolon files)."""
    if "datetime" in cell:
        return str(cell["datetime"])
    if "csv" in cell or not cell["number"]:
        return str(cell.get("csv", cell["text"]))
    value = cell["value"]
    if value is None:
        return ""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",") if separator == ";" else text


def tables_csv(sections: list[Shown], language: str, separator: str) -> str:
    """Each table under its title, with the headings and the values the page shows (dates
    as YYYY-MM-DD, numbers without thousands separators)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    for index, section in enumerate(sections):
        if index:
            writer.writerow([])
        if not section.views:
            writer.writerow([DASHBOARD(language, f"section_{section.section.name}")])
            writer.writerow([DASHBOARD(language, "nothing_in_period")])
        for view in section.views:
            writer.writerow([view.title])
            if view.headings:
                writer.writerow([heading["text"] for heading in view.headings])
            for row in view.rows:
                writer.writerow([csv_cell(cell, separator) for cell in row])
    return out.getvalue()


@router.get("/{key}/tables.csv", name="dashboard_csv")
async def dashboard_csv(request: Request, key: str, start: str | None = Query(None, max_length=10),
                        end: str | None = Query(None, max_length=10),
                        separator: Literal["comma", "semicolon"] = "comma") -> Response:
    language = console_language(request)
    staff, page, period, _error, sections = await run_in_threadpool(_counted, request, key, start, end, language,
                                                                    "export")
    if staff is None:
        return to_login(request, language, "session_ended" if request.cookies.get(SESSION_COOKIE) else None)
    if page is None or period is None:
        return _refused(request, language, staff, 404 if page is None else 403)
    name = f"{page.key}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response = Response("\ufeff" + tables_csv(sections, language, SEPARATORS[separator]),
                        media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename=\"{quote(name)}\""})
    return finish(request, response, language)

