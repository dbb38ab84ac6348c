"""`rasa run`, with two changes, in Rasa's own virtual environment (it imports nothing of
the project):

- its API token comes from the environment (RASA_TOKEN), not from the command line that
  every user of the machine can read (`ps`);
- what people wrote never reaches its log: Rasa logs the text of a message whose
  handling timed out or failed (``rest.message.received.timeout``), and in its debug
  lines the parse data and slots; those fields are withheld before any line is written.
"""

import os
import sys
from typing import Any

# The fields of Rasa's structured log lines that carry what a person wrote or was told
# (those rasa.utils.log_utils names for anonymisation, which Rasa Open Source leaves as is).
PERSONAL = ("text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
            "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
            "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
            "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
            "json_message")


def _withheld(_logger: Any, _name: str, event: dict[str, Any]) -> dict[str, Any]:
    for key in PERSONAL:
        if key in event:
            event[key] = "(withheld)"
    return event


def withhold_texts() -> None:
    """Put ``_withheld`` where Rasa's log configuration takes its anonymiser."""
    from rasa.utils import log_utils

    log_utils._anonymizer = _withheld


if __name__ == "__main__":
    withhold_texts()
    from rasa.__main__ import main

    token = os.environ.pop("RASA_TOKEN", "")
    sys.argv = ["rasa", *sys.argv[1:], *([f"--auth-token={token}"] if token else [])]
    main()
