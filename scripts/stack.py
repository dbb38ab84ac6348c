"""Start the real Rasa server, the action server and the app on loopback ports."""

import contextlib
import math
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from sqlalchemy.engine import make_url

from scripts.paths import PYTHON, RASA_PYTHON, ROOT, rasa_env

# What Rasa is never given: it reaches the data only through the action server and the app.
RASA_NEEDS_NOT = ("DATABASE_URL", "TEST_DATABASE_URL", "PATHWAY_KEYS", "TELEGRAM_TOKEN", "TELEGRAM_SECRET",
                  "WHATSAPP_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN", "RASA_TOKEN", "ACTION_KEY")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until(url: str, ready, timeout: float, process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode}")
        try:
            response = httpx.get(url, timeout=2)
            if ready(response):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{name} not ready after {timeout:.0f} s ({url})")


@dataclass
class Stack:
    model: Path
    database_url: str
    log_dir: Path
    host: str = "127.0.0.1"  # the app's: the only process that may be reachable from outside
    private_host: str = "127.0.0.1"  # Rasa's and the action server's: loopback or a private network
    app_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    rasa_timeout: float = 8.0
    quiet: bool = True
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    started_at: dict[str, float] = field(default_factory=dict)
    ready_after: dict[str, float] = field(default_factory=dict)
    rasa_token: str = field(default_factory=lambda: secrets.token_hex(24))
    nlg_token: str = field(default_factory=lambda: secrets.token_hex(24))
    action_key: str = field(default_factory=lambda: secrets.token_hex(32))
    env: dict[str, str] = field(default_factory=dict)  # more environment for the three processes
    # Rasa's stores: conversations in PostgreSQL (a restart, or another Rasa, finds them)
    # and locks in Redis (needed by more than one Rasa); in memory when unset.
    tracker_url: str | None = None
    redis_url: str | None = None
    tracker_pool: int = 5  # connections of one Rasa to PostgreSQL (N replicas: N × (pool + overflow))
    # Behind a load balancer (scripts/cluster.py): how each process reaches the others,
    # through the balancer instead of this stack's own processes.
    rasa_via: str | None = None
    actions_via: str | None = None
    app_via: str | None = None

    @property
    def app_url(self) -> str:
        return f"http://{self.host}:{self.app_port}"

    @property
    def app_url_inside(self) -> str:
        """How Rasa reaches the app (loopback when the app listens on every interface)."""
        wildcard = self.host in ("0.0.0.0", "::", "")
        return f"http://127.0.0.1:{self.app_port}" if wildcard else self.app_url

    @property
    def rasa_url(self) -> str:
        return f"http://{self.private_host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.private_host}:{self.actions_port}"

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database_url,
            RASA_URL=self.rasa_via or self.rasa_url,
            RASA_TIMEOUT_SECONDS=str(self.rasa_timeout),
            RASA_TOKEN=self.rasa_token,
            NLG_TOKEN=self.nlg_token,
            ACTION_KEY=self.action_key,
            PYTHONPATH=str(ROOT),
        )
        if self.tracker_url:  # the app's retention purge deletes Rasa's quiet trackers too
            env["RASA_TRACKER_URL"] = self.tracker_url
        env.update(self.env)
        return env

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        out = None
        if self.quiet:
            out = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - the process writes to it until stopped
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )
        self.processes[name] = process
        self.started_at[name] = time.monotonic()
        return process

    def start_actions(self) -> None:
        # the app's environment, but Rasa's tracker store, which only the app's purge needs
        env = {k: v for k, v in self._env().items() if k != "RASA_TRACKER_URL"} | {
            "SANIC_HOST": self.private_host, "ACTIONS_IN_THREADS": "1"}
        process = self._spawn(
            "actions",
            [str(PYTHON), "-m", "rasa_sdk", "--actions", "actions", "-p", str(self.actions_port)],
            env,
        )
        _wait_until(f"{self.actions_url}/health", lambda r: r.status_code == 200, 60,
                    process, "action server")
        self.ready_after["actions"] = time.monotonic() - self.started_at["actions"]

    def start_app(self) -> None:
        process = self._spawn(
            "app",
            [str(PYTHON), "-m", "uvicorn", "api.main:create_app", "--factory",
             "--host", self.host, "--port", str(self.app_port), "--no-access-log"],
            self._env(),
        )
        _wait_until(f"{self.app_url}/health", lambda r: r.status_code == 200, 60, process, "app")
        self.ready_after["app"] = time.monotonic() - self.started_at["app"]

    def start_rasa(self) -> None:
        # Rasa needs neither the database nor the keys; its API token travels in the
        # environment (scripts/rasa_run.py), never on a command line that `ps` shows.
        env = {k: v for k, v in rasa_env().items() if k not in RASA_NEEDS_NOT} | {
            "ACTION_ENDPOINT_URL": f"{self.actions_via or self.actions_url}/webhook",
            "NLG_ENDPOINT_URL": f"{self.app_via or self.app_url_inside}/nlg",
            "RASA_TOKEN": self.rasa_token,
            "NLG_TOKEN": self.nlg_token,
            # a conversation held by a Rasa that died is free again after this (Rasa's default: 60 s)
            "TICKET_LOCK_LIFETIME": str(math.ceil(2 * self.rasa_timeout)),
        }
        endpoints, stores = self._endpoints()
        process = self._spawn(
            "rasa",
            [str(RASA_PYTHON), str(ROOT / "scripts" / "rasa_run.py"), "run", "--model", str(self.model),
             "--endpoints", str(endpoints), "--interface", self.private_host, "--port", str(self.rasa_port),
             "--enable-api"],
            env | stores,
        )
        _wait_until(
            f"{self.rasa_url}/status?token={self.rasa_token}",
            lambda r: r.status_code == 200 and bool(r.json().get("model_file")),
            240, process, "Rasa",
        )
        self.ready_after["rasa"] = time.monotonic() - self.started_at["rasa"]

    def _endpoints(self) -> tuple[Path, dict[str, str]]:
        """endpoints.yml, with Rasa's stores added when configured (a file of this run's;
        the tracker database's password stays in the environment)."""
        text = (ROOT / "endpoints.yml").read_text()
        env: dict[str, str] = {}
        if self.tracker_url:
            url = make_url(self.tracker_url)
            env = {"RASA_TRACKER_PASSWORD": url.password or "", "SQL_POOL_SIZE": str(self.tracker_pool),
                   "SQL_MAX_OVERFLOW": str(self.tracker_pool)}
            text += (f"tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: {url.host or '127.0.0.1'}\n"
                     f"  port: {url.port or 5432}\n  db: {url.database}\n  username: {url.username or ''}\n"
                     "  password: ${RASA_TRACKER_PASSWORD}\n")
        if self.redis_url:
            redis = urlsplit(self.redis_url)
            # Redis's locks, per process while Redis is away (scripts/rasa_locks.py)
            text += (f"lock_store:\n  type: rasa_locks.RedisOrMemoryLockStore\n"
                     f"  url: {redis.hostname or '127.0.0.1'}\n  port: {redis.port or 6379}\n"
                     f"  db: {redis.path.strip('/') or 0}\n  key_prefix: assistantlocks\n  socket_timeout: 1\n")
        if not env and not self.redis_url:
            return ROOT / "endpoints.yml", {}
        self.log_dir.mkdir(parents=True, exist_ok=True)
        path = self.log_dir / "endpoints.yml"
        path.write_text(text)
        return path, env

    def start(self) -> "Stack":
        try:
            self.start_actions()
            self.start_app()
            self.start_rasa()
        except Exception:
            self.stop()
            raise
        return self

    def stop_process(self, name: str, timeout: float = 15) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass

    def stop(self, timeout: float = 10) -> None:
        """Rasa first (no new messages), then the app, then the action server: each asked
        to stop (SIGTERM to its process group) in that order, all waited for together;
        whatever still runs after ``timeout`` seconds is killed."""
        running = [(name, self.processes.pop(name)) for name in ("rasa", "app", "actions") if name in self.processes]
        for _name, process in running:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for _name, process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
