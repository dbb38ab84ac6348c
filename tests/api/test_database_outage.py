"""PostgreSQL goes away and comes back: meanwhile people get a clear apology in their
language (503), nothing is half-written, and the app serves again by itself afterwards.

The app reaches PostgreSQL through a loopback proxy that the test cuts and restores, as a
restart of the server would (other tests share the server itself)."""

import os

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from api.main import create_app
from core.models import Message
from core.settings import Settings
from tests.fakes.proxy import Proxy


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_an_outage_gets_an_apology_writes_nothing_and_ends_by_itself(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the PostgreSQL run of this test")
    url = make_url(database_url)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    settings = Settings(database_url=proxied, rasa_url="http://127.0.0.1:9", rasa_timeout_seconds=1,
                        reminders_interval_minutes=0, retention_interval_minutes=0)
    try:
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            session = client.post("/web/sessions", json={"language": "nl"}).json()["session"]
            assert client.post("/web/messages", json={"session": session, "text": "hallo"}).status_code == 200
            with client.app.state.sessions() as s:
                before = s.scalar(select(func.count()).select_from(Message))

            proxy.cut()
            down = client.post("/web/messages", json={"session": session, "text": "is er iemand?"},
                               headers={"Accept-Language": "nl"})
            assert down.status_code == 503 and down.json()["error"] == "unavailable"
            assert "niet beschikbaar" in down.json()["detail"], down.json()

            proxy.restore()
            again = [client.post("/web/messages", json={"session": session, "text": "hallo opnieuw"}).status_code
                     for _ in range(3)]
            assert again[-1] == 200 and again.count(200) >= 2, again
            with client.app.state.sessions() as s:
                texts = list(s.scalars(select(Message.text).where(Message.direction == "in")))
            assert "is er iemand?" not in texts, "nothing half-written during the outage"
            assert texts.count("hallo opnieuw") == again.count(200)
            assert before >= 2
    finally:
        proxy.close()
