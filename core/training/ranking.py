"""How training modules are ranked for a person.

A module fits when it starts at or below the person's level and takes them higher (the
gap), in the subject they want (the goal), in a language they can follow, in the format
and place they prefer. Every suggestion carries the one-line reason it was chosen.
"""

from dataclasses import dataclass, field
from typing import Any

from core.communes import canonical_commune
from core.frameworks import CEFR_LEVELS, DIGITAL_LEVELS
from core.training.content import Module

GOALS = ("language:fr", "language:nl", "language:en", "digital", "job_search")
FORMATS = ("online", "in_person", "any")
PAGE = 3

# --- the person ------------------------------------------------------------------------


@dataclass
class Profile:
    """What the ranking knows of the person."""

    goal: str
    languages: dict[str, int] = field(default_factory=dict)  # code → -1 (beginner) … 5 (C2)
    digital: dict[str, int] = field(default_factory=dict)  # area or "general" → 0 … 3
    can_follow: set[str] = field(default_factory=set)  # languages of instruction
    format: str = "any"
    commune: str | None = None


def digital_rank(area_result: dict[str, Any]) -> int:
    """0 first steps, 1 foundation, 2 intermediate, 3 advanced."""
    if area_result.get("first_steps"):
        return 0
    return DIGITAL_LEVELS.index(area_result["level"]) + 1


def profile_from(
    goal: str, assessment_result: dict[str, Any] | None, self_level: int | None, conversation_language: str,
    format: str = "any", commune: str | None = None,
) -> Profile:
    profile = Profile(goal=goal, format=format, commune=commune)
    profile.can_follow.add(conversation_language)
    if assessment_result:
        for code, level in assessment_result.get("languages", {}).items():
            profile.languages[code] = CEFR_LEVELS.index(level)
            if CEFR_LEVELS.index(level) >= CEFR_LEVELS.index("A2"):
                profile.can_follow.add(code)
        profile.can_follow.update(assessment_result.get("other_languages", []))
        digital = assessment_result.get("digital", {})
        for area, outcome in digital.get("areas", {}).items():
            profile.digital[area] = digital_rank(outcome)
        if digital.get("overall"):
            ranks = sorted(profile.digital.values())
            profile.digital["general"] = ranks[(len(ranks) - 1) // 2]
    if self_level is not None:
        if goal.startswith("language:"):
            profile.languages[goal.split(":")[1]] = self_level
        elif goal == "digital":
            profile.digital = {"general": self_level}
    return profile


def needs_level(goal: str, assessment_result: dict[str, Any] | None) -> bool:
    """Whether the person must be asked their level for this goal (no assessment of it)."""
    if goal == "job_search":
        return False
    result = assessment_result or {}
    if goal.startswith("language:"):
        return goal.split(":")[1] not in result.get("languages", {})
    return not result.get("digital", {}).get("areas")


# --- ranking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why a module was suggested: a message key and its arguments (put into words by the
    training search, core/training/questionnaire.py)."""

    key: str
    arguments: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass
class Suggestion:
    key: str
    module: Module
    score: float
    reason: Reason


def _goal_matches(module: Module, goal: str) -> bool:
    if goal.startswith("language:"):
        return module.area == "language" and module.language == goal.split(":")[1]
    return module.area == goal


def _language_fit(module: Module, profile: Profile) -> tuple[float, Reason] | None:
    code = module.language or ""
    level = profile.languages.get(code)
    target = CEFR_LEVELS.index(module.target_level)
    entry = -1 if module.entry_level == "none" else CEFR_LEVELS.index(module.entry_level)
    if level is None:
        return 0.3, Reason("module_language_unknown", {"language": code, "target": module.target_level})
    person = max(level, 0)
    if entry <= level < target:
        if level < 0:
            return 1.0, Reason("module_language_beginner", {"language": code})
        fit = 1.0 if entry >= level - 1 else 0.8  # a course that starts far below is less useful
        return fit, Reason("module_language_gap", {
            "language": code, "level": CEFR_LEVELS[person], "target": module.target_level})
    if level == 0 and entry == -1 and target == 0:  # placed at A1: a beginners' course still helps
        return 0.6, Reason("module_language_beginner", {"language": code})
    if level == entry - 1:
        return 0.4, Reason("module_language_stretch", {
            "language": code, "level": CEFR_LEVELS[person], "entry": module.entry_level,
            "target": module.target_level})
    return None


def _digital_fit(module: Module, profile: Profile) -> tuple[float, Reason] | None:
    area = module.digital_area or "general"
    level = profile.digital.get(area, profile.digital.get("general"))
    target = DIGITAL_LEVELS.index(module.target_level) + 1
    entry = 0 if module.entry_level == "none" else DIGITAL_LEVELS.index(module.entry_level) + 1
    if level is None:
        return 0.3, Reason("module_digital_unknown", {"target": module.target_level})
    area_args = {"area": area, "target": module.target_level,
                 "level": DIGITAL_LEVELS[max(level, 1) - 1]}
    if entry <= level < target:
        if level == 0:
            return 1.0, Reason("module_digital_first_steps")
        fit = 1.0 if entry >= level - 1 else 0.8
        key = "module_digital_gap_general" if area == "general" else "module_digital_gap"
        return fit, Reason(key, area_args)
    if level == target == 1:  # "with help": practising the basics still helps
        return 0.5, Reason("module_digital_practise")
    if level == entry - 1:
        return 0.4, Reason("module_digital_stretch", area_args | {"entry": module.entry_level})
    return None


def fit(module: Module, profile: Profile) -> tuple[float, Reason] | None:
    """How well the module fits the person's gap (0–1) and why; None when it does not fit."""
    if module.area == "language":
        return _language_fit(module, profile)
    if module.area == "digital":
        return _digital_fit(module, profile)
    return 0.7, Reason("module_job_search")


def rank(modules: dict[str, Module], profile: Profile) -> list[Suggestion]:
    """Modules for the person's goal, best first; those that do not fit are left out."""
    suggestions = []
    for key, module in modules.items():
        if not _goal_matches(module, profile.goal):
            continue
        if module.area != "language" and not (set(module.instruction_languages) & profile.can_follow):
            continue  # taught in a language the person cannot follow
        fitted = fit(module, profile)
        if fitted is None:
            continue
        score, reason = fitted
        score *= 3
        if profile.format == "online":
            score += {"online": 1.0, "blended": 0.5}.get(module.format, 0.0)
        elif profile.format == "in_person":
            score += {"in_person": 1.0, "blended": 0.7}.get(module.format, 0.0)
            if profile.commune and canonical_commune(module.commune) == profile.commune:
                score += 0.8
        if module.cost_eur == 0:
            score += 0.3
        suggestions.append(Suggestion(key, module, round(score, 3), reason))
    suggestions.sort(key=lambda s: (-s.score, s.module.duration_hours, s.key))
    return suggestions
