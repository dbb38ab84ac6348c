"""Registering for the sustainable-integration pathway in the chat.

Runs in the questionnaire form like the other flows (core/flows.py dispatches here for
the flow "pathway"). Before any question the person is told what the pathway is, what
is asked, why, who sees it, how long it is kept and how to see or erase it; without a
yes nothing is asked and nothing is stored. Every answer but the name and a way to reach
the person can be skipped; a summary lets any answer be corrected before the explicit
confirmation. What the person writes here is health data: the questionnaire's state is
stored encrypted (core/flows.py), and nothing is registered before the confirmation.
"""

from datetime import datetime, timezone

from sqlalchemy.orm import Session

from core import content, pathway
from core.flows import Reask, _labels, is_name, t
from core.i18n import LANGUAGES, fold, translate
from core.messages import B_HUMAN, PATHWAY_TEXTS, intent
from core.settings import get_settings

# the choices are core/pathway.py's (what can be stored), in the order they are offered
NEEDS = content.SUPPORT_NEEDS
SITUATIONS = pathway.SITUATIONS
CHANNELS = pathway.CONTACT_CHANNELS
CONTACT_LANGUAGES = pathway.PREFERRED_LANGUAGES
AVAILABILITY = ("mornings", "afternoons", "any_time")
# the order of the questions; a correction empties one answer, which is then asked again
QUESTIONS = ("consent", "for_whom", "first_name", "last_name", "contact", "preferred_language",
             "contact_channel", "situation", "needs", "details", "accommodations", "availability", "confirm")
CORRECTABLE = ("for_whom", "name", "contact", "preferred_language", "contact_channel", "situation",
               "needs", "details", "accommodations", "availability")
FREE_TEXT_MAX = pathway.FREE_TEXT_MAX
PRIVATE_QUESTIONS = ("needs", "confirm")  # their text repeats answers
SKIPPED = ""  # an answer the person chose not to give (None: not asked yet)


def p(language: str, key: str, /, **arguments) -> str:
    text = translate(language, PATHWAY_TEXTS[key])
    return text.format(**arguments) if arguments else text


def labels(key: str) -> list[str]:
    return [translate(lang, PATHWAY_TEXTS[key]) for lang in LANGUAGES]


def new_state() -> dict:
    return {"status": "asking", "failures": 0, "consent": None, "for_whom": None, "first_name": None,
            "last_name": None, "phone": None, "email": None, "preferred_language": None, "contact_channel": None,
            "situation": None, "needs": [], "needs_done": False, "details": None,
            "accommodations": None, "availability": None, "correcting": False, "result": None,
            "reference": None}


# --- which question ---------------------------------------------------------------------------------


def question(state: dict) -> str | None:
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


def _channels(state: dict) -> list[str]:
    """The ways to be contacted that the contact given allows."""
    phone = state["phone"]
    return [c for c in CHANNELS if (c == "phone" and phone)
            or (c == "sms" and phone and pathway.can_take_texts(phone))
            or (c == "email" and state["email"]) or c == "chat"]


def choices(q: str, state: dict) -> list[tuple[str, list[str]]]:
    if q == "consent":
        return [("yes", labels("b_agree")), ("no", labels("b_no_thanks"))]
    if q == "for_whom":
        return [(w, labels(f"for_{w}")) for w in pathway.REGISTERED_BY]
    if q == "preferred_language":
        return [(code, labels(f"language_{code}")) for code in CONTACT_LANGUAGES]
    if q == "contact_channel":
        return [(c, labels(f"channel_{c}")) for c in _channels(state)]
    if q == "situation":
        return [(s, labels(f"situation_{s}")) for s in SITUATIONS]
    if q == "needs":
        return [(n, _need_labels(n)) for n in NEEDS] + [("done", _labels("b_done")), ("skip", _labels("b_skip"))]
    if q in ("details", "accommodations"):
        return [("skip", _labels("b_skip"))]
    if q == "availability":
        return [(a, labels(f"availability_{a}")) for a in AVAILABILITY] + [("skip", _labels("b_skip"))]
    if q == "confirm":
        return [("yes", labels("b_register")), ("correct", labels("b_correct"))]
    if q == "correct_which":
        return [(k, labels(f"field_{k}")) for k in CORRECTABLE]
    return []


def _need_labels(need: str) -> list[str]:
    data = content.pathway()
    return [data.needs[need].get(lang) for lang in LANGUAGES]


def prompt(q: str, state: dict, language: str) -> tuple[str, list[tuple[str, str]]]:
    """(text, [(title, value)]) for question ``q``."""
    if q == "consent":
        months = round(get_settings().pathway_retention_days / 30.44)
        return "\n\n".join([p(language, "intro"), p(language, "privacy", months=months),
                            p(language, "consent")]), [
            (p(language, "b_agree"), "yes"), (p(language, "b_no_thanks"), "no")]
    if q in ("first_name", "last_name", "contact", "details", "accommodations"):
        buttons = [(t(language, "b_skip"), "skip")] if q in ("details", "accommodations") else []
        return p(language, q), buttons
    if q == "needs":
        data = content.pathway()
        text = p(language, "needs" if not state["needs"] else "needs_more",
                 chosen=", ".join(data.needs[n].get(language) for n in state["needs"]))
        # every category, chosen or not (pressing one again takes it away): the buttons
        # shown do not tell what was chosen
        buttons = [(data.needs[n].get(language), n) for n in NEEDS]
        buttons.append((t(language, "b_done"), "done") if state["needs"] else (t(language, "b_skip"), "skip"))
        return text, buttons
    if q == "confirm":
        return "\n".join([summary(state, language), p(language, "confirm")]), [
            (p(language, "b_register"), "yes"), (p(language, "b_correct"), "correct")]
    if q == "correct_which":
        return p(language, "correct_which"), [(p(language, f"field_{k}"), k) for k in CORRECTABLE]
    prefix = _PREFIX[q]
    buttons = [(p(language, f"{prefix}_{value}"), value) for value, _ in choices(q, state) if value != "skip"]
    if q == "availability":
        buttons.append((t(language, "b_skip"), "skip"))
    return p(language, q), buttons


_PREFIX = {"for_whom": "for", "preferred_language": "language", "contact_channel": "channel",
           "situation": "situation", "availability": "availability"}


def summary(state: dict, language: str) -> str:
    data = content.pathway()
    missing = p(language, "not_given")

    def given(value: str | None) -> str:
        return value or missing

    contact = " · ".join(v for v in (state["phone"], state["email"]) if v)
    needs = ", ".join(data.needs[n].get(language) for n in state["needs"]) or missing
    availability = state["availability"]
    if availability in AVAILABILITY:
        availability = p(language, f"availability_{availability}")
    rows = [
        ("for_whom", p(language, f"for_{state['for_whom']}")),
        ("name", f"{state['first_name']} {state['last_name']}"),
        ("contact", contact),
        ("preferred_language", p(language, f"language_{state['preferred_language']}")),
        ("contact_channel", p(language, f"channel_{state['contact_channel']}")),
        ("situation", p(language, f"situation_{state['situation']}")),
        ("needs", needs),
        ("details", given(state["details"])),
        ("accommodations", given(state["accommodations"])),
        ("availability", given(availability)),
    ]
    return "\n".join([p(language, "summary")] + [f"{i}. {p(language, f'field_{key}')}: {value}"
                                                  for i, (key, value) in enumerate(rows, 1)])


# --- answers --------------------------------------------------------------------------------------------


def _free_text(text: str) -> str:
    return " ".join(text.split())[:FREE_TEXT_MAX]


def _needs_named_in(text: str) -> list[str]:
    folded = f" {fold(text)} "
    return [n for n in NEEDS if any(f" {fold(label)} " in folded for label in _need_labels(n))]


def read(q: str, state: dict, text: str, value: str | None, language: str) -> tuple[dict, str | None]:
    """The new state after an answer, and a message to say first (or None). ``value`` is
    the choice matched (a button, its number or its words), if any. Raises Reask, or
    returns the state unchanged when the answer is not understood."""
    state = dict(state)
    if q == "consent":
        if value is None:
            return state, None
        if value == "no":
            state.update(status="done", result="no_consent")
        else:
            state["consent"] = datetime.now(timezone.utc).isoformat()
        return state, None
    if q in ("first_name", "last_name"):
        name = " ".join(text.split())
        if text.startswith("/") or not is_name(name, 60):
            raise Reask(p(language, "name_invalid"))
        state[q] = name[:1].upper() + name[1:]
        return state, None
    if q == "contact":
        phone, email = pathway.validate_phone(text), pathway.validate_email(text)
        if not phone and not email:
            raise Reask(p(language, "contact_invalid"))
        state.update(phone=phone, email=email, contact_channel=None)
        return state, None
    if q == "needs":
        if value == "skip" or (value == "done" and not state["needs"]):
            state.update(needs=[], needs_done=True)
            return state, None
        if value == "done":
            state["needs_done"] = True
            return state, None
        named = [value] if value in NEEDS else _needs_named_in(text)
        if not named:
            return state, None
        if value in state["needs"]:
            state["needs"] = [n for n in state["needs"] if n != value]
        else:
            state["needs"] = [n for n in NEEDS if n in state["needs"] or n in named]
        return state, None
    if q in ("details", "accommodations", "availability"):
        if value == "skip":
            state[q] = SKIPPED
        elif q == "availability" and value in AVAILABILITY:
            state[q] = value
        elif text.startswith("/"):
            return state, None
        else:
            state[q] = _free_text(text) or SKIPPED
        return state, None
    if value is None:
        return state, None
    if q == "correct_which":
        state["correcting"] = False
        if value == "name":
            state.update(first_name=None, last_name=None)
        elif value == "contact":
            state.update(phone=None, email=None, contact_channel=None)
        elif value == "needs":
            state.update(needs=[], needs_done=False)
        else:
            state[value] = None
        return state, None
    if q == "confirm":
        if value == "correct":
            state["correcting"] = True
            return state, None
        return state, "yes"  # registered by the caller
    state[q] = value  # for_whom, preferred_language, contact_channel, situation
    return state, p(language, "helper_note") if q == "for_whom" and value == "helper" else None


FINAL_QUESTIONS = ("confirm",)


def attempt(session: Session, conversation_id: str, state: dict, choice: str, language: str) -> dict:
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
    registration = pathway.register(session, conversation_id, answers, language)
    return dict(state, status="done", result="registered", reference=registration.reference)


# --- the end ---------------------------------------------------------------------------------------------


def end_messages(session: Session, state: dict, language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    human = (translate(language, B_HUMAN.title), B_HUMAN.payload)
    menu = (t(language, "b_menu"), intent("help"))
    result = state.get("result")
    if result == "registered":
        channel = p(language, f"channel_{state['contact_channel']}")
        done = "registered_helper" if state.get("for_whom") == "helper" else "registered"
        return [(p(language, done, reference=state["reference"], channel=channel),
                 [(p(language, "b_my_data"), intent("delete_my_data")), menu])]
    if result == "no_consent":
        return [(p(language, "no_consent"), [human, menu])]
    return [(p(language, "stopped"), [menu, human])]
