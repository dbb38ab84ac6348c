"""Actions of the skills assessment (core/assessment)."""

from actions.questionnaire import StartQuestionnaire


class ActionStartAssessment(StartQuestionnaire):
    questionnaire = "assessment"

    def name(self) -> str:
        return "action_start_assessment"
