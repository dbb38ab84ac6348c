"""A person's right to see and to erase what the assistant keeps about them.

"See" is a readable summary of every record of the conversation, from every keeper of
``core.capabilities``; "erase" asks each of them to delete its rows (childcare frees the
places first and tells the waiting list). The conversation itself stays (an empty shell:
its id is the channel identity), so the person can go on. Rasa's tracker is emptied by
the gateway once the reply is sent (bot/gateway.py). Nobody else's data is touched: every
keeper filters by the conversation.
"""

import re

from sqlalchemy.orm import Session

from core import capabilities
from core.conversations import message_count
from core.i18n import fold
from core.models import Conversation
from core.privacy.texts import TEXTS
from core.settings import get_settings

# Words of a typed request that say which of the two the person wants ("erase my data",
# "wat weten jullie over mij?"); an erasure is still confirmed first.
ERASE_WORDS = {"delete", "deleted", "erase", "erased", "remove", "removed", "forget", "forgotten",
               "effacer", "effacez", "efface", "effacees", "supprimer", "supprimez", "supprime", "supprimees",
               "retirer", "retirez", "retire", "oublier", "oubliez", "oublie", "wissen", "wis", "gewist",
               "verwijderen", "verwijder", "verwijderd", "vergeten", "vergeet", "weg", "deleten", "clear",
               "vernietigen", "suprimer", "wisen"}
SEE_WORDS = {"see", "show", "what", "which", "voir", "montrer", "montrez", "montre", "quoi", "quelles", "quelle",
             "savez", "gardez", "zien", "bekijken", "toon", "tonen", "wat", "welke", "weten"}


def asked_for(text: str) -> str | None:
    """"erase" or "see" when a typed request says which, else None."""
    words = set(re.findall(r"[a-z]+", fold(text or "")))
    if words & ERASE_WORDS:
        return "erase"
    if words & SEE_WORDS:
        return "see"
    return None


def summary(session: Session, conversation_id: str, language: str) -> str:
    """Everything kept about the person, in plain words (health data included: the
    caller seals it, core/sealed.py)."""
    lines = [TEXTS(language, "see_title")]
    for keeper in capabilities.KEEPERS:
        kept = keeper.kept(session, conversation_id, language)
        lines += [line if line.startswith(" ") else "• " + line for line in kept]
    if len(lines) == 2 and not message_count(session, conversation_id):
        lines.append(TEXTS(language, "see_nothing"))
    settings = get_settings()
    lines.append(TEXTS(language, "see_retention", conversation=settings.retention_conversation_days // 30,
                       messages=settings.retention_message_days // 30, childcare=settings.retention_childcare_days,
                       assessment=settings.retention_assessment_days // 30,
                       pathway=settings.pathway_retention_days // 30))
    lines.append(TEXTS(language, "see_erase_hint"))
    return "\n".join(lines)


def erase(session: Session, conversation_id: str) -> None:
    """Delete every record of the conversation, keeper by keeper. The conversation itself
    stays, marked for the gateway to empty Rasa's tracker and the channel's transcript
    too, even when Rasa's answer does not reach it (``forget_pending``)."""
    for keeper in capabilities.KEEPERS:
        keeper.erase(session, conversation_id)
    session.flush()
    session.expire_all()
    conversation = session.get(Conversation, conversation_id)
    if conversation is not None:
        conversation.forget_pending = True
