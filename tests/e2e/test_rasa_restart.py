"""With its stores in PostgreSQL and Redis (the production profile), Rasa can be restarted
in the middle of a conversation: the questionnaire goes on where it was, without a "do you
want to resume?" — the form and its slots were kept, not only the app's own state."""

import os

import pytest

from tests.e2e.conftest import in_the_language_test, payload, texts
from tests.e2e.test_assessment_and_training import said

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")]


@pytest.fixture
def durable_stack(stack, tmp_path):
    """A second stack on the same app database whose Rasa keeps trackers in a PostgreSQL
    database of its own and its locks in Redis."""
    from scripts.stack import Stack
    from tests.conftest import _postgres_database

    trackers = _postgres_database()
    running = Stack(model=stack.model, database_url=stack.database_url, log_dir=tmp_path / "logs",
                    env=stack.env, tracker_url=next(trackers), redis_url="redis://127.0.0.1:6379/0").start()
    try:
        yield running
    finally:
        running.stop()
        trackers.close()


def test_a_questionnaire_goes_on_after_rasa_restarts(durable_stack):
    p, reply = in_the_language_test(durable_stack.app_url)

    durable_stack.stop_process("rasa")
    durable_stack.start_rasa()

    after = p.say(payload(reply, '"yes"'))
    assert said("nl", "assessment_resume", date="X").split("{")[0][:20] not in texts(after), \
        "the form was kept: no offer to resume"
    assert said("nl", "cefr_prompt") in texts(after), "the next question of the test"
    assert texts(after).splitlines()[-2] != texts(reply).splitlines()[-2], "not the same one again"
    p.client.close()
