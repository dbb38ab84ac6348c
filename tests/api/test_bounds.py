"""Numbers no column can hold are refused with 422, never sent to the database."""

import pytest

from tests.api.conftest import bearer
from tests.api.test_console import always_open, counsellor  # noqa: F401  (fixture)

HUGE = "9223372036854775808"


@pytest.mark.parametrize("path, role", [("/api/assessments", "counsellor"),
                                        ("/api/pathway/registrations", "pathway_officer")])
def test_an_offset_too_large_is_422(staff_client, pathway_keys, path, role):
    headers = bearer(staff_client, staff_client.app.state.sessions, role)
    for offset in (HUGE, "-1", "1000001"):
        response = staff_client.get(path, params={"offset": offset}, headers=headers)
        assert response.status_code == 422, (offset, response.text)
    assert staff_client.get(path, params={"offset": "1000000"}, headers=headers).status_code == 200


def test_a_conversation_number_too_large_is_422_in_the_console(staff_client):
    counsellor(staff_client, staff_client.app.state.sessions)
    assert staff_client.get(f"/console/handovers/{HUGE}").status_code == 422
    assert staff_client.get("/console/handovers/1/events", params={"after": HUGE}).status_code == 422
    assert staff_client.get("/console/handovers/2147483647").status_code == 404
