"""When no counsellor can answer in the chat: a message for them, or a number to call back."""

from typing import Any

from core import contacts
from core.handover import rules
from core.handover.texts import TEXTS
from core.i18n import translate
from core.questionnaire import Answer, Choice, Ending, Opening, Outgoing, Questionnaire, Reask, Turn, button, choose
from core.responses import RESPONSES

State = dict[str, Any]
KINDS = ("message", "callback", "assistant")
_TITLES = {"message": "b_leave_message", "callback": "b_call_back", "assistant": "b_back"}


class CounsellorRequest(Questionnaire[str]):
    """What → the message, or the number → left in the queue."""

    name = "counsellor"

    def begin(self, turn: Turn, stored: State | None, opening: Opening) -> tuple[State, list[Outgoing]]:
        kind = opening.entities.get("choice")
        if kind in ("message", "callback"):  # chosen while waiting in the queue: why they had asked
            return {"kind": kind, "message": None, "contact": None,
                    "reason": rules.last_reason(turn.session, turn.conversation_id)}, []
        state: State = {"kind": None, "message": None, "contact": None, "reason": opening.text[:1000] or None}
        return state, [Outgoing(rules.closed_message(turn.language))]

    def question(self, turn: Turn, state: State) -> str | None:
        if state["kind"] is None:
            return "kind"
        if state["kind"] == "message" and state["message"] is None:
            return "message"
        if state["kind"] == "callback" and state["contact"] is None:
            return "contact"
        return None

    def prompt(self, turn: Turn, state: State, question: str) -> Outgoing:
        language = turn.language
        if question == "kind":
            return Outgoing(TEXTS(language, "ask_what"),
                            [button(TEXTS(language, _TITLES[k]), choose(k)) for k in KINDS])
        return Outgoing(TEXTS(language, "ask_message" if question == "message" else "ask_contact"))

    def choices(self, turn: Turn, state: State, question: str) -> list[Choice]:
        if question == "kind":
            return [Choice.of(k, TEXTS.everywhere(_TITLES[k])) for k in KINDS]
        return []

    def takes_free_text(self, question: str) -> bool:
        return question != "kind"

    def dont_know(self, question: str) -> str | None:
        return None

    def read(self, turn: Turn, state: State, question: str, answer: Answer) -> tuple[State, list[Outgoing]] | None:
        if question == "kind":
            if answer.value is None:
                return None
            if answer.value == "assistant":
                return state | {"kind": "assistant", "status": "done"}, []
            return state | {"kind": answer.value}, []
        if question == "message":
            text = answer.text.strip()
            return (state | {"message": text[:2000]}, []) if text else None
        phone = contacts.validate_phone(answer.text)
        if phone is None:
            raise Reask(TEXTS(turn.language, "contact_invalid"))
        return state | {"contact": phone}, []

    def finish(self, turn: Turn, state: State) -> Ending:
        language = turn.language
        if state.get("status") != "done" or state["kind"] == "assistant":
            message = RESPONSES["utter_anything_else"]
            return Ending([Outgoing(translate(language, message.text),
                                    [button(translate(language, b.title), b.payload) for b in message.buttons])])
        told = rules.leave(turn.session, turn.conversation_id, language, state["kind"], message=state["message"],
                           contact=state["contact"], reason=state["reason"])
        return Ending([Outgoing(told)])


REQUEST = CounsellorRequest()
