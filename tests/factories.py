"""Small valid records for tests, changed where a test needs it."""

from typing import Any

from core.training.content import Module


def module(**changes: Any) -> Module:
    """A valid training module; a change to None leaves the field out."""
    base = {
        "title": {"fr": "Titre", "nl": "Titel", "en": "Title"},
        "description": {"fr": "Un cours.", "nl": "Een cursus.", "en": "A course."},
        "provider": "Bruxelles Formation", "area": "language", "language": "nl",
        "entry_level": "A2", "target_level": "B1", "format": "online",
        "instruction_languages": ["nl"], "duration_hours": 40, "cost_eur": 0,
        "link": "https://www.bruxellesformation.brussels",
    }
    base.update(changes)
    return Module.model_validate({k: v for k, v in base.items() if v is not None})
