"""`make bench`, the dashboards: each page of the staff console over a year of activity.

A PostgreSQL database of its own is created, migrated and seeded with 100,000
conversations (``scripts/seed.py``; BENCH_DASHBOARD_CONVERSATIONS to change it); then an
administrator asks for each page, with its usual period and with the whole year, through
the app itself (FastAPI's test client: the same routes, queries and charts, without the
network). Prints the median and the slowest of 5 requests per page; dropped at the end.
"""

import os
import re
import secrets
import statistics
import time

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.dashboards.pages import PAGES
from api.main import create_app
from core import accounts
from core.crypto import new_key
from core.db import session_factory
from core.migrate import upgrade
from core.models import utcnow
from core.quality.records import count_past_days
from core.settings import Settings, get_settings
from core.training.catalogue import sync_catalogue
from core.training.content import catalogue_file
from scripts.seed import seed
from scripts.stack import free_port

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
TIMES = 5


def _signed_in(client: TestClient, username: str, password: str) -> None:
    form = client.get("/console/login")
    found = CSRF.search(form.text)
    assert found, "no sign-in form"
    response = client.post("/console/login", data={"username": username, "password": password,
                                                    "csrf": found.group(1)}, follow_redirects=False)
    assert response.status_code == 303, response.status_code


def timed(client: TestClient, url: str) -> list[float]:
    client.get(url).raise_for_status()  # warm-up
    times = []
    for _ in range(TIMES):
        started = time.perf_counter()
        client.get(url).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    return times


def dashboards(server: str) -> None:
    if not os.environ.get("PATHWAY_KEYS"):  # made-up registrations are encrypted like real ones
        os.environ["PATHWAY_KEYS"] = new_key()
        get_settings.cache_clear()
    conversations = int(os.environ.get("BENCH_DASHBOARD_CONVERSATIONS", 100_000))
    name = f"bench_{secrets.token_hex(4)}_dashboards"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(server).set(database=name).render_as_string(False)
        upgrade(url)
        sessions = session_factory(url)
        with sessions.begin() as session:
            sync_catalogue(session, catalogue_file()[1])
            password = secrets.token_urlsafe(16)
            accounts.create_account(session, "bench-admin", password, "admin")
        engine = create_engine(url)
        started = time.perf_counter()
        counts = seed(engine, conversations)
        seeded = time.perf_counter() - started
        with sessions.begin() as session:  # what the app's hourly job has done on a running service
            count_past_days(session)
        sessions.kw["bind"].dispose()
        engine.dispose()
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:  # as autovacuum would
            conn.execute(text("ANALYZE"))
        print(f"\nDashboards on PostgreSQL, a year of activity ({counts['conversations']:,} conversations, "
              f"{counts['messages']:,} messages; seeded in {seeded:.0f} s), {TIMES} requests per page:")
        settings = Settings(database_url=url, rasa_url=f"http://127.0.0.1:{free_port()}",
                            reminders_interval_minutes=0)
        year = f"start={(utcnow().date().replace(year=utcnow().year - 1)).isoformat()}&end={utcnow().date()}"
        with TestClient(create_app(settings)) as client:
            _signed_in(client, "bench-admin", password)
            for key in PAGES:
                for label, query in (("usual period", ""), ("one year", f"?{year}")):
                    times = timed(client, f"/console/dashboards/{key}{query}")
                    print(f"  {key + ' (' + label + '):':34} median {statistics.median(times):6.0f} ms   "
                          f"slowest {max(times):6.0f} ms")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    from scripts.bench import postgres_server

    dashboards(postgres_server())
