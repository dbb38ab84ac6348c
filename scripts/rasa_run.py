"""`rasa run`, with twelve changes, in Rasa's own virtual environment (it imports nothing of
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
- an answer of the action server is first checked with each event against the one
  type it names, and validated in full (for Rasa's own error) only when that finds it
  wrong: Rasa's schema of an event is ``oneOf`` 23 types, so ``jsonschema`` tried every
  type for every event and built an error for each of the 22 that did not match (about
  0.9 ms for an answer of three events, 0.09 ms checked by type). Same verdict;
- an event's class is found by its name in a table: Rasa searches every subclass of
  ``Event`` for each event of a tracker it reads (each message reads the whole tracker);
- its graphs (the NLU, and the policies at each prediction) run through dask's simple
  in-order scheduler, each graph trimmed to its targets once: Rasa trims the graph again
  and runs dask's threaded-scheduler machinery (on one thread) at every run, about a third
  of the time of a prediction. Same nodes, same order of dependencies, same results;
- its calls to the action server and to the NLG endpoint keep their connections open
  (one aiohttp session per endpoint and event loop), their bodies encoded by ujson: Rasa
  opens a session and a TCP connection for each call, and closes them after;
- the NLG endpoint is sent the conversation's state without its events: Rasa sends the
  whole tracker for every response, and the app's /nlg reads only the latest message's
  metadata (the language the gateway decided);
- the rule policy remembers which rules apply to the last turns of a conversation (as
  many as its longest rule has): Rasa tries every rule against every turn at each
  prediction; and it formats the conversation's states for its debug log only when that
  log is on;
- a tracker kept in memory is kept as its events, not as their JSON text: Rasa wrote the
  text at every message and decoded every event of the conversation again at the next;
- the SQL tracker store counts a conversation's stored events only when the tracker was
  not read from it just before: Rasa counts them at every save, one more query per
  message while its event loop waits;
- a conversation's message is understood on a thread of its own, one at a time, while
  the event loop goes on with the other conversations: Rasa runs the NLU in the loop,
  and every step of every other conversation waits behind each parse.
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
    """``jsonschema.validate`` with each schema checked once (same result, same errors).
    Rasa builds its few schemas anew at each call: a validator is found by equality.
    An answer of the action server is first checked quickly (``events_checked_by_type``)
    and, only when that finds it wrong, validated in full for Rasa's own error."""
    import jsonschema
    from jsonschema.validators import validator_for

    validators: list[tuple[Any, Any, Any, Any]] = []  # (schema, what shapes the validator, validator, quick check)

    def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
        shape = (cls, args, kwargs)
        found = next(((v, q) for known, how, v, q in validators if known == schema and how == shape), None)
        if found is None:
            kind = cls or validator_for(schema)
            kind.check_schema(schema)
            found = (kind(schema, *args, **kwargs), events_checked_by_type(schema, kind, args, kwargs))
            validators.append((schema, shape, *found))
        validator, quick = found
        if quick is not None and quick(instance):
            return
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    jsonschema.validate = validate


def events_checked_by_type(schema: Any, kind: Any, args: Any, kwargs: Any) -> Any:
    """For the schema of the action server's answers: a check that says whether an answer
    is valid, with each event checked against the one type it names. Rasa's schema of an
    event is ``oneOf`` its 23 types, each fixing ``event`` to a constant of its own, so
    ``jsonschema`` tries every type for every event and builds an error for each of the 22
    that do not match. Since ``event`` is required and the constants differ, an event
    matches exactly one type if and only if it matches the type its ``event`` names: the
    same verdict. None for any other schema."""
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.utils.schemas.events import EVENT_SCHEMA

    if schema != RemoteAction.action_response_format_spec():
        return None
    alternatives = EVENT_SCHEMA["oneOf"]
    types = {alternative["properties"]["event"]["const"]: kind(alternative, *args, **kwargs)
             for alternative in alternatives}
    if len(types) != len(alternatives):
        return None
    common = kind({key: value for key, value in EVENT_SCHEMA.items() if key != "oneOf"}, *args, **kwargs)
    rest = kind({**schema, "properties": {k: v for k, v in schema["properties"].items() if k != "events"}},
                *args, **kwargs)
    array = kind({"type": "array"}, *args, **kwargs)

    def quick(answer: Any) -> bool:
        if not rest.is_valid(answer):
            return False
        if not isinstance(answer, dict) or "events" not in answer:
            return True
        events = answer["events"]
        if not array.is_valid(events):
            return False
        for event in events:
            if not common.is_valid(event):
                return False
            one = types.get(event["event"])
            if one is None or not one.is_valid(event):
                return False
        return True

    return quick


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


def run_graphs_in_order() -> None:
    """``DaskGraphRunner.run`` with dask's reference scheduler (``dask.core.get``: every
    node of the trimmed graph once, in topological order) and the trimmed graph kept per
    list of targets. Inputs are added to a copy, exactly as Rasa adds them."""
    import dask.core
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    def run(self: Any, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict[str, Any]:
        run_targets = list(targets if targets else self._graph_schema.target_names)
        trimmed: dict[tuple[str, ...], dict[str, Any]] = self.__dict__.setdefault("_trimmed_graphs", {})
        graph = trimmed.get(tuple(run_targets))
        if graph is None:
            graph = trimmed[tuple(run_targets)] = self._build_dask_graph(
                self._graph_schema.minimal_graph_schema(run_targets))
        run_graph = dict(graph)
        if inputs:
            self._add_inputs_to_graph(inputs, run_graph)
        try:
            return dict(dask.core.get(run_graph, run_targets))
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e

    DaskGraphRunner.run = run  # type: ignore[method-assign]


def keep_connections(keepalive: float = 2.0) -> None:
    """``EndpointConfig.session`` giving one open session per endpoint configuration and
    event loop, which ``async with`` does not close. Idle connections are dropped after
    ``keepalive`` seconds, before the servers drop them (uvicorn after 5 s), so that a
    request never goes out on a connection the server is closing. No limit on
    connections, as before (each call had a connector of its own)."""
    import asyncio
    import weakref

    import aiohttp
    import ujson
    from rasa.core import run as rasa_run
    from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
    from rasa.utils import endpoints

    per_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, aiohttp.ClientSession]] = \
        weakref.WeakKeyDictionary()

    class Open:
        def __init__(self, session: aiohttp.ClientSession) -> None:
            self.session = session

        async def __aenter__(self) -> aiohttp.ClientSession:
            return self.session

        async def __aexit__(self, *exc: Any) -> None:
            return None

    def session(self: Any) -> Open:
        kept = per_loop.setdefault(asyncio.get_running_loop(), {})
        auth = (self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        key = repr((sorted(self.headers.items()), auth))
        found = kept.get(key)
        if found is None or found.closed:
            found = kept[key] = aiohttp.ClientSession(
                headers=self.headers,
                auth=aiohttp.BasicAuth(*auth) if auth else None,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=keepalive),
                json_serialize=ujson.dumps,
            )
        return Open(found)

    close_resources = rasa_run.close_resources

    async def close_all(app: Any, loop: asyncio.AbstractEventLoop) -> None:
        await close_resources(app, loop)
        for kept in list(per_loop.values()):
            for opened in kept.values():
                await opened.close()
            kept.clear()

    endpoints.EndpointConfig.session = session  # type: ignore[assignment]
    rasa_run.close_resources = close_all


def nlg_without_events() -> None:
    """The NLG request as Rasa makes it, with the tracker's state at ``EventVerbosity.NONE``
    (slots, latest message with its metadata, active loop…, no events)."""
    from rasa.core.nlg import callback
    from rasa.shared.core.trackers import EventVerbosity

    def nlg_request_format(utter_action: str, tracker: Any, output_channel: str, **kwargs: Any) -> dict[str, Any]:
        response_id = kwargs.pop("response_id", None)
        return {
            "response": utter_action,
            "id": response_id,
            "arguments": kwargs,
            "tracker": tracker.current_state(EventVerbosity.NONE),
            "channel": {"name": output_channel},
        }

    callback.nlg_request_format = nlg_request_format


def rules_remembered(size: int = 4096) -> None:
    """``RulePolicy._get_possible_keys`` remembered per lookup and last states. A rule of
    n turns is checked against the last n states only (Rasa's ``_is_rule_applicable`` is
    true for older turns), so the result depends on the states of the last turns, as many
    as the longest rule of the lookup has. The answer is a new set each time, as before.
    ``Policy.format_tracker_states`` (the text of Rasa's debug line) is made only when
    Rasa's debug log is on."""
    import json
    import logging
    from collections import OrderedDict

    from rasa.core.policies.policy import Policy
    from rasa.core.policies.rule_policy import RulePolicy

    search = RulePolicy._get_possible_keys

    def _get_possible_keys(self: Any, lookup: dict[str, str], states: list[dict[str, Any]]) -> set[str]:
        lengths: dict[int, int] = self.__dict__.setdefault("_longest_rules", {})
        longest = lengths.get(id(lookup))
        if longest is None:
            longest = lengths[id(lookup)] = max((len(self._rule_key_to_state(key)) for key in lookup), default=0)
        remembered: OrderedDict[tuple[int, str], frozenset[str]] = \
            self.__dict__.setdefault("_possible_keys", OrderedDict())
        key = (id(lookup), json.dumps(states[max(0, len(states) - longest):], sort_keys=True, default=repr))
        found = remembered.get(key)
        if found is None:
            found = remembered[key] = frozenset(search(self, lookup, states))
            if len(remembered) > size:
                remembered.popitem(last=False)
        return set(found)

    formatted = Policy.format_tracker_states
    rasa_log = logging.getLogger("rasa")

    def format_tracker_states(states: list[dict[str, Any]]) -> str:
        return formatted(states) if rasa_log.isEnabledFor(logging.DEBUG) else ""

    RulePolicy._get_possible_keys = _get_possible_keys  # type: ignore[method-assign]
    Policy.format_tracker_states = staticmethod(format_tracker_states)  # type: ignore[method-assign]


def trackers_kept_as_events() -> None:
    """Rasa's in-memory tracker store keeping a conversation's events themselves (a tuple of
    Rasa's event objects) instead of their JSON text: Rasa wrote the text at every message
    and read it back at the next one, decoding every event of the conversation anew (about
    0.5 ms for a conversation of five messages, 0.06 ms kept as events, more as a
    conversation grows). The tracker read back is made as Rasa makes it from the text: a new
    tracker that replays the same events; the events are shared, as Rasa shares them between
    the copies of a tracker it makes at each prediction."""
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.trackers import Dialogue

    async def save(self: Any, tracker: Any) -> None:
        await self.stream_events(tracker)
        self.store[tracker.sender_id] = tuple(tracker.events)

    def deserialise_tracker(self: Any, sender_id: str, stored: Any) -> Any:
        tracker = self.init_tracker(sender_id)
        tracker.recreate_from_dialogue(Dialogue(sender_id, list(stored)))
        return tracker

    InMemoryTrackerStore.save = save  # type: ignore[method-assign]
    InMemoryTrackerStore.deserialise_tracker = deserialise_tracker  # type: ignore[method-assign]


def stored_events_counted_once() -> None:
    """Rasa's SQL tracker store counts a conversation's stored events (those since its
    session started) at every save, to know which of the tracker's events are new: one
    more query per message, during which Rasa's event loop waits for the database. The
    number of rows ``retrieve`` read is kept on the tracker and used by its next save
    instead. Rasa holds the conversation's lock from the retrieve to the save, so nothing
    else writes the conversation in between; a tracker saved again, or not read from the
    store, is counted as before."""
    import itertools
    import json
    from collections.abc import Iterator

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    count = SQLTrackerStore._additional_events

    async def _retrieve(self: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        with self.session_scope() as session:  # as Rasa's, keeping the number of rows read
            rows = self._event_query(session, sender_id,
                                     fetch_events_from_all_sessions=fetch_events_from_all_sessions).all()
            events = [json.loads(row.data) for row in rows]
            if not (self.domain and events):
                return None
            tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
            if not fetch_events_from_all_sessions:
                tracker._stored_rows = len(rows)
            return tracker

    def _additional_events(self: Any, session: Any, tracker: Any) -> Iterator[Any]:
        stored = tracker.__dict__.pop("_stored_rows", None)
        if stored is None:
            return count(self, session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    SQLTrackerStore._retrieve = _retrieve  # type: ignore[method-assign]
    SQLTrackerStore._additional_events = _additional_events  # type: ignore[method-assign]


def messages_understood_beside_the_loop() -> None:
    """A conversation's message is understood (the NLU graph) on a thread of its own, one
    message at a time as before, while Rasa's event loop goes on with the other
    conversations: their dialogue, their calls to the action server and to /nlg, and new
    requests. In Rasa the NLU runs in the event loop and holds it for the whole parse, so
    that each step of every other conversation waits behind it. A parse without a
    conversation (/model/parse) stays in the loop, as Rasa does it: there the hop to the
    thread costs more than it frees. Same parse, same results (the whole of Rasa's
    ``parse_message`` runs on the thread; without an HTTP interpreter it awaits nothing)."""
    import asyncio
    from collections.abc import Coroutine
    from concurrent.futures import ThreadPoolExecutor

    from rasa.core.processor import MessageProcessor

    understanding = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlu")
    parse_message = MessageProcessor.parse_message

    def to_the_end(coroutine: Coroutine[Any, Any, Any]) -> Any:
        try:
            coroutine.send(None)
        except StopIteration as done:
            return done.value
        coroutine.close()
        raise RuntimeError("parse_message waited for something")

    async def parse_beside(self: Any, message: Any, tracker: Any = None, only_output_properties: bool = True) -> Any:
        if tracker is None or self.http_interpreter:
            return await parse_message(self, message, tracker, only_output_properties)
        return await asyncio.get_running_loop().run_in_executor(
            understanding, to_the_end, parse_message(self, message, tracker, only_output_properties))

    MessageProcessor.parse_message = parse_beside  # type: ignore[method-assign]


if __name__ == "__main__":
    withhold_texts()
    check_schemas_once()
    events_by_name()
    run_graphs_in_order()
    keep_connections()
    nlg_without_events()
    rules_remembered()
    trackers_kept_as_events()
    stored_events_counted_once()
    messages_understood_beside_the_loop()
    from rasa.__main__ import main

    token = os.environ.pop("RASA_TOKEN", "")
    sys.argv = ["rasa", *sys.argv[1:], *([f"--auth-token={token}"] if token else [])]
    main()
