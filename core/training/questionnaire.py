"""The training search in the chat: what the person wants to learn, their level when no
assessment tells it, how and where they want to learn; then three suggestions at a time,
each with its reason, and the details of one."""

from typing import Any

from babel.numbers import format_currency, format_decimal
from sqlalchemy.orm import Session

from core import assessment
from core.communes import commune_named_in
from core.frameworks import CEFR_LEVELS, DIGITAL_AREAS
from core.i18n import LANGUAGES, babel_locale, capital, language_name, language_named_in, translate, uncapital
from core.questionnaire import (
    Answer,
    Choice,
    Ending,
    Opening,
    Outgoing,
    Questionnaire,
    Reask,
    Turn,
    button,
    choose,
    engine,
)
from core.questionnaire.answers import folded, understand, with_words
from core.questionnaire.opening import CHECK, check_choices, check_prompt
from core.questionnaire.texts import TEXTS as COMMON
from core.responses import B_HUMAN, RESPONSES, intent
from core.training import catalogue, ranking
from core.training.content import Module
from core.training.texts import TEXTS

State = dict[str, Any]
_GOAL_KEYS = {"digital": "goal_digital", "job_search": "goal_job_search"}
_SELF_LANGUAGE = (("-1", "self_none"), ("0", "self_words"), ("1", "self_simple"),
                  ("2", "self_well"), ("3", "self_very_well"))
_SELF_DIGITAL = (("0", "self_starting"), ("1", "self_simple_things"), ("2", "self_alone"),
                 ("3", "self_confident"))
_FORMATS = (("online", "format_online_choice"), ("in_person", "format_in_person_choice"),
            ("any", "format_any_choice"))
def _language_labels(code: str) -> tuple[str, ...]:
    return tuple(language_name(code, lang) for lang in LANGUAGES)


class TrainingSearch(Questionnaire[str]):
    """Goal → level (only without an assessment of it) → format → commune (in a classroom)."""

    name = "training"

    def begin(self, turn: Turn, stored: State | None, opening: Opening) -> tuple[State, list[Outgoing]]:
        state: State = {"goal": None, "level": None, "format": None, "commune": None, "commune_asked": False,
                        "results": [], "offset": 0, "opening": [], "opening_checked": False}
        goal = opening.entities.get("goal")
        if goal not in ranking.GOALS and opening.entities.get("language") in LANGUAGES:
            goal = f"language:{opening.entities['language']}"
        if goal not in ranking.GOALS and not opening.pressed:
            goal = _goal_in(opening.text, turn.language)
        if goal in ranking.GOALS:
            state["goal"] = goal
        if not opening.pressed:
            state["format"] = self._chosen_in(turn, state, "format", opening.text)
            state["opening"] = [key for key in ("goal", "format") if state[key] is not None]
        return state, []

    def _chosen_in(self, turn: Turn, state: State, question: str, text: str) -> str | None:
        """The one choice of ``question`` an opening sentence names, if any."""
        choices = with_words(self.choices(turn, state, question), f"{self.name}.{question}", None)
        return understand(text, choices).value

    def question(self, turn: Turn, state: State) -> str | None:
        if state.get("opening") and not state.get("opening_checked"):
            return CHECK
        if state["goal"] is None:
            return "goal"
        if state["level"] is None and ranking.needs_level(
                state["goal"], assessment.latest_result(turn.session, turn.conversation_id)):
            return "level"
        if state["format"] is None:
            return "format"
        if state["format"] == "in_person" and not state["commune_asked"]:
            return "commune"
        return None

    def choices(self, turn: Turn, state: State, question: str) -> list[Choice]:
        if question == CHECK:
            return check_choices()
        if question == "goal":
            return [Choice.of(g, _language_labels(g.split(":")[1]) if g.startswith("language:")
                              else TEXTS.everywhere(_GOAL_KEYS[g])) for g in ranking.GOALS]
        if question == "level":
            pairs = _SELF_LANGUAGE if state["goal"].startswith("language:") else _SELF_DIGITAL
            return [Choice.of(v, TEXTS.everywhere(k)) for v, k in pairs]
        if question == "format":
            return [Choice.of(v, TEXTS.everywhere(k)) for v, k in _FORMATS]
        return [Choice.of("skip", COMMON.everywhere("b_skip"))]

    def prompt(self, turn: Turn, state: State, question: str) -> Outgoing:
        language = turn.language
        if question == CHECK:
            goal = state["goal"] or ""
            understood = ([language_name(goal.split(":")[1], language) if goal.startswith("language:") else
                           uncapital(goal_name(goal, language))] if "goal" in state["opening"] else [])
            if "format" in state["opening"]:
                understood.append(uncapital(TEXTS(language, dict(_FORMATS)[state["format"]])))
            return check_prompt(language, understood)
        buttons = [button(capital(choice.labels[LANGUAGES.index(language)]), choose(choice.value))
                   for choice in self.choices(turn, state, question)]
        if question == "goal":
            text = TEXTS(language, "training_goal")
        elif question == "level" and state["goal"].startswith("language:"):
            text = TEXTS(language, "training_level_language",
                         language=language_name(state["goal"].split(":")[1], language))
        elif question == "level":
            text = TEXTS(language, "training_level_digital")
        elif question == "format":
            text = TEXTS(language, "training_format")
        else:
            text = TEXTS(language, "training_commune")
        return Outgoing(text, buttons)

    def read(self, turn: Turn, state: State, question: str,
             answer: Answer) -> tuple[State, list[Outgoing]] | None:
        text, value = answer.text, answer.value
        if question == CHECK:
            if value is None:
                return None
            changed = {key: None for key in state["opening"]} if value == "no" else {}
            return state | changed | {"opening_checked": True}, []
        value = value if value is not None else self._typed(question, state, text)
        if value is None:
            if question == "commune":
                raise Reask(TEXTS(turn.language, "commune_invalid"))
            return None
        state = dict(state)
        if question == "goal":
            state["goal"] = value
        elif question == "level":
            state["level"] = int(value)
        elif question == "format":
            state["format"] = value
        else:
            state["commune"] = None if value == "skip" else value
            state["commune_asked"] = True
        return state, []

    def takes_free_text(self, question: str) -> bool:
        return question == "commune"

    def dont_know(self, question: str) -> str | None:
        return "skip" if question == "commune" else None

    @staticmethod
    def _typed(question: str, state: State, text: str) -> str | None:
        """An answer written in words rather than a choice's label."""
        words = folded(text)
        if question == "goal":
            named = language_named_in(text)
            if named:
                return f"language:{named}"
        if question == "level" and words.upper() in CEFR_LEVELS and state["goal"].startswith("language:"):
            return str(CEFR_LEVELS.index(words.upper()))
        if question == "commune":
            return commune_named_in(text)
        return None

    def finish(self, turn: Turn, state: State) -> Ending:
        if state.get("status") != "done":
            message = RESPONSES["utter_anything_else"]
            return Ending([Outgoing(TEXTS(turn.language, "training_stopped"),
                                    [button(translate(turn.language, b.title), b.payload) for b in message.buttons])])
        modules = catalogue.active_modules(turn.session)
        ranked = ranking.rank(modules, _profile(turn.session, turn.conversation_id, state, turn.language))
        state = state | {"results": [[s.key, s.reason.key, s.reason.arguments] for s in ranked],
                         "offset": 0, "status": "shown"}
        return _page(turn.session, modules, state, turn.language)


SEARCH = TrainingSearch()


def _goal_in(text: str, language: str) -> str | None:
    """What an opening sentence wants to learn: a language ("apprendre le néerlandais"),
    computer skills or finding a job. A language named after "en"/"in" in the very
    language of the message is the language of the course, not its subject."""
    named = language_named_in(text)
    words = folded(text).split()
    if named and not (named == language and any(w in ("en", "in") for w in words)):
        return f"language:{named}"
    goals = [Choice.of(g, TEXTS.everywhere(k)) for g, k in _GOAL_KEYS.items()]
    return understand(text, with_words(goals, "training.goal", None)).value


def goal_name(goal: str, language: str) -> str:
    """What the person wanted to learn, in words ("Dutch", "Computer skills")."""
    if goal.startswith("language:"):
        return capital(language_name(goal.split(":")[1], language))
    return TEXTS(language, _GOAL_KEYS[goal])


def _profile(session: Session, conversation_id: str, state: State, language: str) -> ranking.Profile:
    return ranking.profile_from(
        state["goal"], assessment.latest_result(session, conversation_id), state.get("level"), language,
        format=state.get("format") or "any", commune=state.get("commune"),
    )


# --- suggestions in words ------------------------------------------------------------------------


def reason_text(reason: ranking.Reason, language: str) -> str:
    args = dict(reason.arguments)
    if "language" in args:
        args["language"] = language_name(args["language"], language)
    if "area" in args:
        area = args["area"]
        args["area"] = (assessment.area_title(area, language) if area in DIGITAL_AREAS
                        else TEXTS(language, "goal_digital"))
    for key in ("level", "target", "entry"):
        if args.get(key) in ("foundation", "intermediate", "advanced"):
            args[key] = assessment.level_name(args[key], language)
    return TEXTS(language, reason.key, **args)


def duration(hours: int, language: str) -> str:
    if hours == 1:
        return TEXTS(language, "hours_one")
    return TEXTS(language, "hours", hours=format_decimal(hours, locale=babel_locale(language)))


def cost(amount: float, language: str) -> str:
    if amount == 0:
        return TEXTS(language, "free")
    return format_currency(amount, "EUR", locale=babel_locale(language))


def _facts(module: Module, language: str) -> str:
    parts = [TEXTS(language, f"format_{module.format}")]
    if module.commune:
        parts.append(module.commune)
    parts += [duration(module.duration_hours, language), cost(module.cost_eur, language)]
    return " · ".join(parts)


def _other_subject(language: str) -> dict[str, str]:
    return button(TEXTS(language, "b_other_subject"), intent("find_training"))


def _human(language: str) -> dict[str, str]:
    return button(translate(language, B_HUMAN.title), B_HUMAN.payload)


def _page(session: Session, modules: dict[str, Module], state: State, language: str) -> Ending:
    """The next three suggestions of a search, and the state that remembers where it is;
    each module shown is counted as suggested."""
    results, offset = state["results"], state["offset"]
    if not results:
        return Ending([Outgoing(TEXTS(language, "training_none"), [_other_subject(language), _human(language)])],
                      keep=state)
    page = results[offset:offset + ranking.PAGE]
    if not page:
        return Ending([Outgoing(TEXTS(language, "training_no_more"), [_other_subject(language), _human(language)])],
                      keep=state)
    lines = [TEXTS(language, "training_results" if offset == 0 else "training_results_more")]
    numbers = []
    for number, (key, reason_key, arguments) in enumerate(page, start=offset + 1):
        module = modules.get(key)
        if module is None:
            continue
        lines += ["", TEXTS(language, "module_line", number=number, title=module.title.get(language),
                            provider=module.provider),
                  reason_text(ranking.Reason(reason_key, arguments), language), _facts(module, language)]
        numbers.append((number, key))
    catalogue.record(session, catalogue.SUGGESTED, [key for _number, key in numbers], language)
    state = state | {"offset": offset + ranking.PAGE}
    buttons = [button(TEXTS(language, "b_details", number=n), intent("training_details", module=key))
               for n, key in numbers]
    if state["offset"] < len(results):
        buttons.append(button(TEXTS(language, "b_more"), intent("training_more")))
    buttons.append(_other_subject(language))
    return Ending([Outgoing("\n".join(lines), buttons)], keep=state)


def more(session: Session, conversation_id: str, language: str) -> list[Outgoing]:
    """The next three suggestions of the last search; nothing when there was none."""
    state = engine.stored_state(session, conversation_id, SEARCH.name)
    if state is None or state.get("status") != "shown":
        return []
    ending = _page(session, catalogue.active_modules(session), state, language)
    engine.save(session, conversation_id, SEARCH, ending.keep or state)
    return ending.messages


def details(session: Session, conversation_id: str, key: str | None, language: str) -> list[Outgoing]:
    """Everything about one module, in the person's language; counted as opened."""
    module = catalogue.active_modules(session).get(key or "")
    if module is None or key is None:
        return []
    catalogue.record(session, catalogue.OPENED, [key], language)
    lines = [f"{module.title.get(language)}", module.description.get(language),
             TEXTS(language, "detail_provider", value=module.provider)]
    if module.format == "online":
        lines.append(TEXTS(language, "detail_online"))
    else:
        lines.append(TEXTS(language, "detail_where",
                           value=f"{module.address} ({TEXTS(language, f'format_{module.format}')})"))
    lines.append(TEXTS(language, "detail_duration", value=duration(module.duration_hours, language)))
    lines.append(TEXTS(language, "detail_cost", value=cost(module.cost_eur, language)))
    lines.append(TEXTS(language, "detail_taught_in", value=", ".join(
        language_name(c, language) for c in module.instruction_languages)))
    if module.accessibility:
        lines.append(TEXTS(language, "detail_accessibility", value=module.accessibility.get(language)))
    lines.append(TEXTS(language, "detail_link", value=str(module.link)))
    state = engine.stored_state(session, conversation_id, SEARCH.name)
    buttons = []
    if state is not None and state.get("status") == "shown" and state["offset"] < len(state["results"]):
        buttons.append(button(TEXTS(language, "b_more"), intent("training_more")))
    buttons += [_other_subject(language), _human(language)]
    return [Outgoing("\n".join(lines), buttons)]
