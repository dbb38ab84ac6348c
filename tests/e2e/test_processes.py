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
    assert not names & {"DATABASE_URL", "PATHWAY_KEYS", "WHATSAPP_APP_SECRET", "TELEGRAM_TOKEN", "ACTION_KEY"}, names
    actions = {entry.split("=", 1)[0] for entry in _proc(stack.processes["actions"].pid, "environ")}
    assert "DATABASE_URL" in actions and "PATHWAY_KEYS" in actions, "the action server needs them"


def test_rasa_and_the_action_server_listen_on_the_private_host(stack):
    assert stack.rasa_url.startswith(f"http://{stack.private_host}:")
    assert stack.actions_url.startswith(f"http://{stack.private_host}:")


def test_whoever_reaches_rasa_cannot_act_for_another_person(person, stack):
    """Rasa's REST webhook takes any sender; the actions run only for messages the gateway
    signed for that conversation, so someone else's bookings stay hidden and theirs."""
    from datetime import date, timedelta

    import httpx

    from core.childcare import content, rules
    from core.db import session_factory
    from tests.e2e.test_handover import conversation_id

    p = person("fr")
    p.say("bonjour")
    victim = conversation_id(stack, p)
    day = date.today() + timedelta(days=3)
    while not rules.is_open(content.sites_content().sites["molenbeek"], day):
        day += timedelta(days=1)
    with session_factory(stack.database_url).begin() as s:
        reference = rules.book(s, victim, rules.Request(
            site="molenbeek", child_name="Ysaline", birth=date.today() - timedelta(days=300), reason="training",
            first_day=day, last_day=day), date.today(), content.sites_content(), "fr").booking.reference

    forged = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=30, json={
        "sender": victim, "message": "/my_bookings", "metadata": {"language": "fr", "channel": "web"}})
    assert forged.status_code == 200
    assert reference not in forged.text and "Ysaline" not in forged.text
    mine = p.say("mes réservations")
    assert reference in " ".join(m["text"] for m in mine) or any(
        reference in b["title"] or reference in b["payload"] for m in mine for b in m["buttons"]), \
        "through the gateway, the person sees them"


def test_no_personal_text_reaches_any_log(person, stack, pathway_keys):
    """After a pathway registration, a malformed command and a typed address, no line of
    the app's, the action server's or Rasa's log holds what the person wrote."""
    from tests.e2e.test_my_data import register

    pathway_keys(stack.env["PATHWAY_KEYS"])
    secrets = {"last_name": "Vandenbroeckx", "details": "Mijn epilepsie-aanvallen komen 's nachts",
               "email": "vandenbroeckx@example.be", "typed": "Rue de la Loi 16 bus 3"}
    p = person("nl")
    register(p, secrets["last_name"], secrets["details"])
    p.say('/childcare_cancel{"reference": 1}')
    p.say(f"ik woon in de {secrets['typed']}, mail me op {secrets['email']}")
    logs = {path.name: path.read_text(errors="replace") for path in stack.log_dir.glob("*.log")}
    assert {"app.log", "actions.log", "rasa.log"} <= set(logs)
    for name, text in logs.items():
        for what, secret in secrets.items():
            assert secret not in text, f"{what} in {name}"


def test_the_running_stack_is_ready(stack):
    import httpx

    ready = httpx.get(f"{stack.app_url}/ready", timeout=10)
    assert ready.status_code == 200 and ready.json()["checks"]["rasa"] == "ok", ready.text
