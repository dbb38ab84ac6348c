"""The skills assessment in the chat: its questions in words, its answers, its result.

Which question comes next and what an answer means is core/assessment/scoring.py; this
puts them into words in the person's language, with buttons, reads typed answers
(language names in any of the three languages), and stores the result with its date.
A stopped assessment is kept, to be resumed on the same channel.
"""

from functools import lru_cache
from typing import Any

from babel import Locale

from core.assessment import records, scoring
from core.assessment.content import question_set
from core.assessment.texts import TEXTS
from core.frameworks import DIGITAL_AREAS
from core.i18n import BABEL_LOCALES, LANGUAGES, capital, language_name, long_date, translate
from core.models import utcnow
from core.questionnaire import Answer, Choice, Ending, Opening, Outgoing, Questionnaire, Reask, Turn, button, choose
from core.questionnaire.answers import folded
from core.questionnaire.opening import CHECK, check_choices, check_prompt
from core.questionnaire.texts import TEXTS as COMMON
from core.render import render
from core.responses import B_HUMAN, intent

State = dict[str, Any]
OPENING_CHECK = scoring.Question(CHECK, ("yes", "no"))  # the languages the opening message named
_ALL_WORDS = {"all", "tous", "toutes", "alle", "drie", "trois", "three"}


@lru_cache
def _language_index() -> dict[str, str]:
    """Language names in French, Dutch and English (Babel), folded → ISO code."""
    index: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in Locale.parse(BABEL_LOCALES[lang]).languages.items():
            if len(code) == 2 and len(name) >= 3:
                index.setdefault(folded(name), code)
    index.update({"darija": "ar", "berbere": "ber", "berber": "ber", "tamazight": "ber",
                  "lingala": "ln", "swahili": "sw", "farsi": "fa", "dari": "fa"})
    return index


def languages_named_in(text: str) -> list[str]:
    """Every language named in ``text``, in any of the three languages ("arabe, turc")."""
    words = f" {folded(text)} "
    found: dict[str, int] = {}
    for name in sorted(_language_index(), key=len, reverse=True):
        position = words.find(f" {name} ")
        if position >= 0:
            code = _language_index()[name]
            words = words.replace(f" {name} ", " " + "|" * len(name) + " ")
            found.setdefault(code, position)
    return sorted(found, key=lambda code: found[code])


def _language_labels(code: str) -> tuple[str, ...]:
    return tuple(language_name(code, lang) for lang in LANGUAGES)


def _started(state: State) -> bool:
    return bool(state.get("languages") or state.get("languages_done") or state.get("digital"))


# --- the result ------------------------------------------------------------------------------


def cefr_label(level: str) -> str:
    return {"A": "cefr_basic", "B": "cefr_independent", "C": "cefr_proficient"}[level[0]]


def summary(outcome: dict[str, Any], language: str) -> str:
    """The result in plain words: a level per language and per digital area."""
    data = question_set()
    lines = [TEXTS(language, "result_title")]
    if outcome["languages"]:
        lines.append(TEXTS(language, "result_languages"))
        for code, level in outcome["languages"].items():
            lines.append("• " + capital(TEXTS(language, "result_language_line",
                                              language=language_name(code, language), level=level,
                                              label=TEXTS(language, cefr_label(level)))))
    if outcome.get("other_languages"):
        names = ", ".join(language_name(c, language) for c in outcome["other_languages"])
        lines.append(TEXTS(language, "result_other_languages", languages=names))
    digital = outcome["digital"]
    if digital["areas"]:
        lines.append(TEXTS(language, "result_digital", level=TEXTS(language, f"level_{digital['overall']}")))
        for area in DIGITAL_AREAS:
            if area in digital["areas"]:
                lines.append("• " + TEXTS(language, "result_area_line",
                                          area=data.digital_areas[area].title.get(language),
                                          level=TEXTS(language, f"level_{digital['areas'][area]['level']}")))
        if digital.get("strongest") and digital.get("weakest"):
            lines.append(TEXTS(language, "result_strongest",
                               strongest=data.digital_areas[digital["strongest"]].title.get(language),
                               weakest=data.digital_areas[digital["weakest"]].title.get(language)))
    return "\n".join(lines)


class AssessmentQuestionnaire(Questionnaire[scoring.Question]):
    """CEFR placement for French, Dutch and/or English, then DigComp, answered with buttons."""

    name = "assessment"
    resumable = True

    def begin(self, turn: Turn, stored: State | None, opening: Opening) -> tuple[State, list[Outgoing]]:
        if stored and stored.get("status") in ("asking", "stopped", "handover") and _started(stored):
            return stored | {"resume_pending": True}, []
        turn.row.started_at = utcnow()
        state = scoring.new_state(question_set().version)
        named = [] if opening.pressed else [c for c in languages_named_in(opening.text) if c in LANGUAGES]
        if opening.entities.get("language") in LANGUAGES and not named:
            named = [opening.entities["language"]]
        if named:  # "can you test my Dutch": those languages, echoed back first
            state |= {"languages": named, "languages_done": True, "opening": ["languages"], "opening_checked": False}
        return state, [Outgoing(TEXTS(turn.language, "assessment_intro"))]

    def question(self, turn: Turn, state: State) -> scoring.Question | None:
        if state.get("opening") and not state.get("opening_checked"):
            return OPENING_CHECK
        return scoring.current_question(state, question_set())

    def choices(self, turn: Turn, state: State, question: scoring.Question) -> list[Choice]:
        if question == OPENING_CHECK:
            return check_choices()
        if question.kind == "resume":
            return [Choice("resume", tuple(TEXTS.everywhere("b_resume"))),
                    Choice("restart", tuple(TEXTS.everywhere("b_restart")))]
        if question.kind == "pick_language":
            return [Choice.of(c, COMMON.everywhere("b_done") if c == "done" else
                              TEXTS.everywhere("b_skip_part") if c == "skip" else _language_labels(c))
                    for c in question.choices]
        if question.kind == "other_languages":
            return [Choice.of("none", TEXTS.everywhere("b_no_other"))]
        if question.kind == "cefr":
            words = {"yes": COMMON.everywhere("b_yes"), "little": TEXTS.everywhere("b_little"),
                     "no": COMMON.everywhere("b_no"), "skip": TEXTS.everywhere("b_skip_part")}
            return [Choice.of(c, words[c]) for c in question.choices]
        scale = question_set().digital_scale
        return [Choice.of(c, TEXTS.everywhere("b_skip_part") if c == "skip" else
                          [scale[int(c)].fr, scale[int(c)].nl, scale[int(c)].en]) for c in question.choices]

    def _buttons(self, turn: Turn, state: State, question: scoring.Question) -> list[dict[str, str]]:
        scale = question_set().digital_scale
        buttons = []
        for choice in self.choices(turn, state, question):
            title = choice.labels[LANGUAGES.index(turn.language)]
            if question.kind == "pick_language" and choice.value in LANGUAGES:
                title = capital(title)
            if question.kind == "digital" and choice.value != "skip":
                title = scale[int(choice.value)].get(turn.language)
            buttons.append(button(title, choose(choice.value)))
        return buttons

    def prompt(self, turn: Turn, state: State, question: scoring.Question) -> Outgoing:
        if question == OPENING_CHECK:
            return check_prompt(turn.language, [language_name(c, turn.language) for c in state["languages"]])
        return Outgoing(self._text(turn, question), self._buttons(turn, state, question))

    def _text(self, turn: Turn, question: scoring.Question) -> str:
        data, language = question_set(), turn.language
        if question.kind == "resume":
            return TEXTS(language, "assessment_resume", date=long_date(turn.row.started_at.date(), language))
        if question.kind == "pick_language":
            return TEXTS(language, "pick_language_more" if question.chosen else "pick_language_first")
        if question.kind == "other_languages":
            return TEXTS(language, "other_languages")
        if question.kind == "cefr":
            assert question.language and question.skill and question.level
            name = language_name(question.language, language)
            lines = []
            if question.number == 1:
                lines.append(TEXTS(language, "cefr_intro", language=name))
            lines.append(capital(TEXTS(language, "cefr_header", language=name,
                                       skill=TEXTS(language, f"skill_{question.skill}"), number=question.number)))
            statement = data.cefr[question.skill][question.level].get(language)
            lines.append(f"«\u00a0{statement}\u00a0»" if language == "fr" else f"“{statement}”")
            lines.append(TEXTS(language, "cefr_prompt"))
            return "\n".join(lines)
        assert question.area
        area = data.digital_areas[question.area]
        lines = []
        if question.number == 1:
            lines.append(TEXTS(language, "digital_intro"))
        lines.append(TEXTS(language, "digital_header", area=area.title.get(language), number=question.number))
        lines.append(area.statements[question.statement].text.get(language))
        return "\n".join(lines)

    def read(self, turn: Turn, state: State, question: scoring.Question,
             answer: Answer) -> tuple[State, list[Outgoing]] | None:
        chosen: str | list[str] | None = answer.value
        if question == OPENING_CHECK:
            if chosen is None:
                return None
            changed = {"languages": [], "languages_done": False} if chosen == "no" else {}
            return state | changed | {"opening_checked": True}, []
        if question.kind == "pick_language":
            named = [code for code in answer.named if code in LANGUAGES]
            named += [code for code in languages_named_in(answer.text) if code in LANGUAGES and code not in named]
            if len(named) > 1:  # several at once: "French and English"
                chosen = named
            elif chosen is None:
                chosen = named[0] if named else None
            if chosen is None and set(folded(answer.text).split()) & _ALL_WORDS:
                chosen = [c for c in LANGUAGES if c not in state["languages"]]
        if chosen is None and question.kind == "other_languages":
            chosen = languages_named_in(answer.text)
            if not chosen:
                raise Reask(TEXTS(turn.language, "other_languages_invalid"))
        if chosen is None:
            return None
        if question.kind == "resume" and chosen == "restart":
            turn.row.started_at = utcnow()
        return scoring.apply_answer(state, question, chosen), []

    def key(self, question: scoring.Question) -> str:
        return question.kind

    def takes_free_text(self, question: scoring.Question) -> bool:
        return question.kind == "other_languages"  # language names, in the person's words

    def takes_several(self, question: scoring.Question) -> bool:
        return question.kind == "pick_language"

    def dont_know(self, question: scoring.Question) -> str | None:
        # a task: "I don't know how to do it" (0); a statement about a language: ask again
        return "0" if question.kind == "digital" else None

    def finish(self, turn: Turn, state: State) -> Ending:
        language = turn.language
        menu = button(COMMON(language, "b_menu"), intent("help"))
        human = button(translate(language, B_HUMAN.title), B_HUMAN.payload)
        if state.get("status") != "done":
            if "languages" not in state:  # nothing was kept
                return Ending([Outgoing(**render("utter_anything_else", language))])
            return Ending([Outgoing(TEXTS(language, "assessment_stopped"), [
                button(TEXTS(language, "b_continue_test"), intent("start_assessment")), human, menu])],
                keep=state)
        record = records.store(turn.session, turn.conversation_id, state, turn.row.started_at, language)
        if record is None:
            return Ending([Outgoing(TEXTS(language, "result_nothing"),
                                    render("utter_anything_else", language)["buttons"])])
        return Ending([Outgoing(summary(record.result, language)),
                       Outgoing(TEXTS(language, "result_stored",
                                      date=long_date(record.completed_at.date(), language)), [
                           button(TEXTS(language, "b_trainings"), intent("find_training")), human, menu])])


def area_title(area: str, language: str) -> str:
    """A DigComp area's title in ``language`` ("Safety", "Sécurité" …)."""
    return question_set().digital_areas[area].title.get(language)


def level_name(level: str, language: str) -> str:
    """A digital level (foundation, intermediate, advanced) in words."""
    return TEXTS(language, f"level_{level}")
