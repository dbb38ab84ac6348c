"""The handover, as a state of the conversation: bot → queued → human → closed → bot.

While a counsellor is asked for or holds the conversation (``Conversation.mode`` queued
or human), the gateway does not call Rasa: the person's messages go to the counsellor
only. Counsellors' messages reach the person on their channel as notifications marked
with the counsellor's name. Outside opening hours the person leaves a message or a
number to call back (questionnaire.py), which counsellors find in the queue.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core import audit, conversations, notify
from core.handover.content import is_open, local, next_opening, offices_content
from core.handover.models import Handover
from core.handover.texts import TEXTS
from core.i18n import long_date
from core.models import Account, Conversation, Message, utcnow
from core.questionnaire import Outgoing, engine
from core.questionnaire.answers import folded

# The button, and the words in any language, that take the person back to the assistant.
BACK = "/back_to_assistant"
BACK_WORDS = {"assistant", "assistent", "assistante", "bot", "robot", "chatbot", "back to the assistant",
              "back to assistant", "the assistant", "retour a l assistant", "retour assistant", "l assistant",
              "terug naar de assistent", "terug naar assistent", "de assistent", "stop", "annuler", "stoppen",
              "cancel"}
OPEN = ("queued", "human")
# While waiting: a message or a number to call back instead (the button, or its words typed alone).
LEAVE = {"message": "/request_human{\"choice\": \"message\"}",
         "callback": "/request_human{\"choice\": \"callback\"}"}
_POLITE = ("svp", "s il vous plait", "s il te plait", "please", "pls", "aub", "alstublieft", "alsjeblieft",
           "graag", "merci")
_LEAVE_TITLES = {"message": "b_leave_message", "callback": "b_call_back"}
LEAVE_WORDS = {"message": {"message", "un message", "laisser un message", "bericht", "een bericht",
                           "bericht achterlaten", "een bericht achterlaten", "leave a message", "a message"},
               "callback": {"rappel", "rappelez moi", "rappelle moi", "me rappeler", "etre rappele",
                            "etre rappelee", "terugbellen", "bel me terug", "bel mij terug", "teruggebeld worden",
                            "call me back", "call back", "callback", "a call back", "phone me"}}


@dataclass
class Asked:
    """What asking for a counsellor led to: in the queue (``handover``), or closed now."""

    handover: Handover | None
    messages: list[Outgoing] = field(default_factory=list)


def wants_the_assistant(text: str) -> bool:
    return text.strip().startswith(BACK) or folded(text) in BACK_WORDS


def leaving_instead(text: str) -> str | None:
    """"message" or "callback" when a waiting person prefers that to waiting (the button,
    its title or a few words typed alone, in any language); None otherwise: whatever else
    they write is for the counsellor."""
    stripped = text.strip()
    for kind, payload in LEAVE.items():
        if stripped.replace(" ", "") == payload.replace(" ", ""):
            return kind
    words = folded(stripped).strip(" !.")
    for polite in _POLITE:
        words = words.removesuffix(" " + polite).removeprefix(polite + " ")
    for kind, title in _LEAVE_TITLES.items():
        if words in LEAVE_WORDS[kind] or words in {folded(t) for t in TEXTS.everywhere(title)}:
            return kind
    return None


def button(title: str, payload: str) -> dict[str, str]:
    return {"title": title, "payload": payload}


def back_button(language: str) -> dict[str, str]:
    return button(TEXTS(language, "b_back"), BACK)


def open_chat(session: Session, conversation_id: str) -> Handover | None:
    """The conversation's handover in the queue or with a counsellor, if any."""
    return session.scalar(select(Handover).where(Handover.conversation_id == conversation_id,
                                                 Handover.kind == "chat", Handover.status.in_(OPEN)))


def position(session: Session, handover: Handover) -> int:
    """Its place in the queue (1: next)."""
    return 1 + (session.scalar(select(func.count()).select_from(Handover).where(
        Handover.status == "queued", Handover.kind == "chat", Handover.requested_at < handover.requested_at)) or 0)


def _queued_message(session: Session, handover: Handover, language: str) -> Outgoing:
    place = position(session, handover)
    minutes = place * offices_content().minutes_per_conversation
    return Outgoing(TEXTS(language, "queued", position=place, minutes=minutes), [back_button(language)])


def when(moment: datetime | None, now: datetime, language: str) -> str:
    """"from Monday 7 December, 08:30" (local time), or "as soon as possible"."""
    if moment is None or moment <= now:
        return TEXTS(language, "when_soon")
    here = local(moment)
    return TEXTS(language, "when_at", date=long_date(here.date(), language), time=here.strftime("%H:%M"))


def ask(session: Session, conversation_id: str, language: str, reason: str | None = None,
        now: datetime | None = None) -> Asked:
    """The person asks for a counsellor: into the queue when the office is open (the
    conversation then waits, ``mode`` queued), else nothing yet (``handover`` None: the
    person is offered to leave a message or a number)."""
    now = now or utcnow()
    existing = open_chat(session, conversation_id)
    if existing is not None:
        return Asked(existing, [_queued_message(session, existing, language)])
    data = offices_content()
    if not is_open(data.offices[data.default], now):
        return Asked(None)
    handover = Handover(conversation_id=conversation_id, office=data.default, kind="chat", status="queued",
                        reason=(reason or "")[:1000] or None, language=language, requested_at=now)
    session.add(handover)
    session.get_one(Conversation, conversation_id).mode = "queued"
    session.flush()
    return Asked(handover, [_queued_message(session, handover, language)])


def last_reason(session: Session, conversation_id: str) -> str | None:
    """Why the person last asked to chat with a counsellor."""
    return session.scalar(select(Handover.reason).where(Handover.conversation_id == conversation_id,
                                                        Handover.kind == "chat")
                          .order_by(Handover.requested_at.desc(), Handover.id.desc()).limit(1))


def closed_message(language: str, now: datetime | None = None) -> str:
    now = now or utcnow()
    data = offices_content()
    return TEXTS(language, "closed", when=when(next_opening(data.offices[data.default], now), now, language))


def leave(session: Session, conversation_id: str, language: str, kind: str, *, message: str | None = None,
          contact: str | None = None, reason: str | None = None, now: datetime | None = None) -> str:
    """A message or a number to call back, for the queue; what to tell the person."""
    now = now or utcnow()
    data = offices_content()
    session.add(Handover(conversation_id=conversation_id, office=data.default, kind=kind, status="queued",
                         message=message, contact=contact, reason=reason, language=language, requested_at=now))
    later = when(next_opening(data.offices[data.default], now) if not is_open(data.offices[data.default], now)
                 else None, now, language)
    if kind == "callback":
        return TEXTS(language, "callback_asked", contact=contact, when=later)
    return TEXTS(language, "message_left", when=later)


def back_to_the_assistant(session: Session, conversation_id: str, by: str, now: datetime | None = None) -> bool:
    """End the conversation's handover (``by`` person, counsellor or timeout); False when
    there was none."""
    handover = open_chat(session, conversation_id)
    conversation = session.get_one(Conversation, conversation_id)
    conversation.mode = "bot"
    if handover is None:
        return False
    handover.status, handover.closed_at, handover.closed_by = "closed", now or utcnow(), by
    return True


# --- the counsellor's side ------------------------------------------------------------------------


def display_name(account: Account) -> str:
    return account.display_name or account.username


def queue(session: Session) -> list[Handover]:
    """Everything waiting for a counsellor, oldest first: people in the chat, messages left,
    numbers to call back."""
    return list(session.scalars(select(Handover).where(Handover.status == "queued")
                                .order_by(Handover.requested_at, Handover.id)))


def held_by(session: Session, account_id: int) -> list[Handover]:
    return list(session.scalars(select(Handover).where(Handover.status == "human",
                                                       Handover.counsellor_id == account_id)
                                .order_by(Handover.accepted_at)))


def accept(session: Session, handover_id: int, account: Account, now: datetime | None = None) -> Handover | None:
    """Take a handover from the queue; None when another counsellor took it first (one
    UPDATE … WHERE status = 'queued': two counsellors never hold the same conversation)."""
    now = now or utcnow()
    taken = session.execute(update(Handover).where(Handover.id == handover_id, Handover.status == "queued")
                            .values(status="human", counsellor_id=account.id, accepted_at=now, seen_at=now)
                            .execution_options(synchronize_session=False))
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    handover = session.get_one(Handover, handover_id, populate_existing=True)
    audit.write(session, account.username, "read", "conversation", handover.conversation_id,
                detail=f"handover={handover.id} kind={handover.kind}")
    if handover.kind == "chat":
        session.get_one(Conversation, handover.conversation_id).mode = "human"
        tell(session, handover, TEXTS(handover.language, "counsellor_joined", name=display_name(account)))
    return handover


def tell(session: Session, handover: Handover, text: str, account: Account | None = None,
         buttons: list[dict[str, str]] | None = None) -> None:
    """A message from the counsellor (or about them) to the person, on their channel."""
    conversation = session.get_one(Conversation, handover.conversation_id)
    name = display_name(account) if account is not None else None
    conversations.record(session, conversation, direction="out", sender="counsellor" if account else "system",
                         text=text, buttons=buttons, language=handover.language)
    notify.queue(session, conversation.id, text, buttons, language=handover.language,
                 sender="counsellor" if account else "system", name=name, recorded=True)


def say(session: Session, handover: Handover, account: Account, text: str, now: datetime | None = None) -> None:
    handover.seen_at = now or utcnow()
    tell(session, handover, text, account)


def seen(session: Session, handover: Handover, now: datetime | None = None) -> None:
    """The counsellor's console still shows the conversation."""
    handover.seen_at = now or utcnow()


def transfer(session: Session, handover: Handover, to: Account, by: Account, now: datetime | None = None) -> None:
    handover.counsellor_id, handover.seen_at = to.id, now or utcnow()
    audit.write(session, by.username, "update", "conversation", handover.conversation_id,
                detail=f"handover={handover.id} transferred to {to.username}")


def close(session: Session, handover: Handover, account: Account, note: str | None = None,
          now: datetime | None = None) -> None:
    """The counsellor ends it (a chat goes back to the assistant, which greets the person)."""
    now = now or utcnow()
    handover.status, handover.closed_at, handover.closed_by = "closed", now, "counsellor"
    handover.note = (note or "").strip()[:2000] or None
    if handover.kind == "chat":
        session.get_one(Conversation, handover.conversation_id).mode = "bot"
        tell(session, handover, TEXTS(handover.language, "counsellor_closed", name=display_name(account)))


def expire(session: Session, now: datetime | None = None) -> None:
    """Counsellors whose console was not seen for a while let go (back to the queue, the
    person told); people waiting too long are told once that nobody is free."""
    now = now or utcnow()
    data = offices_content()
    gone = now - timedelta(minutes=data.counsellor_gone_minutes)
    for handover in session.scalars(select(Handover).where(Handover.status == "human", Handover.kind == "chat",
                                                           Handover.seen_at < gone)):
        handover.status, handover.counsellor_id, handover.accepted_at = "queued", None, None
        session.get_one(Conversation, handover.conversation_id).mode = "queued"
        session.flush()
        tell(session, handover, TEXTS(handover.language, "requeued", position=position(session, handover)))
    waited = now - timedelta(minutes=data.no_answer_minutes)
    for handover in session.scalars(select(Handover).where(
            Handover.status == "queued", Handover.kind == "chat", Handover.requested_at < waited,
            Handover.told_no_answer_at.is_(None))):
        handover.told_no_answer_at = now
        language = handover.language
        tell(session, handover, TEXTS(language, "no_answer"),
             buttons=[button(TEXTS(language, _LEAVE_TITLES[kind]), payload) for kind, payload in LEAVE.items()]
             + [back_button(language)])


def transcript(session: Session, conversation_id: str, limit: int = 200) -> list[Message]:
    return list(reversed(session.scalars(select(Message).where(Message.conversation_id == conversation_id)
                                         .order_by(Message.id.desc()).limit(limit)).all()))


# --- back with the assistant ----------------------------------------------------------------------

# A questionnaire left for a counsellor, offered again: its name in words, the intent that resumes it.
RESUMABLE = {"assessment": ("flow_assessment", "/start_assessment"), "training": ("flow_training", "/find_training"),
             "childcare": ("flow_childcare", "/book_childcare")}


def resume_offer(session: Session, conversation_id: str, language: str) -> tuple[str, list[dict[str, str]]] | None:
    """"You had started the skills test. Go on?" when a questionnaire waits to be resumed."""
    for flow, (what, payload) in RESUMABLE.items():
        state = engine.stored_state(session, conversation_id, flow)
        if state is not None and state.get("status") in ("stopped", "handover"):
            return (TEXTS(language, "resume_offer", what=TEXTS(language, what)),
                    [button(TEXTS(language, "b_go_on"), payload)])
    return None
