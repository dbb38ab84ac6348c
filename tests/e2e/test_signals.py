"""`make run` stops everything on the signals process managers and terminals send:
SIGTERM or SIGHUP to its process group stops Rasa, the app and the action server (each in
a session of its own) within seconds, leaving no process and no port behind."""

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import psutil
import pytest

from scripts.paths import ROOT
from scripts.stack import free_port

pytestmark = pytest.mark.e2e


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_to_make_runs_group_stops_all_three(tmp_path, signum, stack):  # stack: the model is there
    from core.migrate import upgrade

    database = f"sqlite:///{tmp_path / 'run.db'}"
    upgrade(database)
    ports = {"APP_PORT": free_port(), "RASA_PORT": free_port(), "ACTIONS_PORT": free_port()}
    env = dict(os.environ, DATABASE_URL=database, **{k: str(v) for k, v in ports.items()})
    run = subprocess.Popen([sys.executable, "-m", "scripts.run"], cwd=ROOT, env=env, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{ports['APP_PORT']}/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert run.poll() is None, "make run stopped by itself"
            time.sleep(1)
        children = psutil.Process(run.pid).children(recursive=True)
        assert len(children) >= 3
        os.killpg(run.pid, signum)
        started = time.monotonic()
        assert run.wait(timeout=30) == 0
        _gone, alive = psutil.wait_procs(children, timeout=15)
        assert not alive, [p.cmdline()[:3] for p in alive]
        assert time.monotonic() - started < 25
        assert not any(listening(port) for port in ports.values())
    finally:  # a failed test leaves nothing running either
        for process in [*children, psutil.Process(run.pid) if run.poll() is None else None]:
            if process is not None and process.is_running():
                process.kill()
