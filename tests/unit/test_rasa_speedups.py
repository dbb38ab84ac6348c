"""What the launcher (scripts/rasa_run.py) changes to make Rasa faster changes no answer:
an action server's answer Rasa would refuse is still refused, a good one still passes,
and every event of a tracker is read back as the same class. In Rasa's environment."""

import subprocess

import pytest

from scripts.paths import RASA_PYTHON, ROOT

CHECK = """
from scripts.rasa_run import check_schemas_once, events_by_name
from rasa.core.actions.action import RemoteAction
from rasa.shared.core import events
from rasa.shared.utils.common import all_subclasses
from jsonschema import ValidationError
before = {cls.type_name: events.Event.resolve_by_type(cls.type_name) for cls in all_subclasses(events.Event)}
check_schemas_once()
events_by_name()
action = RemoteAction("action_x", None)
good = {"events": [{"event": "slot", "name": "flow", "value": "assessment"}], "responses": [{"text": "hi"}]}
assert action._validate_action_result(good)
for bad in ({"events": [{"event": "slot"}]}, {"events": "not a list"}, {"responses": ["text"]}):
    for _ in range(2):  # the second time, with the schema already checked
        try:
            action._validate_action_result(bad)
        except ValidationError as error:
            assert "Failed to validate Action server response" in error.message
        else:
            raise AssertionError(bad)
after = {name: events.Event.resolve_by_type(name) for name in before}
assert after == before, [name for name in before if after[name] is not before[name]]
assert events.Event.resolve_by_type("nothing such", default=events.SlotSet) is events.SlotSet
print("same", len(after))
"""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="Rasa's environment is not set up")
def test_rasa_validates_and_reads_events_as_before():
    result = subprocess.run([str(RASA_PYTHON), "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "same" in result.stdout
