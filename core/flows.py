"""The two questionnaires of the chat: the skills assessment and the training search.

The actions call ``start``, ``ask``, ``answer`` and ``finish``; this module keeps each
questionnaire's state in the database (so an assessment can be stopped and resumed),
puts questions into words in the person's language, reads their answers (a button,
its number, or the words of a choice in French, Dutch or English) and stores results.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from sqlalchemy.orm import Session

from core import assessment as engine
from core import assessments, content, training
from core.content import CEFR_LEVELS, DIGITAL_AREAS, Module
from core.i18n import BABEL_LOCALES, LANGUAGES, language_named_in, normalise_language, translate
from core.messages import B_HUMAN, FLOW_TEXTS, RESPONSES, intent
from core.models import Conversation, FlowState, utcnow

ASSESSMENT, TRAINING, CHILDCARE, PATHWAY = "assessment", "training", "childcare", "pathway"
FLOWS = (ASSESSMENT, TRAINING, CHILDCARE, PATHWAY)
SEALED = (PATHWAY,)  # flows whose answers are health data: their state is stored encrypted
INVALID_BEFORE_COUNSELLOR = 2
STOP_WORDS = {"stop", "stoppen", "stop ermee", "annuler", "annule", "arrete", "arreter",
              "arretez", "cancel", "quit", "exit", "halt", "ophouden", "genoeg", "/stop"}
_CHOICE_PAYLOAD = re.compile(r"^/choose(\{.*\})\s*$", re.S)
_SYNONYMS = {
    "yes": {"yes", "oui", "ja", "yep", "yeah", "y", "o", "j", "ouais", "jawel", "true", "vrai", "juist"},
    "no": {"no", "non", "nee", "neen", "nope", "n", "pas du tout", "helemaal niet", "not at all"},
    "little": {"a little", "little", "un peu", "peu", "een beetje", "beetje", "a bit", "partly", "more or less",
               "plus ou moins", "min of meer", "un petit peu"},
    "skip": {"skip", "passer", "sauter", "overslaan", "pass", "next", "suivant", "volgende"},
    "done": {"done", "that s all", "thats all", "c est tout", "fini", "termine", "dat is alles",
             "klaar", "no more", "non merci", "nee bedankt", "no thanks"},
    "none": {"none", "no", "non", "nee", "aucune", "aucun", "geen", "geen andere", "nothing",
             "rien", "niets", "no other", "pas d autre"},
    "resume": {"continue", "continuer", "verder", "doorgaan", "resume", "reprendre", "go on"},
    "restart": {"restart", "start again", "recommencer", "opnieuw", "opnieuw beginnen", "again"},
}


class Reask(Exception):
    """The answer is understood but not acceptable: say why and ask again."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Outgoing:
    text: str
    buttons: list[dict] = field(default_factory=list)


@dataclass
class Outcome:
    """What an answer led to: ask the next question, re-ask, or end the form."""

    status: str  # next | invalid | done | stopped | handover
    messages: list[Outgoing] = field(default_factory=list)

    @property
    def ends_form(self) -> bool:
        return self.status in ("done", "stopped", "handover")


def t(language: str, key: str, /, **arguments) -> str:
    text = translate(language, FLOW_TEXTS[key])
    return text.format(**arguments) if arguments else text


def button(title: str, payload: str) -> dict:
    return {"title": title, "payload": payload}


def choose(value: str) -> str:
    return intent("choose", choice=value)


def language_name(code: str, language: str) -> str:
    """A language's name in ``language``, from Babel's data (e.g. nl in French: néerlandais)."""
    name = Locale.parse(BABEL_LOCALES[normalise_language(language)]).languages.get(code)
    return name or code


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def long_date(day: date, language: str) -> str:
    return format_date(day, format="long", locale=BABEL_LOCALES[normalise_language(language)])


# --- reading answers ------------------------------------------------------------------------


def _fold(text: str) -> str:
    return re.sub(r"[^\w\s/]", " ", training.fold(text)).strip()


_NAME = re.compile(r"^[^\W\d_]+(?:[' .-]{1,2}[^\W\d_]+)*$")


def is_name(text: str, longest: int) -> bool:
    """Letters, with an apostrophe, a dot, a hyphen or a space between: "Anne-Marie",
    "El Amrani", "N'Diaye"."""
    return len(text) <= longest and bool(_NAME.match(text))


def is_stop(text: str) -> bool:
    folded = " ".join(_fold(text).split())
    return folded in STOP_WORDS or text.strip().lower().startswith("/stop")


def payload_choice(text: str) -> str | None:
    match = _CHOICE_PAYLOAD.match(text.strip())
    if not match:
        return None
    try:
        value = json.loads(match.group(1)).get("choice")
    except (ValueError, AttributeError):
        return None
    return str(value) if value is not None else None


def match_choice(text: str, choices: list[tuple[str, list[str]]]) -> str | None:
    """The value of the choice ``text`` names: a button payload, a number, a label in
    any language, or a common synonym."""
    value = payload_choice(text)
    values = [v for v, _ in choices]
    if value is not None:
        return value if value in values else None
    folded = _fold(text)
    if folded.isdigit() and 1 <= int(folded) <= len(choices):
        return values[int(folded) - 1]
    for value, labels in choices:
        if folded in {_fold(label) for label in labels}:
            return value
    for value, _ in choices:
        if folded in _SYNONYMS.get(value, set()):
            return value
    return None


def _labels(key: str) -> list[str]:
    return [translate(lang, FLOW_TEXTS[key]) for lang in LANGUAGES]


def _language_labels(code: str) -> list[str]:
    return [language_name(code, lang) for lang in LANGUAGES]


@lru_cache
def _other_language_index() -> dict[str, str]:
    """Language names in French, Dutch and English (Babel), folded → ISO code."""
    index = {}
    for lang in LANGUAGES:
        for code, name in Locale.parse(BABEL_LOCALES[lang]).languages.items():
            if len(code) == 2 and len(name) >= 3:
                index.setdefault(_fold(name), code)
    index.update({"darija": "ar", "berbere": "ber", "berber": "ber", "tamazight": "ber",
                  "lingala": "ln", "swahili": "sw", "farsi": "fa", "dari": "fa"})
    return index


def languages_named_in(text: str) -> list[str]:
    """Every language named in ``text``, in any of the three languages ("arabe, turc")."""
    folded = f" {_fold(text)} "
    found: dict[str, int] = {}
    for name in sorted(_other_language_index(), key=len, reverse=True):
        position = folded.find(f" {name} ")
        if position >= 0:
            code = _other_language_index()[name]
            folded = folded.replace(f" {name} ", " " + "|" * len(name) + " ")
            found.setdefault(code, position)
    return sorted(found, key=found.get)


# --- state in the database ----------------------------------------------------------------------


def load(session: Session, conversation_id: str, flow: str) -> FlowState | None:
    return session.get(FlowState, (conversation_id, flow))


def state_of(row: FlowState) -> dict:
    """The questionnaire's state (decrypted for a sealed flow)."""
    if row.flow in SEALED:
        from core import crypto

        return json.loads(crypto.decrypt(row.state["sealed"]))
    return row.state


def save(session: Session, conversation_id: str, flow: str, state: dict) -> FlowState:
    if flow in SEALED:
        from core import crypto

        state = {"sealed": crypto.encrypt(json.dumps(state))}
    row = load(session, conversation_id, flow)
    if row is None:
        row = FlowState(conversation_id=conversation_id, flow=flow, state=state)
        session.add(row)
    else:
        row.state = state
        row.updated_at = utcnow()
    return row


def _conversation_exists(session: Session, conversation_id: str) -> bool:
    return session.get(Conversation, conversation_id) is not None


# --- starting ----------------------------------------------------------------------------------------


def start(session: Session, conversation_id: str, flow: str, language: str,
          goal: str | None = None) -> list[Outgoing]:
    """Begin (or offer to resume) a questionnaire; the first question follows from ``ask``."""
    if not _conversation_exists(session, conversation_id):
        raise LookupError("unknown conversation")
    if flow == CHILDCARE:
        from core import childcare_chat

        save(session, conversation_id, CHILDCARE, childcare_chat.new_state())
        return [Outgoing(childcare_chat.c(language, "intro"))]
    if flow == PATHWAY:
        from core import pathway_chat

        save(session, conversation_id, PATHWAY, pathway_chat.new_state())
        return []
    if flow == ASSESSMENT:
        row = load(session, conversation_id, ASSESSMENT)
        if row and row.state.get("status") in ("asking", "stopped", "handover") and _started(row.state):
            state = dict(row.state, resume_pending=True, status="asking", failures=0)
            save(session, conversation_id, ASSESSMENT, state)
            return []
        state = engine.new_state(content.assessment().version) | {"status": "asking", "failures": 0}
        save(session, conversation_id, ASSESSMENT, state).started_at = utcnow()
        return [Outgoing(t(language, "assessment_intro"))]
    state = {"status": "asking", "failures": 0, "goal": goal if goal in training.GOALS else None,
             "level": None, "format": None, "commune": None,
             "commune_asked": False, "results": [], "offset": 0}
    save(session, conversation_id, TRAINING, state)
    return []


def _started(state: dict) -> bool:
    return bool(state["languages"] or state["languages_done"] or state["digital"])


# --- the assessment's questions ----------------------------------------------------------------------


def _assessment_question(state: dict) -> engine.Question | None:
    return engine.current_question(state, content.assessment())


def _assessment_choices(q: engine.Question) -> list[tuple[str, list[str]]]:
    data = content.assessment()
    if q.kind == "resume":
        return [("resume", _labels("b_resume")), ("restart", _labels("b_restart"))]
    if q.kind == "pick_language":
        return [(c, _labels("b_done") if c == "done" else _labels("b_skip_part") if c == "skip"
                 else _language_labels(c)) for c in q.choices]
    if q.kind == "other_languages":
        return [("none", _labels("b_no_other"))]
    if q.kind == "cefr":
        keys = {"yes": "b_yes", "little": "b_little", "no": "b_no", "skip": "b_skip_part"}
        return [(c, _labels(keys[c])) for c in q.choices]
    scale = data.digital_scale
    return [(c, _labels("b_skip_part") if c == "skip" else
             [scale[int(c)].fr, scale[int(c)].nl, scale[int(c)].en]) for c in q.choices]


def _assessment_buttons(q: engine.Question, language: str) -> list[dict]:
    data = content.assessment()
    buttons = []
    for value, labels in _assessment_choices(q):
        title = labels[LANGUAGES.index(language)]
        if q.kind == "pick_language" and value in LANGUAGES:
            title = capital(title)
        if q.kind == "digital" and value != "skip":
            title = data.digital_scale[int(value)].get(language)
        buttons.append(button(title, choose(value)))
    return buttons


def _assessment_text(q: engine.Question, state: dict, language: str, row: FlowState) -> str:
    data = content.assessment()
    if q.kind == "resume":
        return t(language, "assessment_resume", date=long_date(row.started_at.date(), language))
    if q.kind == "pick_language":
        return t(language, "pick_language_more" if q.chosen else "pick_language_first")
    if q.kind == "other_languages":
        return t(language, "other_languages")
    if q.kind == "cefr":
        lines = []
        name = language_name(q.language, language)
        if q.number == 1:
            lines.append(t(language, "cefr_intro", language=name))
        lines.append(capital(t(language, "cefr_header", language=name,
                               skill=t(language, f"skill_{q.skill}"), number=q.number)))
        lines.append(f"«\u00a0{data.cefr[q.skill][q.level].get(language)}\u00a0»"
                     if language == "fr" else f"“{data.cefr[q.skill][q.level].get(language)}”")
        lines.append(t(language, "cefr_prompt"))
        return "\n".join(lines)
    area = data.digital_areas[q.area]
    lines = []
    if q.number == 1:
        lines.append(t(language, "digital_intro"))
    lines.append(t(language, "digital_header", area=area.title.get(language), number=q.number))
    lines.append(area.statements[q.statement].text.get(language))
    return "\n".join(lines)


# --- the training search's questions --------------------------------------------------------------------

_GOAL_KEYS = {"digital": "goal_digital", "job_search": "goal_job_search"}
_SELF_LANGUAGE = (("-1", "self_none"), ("0", "self_words"), ("1", "self_simple"),
                  ("2", "self_well"), ("3", "self_very_well"))
_SELF_DIGITAL = (("0", "self_starting"), ("1", "self_simple_things"), ("2", "self_alone"),
                 ("3", "self_confident"))
_FORMATS = (("online", "format_online_choice"), ("in_person", "format_in_person_choice"),
            ("any", "format_any_choice"))
_GOAL_WORDS = {
    "digital": {"computer", "ordinateur", "informatique", "numerique", "digital", "digitaal",
                "pc", "internet", "smartphone", "gsm", "computers", "computervaardigheden", "it"},
    "job_search": {"job", "emploi", "travail", "werk", "cv", "solliciteren", "sollicitation",
                   "work", "jobs", "werk zoeken", "finding a job"},
}


def _training_question(state: dict, assessed: dict | None) -> str | None:
    """The next question of the training search; ``assessed`` is the latest assessment's result."""
    if state["goal"] is None:
        return "goal"
    if state["level"] is None and training.needs_level(state["goal"], assessed):
        return "level"
    if state["format"] is None:
        return "format"
    if state["format"] == "in_person" and not state["commune_asked"]:
        return "commune"
    return None


def _training_choices(question: str, state: dict) -> list[tuple[str, list[str]]]:
    if question == "goal":
        return [(g, _language_labels(g.split(":")[1]) if g.startswith("language:")
                 else _labels(_GOAL_KEYS[g])) for g in training.GOALS]
    if question == "level":
        pairs = _SELF_LANGUAGE if state["goal"].startswith("language:") else _SELF_DIGITAL
        return [(v, _labels(k)) for v, k in pairs]
    if question == "format":
        return [(v, _labels(k)) for v, k in _FORMATS]
    return [("skip", _labels("b_skip"))]


def _training_prompt(question: str, state: dict, language: str) -> Outgoing:
    choices = _training_choices(question, state)
    buttons = [button(capital(labels[LANGUAGES.index(language)]), choose(value))
               for value, labels in choices]
    if question == "goal":
        text = t(language, "training_goal")
    elif question == "level" and state["goal"].startswith("language:"):
        text = t(language, "training_level_language",
                 language=language_name(state["goal"].split(":")[1], language))
    elif question == "level":
        text = t(language, "training_level_digital")
    elif question == "format":
        text = t(language, "training_format")
    else:
        text = t(language, "training_commune")
    return Outgoing(text, buttons)


def _read_training_answer(question: str, state: dict, text: str) -> str | None:
    value = match_choice(text, _training_choices(question, state))
    if value is not None:
        return value
    folded = _fold(text)
    if question == "goal":
        named = language_named_in(text)
        if named:
            return f"language:{named}"
        for goal, words in _GOAL_WORDS.items():
            if folded in words or set(folded.split()) & words:
                return goal
    if question == "level" and folded.upper() in CEFR_LEVELS and state["goal"].startswith("language:"):
        return str(CEFR_LEVELS.index(folded.upper()))
    if question == "commune":
        return training.commune_named_in(text)
    return None


def _apply_training_answer(question: str, state: dict, value: str) -> dict:
    state = dict(state)
    if question == "goal":
        state["goal"] = value
    elif question == "level":
        state["level"] = int(value)
    elif question == "format":
        state["format"] = value
    elif question == "commune":
        state["commune"] = None if value == "skip" else value
        state["commune_asked"] = True
    return state


# --- asking and answering ------------------------------------------------------------------------------


def ask(session: Session, conversation_id: str, flow: str, language: str) -> list[Outgoing]:
    """The current question, with its buttons."""
    row = load(session, conversation_id, flow)
    if row is None:
        return []
    state = state_of(row)
    if flow in (CHILDCARE, PATHWAY):
        steps = _steps(flow)
        q = steps.question(state)
        if q is None:
            return []
        text, choices = steps.prompt(q, state, language)
        if q in getattr(steps, "PRIVATE_QUESTIONS", ()):  # repeats answers: kept out of the tracker
            from core import sealed

            text = sealed.seal_out(session, conversation_id, text)
        return [Outgoing(text, [button(title, choose(value)) for title, value in choices])]
    if flow == ASSESSMENT:
        q = _assessment_question(state)
        if q is None:
            return []
        return [Outgoing(_assessment_text(q, state, language, row), _assessment_buttons(q, language))]
    question = _training_question(state, assessments.latest_result(session, conversation_id))
    return [_training_prompt(question, state, language)] if question else []


def _invalid(state: dict, language: str, key: str = "invalid_answer") -> tuple[dict, list[Outgoing]]:
    failures = state.get("failures", 0) + 1
    state = dict(state, failures=failures)
    messages = [Outgoing(t(language, key))]
    if failures >= INVALID_BEFORE_COUNSELLOR:
        title = translate(language, B_HUMAN.title)
        messages.append(Outgoing(t(language, "invalid_again"), [
            button(title, B_HUMAN.payload),
            button(t(language, "b_stop"), "/stop"),
        ]))
    return state, messages


def answer(session: Session, conversation_id: str, flow: str, language: str, text: str) -> Outcome:
    """Read the person's answer to the current question and move on."""
    row = load(session, conversation_id, flow)
    if row is None:
        return Outcome("stopped")
    state = state_of(row)
    if is_stop(text):
        save(session, conversation_id, flow, dict(state, status="stopped", failures=0))
        return Outcome("stopped")
    if text.strip().startswith(B_HUMAN.payload):
        save(session, conversation_id, flow, dict(state, status="handover", failures=0))
        return Outcome("handover")

    if flow in (CHILDCARE, PATHWAY):
        return _answer_steps(session, conversation_id, flow, state, language, text)
    if flow == ASSESSMENT:
        q = _assessment_question(state)
        if q is None:
            return Outcome("done")
        value: str | list[str] | None = match_choice(text, _assessment_choices(q))
        if value is None and q.kind == "pick_language":
            named = [code for code in languages_named_in(text) if code in LANGUAGES]
            value = named if len(named) > 1 else (named[0] if named else None)
            if value is None and set(_fold(text).split()) & {"all", "tous", "toutes", "alle", "drie", "trois", "three"}:
                value = [c for c in LANGUAGES if c not in state["languages"]]
        if value is None and q.kind == "other_languages":
            named = languages_named_in(text)
            if not named:
                state, messages = _invalid(state, language, "other_languages_invalid")
                save(session, conversation_id, flow, state)
                return Outcome("invalid", messages)
            value = named
        if value is None:
            state, messages = _invalid(state, language)
            save(session, conversation_id, flow, state)
            return Outcome("invalid", messages)
        state = engine.apply_answer(state, q, value) | {"failures": 0, "status": "asking"}
        if q.kind == "resume" and value == "restart":
            row.started_at = utcnow()
        done = _assessment_question(state) is None
        save(session, conversation_id, flow, dict(state, status="done" if done else "asking"))
        return Outcome("done" if done else "next")

    assessed = assessments.latest_result(session, conversation_id)
    question = _training_question(state, assessed)
    if question is None:
        return Outcome("done")
    value = _read_training_answer(question, state, text)
    if value is None:
        state, messages = _invalid(state, language, "commune_invalid" if question == "commune"
                                   else "invalid_answer")
        save(session, conversation_id, flow, state)
        return Outcome("invalid", messages)
    state = _apply_training_answer(question, state, value) | {"failures": 0}
    done = _training_question(state, assessed) is None
    save(session, conversation_id, flow, dict(state, status="done" if done else "asking"))
    return Outcome("done" if done else "next")


def _steps(flow: str):
    """The module that asks and reads a step-by-step questionnaire: question, choices,
    prompt, read, attempt (after a final question) and end_messages."""
    if flow == CHILDCARE:
        from core import childcare_chat

        return childcare_chat
    from core import pathway_chat

    return pathway_chat


def _answer_steps(session: Session, conversation_id: str, flow: str, state: dict, language: str,
                  text: str) -> Outcome:
    steps = _steps(flow)
    q = steps.question(state)
    if q is None:
        return Outcome("done")
    value = match_choice(text, steps.choices(q, state))
    try:
        new_state, extra = steps.read(q, state, text, value, language)
    except Reask as reask:
        new_state, messages = _invalid(state, language)
        messages[0] = Outgoing(reask.message)
        save(session, conversation_id, flow, new_state)
        return Outcome("invalid", messages)
    if value is None and new_state == state:  # not understood
        new_state, messages = _invalid(state, language)
        save(session, conversation_id, flow, new_state)
        return Outcome("invalid", messages)
    messages = []
    if q in steps.FINAL_QUESTIONS:
        if new_state["status"] == "asking" and extra:
            new_state = steps.attempt(session, conversation_id, new_state, extra, language)
    elif extra:
        messages.append(Outgoing(extra))
    new_state["failures"] = 0
    save(session, conversation_id, flow, new_state)
    done = steps.question(new_state) is None
    return Outcome("done" if done else "next", messages)


# --- the end of a questionnaire ----------------------------------------------------------------------------


def finish(session: Session, conversation_id: str, flow: str, language: str) -> list[Outgoing]:
    """What to say when the form ended: the result, a pause, or the way to a counsellor."""
    row = load(session, conversation_id, flow)
    status = state_of(row).get("status") if row else "stopped"
    if status == "handover":
        from core.render import render

        if flow == PATHWAY and row is not None:  # nothing half-saved
            session.delete(row)
        message = render("utter_coming_human", language)
        return [Outgoing(message["text"], message["buttons"])]
    if flow in (CHILDCARE, PATHWAY):
        state = state_of(row) if row else {}
        if status != "done":  # stopped: nothing stored, or a booking left as it was
            state = {key: state.get(key) for key in ("mode", "reference")}
        ended = _steps(flow).end_messages(session, state, language)
        if row is not None:
            session.delete(row)
        return [Outgoing(text, [button(title, payload) for title, payload in buttons])
                for text, buttons in ended]
    if status != "done":
        if flow == ASSESSMENT and row is not None:
            return [Outgoing(t(language, "assessment_stopped"), [
                button(t(language, "b_continue_test"), intent("start_assessment")),
                button(translate(language, B_HUMAN.title), B_HUMAN.payload),
                button(t(language, "b_menu"), intent("help")),
            ])]
        if row is not None:
            session.delete(row)
        message = RESPONSES["utter_anything_else"]
        return [Outgoing(t(language, "training_stopped"),
                         [button(translate(language, b.title), b.payload) for b in message.buttons])]
    if flow == ASSESSMENT:
        return _finish_assessment(session, conversation_id, row, language)
    return _show_training(session, conversation_id, row, language, first=True)


def _finish_assessment(session: Session, conversation_id: str, row: FlowState, language: str) -> list[Outgoing]:
    record = assessments.store(session, conversation_id, row, language)
    session.delete(row)
    if record is None:
        from core.render import render

        menu = render("utter_anything_else", language)["buttons"]
        return [Outgoing(t(language, "result_nothing"), menu)]
    return [Outgoing(summary(record.result, language)),
            Outgoing(t(language, "result_stored", date=long_date(record.completed_at.date(), language)), [
                button(t(language, "b_trainings"), intent("find_training")),
                button(translate(language, B_HUMAN.title), B_HUMAN.payload),
                button(t(language, "b_menu"), intent("help")),
            ])]


def cefr_label(level: str) -> str:
    return {"A": "cefr_basic", "B": "cefr_independent", "C": "cefr_proficient"}[level[0]]


def summary(outcome: dict, language: str) -> str:
    """The result in plain words: a level per language and per digital area."""
    data = content.assessment()
    lines = [t(language, "result_title")]
    if outcome["languages"]:
        lines.append(t(language, "result_languages"))
        for code, level in outcome["languages"].items():
            lines.append("• " + capital(t(language, "result_language_line",
                                          language=language_name(code, language), level=level,
                                          label=t(language, cefr_label(level)))))
    if outcome.get("other_languages"):
        names = ", ".join(language_name(c, language) for c in outcome["other_languages"])
        lines.append(t(language, "result_other_languages", languages=names))
    digital = outcome["digital"]
    if digital["areas"]:
        lines.append(t(language, "result_digital", level=t(language, f"level_{digital['overall']}")))
        for area in DIGITAL_AREAS:
            if area in digital["areas"]:
                lines.append("• " + t(language, "result_area_line",
                                      area=data.digital_areas[area].title.get(language),
                                      level=t(language, f"level_{digital['areas'][area]['level']}")))
        if digital.get("strongest") and digital.get("weakest"):
            lines.append(t(language, "result_strongest",
                           strongest=data.digital_areas[digital["strongest"]].title.get(language),
                           weakest=data.digital_areas[digital["weakest"]].title.get(language)))
    return "\n".join(lines)


# --- training suggestions ---------------------------------------------------------------------------------


def _profile(session: Session, conversation_id: str, state: dict, language: str) -> training.Profile:
    return training.profile_from(
        state["goal"], assessments.latest_result(session, conversation_id), state.get("level"), language,
        format=state.get("format") or "any", commune=state.get("commune"),
    )


def reason_text(reason: training.Reason, language: str) -> str:
    data = content.assessment()
    args = dict(reason.arguments)
    if "language" in args:
        args["language"] = language_name(args["language"], language)
    if "area" in args:
        area = args["area"]
        args["area"] = (data.digital_areas[area].title.get(language) if area in data.digital_areas
                        else t(language, "goal_digital"))
    for key in ("level", "target", "entry"):
        if args.get(key) in ("foundation", "intermediate", "advanced"):
            args[key] = t(language, f"level_{args[key]}")
    return t(language, reason.key, **args)


def duration(hours: int, language: str) -> str:
    if hours == 1:
        return t(language, "hours_one")
    return t(language, "hours", hours=format_decimal(hours, locale=BABEL_LOCALES[language]))


def cost(amount: float, language: str) -> str:
    if amount == 0:
        return t(language, "free")
    return format_currency(amount, "EUR", locale=BABEL_LOCALES[language])


def _facts(module: Module, language: str) -> str:
    parts = [t(language, f"format_{module.format}")]
    if module.commune:
        parts.append(module.commune)
    parts += [duration(module.duration_hours, language), cost(module.cost_eur, language)]
    return " · ".join(parts)


def _list_buttons(language: str, numbers: list[tuple[int, str]], more: bool) -> list[dict]:
    buttons = [button(t(language, "b_details", number=n), intent("training_details", module=key))
               for n, key in numbers]
    if more:
        buttons.append(button(t(language, "b_more"), intent("training_more")))
    buttons.append(button(t(language, "b_other_subject"), intent("find_training")))
    return buttons


def _show_training(session: Session, conversation_id: str, row: FlowState, language: str,
                   first: bool) -> list[Outgoing]:
    state = dict(row.state)
    modules = training.active_modules(session)
    if first:
        ranked = training.rank(modules, _profile(session, conversation_id, state, language))
        state["results"] = [[s.key, s.reason.key, s.reason.arguments] for s in ranked]
        state["offset"] = 0
        state["status"] = "shown"
    results, offset = state["results"], state["offset"]
    if not results:
        row.state = state
        return [Outgoing(t(language, "training_none"), [
            button(t(language, "b_other_subject"), intent("find_training")),
            button(translate(language, B_HUMAN.title), B_HUMAN.payload),
        ])]
    page = results[offset:offset + training.PAGE]
    if not page:
        return [Outgoing(t(language, "training_no_more"), [
            button(t(language, "b_other_subject"), intent("find_training")),
            button(translate(language, B_HUMAN.title), B_HUMAN.payload),
        ])]
    lines = [t(language, "training_results" if offset == 0 else "training_results_more")]
    numbers = []
    for i, (key, reason_key, arguments) in enumerate(page, start=offset + 1):
        module = modules.get(key)
        if module is None:
            continue
        lines.append("")
        lines.append(t(language, "module_line", number=i, title=module.title.get(language),
                       provider=module.provider))
        lines.append(reason_text(training.Reason(reason_key, arguments), language))
        lines.append(_facts(module, language))
        numbers.append((i, key))
    state["offset"] = offset + training.PAGE
    row.state = state
    row.updated_at = utcnow()
    more = state["offset"] < len(results)
    return [Outgoing("\n".join(lines), _list_buttons(language, numbers, more))]


def more(session: Session, conversation_id: str, language: str) -> list[Outgoing]:
    """The next three suggestions of the last search."""
    row = load(session, conversation_id, TRAINING)
    if row is None or row.state.get("status") != "shown":
        return []
    return _show_training(session, conversation_id, row, language, first=False)


def details(session: Session, conversation_id: str, key: str, language: str) -> list[Outgoing]:
    """Everything about one module, in the person's language."""
    module = training.active_modules(session).get(key or "")
    row = load(session, conversation_id, TRAINING)
    if module is None:
        return []
    lines = [f"{module.title.get(language)}", module.description.get(language),
             t(language, "detail_provider", value=module.provider)]
    if module.format == "online":
        lines.append(t(language, "detail_online"))
    else:
        lines.append(t(language, "detail_where", value=f"{module.address} ({t(language, f'format_{module.format}')})"))
    lines.append(t(language, "detail_duration", value=duration(module.duration_hours, language)))
    lines.append(t(language, "detail_cost", value=cost(module.cost_eur, language)))
    lines.append(t(language, "detail_taught_in", value=", ".join(
        language_name(c, language) for c in module.instruction_languages)))
    if module.accessibility:
        lines.append(t(language, "detail_accessibility", value=module.accessibility.get(language)))
    lines.append(t(language, "detail_link", value=str(module.link)))
    buttons = []
    if row is not None and row.state.get("status") == "shown" and row.state["offset"] < len(row.state["results"]):
        buttons.append(button(t(language, "b_more"), intent("training_more")))
    buttons.append(button(t(language, "b_other_subject"), intent("find_training")))
    buttons.append(button(translate(language, B_HUMAN.title), B_HUMAN.payload))
    return [Outgoing("\n".join(lines), buttons)]
