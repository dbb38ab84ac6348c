"""The production profile on one machine: N Rasa servers, N action servers and N apps
behind HAProxy, on the PostgreSQL and Redis given (`make cluster`; Ctrl-C stops it).

    person ──▶ HAProxy :8000 ──▶ app 1 … app N ──┐ (RASA_URL: HAProxy's Rasa port)
                 │ Rasa port ──▶ Rasa 1 … Rasa N ─┤ trackers in PostgreSQL, locks in Redis
                 │ actions port ▶ actions 1 … N ──┘ (Rasa's NLG: HAProxy's app port)

Each replica set is one Stack (scripts/stack.py) whose processes reach the others through
HAProxy, which checks each process's health every second and sends nothing to one that
does not answer. A request is tried on another replica only when it could not be sent
at all (a connection refused), so no message is ever handled twice.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from scripts.stack import Stack, free_port

HAPROXY = os.environ.get("HAPROXY", "haproxy")



def unavailable() -> str:
    """What HAProxy answers when no app replica can take a request: the app's own apology,
    in the three languages (the widget shows its own, in the person's language)."""
    from api.texts import API_ERRORS
    from core.i18n import LANGUAGES, translate

    return json.dumps({"detail": " / ".join(translate(language, API_ERRORS["unavailable"])
                                            for language in LANGUAGES), "error": "unavailable"},
                      ensure_ascii=False)


def haproxy_path() -> str:
    found = shutil.which(HAPROXY) or shutil.which(HAPROXY, path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise RuntimeError("HAProxy is needed for the cluster profile: apt-get install haproxy "
                           "(Debian, Ubuntu) or your system's haproxy package.")
    return found


@dataclass
class Cluster:
    model: Path
    database_url: str
    tracker_url: str  # Rasa's conversations, shared by every Rasa (PostgreSQL)
    redis_url: str  # Rasa's locks, the limits and the conversation turns, shared by every replica
    log_dir: Path
    replicas: int = 2
    host: str = "127.0.0.1"  # where people reach HAProxy
    port: int = field(default_factory=free_port)
    private_host: str = "127.0.0.1"  # HAProxy's Rasa and action server ports
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    stats_port: int = field(default_factory=free_port)
    rasa_timeout: float = 8.0
    env: dict[str, str] = field(default_factory=dict)
    quiet: bool = True
    stacks: list[Stack] = field(default_factory=list)
    balancer: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def stats_url(self) -> str:
        return f"http://127.0.0.1:{self.stats_port}/"

    def _stacks(self) -> list[Stack]:
        secrets_ = {"rasa_token": secrets.token_hex(24), "nlg_token": secrets.token_hex(24),
                    "action_key": secrets.token_hex(32)}
        inside = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return [Stack(model=self.model, database_url=self.database_url, log_dir=self.log_dir / f"replica-{i + 1}",
                      private_host=self.private_host, rasa_timeout=self.rasa_timeout, quiet=self.quiet,
                      env=dict(self.env), tracker_url=self.tracker_url, redis_url=self.redis_url,
                      rasa_via=f"http://{self.private_host}:{self.rasa_port}",
                      actions_via=f"http://{self.private_host}:{self.actions_port}",
                      app_via=f"http://{inside}:{self.port}", **secrets_)
                for i in range(self.replicas)]

    def haproxy_config(self) -> str:
        def servers(kind: str, port_of: str) -> str:
            return "".join(f"  server {kind}{i + 1} {stack.private_host if kind != 'app' else stack.host}:"
                           f"{getattr(stack, port_of)} check\n" for i, stack in enumerate(self.stacks))

        errors = self.log_dir / "haproxy-errors"
        errors.mkdir(parents=True, exist_ok=True)
        for status, reason in ((502, "Bad Gateway"), (503, "Service Unavailable"), (504, "Gateway Timeout")):
            body = unavailable().encode()
            (errors / f"{status}.http").write_bytes(
                f"HTTP/1.0 {status} {reason}\r\nCache-Control: no-cache\r\nConnection: close\r\n"
                f"Content-Type: application/json; charset=utf-8\r\nRetry-After: 10\r\n"
                f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        timeout = int(self.rasa_timeout * 3 + 10)
        return f"""global
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  timeout client {timeout}s
  timeout server {timeout}s
  # tried elsewhere only when the request could not be sent at all: never handled twice
  retries 2
  retry-on conn-failure
  option redispatch
  default-server inter 1s fall 2 rise 2
  errorfile 502 {errors}/502.http
  errorfile 503 {errors}/503.http
  errorfile 504 {errors}/504.http

frontend app
  bind {self.host}:{self.port}
  option forwardfor
  default_backend apps

backend apps
  balance roundrobin
  option httpchk GET /health
{servers("app", "app_port")}
frontend rasa
  bind {self.private_host}:{self.rasa_port}
  default_backend rasas

backend rasas
  balance roundrobin
  option httpchk GET /
{servers("rasa", "rasa_port")}
frontend actions
  bind {self.private_host}:{self.actions_port}
  default_backend actions

backend actions
  balance roundrobin
  option httpchk GET /health
{servers("actions", "actions_port")}
listen stats
  bind 127.0.0.1:{self.stats_port}
  stats enable
  stats uri /
"""

    def start(self) -> "Cluster":
        command = haproxy_path()
        self.stacks = self._stacks()
        try:
            config = self.log_dir / "haproxy.cfg"
            config.parent.mkdir(parents=True, exist_ok=True)
            config.write_text(self.haproxy_config())
            out = open(self.log_dir / "haproxy.log", "ab") if self.quiet else None  # noqa: SIM115
            self.balancer = subprocess.Popen([command, "-db", "-f", str(config)], stdout=out,
                                             stderr=subprocess.STDOUT if out else None, start_new_session=True)
            for stack in self.stacks:
                stack.start_actions()
                stack.start_app()
            self._in_parallel([stack.start_rasa for stack in self.stacks])  # the slow part
            self.wait_until_balanced()
        except BaseException:
            self.stop()
            raise
        return self

    @staticmethod
    def _in_parallel(work: list) -> None:
        errors: list[BaseException] = []

        def run(task) -> None:  # type: ignore[no-untyped-def]
            try:
                task()
            except BaseException as error:  # reported below, in this thread
                errors.append(error)

        threads = [threading.Thread(target=run, args=(task,)) for task in work]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]

    def backends(self) -> dict[str, str]:
        """Each server's state as HAProxy sees it ("app1": "UP" …), from its stats page."""
        response = httpx.get(self.stats_url + ";csv", timeout=2)
        states = {}
        for line in response.text.splitlines()[1:]:
            cells = line.split(",")
            if len(cells) > 17 and cells[1] not in ("FRONTEND", "BACKEND"):
                states[cells[1]] = cells[17]
        return states

    def wait_until_balanced(self, timeout: float = 30) -> None:
        """Until HAProxy sees every server up."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.balancer is not None and self.balancer.poll() is not None:
                raise RuntimeError(f"HAProxy exited with code {self.balancer.returncode} "
                                   f"(see {self.log_dir / 'haproxy.log'})")
            with contextlib.suppress(httpx.HTTPError):
                states = self.backends()
                if len(states) == 3 * len(self.stacks) and all(s == "UP" for s in states.values()):
                    return
            time.sleep(0.3)
        raise RuntimeError("HAProxy does not see every replica up")

    def stop(self) -> None:
        """The balancer first (nothing new comes in), then every replica, all at once."""
        if self.balancer is not None and self.balancer.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.balancer.pid, signal.SIGTERM)
            try:
                self.balancer.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.balancer.pid, signal.SIGKILL)
                self.balancer.wait()
        self._in_parallel([stack.stop for stack in self.stacks])

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# `make cluster` on this machine's own services unless told otherwise
LOCAL_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/assistant"
LOCAL_TRACKERS = "postgresql+psycopg://postgres@127.0.0.1:5432/assistant_rasa"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` when it does not exist yet."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                            {"name": target.database}).first() is None:
                conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        admin.dispose()


def main() -> int:
    from core.migrate import load_catalogue, upgrade
    from scripts.model import model_path
    from scripts.paths import VAR
    from scripts.run import Stop, development_key, stop_on_signals

    database = os.environ.get("DATABASE_URL") or LOCAL_DATABASE
    trackers = os.environ.get("RASA_TRACKER_URL") or LOCAL_TRACKERS
    redis = os.environ.get("REDIS_URL") or LOCAL_REDIS
    if not database.startswith("postgresql"):
        print("The cluster profile needs PostgreSQL: DATABASE_URL=postgresql+psycopg://…", flush=True)
        return 2
    development_key()
    for url in (database, trackers):
        ensure_database(url)
    upgrade(database)
    load_catalogue(database)
    cluster = Cluster(model=model_path(), database_url=database, tracker_url=trackers, redis_url=redis,
                      log_dir=VAR / "cluster", replicas=int(os.environ.get("REPLICAS", 2)),
                      host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("APP_PORT", 8000)),
                      private_host=os.environ.get("PRIVATE_HOST", "127.0.0.1"),
                      env={"REDIS_URL": redis, "DATABASE_URL": database})
    stop_on_signals()
    print(f"Starting {cluster.replicas} replicas of each process behind HAProxy (Rasa takes up to a minute)…",
          flush=True)
    try:
        cluster.start()
        print(f"\n  Ready. Demo page with the chat widget: {cluster.url}/\n"
              f"  HAProxy's view of the replicas: {cluster.stats_url}\n"
              f"  Logs: {cluster.log_dir}\n  Ctrl-C stops everything.\n", flush=True)
        while cluster.balancer is not None and cluster.balancer.poll() is None:
            time.sleep(1)
        print("HAProxy stopped; stopping the replicas.", flush=True)
        return 1
    except Stop:
        print("\nStopping…", flush=True)
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    raise SystemExit(main())
