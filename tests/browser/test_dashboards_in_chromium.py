"""The staff dashboards in Debian's Chromium, on the app alone with a year of made-up
activity (scripts/dashboard_demo.py): each role sees its pages and only those, by
keyboard too; the charts are drawn with the series of their tables; the CSV a staff member
downloads holds what the page shows; no axe-core violation."""

import base64
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from api.dashboards.pages import PAGES
from scripts.dashboard_demo import Demo, demo
from tests.browser.conftest import DESKTOP, TIMEOUT, axe_violations

pytestmark = pytest.mark.browser

SEES = {"admin": ["Childcare", "Sustainable-integration pathway", "Skills and training", "Handovers",
                  "Assistant quality"],
        "childcare_staff": ["Childcare"], "pathway_officer": ["Sustainable-integration pathway"],
        "counsellor": ["Skills and training", "Handovers"]}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Demo]:
    with demo(Path(tmp_path_factory.mktemp("dashboards")), conversations=1500) as running:
        yield running


@pytest.fixture
def tab(chromium_browser: Browser, site: Demo) -> Iterator[Page]:
    context = chromium_browser.new_context(locale="en-GB", viewport=DESKTOP, base_url=site.url,
                                           accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    yield page
    context.close()


def sign_in(page: Page, site: Demo, role: str) -> None:
    page.goto("/console/login?lang=en")
    page.get_by_label("Username").fill(site.username(role))
    page.get_by_label("Password").fill(site.password)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(re.compile(r"/console(/dashboards)?$"))


@pytest.mark.parametrize("role", sorted(SEES))
def test_each_role_reaches_its_dashboards_and_only_those(tab: Page, site: Demo, role: str):
    sign_in(tab, site, role)
    navigation = tab.get_by_role("navigation", name="Console pages")
    expect(navigation.get_by_role("link", name="Queue")).to_have_count(0 if role == "childcare_staff" else 1)
    navigation.get_by_role("link", name="Dashboards").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Dashboards")
    expect(tab.locator(".dashboard-list a")).to_have_text(SEES[role])
    for title in SEES[role]:
        tab.locator(".dashboard-list a", has_text=title).click()
        expect(tab.get_by_role("heading", level=1)).to_have_text(title)
        images = tab.locator("figure.chart img")
        expect(images.first).to_be_visible()
        for index in range(images.count()):  # each chart is drawn: the browser decoded it
            assert images.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
        tab.go_back()
    for key, title in zip(PAGES, SEES["admin"], strict=True):
        if title not in SEES[role]:
            response = tab.goto(f"/console/dashboards/{key}")
            assert response is not None and response.status == 403
            expect(tab.get_by_role("heading", level=1)).to_have_text("This page is not for your account")


def test_a_period_is_chosen_by_keyboard_and_the_tables_follow(tab: Page, site: Demo):
    sign_in(tab, site, "counsellor")
    tab.goto("/console/dashboards/handovers?lang=en")
    tab.get_by_label("From").fill("2026-08-01")
    tab.get_by_label("To").fill("2026-08-31")
    tab.get_by_label("From").focus()
    show = tab.get_by_role("button", name="Show")
    for _ in range(12):  # through the date fields' day, month and year, to the button
        tab.keyboard.press("Tab")
        if show.evaluate("button => button === document.activeElement"):
            break
    expect(show).to_be_focused()
    tab.keyboard.press("Enter")
    expect(tab.locator("#period-shown")).to_have_text("From 1 August 2026 to 31 August 2026")
    weeks = tab.locator("table.figures").first.locator("tbody th time")
    assert all("2026-07-27" <= d <= "2026-08-31" for d in weeks.evaluate_all("els => els.map(e => e.dateTime)"))


def test_the_downloaded_csv_holds_what_the_page_shows(tab: Page, site: Demo):
    sign_in(tab, site, "admin")
    tab.goto("/console/dashboards/skills?lang=en")
    shown = tab.locator("table.figures").evaluate_all("""tables => tables.map(t => ({
        caption: t.caption.textContent.trim(),
        rows: [...t.rows].map(r => [...r.cells].map(c => {
            const time = c.querySelector('time'); return time ? time.dateTime : c.textContent.trim(); }))}))""")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download the tables as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = [row for row in csv.reader(io.StringIO(text)) if row]
    expected = []
    for table in shown:
        expected.append([table["caption"].removesuffix(": the numbers")])
        expected += [[cell.replace(",", "") if re.fullmatch(r"[\d,]+(\.\d+)?", cell) else cell for cell in row]
                     for row in table["rows"]]
    assert rows == expected


def test_charts_draw_the_series_of_their_tables_in_the_staff_language(tab: Page, site: Demo):
    sign_in(tab, site, "admin")
    tab.goto("/console/dashboards/pathway?lang=fr")
    image = tab.locator("figure.chart img").first
    source = image.get_attribute("src") or ""
    document = base64.b64decode(source.split(",", 1)[1]).decode()
    headings = tab.locator("table.figures").first.locator("thead th").all_inner_texts()
    assert headings[1:] == (image.get_attribute("data-series") or "").split("|")
    for name in headings[1:]:
        assert f">{name}<" in document  # the legend, in French
    assert "Graphique" in (image.get_attribute("alt") or "")


@pytest.mark.parametrize("key", sorted(PAGES))
def test_no_wcag_violations_on_the_dashboards(tab: Page, site: Demo, key: str):
    sign_in(tab, site, "admin")
    tab.goto("/console/dashboards?lang=nl")
    assert axe_violations(tab) == []
    tab.goto(f"/console/dashboards/{key}?lang=nl")
    expect(tab.locator("figure.chart img").first).to_be_visible()
    assert axe_violations(tab) == []
