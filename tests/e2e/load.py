"""A steady load of people chatting through the web channel, as widgets do: each
conversation sends its next message when the last one was answered. Every message is
numbered, so the database shows whether it was stored once, twice or not at all."""

import secrets
import threading
import time
from dataclasses import dataclass, field

import httpx

from bot.texts import SYSTEM
from core.i18n import translate

SCRIPT = {
    "fr": ["bonjour", "c'est quoi l'article 60 ?", "je cherche une formation", "merci"],
    "nl": ["hallo", "wat zijn taalcheques?", "waar kan ik gratis een computer gebruiken?", "bedankt"],
    "en": ["hello", "what is stage first?", "where can I use a computer for free?", "thanks"],
}
LANGUAGES = ("fr", "nl", "en")


@dataclass
class Outcome:
    session: str
    text: str
    sent_at: float
    took: float
    status: int | None  # None: no answer at all within the time a person waits
    kind: str  # "answered", "apologised" or "lost"
    error: str | None = None  # what the client saw instead of an answer, if anything


def kind_of(status: int | None, body: object, language: str, error: str | None = None) -> str:
    """How a person would see the answer: an answer, an apology (the app's, the load
    balancer's, or the widget's own in the person's language when the connection closed
    without an answer: the message stays in the box to send again), or nothing in time."""
    if error is not None:
        return "apologised" if error.startswith(("RemoteProtocolError", "ConnectError")) else "lost"
    if status == 200 and isinstance(body, dict) and body.get("messages"):
        apology = translate(language, SYSTEM["assistant_unavailable"])
        return "apologised" if any(m.get("text") == apology for m in body["messages"]) else "answered"
    if status in (502, 503, 504) and isinstance(body, dict) and body.get("error") == "unavailable":
        return "apologised"
    return "lost"


@dataclass
class Load:
    url: str
    conversations: int = 6
    patience: float = 10.0  # seconds a person waits for an answer
    tag: str = field(default_factory=lambda: secrets.token_hex(2))  # numbers of this run's own
    outcomes: list[Outcome] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> "Load":
        for i in range(self.conversations):
            thread = threading.Thread(target=self._talk, args=(i,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> list[Outcome]:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=3 * self.patience)
        return self.outcomes

    def _talk(self, i: int) -> None:
        language = LANGUAGES[i % len(LANGUAGES)]
        with httpx.Client(base_url=self.url, timeout=self.patience) as client:
            session = None
            while session is None and not self._stop.is_set():
                try:
                    response = client.post("/web/sessions", json={"language": language})
                    if response.status_code == 201:
                        session = response.json()["session"]
                except httpx.HTTPError:
                    time.sleep(0.2)
            n = 0
            while not self._stop.is_set():
                n += 1
                text = f"{SCRIPT[language][n % len(SCRIPT[language])]} ({self.tag}.{i}.{n})"
                started = time.monotonic()
                status, body, error = None, None, None
                try:
                    response = client.post("/web/messages", json={"session": session, "text": text},
                                           headers={"Accept-Language": language})
                    status = response.status_code
                    body = response.json()
                except (httpx.HTTPError, ValueError) as failure:
                    error = f"{type(failure).__name__}: {failure}"
                took = time.monotonic() - started
                outcome = Outcome(session or "", text, started, took, status,
                                  kind_of(status, body, language, error), error)
                with self._guard:
                    self.outcomes.append(outcome)
                if outcome.kind != "answered":
                    time.sleep(0.3)  # a person reads the apology before trying again


@dataclass
class Report:
    fault: str
    sent: int
    answered: int
    apologised: int
    lost: int
    recovered_after: float  # seconds from the fault until every message was answered again

    def line(self) -> str:
        return (f"{self.fault:28} sent {self.sent:4}  answered {self.answered:4}  apologised {self.apologised:3}  "
                f"lost {self.lost}  recovered after {self.recovered_after:5.1f} s")


def report(fault: str, outcomes: list[Outcome], fault_at: float) -> Report:
    kinds = [o.kind for o in outcomes]
    troubled = [o.sent_at + o.took for o in outcomes if o.kind != "answered" and o.sent_at + o.took >= fault_at]
    return Report(fault, len(outcomes), kinds.count("answered"), kinds.count("apologised"), kinds.count("lost"),
                  max(troubled) - fault_at if troubled else 0.0)
