"""Rasa's own log never holds what a person wrote: the launcher (scripts/rasa_run.py)
withholds the fields of Rasa's log lines that carry texts. Checked with Rasa's real log
configuration, in Rasa's environment."""

import subprocess

import pytest

from scripts.paths import RASA_PYTHON, ROOT

SECRET = "Mijn zoon Daan heeft autisme"
LOGS = """
import structlog
from scripts.rasa_run import withhold_texts
SETUP
from rasa.utils.log_utils import configure_structlog
configure_structlog(10)
structlog.get_logger().error("rest.message.received.timeout", text=SECRET)
structlog.get_logger().debug("processor.slots.log", slot_values={"answer": SECRET})
""".replace("SECRET", repr(SECRET))


def rasa_log(setup: str) -> str:
    result = subprocess.run([str(RASA_PYTHON), "-c", LOGS.replace("SETUP", setup)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout + result.stderr


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="Rasa's environment is not set up")
def test_rasa_logs_that_a_message_timed_out_but_not_its_text():
    assert SECRET in rasa_log(""), "as Rasa does by itself"
    logged = rasa_log("withhold_texts()")
    assert "rest.message.received.timeout" in logged and "(withheld)" in logged
    assert SECRET not in logged
