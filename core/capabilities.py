"""The capabilities of the assistant, registered in one place.

Adding a capability means a package under ``core/`` and a line here: its keeper (what it
keeps about a person, how to erase it, what a counsellor should see), its questionnaire
if it has one, and its content file to check at start-up. "My data", the counsellor's
view, the questionnaire form and the database migrations all read this list.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.orm import Session

from core import content
from core.assessment import AssessmentKeeper, AssessmentQuestionnaire
from core.assessment.content import question_set
from core.channels import ChannelKeeper
from core.childcare import BOOKING, ChildcareKeeper
from core.childcare.content import sites_content
from core.conversations import ConversationKeeper
from core.handover import REQUEST, HandoverKeeper
from core.handover.content import offices_content
from core.i18n import normalise_language
from core.models import Base, Conversation
from core.pathway import REGISTRATION, PathwayKeeper
from core.pathway.content import pathway_content
from core.questionnaire import Questionnaire
from core.questionnaire.content import answer_words
from core.questionnaire.engine import QuestionnaireKeeper
from core.registry import Keeper
from core.training import SEARCH, TrainingKeeper
from core.training.content import catalogue_file

# In the order "my data" lists what they keep.
KEEPERS: tuple[Keeper, ...] = (
    ConversationKeeper(), QuestionnaireKeeper(), AssessmentKeeper(), TrainingKeeper(), ChildcareKeeper(),
    PathwayKeeper(), HandoverKeeper(), ChannelKeeper(),
)

# By the value of the Rasa slot ``flow``.
QUESTIONNAIRES: dict[str, Questionnaire[Any]] = {
    q.name: q for q in (AssessmentQuestionnaire(), SEARCH, BOOKING, REGISTRATION, REQUEST)
}

# Loaded (and validated) at start-up: a broken file stops the app with file, entry and reason.
CONTENT: tuple[Callable[[], object], ...] = (content.faq, answer_words, question_set, catalogue_file, sites_content,
                                             pathway_content, offices_content)


def metadata() -> MetaData:
    """Every table of every capability (their models are imported above)."""
    return Base.metadata


def load_content() -> None:
    for load in CONTENT:
        load()


def for_counsellor(session: Session, conversation_id: str, counsellor_language: str) -> dict[str, Any]:
    """What each capability says about the person, in their language and in the
    counsellor's: {"person_language", "lines": {language: [line, …]}}. No health data."""
    conversation = session.get(Conversation, conversation_id)
    person = normalise_language(conversation.language if conversation else None)
    lines = {language: [line for keeper in KEEPERS
                        for line in keeper.for_counsellor(session, conversation_id, language)]
             for language in dict.fromkeys((person, normalise_language(counsellor_language)))}
    return {"person_language": person, "lines": lines}
