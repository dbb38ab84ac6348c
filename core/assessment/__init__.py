"""The skills pre-assessment: languages on the CEFR (A1–C2) and digital skills on DigComp
2.2, in a short chat, and the stored result.

- content.py: the versioned question set (content/assessment.yml);
- scoring.py: which question comes next and what the answers mean (pure functions);
- questionnaire.py: the questionnaire in the chat, its words and its result message;
- records.py: stored assessments (the latest of a person, search for staff);
- keeper.py: what it keeps about a person, and its summary for a counsellor;
- figures.py: what the skills dashboard counts, in SQL (assessments per week, levels found);
- texts.py, models.py: its texts and tables.

Other capabilities use what this package exports, never its modules.
"""

from core.assessment.keeper import AssessmentKeeper
from core.assessment.questionnaire import AssessmentQuestionnaire, area_title, level_name
from core.assessment.records import latest, latest_result

__all__ = ["AssessmentKeeper", "AssessmentQuestionnaire", "area_title", "latest", "latest_result", "level_name"]
