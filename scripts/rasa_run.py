"""`rasa run`, with four changes, in Rasa's own virtual environment (it imports nothing of
the project):

- its API token comes from the environment (RASA_TOKEN), not from the command line that
  every user of the machine can read (`ps`);
- what people wrote never reaches its log: Rasa logs the text of a message whose
  handling timed out or failed (``rest.message.received.timeout``), and in its debug
  lines the parse data and slots; those fields are withheld before any line is written;
- each JSON schema it validates answers against is checked once, not at every answer:
  Rasa validates every answer of the action server and of the NLG endpoint with
  ``jsonschema.validate``, which first checks the schema itself against its metaschema —
  more than half of Rasa's time per message (measured with py-spy). The answers are
  validated exactly as before;
- an event's class is found by its name in a table: Rasa searches every subclass of
  ``Event`` for each event of a tracker it reads (each message reads the whole tracker).
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


def check_schemas_once() -> None:
    """``jsonschema.validate`` with each schema checked once (same result, same errors)."""
    import json

    import jsonschema
    from jsonschema.validators import validator_for

    validators: dict[str, Any] = {}

    def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
        key = json.dumps([schema, repr(cls), args, kwargs], sort_keys=True, default=repr)
        validator = validators.get(key)
        if validator is None:
            kind = cls or validator_for(schema)
            kind.check_schema(schema)
            validator = validators[key] = kind(schema, *args, **kwargs)
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    jsonschema.validate = validate


def events_by_name() -> None:
    """``Event.resolve_by_type`` with the subclass search done once per name (same class:
    the first of Rasa's own search, which is run again for a name not seen yet)."""
    from rasa.shared.core import events
    from rasa.shared.utils.common import all_subclasses

    search = events.Event.resolve_by_type
    known: dict[str, Any] = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        found = known.get(type_name)
        if found is None:
            for cls in all_subclasses(events.Event):
                known.setdefault(cls.type_name, cls)
            found = known.get(type_name)
        return found if found is not None else search(type_name, default)

    events.Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]


if __name__ == "__main__":
    withhold_texts()
    check_schemas_once()
    events_by_name()
    from rasa.__main__ import main

    token = os.environ.pop("RASA_TOKEN", "")
    sys.argv = ["rasa", *sys.argv[1:], *([f"--auth-token={token}"] if token else [])]
    main()
