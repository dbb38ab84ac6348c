"""What each process of the running stack is given and where it listens: Rasa gets neither
the database nor the keys, and its API token is not on its command line."""

import os

import pytest

pytestmark = pytest.mark.e2e


def _proc(pid: int, what: str) -> list[str]:
    with open(f"/proc/{pid}/{what}", "rb") as file:
        return [part.decode(errors="replace") for part in file.read().split(b"\0") if part]


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_rasa_gets_no_secret_and_shows_no_token(stack):
    rasa = stack.processes["rasa"].pid
    command_line = " ".join(_proc(rasa, "cmdline"))
    assert stack.rasa_token not in command_line and "--enable-api" in command_line
    names = {entry.split("=", 1)[0] for entry in _proc(rasa, "environ")}
    assert not names & {"DATABASE_URL", "PATHWAY_KEYS", "WHATSAPP_APP_SECRET", "TELEGRAM_TOKEN"}, names
    actions = {entry.split("=", 1)[0] for entry in _proc(stack.processes["actions"].pid, "environ")}
    assert "DATABASE_URL" in actions and "PATHWAY_KEYS" in actions, "the action server needs them"


def test_rasa_and_the_action_server_listen_on_the_private_host(stack):
    assert stack.rasa_url.startswith(f"http://{stack.private_host}:")
    assert stack.actions_url.startswith(f"http://{stack.private_host}:")
