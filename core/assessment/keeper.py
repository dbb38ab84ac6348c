"""What the assessment keeps about a person: their stored assessments."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.assessment import records
from core.assessment.models import Assessment, AssessmentLanguage
from core.assessment.texts import TEXTS
from core.i18n import language_name, long_date
from core.registry import Expiry, Keeper


def levels_line(result: dict[str, Any], language: str) -> str:
    """"Dutch A2, French B1; computer skills: Foundation"."""
    languages = ", ".join(f"{language_name(code, language)} {level}"
                          for code, level in result.get("languages", {}).items()) or "—"
    overall = (result.get("digital") or {}).get("overall")
    if not overall:
        return languages
    return TEXTS(language, "counsellor_levels", languages=languages, level=TEXTS(language, f"level_{overall}"))


class AssessmentKeeper(Keeper):
    name = "assessment"
    tables = (Assessment, AssessmentLanguage)
    expiry = (Expiry(Assessment, "completed_at", "retention_assessment_days"),)

    def kept(self, session: Session, conversation_id: str, language: str) -> list[str]:
        return [TEXTS(language, "see_assessment", date=long_date(record.completed_at, language))
                for record in session.scalars(select(Assessment).where(Assessment.conversation_id == conversation_id)
                                              .order_by(Assessment.completed_at))]

    def for_counsellor(self, session: Session, conversation_id: str, language: str) -> list[str]:
        record = records.latest(session, conversation_id)
        if record is None:
            return []
        return [TEXTS(language, "counsellor_assessment", date=long_date(record.completed_at, language),
                      levels=levels_line(record.result, language))]
