"""Registering for the sustainable-integration pathway in the chat.

Before any question the person is told what the pathway is, what is asked, why, who sees
it, how long it is kept and how to see or erase it; without a yes nothing is asked and
nothing is stored. Every answer but the name and a way to reach the person can be
skipped; a numbered summary lets any answer be corrected before the explicit
confirmation. What the person writes here is health data: the questionnaire is sealed
(its state encrypted, its messages kept out of Rasa's tracker and the transcript), and
nothing is registered before the confirmation.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from core import contacts
from core.i18n import LANGUAGES, fold, translate
from core.pathway import registrations
from core.pathway.content import SUPPORT_NEEDS, pathway_content
from core.pathway.texts import TEXTS
from core.questionnaire import Answer, Choice, Ending, Opening, Outgoing, Questionnaire, Reask, Turn, button, choose
from core.questionnaire.answers import is_name
from core.questionnaire.texts import TEXTS as COMMON
from core.responses import B_HUMAN, intent
from core.settings import get_settings

State = dict[str, Any]
AVAILABILITY = ("mornings", "afternoons", "any_time")
# what a correction can empty; the emptied answer is then asked again
CORRECTABLE = ("for_whom", "name", "contact", "preferred_language", "contact_channel", "situation",
               "needs", "details", "accommodations", "availability")
PRIVATE = ("needs", "confirm")  # their text repeats answers
SKIPPED = ""  # an answer the person chose not to give (None: not asked yet)
_PREFIX = {"for_whom": "for", "preferred_language": "language", "contact_channel": "channel",
           "situation": "situation", "availability": "availability"}


def new_state() -> State:
    return {"consent": None, "for_whom": None, "first_name": None, "last_name": None, "phone": None,
            "email": None, "preferred_language": None, "contact_channel": None, "situation": None,
            "needs": [], "needs_done": False, "details": None, "accommodations": None,
            "availability": None, "correcting": False, "result": None, "reference": None}


def _channels(state: State) -> list[str]:
    """The ways to be contacted that the contact given allows."""
    phone = state["phone"]
    return [c for c in registrations.CONTACT_CHANNELS if (c == "phone" and phone)
            or (c == "sms" and phone and contacts.can_take_texts(phone))
            or (c == "email" and state["email"]) or c == "chat"]


def _need_labels(need: str) -> list[str]:
    needs = pathway_content().needs
    return [needs[need].get(lang) for lang in LANGUAGES]  # type: ignore[index]


def _needs_named_in(text: str) -> list[str]:
    words = f" {fold(text)} "
    return [n for n in SUPPORT_NEEDS if any(f" {fold(label)} " in words for label in _need_labels(n))]


def _free_text(text: str) -> str:
    return " ".join(text.split())[:registrations.FREE_TEXT_MAX]


def summary(state: State, language: str) -> str:
    needs_labels = pathway_content().needs
    missing = TEXTS(language, "not_given")

    def given(value: str | None) -> str:
        return value or missing

    contact = " · ".join(v for v in (state["phone"], state["email"]) if v)
    needs = ", ".join(needs_labels[n].get(language) for n in state["needs"]) or missing
    availability = state["availability"]
    if availability in AVAILABILITY:
        availability = TEXTS(language, f"availability_{availability}")
    rows = [
        ("for_whom", TEXTS(language, f"for_{state['for_whom']}")),
        ("name", f"{state['first_name']} {state['last_name']}"),
        ("contact", contact),
        ("preferred_language", TEXTS(language, f"language_{state['preferred_language']}")),
        ("contact_channel", TEXTS(language, f"channel_{state['contact_channel']}")),
        ("situation", TEXTS(language, f"situation_{state['situation']}")),
        ("needs", needs),
        ("details", given(state["details"])),
        ("accommodations", given(state["accommodations"])),
        ("availability", given(availability)),
    ]
    return "\n".join([TEXTS(language, "summary")] + [f"{i}. {TEXTS(language, f'field_{key}')}: {value}"
                                                      for i, (key, value) in enumerate(rows, 1)])


class PathwayRegistrationQuestionnaire(Questionnaire[str]):
    """consent → for whom → name → contact → language and way of contact → situation →
    support needs → more about them → appointments → availability → summary and yes."""

    name = "pathway"
    sealed = True

    def begin(self, turn: Turn, stored: State | None, opening: Opening) -> tuple[State, list[Outgoing]]:
        return new_state(), []

    def is_private(self, question: str) -> bool:
        return question in PRIVATE

    def takes_free_text(self, question: str) -> bool:
        return question in ("first_name", "last_name", "contact", "details", "accommodations", "availability")

    def takes_several(self, question: str) -> bool:
        return question == "needs"

    def question(self, turn: Turn, state: State) -> str | None:
        if state["status"] != "asking":
            return None
        if state["correcting"]:
            return "correct_which"
        if state["consent"] is None:
            return "consent"
        if state.get("for_whom") is None:
            return "for_whom"
        for key in ("first_name", "last_name"):
            if state[key] is None:
                return key
        if state["phone"] is None and state["email"] is None:
            return "contact"
        for key in ("preferred_language", "contact_channel", "situation"):
            if state[key] is None:
                return key
        if not state["needs_done"]:
            return "needs"
        for key in ("details", "accommodations", "availability"):
            if state[key] is None:
                return key
        return "confirm"

    def choices(self, turn: Turn, state: State, question: str) -> list[Choice]:
        labels = TEXTS.everywhere
        if question == "consent":
            return [Choice.of("yes", labels("b_agree")), Choice.of("no", labels("b_no_thanks"))]
        if question == "for_whom":
            return [Choice.of(w, labels(f"for_{w}")) for w in registrations.REGISTERED_BY]
        if question == "preferred_language":
            return [Choice.of(code, labels(f"language_{code}")) for code in registrations.PREFERRED_LANGUAGES]
        if question == "contact_channel":
            return [Choice.of(c, labels(f"channel_{c}")) for c in _channels(state)]
        if question == "situation":
            return [Choice.of(s, labels(f"situation_{s}")) for s in registrations.SITUATIONS]
        if question == "needs":
            return [Choice.of(n, _need_labels(n)) for n in SUPPORT_NEEDS] + [
                Choice.of("done", COMMON.everywhere("b_done")), Choice.of("skip", COMMON.everywhere("b_skip"))]
        if question in ("details", "accommodations"):
            return [Choice.of("skip", COMMON.everywhere("b_skip"))]
        if question == "availability":
            return [Choice.of(a, labels(f"availability_{a}")) for a in AVAILABILITY] + [
                Choice.of("skip", COMMON.everywhere("b_skip"))]
        if question == "confirm":
            return [Choice.of("yes", labels("b_register")), Choice.of("correct", labels("b_correct"))]
        if question == "correct_which":
            return [Choice.of(k, labels(f"field_{k}")) for k in CORRECTABLE]
        return []

    def prompt(self, turn: Turn, state: State, question: str) -> Outgoing:
        text, titled = self._prompt(turn, state, question)
        # The languages are named in themselves ("Nederlands" in a French question).
        own = question == "preferred_language"
        return Outgoing(text, [button(title, choose(value), lang=value if own and value in LANGUAGES
                                      and value != turn.language else None)
                               for title, value in titled])

    def _prompt(self, turn: Turn, state: State, question: str) -> tuple[str, list[tuple[str, str]]]:
        language = turn.language
        skip = (COMMON(language, "b_skip"), "skip")
        if question == "consent":
            months = round(get_settings().pathway_retention_days / 30.44)
            return "\n\n".join([TEXTS(language, "intro"), TEXTS(language, "privacy", months=months),
                                TEXTS(language, "consent")]), [
                (TEXTS(language, "b_agree"), "yes"), (TEXTS(language, "b_no_thanks"), "no")]
        if question in ("first_name", "last_name", "contact"):
            return TEXTS(language, question), []
        if question in ("details", "accommodations"):
            return TEXTS(language, question), [skip]
        if question == "needs":
            needs = pathway_content().needs
            text = TEXTS(language, "needs" if not state["needs"] else "needs_more",
                         chosen=", ".join(needs[n].get(language) for n in state["needs"]))
            # every category, chosen or not (pressing one again takes it away): the buttons
            # shown do not tell what was chosen
            buttons = [(needs[n].get(language), n) for n in SUPPORT_NEEDS]  # type: ignore[index]
            buttons.append((COMMON(language, "b_done"), "done") if state["needs"] else skip)
            return text, buttons
        if question == "confirm":
            return "\n".join([summary(state, language), TEXTS(language, "confirm")]), [
                (TEXTS(language, "b_register"), "yes"), (TEXTS(language, "b_correct"), "correct")]
        if question == "correct_which":
            return TEXTS(language, "correct_which"), [(TEXTS(language, f"field_{k}"), k) for k in CORRECTABLE]
        prefix = _PREFIX[question]
        buttons = [(TEXTS(language, f"{prefix}_{choice.value}"), choice.value)
                   for choice in self.choices(turn, state, question) if choice.value != "skip"]
        if question == "availability":
            buttons.append(skip)
        return TEXTS(language, question), buttons

    def read(self, turn: Turn, state: State, question: str,
             answer: Answer) -> tuple[State, list[Outgoing]] | None:
        text, value = answer.text, answer.value
        if question == "confirm" and value == "yes":
            return _register(turn, state), []
        if question == "needs":
            return _needs(dict(state), answer)
        reader = _READERS.get(question, _chosen)
        return reader(dict(state), question, text, value, turn.language)

    def finish(self, turn: Turn, state: State) -> Ending:
        language = turn.language
        human = button(translate(language, B_HUMAN.title), B_HUMAN.payload)
        menu = button(COMMON(language, "b_menu"), intent("help"))
        result = state.get("result") if state.get("status") == "done" else None
        if result == "registered":
            channel = TEXTS(language, f"channel_{state['contact_channel']}")
            done = "registered_helper" if state.get("for_whom") == "helper" else "registered"
            return Ending([Outgoing(TEXTS(language, done, reference=state["reference"], channel=channel),
                                    [button(TEXTS(language, "b_my_data"), intent("delete_my_data")), menu])])
        if result == "no_consent":
            return Ending([Outgoing(TEXTS(language, "no_consent"), [human, menu])])
        return Ending([Outgoing(TEXTS(language, "stopped"), [menu, human])])


REGISTRATION = PathwayRegistrationQuestionnaire()


Reading = tuple[State, list[Outgoing]] | None  # None: not understood


def _consent(state: State, question: str, text: str, value: str | None, language: str) -> Reading:
    if value is None:
        return None
    if value == "no":
        state.update(status="done", result="no_consent")
    else:
        state["consent"] = datetime.now(UTC).isoformat()
    return state, []


def _name(state: State, question: str, text: str, value: str | None, language: str) -> Reading:
    name = " ".join(text.split())
    if text.startswith("/") or not is_name(name, 60):
        raise Reask(TEXTS(language, "name_invalid"))
    state[question] = name[:1].upper() + name[1:]
    return state, []


def _contact(state: State, question: str, text: str, value: str | None, language: str) -> Reading:
    phone, email = contacts.validate_phone(text), contacts.validate_email(text)
    if not phone and not email:
        raise Reask(TEXTS(language, "contact_invalid"))
    state.update(phone=phone, email=email, contact_channel=None)
    return state, []


def _free(state: State, question: str, text: str, value: str | None, language: str) -> Reading:
    """details, accommodations, availability: words of one's own, a choice, or skipped."""
    if value == "skip":
        state[question] = SKIPPED
    elif question == "availability" and value in AVAILABILITY:
        state[question] = value
    elif text.startswith("/"):
        return None
    else:
        state[question] = _free_text(text) or SKIPPED
    return state, []


def _correct_which(state: State, question: str, text: str, value: str | None, language: str) -> Reading:
    if value is None:
        return None
    state["correcting"] = False
    if value == "name":
        state.update(first_name=None, last_name=None)
    elif value == "contact":
        state.update(phone=None, email=None, contact_channel=None)
    elif value == "needs":
        state.update(needs=[], needs_done=False)
    else:
        state[value] = None
    return state, []


def _confirm(state: State, question: str, text: str, value: str | None, language: str) -> Reading:
    if value != "correct":  # "yes" registers (PathwayRegistrationQuestionnaire.read)
        return None
    state["correcting"] = True
    return state, []


def _chosen(state: State, question: str, text: str, value: str | None, language: str) -> Reading:
    """for_whom, preferred_language, contact_channel, situation."""
    if value is None:
        return None
    state[question] = value
    if question == "for_whom" and value == "helper":
        return state, [Outgoing(TEXTS(language, "helper_note"))]
    return state, []


def _needs(state: State, answer: Answer) -> Reading:
    """One need or several ("mobility and hearing"); one pressed again is taken away."""
    value = answer.value
    if value == "skip" or (value == "done" and not state["needs"]):
        state.update(needs=[], needs_done=True)
        return state, []
    if value == "done":
        state["needs_done"] = True
        return state, []
    named = [n for n in answer.named if n in SUPPORT_NEEDS] or _needs_named_in(answer.text)
    if not named:
        return None
    if value in state["needs"]:
        state["needs"] = [n for n in state["needs"] if n != value]
    else:
        state["needs"] = [n for n in SUPPORT_NEEDS if n in state["needs"] or n in named]
    return state, []


_READERS: dict[str, Callable[[State, str, str, str | None, str], Reading]] = {
    "consent": _consent, "first_name": _name, "last_name": _name, "contact": _contact,
    "details": _free, "accommodations": _free, "availability": _free, "correct_which": _correct_which,
    "confirm": _confirm,
}


def _register(turn: Turn, state: State) -> State:
    """Register, after the explicit confirmation. One flush: all of it, or nothing."""
    answers = {
        "first_name": state["first_name"], "last_name": state["last_name"],
        "phone": state["phone"], "email": state["email"],
        "preferred_language": state["preferred_language"], "contact_channel": state["contact_channel"],
        "situation": state["situation"], "registered_by": state["for_whom"],
        "support_needs": state["needs"],
        "support_details": state["details"] or None, "accommodations": state["accommodations"] or None,
        "availability": state["availability"] or None,
        "consent_at": datetime.fromisoformat(state["consent"]),
    }
    registration = registrations.register(turn.session, turn.conversation_id, answers, turn.language)
    return state | {"status": "done", "result": "registered", "reference": registration.reference}
