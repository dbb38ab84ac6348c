"""The app alone on a seeded database, with a staff account per role: for the dashboards'
browser tests and screenshots (``make screenshots``).

    python -m scripts.dashboard_demo [OUT_DIR]   screenshots of every page, 1280×800

The app runs in this process (uvicorn in a thread) on a free loopback port; Rasa is not
needed for the console. The database is a new SQLite file with made-up activity
(``scripts/seed.py``).
"""

import os
import secrets
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import uvicorn
from sqlalchemy import create_engine

from core import accounts
from core.crypto import new_key
from core.db import session_factory
from core.migrate import upgrade
from core.settings import Settings, get_settings
from core.training.catalogue import sync_catalogue
from core.training.content import catalogue_file
from scripts.paths import ROOT
from scripts.seed import seed
from scripts.stack import free_port

ROLES = ("admin", "counsellor", "childcare_staff", "pathway_officer")


@dataclass(frozen=True)
class Demo:
    url: str
    database_url: str
    password: str

    def username(self, role: str) -> str:
        return f"demo-{role.replace('_', '-')}"


def prepare(database_url: str, conversations: int, today: date | None = None) -> str:
    """Migrate, load the catalogue, seed, and make an account per role; their password.
    Made-up registrations are encrypted like real ones: PATHWAY_KEYS must be set."""
    upgrade(database_url)
    password = secrets.token_urlsafe(16)
    sessions = session_factory(database_url)
    with sessions.begin() as session:
        sync_catalogue(session, catalogue_file()[1])
        for role in ROLES:
            accounts.create_account(session, f"demo-{role.replace('_', '-')}", password, role)
    sessions.kw["bind"].dispose()
    engine = create_engine(database_url)
    seed(engine, conversations, today=today)
    engine.dispose()
    return password


@contextmanager
def running_app(database_url: str) -> Iterator[str]:
    """The app on a free loopback port until the block ends; its URL."""
    from api.main import create_app

    port = free_port()
    settings = Settings(database_url=database_url, rasa_url=f"http://127.0.0.1:{free_port()}",
                        reminders_interval_minutes=0)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="dashboard-demo", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def demo(folder: Path, conversations: int = 2000, today: date | None = None) -> Iterator[Demo]:
    """The app on a new seeded database in ``folder``; with a key of its own for the
    encrypted data when PATHWAY_KEYS is not set (put back as it was afterwards)."""
    before = os.environ.get("PATHWAY_KEYS")
    if not before:
        os.environ["PATHWAY_KEYS"] = new_key()
        get_settings.cache_clear()
    try:
        database_url = f"sqlite:///{folder / 'dashboards.db'}"
        password = prepare(database_url, conversations, today)
        with running_app(database_url) as url:
            yield Demo(url, database_url, password)
    finally:
        if not before:
            os.environ.pop("PATHWAY_KEYS", None)
            get_settings.cache_clear()


def screenshots(out: Path) -> list[Path]:
    """Each dashboard page, as an administrator sees it, at 1280×800 (the whole page)."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from api.dashboards.pages import PAGES

    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with tempfile.TemporaryDirectory(prefix="dashboards-") as tmp, demo(Path(tmp)) as site, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800}, base_url=site.url)
        page.goto("/console/login?lang=en")
        page.get_by_label("Username").fill(site.username("admin"))
        page.get_by_label("Password").fill(site.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/console")
        for language in ("en", "fr", "nl"):
            for key in PAGES:
                page.goto(f"/console/dashboards/{key}?lang={language}")
                path = out / f"{key}-{language}.png"
                page.screenshot(path=str(path), full_page=True)
                shots.append(path)
        browser.close()
    return shots


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots"
    for shot in screenshots(folder):
        print(shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot)
