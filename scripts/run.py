"""`make run`: start the three processes, print the demo URL, stop all on Ctrl-C."""

import os
import signal
import sys
import time

from core.settings import get_settings
from scripts.model import model_path
from scripts.paths import VAR
from scripts.stack import Stack


def development_key() -> None:
    """Without PATHWAY_KEYS, a key of this machine's own (var/pathway.key), so that
    the pathway registration works in a demo. Production sets PATHWAY_KEYS."""
    if os.environ.get("PATHWAY_KEYS"):
        return
    from cryptography.fernet import Fernet

    path = VAR / "pathway.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # readable by this user only from the start, never world-readable for a moment
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "wb") as file:
            file.write(Fernet.generate_key())
    os.environ["PATHWAY_KEYS"] = path.read_text().strip()
    print(f"PATHWAY_KEYS is not set: health data is encrypted with the development key in {path}.",
          flush=True)


class Stop(Exception):
    """A signal asked to stop."""


def _stop(signum: int, _frame: object) -> None:
    signal.signal(signum, signal.SIG_IGN)  # a second signal does not interrupt the stopping
    raise Stop(signal.Signals(signum).name)


def stop_on_signals() -> None:
    """Ctrl-C, a process manager's SIGTERM or a closed terminal's SIGHUP stop everything,
    even when started from a shell that ignores SIGINT."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)


def main() -> int:
    development_key()
    os.environ.setdefault("DOCS", "true")  # a development run shows the API's documentation
    settings = get_settings()
    stack = Stack(
        model=model_path(),
        database_url=settings.database_url,
        log_dir=VAR / "log",
        host=os.environ.get("HOST", "127.0.0.1"),
        private_host=os.environ.get("PRIVATE_HOST", "127.0.0.1"),
        tracker_url=os.environ.get("RASA_TRACKER_URL") or None,
        redis_url=settings.redis_url,
        app_port=int(os.environ.get("APP_PORT", 8000)),
        rasa_port=int(os.environ.get("RASA_PORT", 5005)),
        actions_port=int(os.environ.get("ACTIONS_PORT", 5055)),
        rasa_timeout=settings.rasa_timeout_seconds,
        quiet=False,
    )
    stop_on_signals()
    print("Starting the action server, the app and Rasa (Rasa takes up to a minute)…", flush=True)
    try:
        stack.start()
        print(f"\n  Ready. Demo page with the chat widget: {stack.app_url}/\n"
              f"  API documentation: {stack.app_url}/docs\n  Ctrl-C stops everything.\n",
              flush=True)
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(1)
        print("A process stopped; stopping the others.", file=sys.stderr)
        return 1
    except Stop:
        print("\nStopping…", flush=True)
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
