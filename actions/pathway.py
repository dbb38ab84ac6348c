"""Actions of the pathway registration (core/pathway)."""

from actions.questionnaire import StartQuestionnaire


class ActionStartPathway(StartQuestionnaire):
    """The pathway registration: what it is and what happens with the data, then consent."""

    questionnaire = "pathway"

    def name(self) -> str:
        return "action_start_pathway"
