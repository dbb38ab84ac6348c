"""The production profile (scripts/cluster.py: two of each process behind HAProxy, on
PostgreSQL and Redis) under a steady load while one part fails at a time.

For each fault: every message that got an answer is stored once with its answer, every
other one got an apology within the time a person waits, none is lost, none is handled
twice, and the service answers normally again by itself. The report per fault is printed
at the end of the run.

PostgreSQL and Redis are reached through a loopback proxy and a Redis server of this
test's own, so that cutting them leaves the rest of the test run alone."""

import os
import shutil
import signal
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core.models import Message
from tests.e2e.conftest import Person, in_the_language_test, payload, texts
from tests.e2e.load import Load, Outcome, Report, report
from tests.e2e.test_assessment_and_training import said
from tests.fakes.proxy import Proxy

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL"),
    pytest.mark.skipif(not shutil.which("haproxy", path="/usr/sbin:/usr/bin:/usr/local/sbin"),
                       reason="needs HAProxy (apt-get install haproxy)"),
]

REPORTS: list[Report] = []
ALL: list[Outcome] = []


class RedisServer:
    """A Redis of this test's own, on a free port, that can be stopped and started again."""

    def __init__(self, directory: Path) -> None:
        from scripts.stack import free_port

        self.port, self.directory, self.process = free_port(), directory, None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, migrated_postgres_template, request):
    from scripts.cluster import Cluster
    from scripts.model import ensure_model
    from tests.conftest import _postgres_database

    base = tmp_path_factory.mktemp("cluster")
    app_db, trackers = _postgres_database(template=migrated_postgres_template), _postgres_database()
    app_url, tracker_url = next(app_db), next(trackers)
    server = make_url(app_url)
    proxy = Proxy((server.host or "127.0.0.1", server.port or 5432))
    via = {"host": "127.0.0.1", "port": proxy.port}
    redis = RedisServer(base)
    from cryptography.fernet import Fernet

    running = Cluster(model=ensure_model(), database_url=make_url(app_url).set(**via).render_as_string(False),
                      tracker_url=make_url(tracker_url).set(**via).render_as_string(False), redis_url=redis.url,
                      log_dir=base / "logs", rasa_timeout=6,
                      env={"PATHWAY_KEYS": Fernet.generate_key().decode(), "REDIS_URL": redis.url,
                           "RATE_LIMIT_MESSAGE": "6000/minute", "RATE_LIMIT_WEB_IP": "60000/minute",
                           "RATE_LIMIT_NEW_SESSION_IP": "6000/minute"})
    running.app_db, running.proxy, running.redis = app_url, proxy, redis  # type: ignore[attr-defined]
    running.start()
    try:
        yield running
    finally:
        running.stop()
        redis.stop()
        proxy.close()
        app_db.close()
        trackers.close()
        reporter = request.config.pluginmanager.getplugin("terminalreporter")
        capture = request.config.pluginmanager.getplugin("capturemanager")
        if reporter and capture and REPORTS:  # the report, whatever pytest captures
            with capture.global_and_fixture_disabled():
                reporter.write_line("\n\nFaults under load on the cluster (2 replicas of each process):")
                for line in REPORTS:
                    reporter.write_line("  " + line.line())


def kill(stack, name: str) -> None:
    """SIGKILL: the process has no chance to finish what it was doing."""
    process = stack.processes.pop(name)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def under_load(cluster, fault: str, act, *, before: float = 3, after: float = 8) -> Report:
    """Run the load, ``act()`` after ``before`` s, go on ``after`` s more; the report."""
    load = Load(cluster.url).start()
    time.sleep(before)
    fault_at = time.monotonic()
    act()
    time.sleep(after)
    outcomes = load.stop()
    ALL.extend(outcomes)
    result = report(fault, outcomes, fault_at)
    REPORTS.append(result)
    assert result.lost == 0, [o for o in outcomes if o.kind == "lost"]
    late = [o for o in outcomes if o.kind == "apologised" and o.took > 10]
    assert not late, f"apologies later than 10 s: {late}"
    settled = [o for o in outcomes if o.sent_at > fault_at + after - 3]
    assert settled and all(o.kind == "answered" for o in settled), \
        f"answering normally again after the fault: {[(o.text, o.kind) for o in settled]}"
    stored_once(cluster, outcomes)
    return result


def stored_once(cluster, outcomes: list[Outcome]) -> None:
    """Every message answered with 200 is stored once with its answer; none twice."""
    engine = create_engine(cluster.app_db)
    try:
        with Session(engine) as session:
            inbound = session.execute(select(Message.id, Message.text).where(Message.direction == "in")).all()
            answered_ids = set(session.scalars(select(Message.reply_to).where(Message.direction == "out")))
    finally:
        engine.dispose()
    counts = Counter(text for _id, text in inbound)
    sent = {o.text for o in outcomes}
    assert not [t for t in sent if counts[t] > 1], "a message handled twice"
    ids = {text: id_ for id_, text in inbound}
    for outcome in outcomes:
        if outcome.status == 200:
            assert counts[outcome.text] == 1, f"{outcome.text!r} answered but not stored"
            assert ids[outcome.text] in answered_ids, f"the answer to {outcome.text!r} is not stored"


def test_the_cluster_balances_every_kind_of_process(cluster):
    assert set(cluster.backends().values()) == {"UP"}
    assert len(cluster.backends()) == 6
    ready = httpx.get(f"{cluster.url}/ready", timeout=10)
    assert ready.status_code == 200, ready.text


def test_an_app_replica_killed(cluster):
    under_load(cluster, "app replica killed", lambda: kill(cluster.stacks[0], "app"))
    cluster.stacks[0].start_app()
    cluster.wait_until_balanced()


def goes_on(p: Person, reply: list[dict], answers: int = 2) -> None:
    """The next answers get the next questions of the test, not a new start (each may
    reach either Rasa, either action server)."""
    for _ in range(answers):
        after = p.say(payload(reply, '"yes"'))
        assert said("nl", "cefr_prompt") in texts(after), "the next question of the test, not a new start"
        assert texts(after) != texts(reply), "not the same question again"
        reply = after


def test_an_action_server_killed(cluster):
    p, reply = in_the_language_test(cluster.url)
    under_load(cluster, "action server killed", lambda: kill(cluster.stacks[0], "actions"))
    goes_on(p, reply)
    cluster.stacks[0].start_actions()
    cluster.wait_until_balanced()


def test_redis_unavailable(cluster):
    under_load(cluster, "Redis unavailable", cluster.redis.stop, after=6)
    logs = [(stack.log_dir / "app.log").read_text() for stack in cluster.stacks]
    for log in logs:  # said once, not once per message
        assert log.count("Rate limits: Redis unavailable") <= 1
    assert sum(log.count("Rate limits: Redis unavailable") for log in logs) >= 1
    cluster.redis.start()


def test_postgresql_restarted(cluster):
    def restart() -> None:
        cluster.proxy.cut()
        time.sleep(3)
        cluster.proxy.restore()

    result = under_load(cluster, "PostgreSQL restarted", restart, after=10)
    assert result.apologised > 0, "people were told while the database was away"


def test_a_rasa_replica_killed_mid_conversation(cluster):
    # a questionnaire in progress: its form and slots live in Rasa's tracker store
    p, reply = in_the_language_test(cluster.url)
    # the conversation the dead Rasa was answering waits for Rasa's hold on it to lapse
    # (TICKET_LOCK_LIFETIME: twice Rasa's timeout); meanwhile it gets apologies
    result = under_load(cluster, "Rasa replica killed", lambda: kill(cluster.stacks[0], "rasa"), after=18)
    assert result.recovered_after < 2 * cluster.rasa_timeout + 3
    goes_on(p, reply)
    assert len({o.text for o in ALL}) == len(ALL), "every message of the load was its own"
