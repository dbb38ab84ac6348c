"""Actions of the skills assessment (core/assessment)."""

from actions.questionnaire import StartQuestionnaire


class ActionStartAssessment(StartQuestionnaire):
    questionnaire = "assessment"
    opening_entities = ("language",)

    def name(self) -> str:
        return "action_start_assessment"
