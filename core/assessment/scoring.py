"""The skills pre-assessment: which question comes next, what an answer means, the result.

Pure functions over a JSON-serialisable state, so a paused assessment can be stored
and resumed. The questions and their wording come from content/assessment.yml.

Languages (CEFR): the person picks French, Dutch and/or English. For each, "I can …"
statements are asked in turn for listening, reading, speaking and writing, starting at
B1 and moving up or down: each answer rules levels in or out, the next statement is asked
where it splits the remaining levels, and at most six answers place the person at A1–C2.

Digital (DigComp 2.2): for each of the five areas a foundation task, and, for those who
can do it on their own, an intermediate task, answered on the EU four-point scale.
"""

from dataclasses import dataclass, field
from typing import Any

from core.assessment.content import AssessmentContent
from core.frameworks import CEFR_LEVELS, CEFR_SKILLS, DIGITAL_AREAS, DIGITAL_LEVELS
from core.i18n import LANGUAGES

MAX_CEFR_ANSWERS = 6
START_LEVEL = CEFR_LEVELS.index("B1")
# A "yes" counts 1, "a little" half, "no" nothing.
CEFR_ANSWERS = {"yes": 1.0, "little": 0.5, "no": 0.0}
DIGITAL_ANSWERS = ("0", "1", "2", "3")  # the EU scale, from "I don't know how" to "guide others"
MAX_OTHER_LANGUAGES = 8


@dataclass(frozen=True)
class Question:
    """What to ask next; put into words by the assessment's questionnaire."""

    kind: str  # resume | pick_language | other_languages | cefr | digital
    choices: tuple[str, ...]
    language: str | None = None  # cefr: the language assessed
    skill: str | None = None  # cefr
    level: str | None = None  # cefr: the statement's level
    area: str | None = None  # digital
    statement: int = 0  # digital: 0 foundation task, 1 intermediate task
    number: int = 1  # the question's number within its part
    chosen: tuple[str, ...] = field(default_factory=tuple)  # pick_language: already chosen


def new_state(version: str) -> dict[str, Any]:
    return {
        "version": version,
        "resume_pending": False,
        "languages": [],  # picked for assessment, in order
        "languages_done": False,  # the person finished picking (or skipped)
        "other_languages": None,  # list of codes once asked
        "cefr": {},  # language → [[skill, level index, answer], …]
        "cefr_skipped": False,
        "digital": {},  # area → [answer 0–3, …]
        "digital_skipped": False,
        "stopped": False,
    }


# --- languages (CEFR) ---------------------------------------------------------------


def _inconsistency(candidate: int, answers: list[Any]) -> float:
    """How many answers contradict the person being at level ``candidate``
    (-1 means not yet A1)."""
    total = 0.0
    for _skill, level, answer in answers:
        if answer == "yes":
            total += 1 if level > candidate else 0
        elif answer == "no":
            total += 1 if level <= candidate else 0
        else:  # a little: ideally the level just below
            total += 0.5 if level <= candidate else 0
            total += 0.5 if level - 1 > candidate else 0
    return total


def cefr_candidates(answers: list[Any]) -> list[int]:
    """The levels (-1 … 5) that fit the answers best, lowest first."""
    scores = {c: _inconsistency(c, answers) for c in range(-1, len(CEFR_LEVELS))}
    best = min(scores.values())
    return [c for c, s in scores.items() if s == best]


def cefr_next(answers: list[Any]) -> tuple[str, int] | None:
    """(skill, level index) of the next statement, or None when the language is placed."""
    if len(answers) >= MAX_CEFR_ANSWERS:
        return None
    skill = CEFR_SKILLS[len(answers) % len(CEFR_SKILLS)]
    if not answers:
        return skill, START_LEVEL
    candidates = cefr_candidates(answers)
    if len(candidates) > 1:
        # A statement at level L separates "at least L" from "below L".
        return skill, max(0, candidates[len(candidates) // 2])
    skills_asked = {a[0] for a in answers}
    if len(skills_asked) < len(CEFR_SKILLS):
        # Placed, but not every skill was asked: check the next skill at that level.
        return skill, max(0, candidates[0])
    return None


def cefr_level(answers: list[Any]) -> str | None:
    """The placed level, A1–C2 (the lower one when the answers leave two); None without answers."""
    if not answers:
        return None
    return CEFR_LEVELS[max(0, cefr_candidates(answers)[0])]


# --- digital (DigComp) ---------------------------------------------------------------


def _digital_next_statement(content: AssessmentContent, area: str, answers: list[int]) -> int | None:
    statements = content.digital_areas[area].statements
    if not answers:
        return 0
    if len(answers) == 1 and len(statements) == 2 and answers[0] >= 2:
        return 1
    return None


def digital_area_result(content: AssessmentContent, area: str, answers: list[int]) -> dict[str, Any] | None:
    """{"level", "score" 0–1, "first_steps"} for one area; None when it was not answered."""
    if not answers:
        return None
    statements = content.digital_areas[area].statements
    # DigComp: foundation tasks with help or alone; intermediate tasks on one's own;
    # advanced: able to guide others.
    first = answers[0]
    if first <= 1:
        level = "foundation"
    elif len(answers) > 1:
        level = {0: "foundation", 1: "foundation", 2: "intermediate", 3: "advanced"}[answers[1]]
    elif len(statements) == 1:
        level = "advanced" if first == 3 else "intermediate"
    else:  # the second task was not asked yet (a stop in between)
        level = "foundation"
    score = sum(answers) / (3 * len(statements))
    return {"level": level, "score": round(score, 3), "first_steps": first == 0}


def digital_overall(levels: list[str]) -> str | None:
    """The median of the areas' levels."""
    if not levels:
        return None
    ranks = sorted(DIGITAL_LEVELS.index(level) for level in levels)
    return DIGITAL_LEVELS[ranks[(len(ranks) - 1) // 2]]


# --- the sequence of questions ------------------------------------------------------------


def current_question(state: dict[str, Any], content: AssessmentContent) -> Question | None:
    """The next question, or None when the assessment is complete."""
    if state.get("resume_pending"):
        return Question("resume", ("resume", "restart"))
    if not state["languages_done"]:
        chosen = tuple(state["languages"])
        rest = tuple(code for code in LANGUAGES if code not in chosen)
        done = "done" if chosen else "skip"
        return Question("pick_language", (*rest, done), chosen=chosen,
                        number=len(chosen) + 1)
    if state["other_languages"] is None and not state["cefr_skipped"]:
        return Question("other_languages", ("none",))
    if not state["cefr_skipped"]:
        for code in state["languages"]:
            answers = state["cefr"].get(code, [])
            nxt = cefr_next(answers)
            if nxt:
                skill, level = nxt
                return Question("cefr", (*tuple(CEFR_ANSWERS), "skip"), language=code,
                                skill=skill, level=CEFR_LEVELS[level], number=len(answers) + 1)
    if not state["digital_skipped"]:
        number = sum(len(a) for a in state["digital"].values()) + 1
        for area in DIGITAL_AREAS:
            answers = state["digital"].get(area, [])
            statement = _digital_next_statement(content, area, answers)
            if statement is not None:
                return Question("digital", (*DIGITAL_ANSWERS, "skip"), area=area,
                                statement=statement, number=number)
    return None


def apply_answer(state: dict[str, Any], question: Question, value: str | list[str]) -> dict[str, Any]:
    """The state after ``value`` (one of ``question.choices``, or for other_languages a
    list of language codes)."""
    state = {**state, "cefr": dict(state["cefr"]), "digital": dict(state["digital"])}
    kind = question.kind
    if kind == "resume":
        if value == "restart":
            fresh = new_state(state["version"])
            return fresh
        state["resume_pending"] = False
    elif kind == "pick_language":
        if value in ("done", "skip"):
            state["languages_done"] = True
            if not state["languages"]:
                state["cefr_skipped"] = True
        elif isinstance(value, list):  # several named at once: "French and English"
            state["languages"] = state["languages"] + [v for v in value if v not in state["languages"]]
            if len(state["languages"]) == len(LANGUAGES) or len(value) > 1:
                state["languages_done"] = True
        elif value in LANGUAGES and value not in state["languages"]:
            state["languages"] = state["languages"] + [value]
            if len(state["languages"]) == len(LANGUAGES):
                state["languages_done"] = True
    elif kind == "other_languages":
        codes = [] if value in ("none", "skip") else list(value)
        state["other_languages"] = [c for c in codes if c not in state["languages"]][:MAX_OTHER_LANGUAGES]
    elif kind == "cefr":
        if value == "skip":
            state["cefr_skipped"] = True
        else:
            answers = list(state["cefr"].get(question.language, []))
            answers.append([question.skill, CEFR_LEVELS.index(question.level), value])
            state["cefr"][question.language] = answers
    elif kind == "digital":
        if value == "skip":
            state["digital_skipped"] = True
        else:
            state["digital"][question.area] = [*state["digital"].get(question.area, []), int(str(value))]
    return state


def result(state: dict[str, Any], content: AssessmentContent) -> dict[str, Any]:
    """The levels found: the stored result of an assessment."""
    languages = {}
    for code in state["languages"]:
        level = cefr_level(state["cefr"].get(code, []))
        if level:
            languages[code] = level
    areas = {}
    for area in DIGITAL_AREAS:
        outcome = digital_area_result(content, area, state["digital"].get(area, []))
        if outcome:
            areas[area] = outcome
    strongest = weakest = None
    if len(areas) > 1:
        scores = {a: r["score"] for a, r in areas.items()}
        if max(scores.values()) > min(scores.values()):
            strongest = max(scores, key=lambda a: (scores[a], -DIGITAL_AREAS.index(a)))
            weakest = min(scores, key=lambda a: (scores[a], DIGITAL_AREAS.index(a)))
    return {
        "languages": languages,
        "other_languages": list(state.get("other_languages") or []),
        "digital": {
            "areas": areas,
            "overall": digital_overall([r["level"] for r in areas.values()]),
            "strongest": strongest,
            "weakest": weakest,
        },
    }


def has_result(outcome: dict[str, Any]) -> bool:
    return bool(outcome["languages"] or outcome["digital"]["areas"])
