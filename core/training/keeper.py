"""What the training search tells a counsellor: the subject of the last search. (The
search itself is a questionnaire in progress, kept and erased with the others.)"""

from sqlalchemy.orm import Session

from core.questionnaire import engine
from core.registry import Keeper
from core.training.questionnaire import SEARCH, goal_name
from core.training.texts import TEXTS


class TrainingKeeper(Keeper):
    name = "training"

    def for_counsellor(self, session: Session, conversation_id: str, language: str) -> list[str]:
        state = engine.stored_state(session, conversation_id, SEARCH.name)
        if not state or not state.get("goal"):
            return []
        return [TEXTS(language, "counsellor_search", goal=goal_name(state["goal"], language))]
