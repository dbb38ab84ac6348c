"""Training suggestions: the catalogue in the database, and how modules are ranked.

A module fits when it starts at or below the person's level and takes them higher (the
gap), in the subject they want (the goal), in a language they can follow, in the format
and place they prefer. Every suggestion carries the one-line reason it was chosen.
"""

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.content import CEFR_LEVELS, DIGITAL_LEVELS, Module
from core.i18n import fold as i18n_fold
from core.models import TrainingModule, utcnow

log = logging.getLogger(__name__)

GOALS = ("language:fr", "language:nl", "language:en", "digital", "job_search")
FORMATS = ("online", "in_person", "any")
PAGE = 3

# The 19 communes of the Brussels-Capital Region: French name, Dutch name.
COMMUNES = (
    ("Anderlecht", "Anderlecht"), ("Auderghem", "Oudergem"),
    ("Berchem-Sainte-Agathe", "Sint-Agatha-Berchem"), ("Bruxelles-Ville", "Brussel-Stad"),
    ("Etterbeek", "Etterbeek"), ("Evere", "Evere"), ("Forest", "Vorst"),
    ("Ganshoren", "Ganshoren"), ("Ixelles", "Elsene"), ("Jette", "Jette"),
    ("Koekelberg", "Koekelberg"), ("Molenbeek-Saint-Jean", "Sint-Jans-Molenbeek"),
    ("Saint-Gilles", "Sint-Gillis"), ("Saint-Josse-ten-Noode", "Sint-Joost-ten-Node"),
    ("Schaerbeek", "Schaarbeek"), ("Uccle", "Ukkel"),
    ("Watermael-Boitsfort", "Watermaal-Bosvoorde"), ("Woluwe-Saint-Lambert", "Sint-Lambrechts-Woluwe"),
    ("Woluwe-Saint-Pierre", "Sint-Pieters-Woluwe"),
)
_COMMUNE_ALIASES = {"bruxelles": "Bruxelles-Ville", "brussel": "Bruxelles-Ville",
                    "brussels": "Bruxelles-Ville", "molenbeek": "Molenbeek-Saint-Jean",
                    "saint-josse": "Saint-Josse-ten-Noode", "sint-joost": "Saint-Josse-ten-Noode",
                    "boitsfort": "Watermael-Boitsfort", "bosvoorde": "Watermael-Boitsfort",
                    "berchem": "Berchem-Sainte-Agathe"}


def fold(text: str) -> str:
    """``core.i18n.fold``, with hyphens and apostrophes as spaces ("Saint-Josse" = "saint josse")."""
    return " ".join(i18n_fold(text).replace("-", " ").replace("'", " ").split())


_COMMUNE_INDEX = {fold(name): fr for fr, nl in COMMUNES for name in (fr, nl)}
_COMMUNE_INDEX.update({fold(k): v for k, v in _COMMUNE_ALIASES.items()})


def commune_named_in(text: str) -> str | None:
    """The commune (its French name) a person names, e.g. "Elsene" → "Ixelles"."""
    folded = f" {fold(text)} "
    # Longest names first, so that "Woluwe-Saint-Pierre" wins over a shorter alias.
    for name in sorted(_COMMUNE_INDEX, key=len, reverse=True):
        if f" {name} " in folded:
            return _COMMUNE_INDEX[name]
    return None


def canonical_commune(name: str | None) -> str | None:
    return commune_named_in(name) if name else None


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


def digital_rank(area_result: dict) -> int:
    """0 first steps, 1 foundation, 2 intermediate, 3 advanced."""
    if area_result.get("first_steps"):
        return 0
    return DIGITAL_LEVELS.index(area_result["level"]) + 1


def profile_from(
    goal: str, assessment_result: dict | None, self_level: int | None, conversation_language: str,
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


def needs_level(goal: str, assessment_result: dict | None) -> bool:
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
    """Why a module was suggested: a message key and its arguments (rendered in core/flows.py)."""

    key: str
    arguments: dict = field(default_factory=dict, hash=False)


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
    code = module.language
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


# --- the catalogue in the database --------------------------------------------------------------


def _hash(module: Module) -> str:
    payload = json.dumps(module.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def sync_catalogue(session: Session, modules: dict[str, Module]) -> dict[str, int]:
    """Load the content file's modules into the database.

    New modules are added; changed ones updated, unless they were edited through the
    API since (the API's version is kept). Modules retired through the API stay retired.
    """
    counts = {"added": 0, "updated": 0, "kept": 0}
    existing = {m.key: m for m in session.scalars(select(TrainingModule))}
    for key, module in modules.items():
        digest = _hash(module)
        row = existing.get(key)
        if row is None:
            session.add(TrainingModule(key=key, area=module.area, data=module.model_dump(mode="json"),
                                       source="content", content_hash=digest))
            counts["added"] += 1
        elif row.source == "content" and row.content_hash != digest:
            row.data, row.area, row.content_hash = module.model_dump(mode="json"), module.area, digest
            row.updated_at = utcnow()
            counts["updated"] += 1
        else:
            counts["kept"] += 1
    return counts


def module_rows(session: Session, area: str | None = None,
                include_retired: bool = False) -> list[TrainingModule]:
    """The catalogue as stored, for staff: by key, retired ones only when asked."""
    query = select(TrainingModule).order_by(TrainingModule.key)
    if area:
        query = query.where(TrainingModule.area == area)
    if not include_retired:
        query = query.where(TrainingModule.retired_at.is_(None))
    return list(session.scalars(query))


def module_row(session: Session, key: str) -> TrainingModule | None:
    return session.get(TrainingModule, key)


def active_modules(session: Session) -> dict[str, Module]:
    rows = session.scalars(
        select(TrainingModule).where(TrainingModule.retired_at.is_(None)).order_by(TrainingModule.key)
    )
    result = {}
    for row in rows:
        try:
            result[row.key] = Module.model_validate(row.data)
        except ValueError:
            log.error("Training module %s in the database is not valid; skipped", row.key)
    return result


def save_module(session: Session, key: str, module: Module) -> TrainingModule:
    """Create or replace a module through the API."""
    row = session.get(TrainingModule, key)
    data = module.model_dump(mode="json")
    if row is None:
        row = TrainingModule(key=key, area=module.area, data=data, source="api")
        session.add(row)
    else:
        row.area, row.data, row.source, row.updated_at = module.area, data, "api", utcnow()
    return row


def retire_module(session: Session, key: str, when: datetime | None = None) -> TrainingModule | None:
    row = session.get(TrainingModule, key)
    if row is not None and row.retired_at is None:
        row.retired_at = when or utcnow()
        row.source = "api"
    return row

