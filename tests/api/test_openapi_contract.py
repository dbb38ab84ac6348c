"""The OpenAPI document is true: for generated requests to every operation (valid and
not), the app answers no server error, no undocumented status and nothing that violates
the documented schemas. On a throw-away database (each operation its own), never on live
data; bounded to a few dozen requests per operation."""

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from api.main import create_app
from core import accounts
from core.settings import Settings

pytestmark = pytest.mark.slow

PASSWORD = "a long enough password"


@pytest.fixture
def running(database_url, pathway_keys):
    app = create_app(Settings(database_url=database_url, docs=True, reminders_interval_minutes=0,
                              retention_interval_minutes=0, rasa_url="http://127.0.0.1:9", rasa_timeout_seconds=1,
                              rate_limit_web_ip="100000/minute", rate_limit_new_session_ip="100000/minute",
                              rate_limit_message="100000/minute", rate_limit_poll="100000/minute",
                              rate_limit_login_ip="100000/minute", rate_limit_login_failures="100000/minute"))
    with TestClient(app) as client:
        with app.state.sessions.begin() as s:
            accounts.create_account(s, "contract-admin", PASSWORD, "admin")
        token = client.post("/auth/token", data={"username": "contract-admin", "password": PASSWORD})
        yield app, token.json()["access_token"]


def test_every_operation_answers_as_documented(running):
    app, token = running
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    problems, tried = [], 0
    for found in schema.get_all_operations():
        operation = found.ok()
        tried += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def answers_as_documented(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

        try:
            answers_as_documented()
        except Exception as failure:  # every operation is tried; all that fail are listed
            problems.append(f"{operation.label}: {str(failure)[:600]}")
    assert tried >= 20, "every operation of the staff API and the web channel"
    assert not problems, "\n\n".join(problems)


def test_every_moment_says_its_time_zone_on_every_database(running):
    from tests.api.test_counsellor import add_assessment

    app, token = running
    add_assessment(app.state.sessions, "with-a-zone", {"fr": "A2"}, "foundation")
    with TestClient(app) as client:
        [item] = client.get("/api/assessments", headers={"Authorization": f"Bearer {token}"}).json()["items"]
    assert item["completed_at"].endswith(("Z", "+00:00")), item["completed_at"]


def test_a_method_a_path_lacks_is_told_every_method_it_has():
    client = TestClient(create_app(Settings(database_url="sqlite://")))
    assert client.delete("/api/modules").headers["allow"] == "GET, POST"
    assert client.post("/api/modules/cv-writing").headers["allow"] == "DELETE, GET, PUT"
