"""What the gateway itself says, not Rasa."""

from core.i18n import N_

SYSTEM = {
    "assistant_unavailable": N_(
        "Sorry, I cannot answer right now. Your message is saved. "
        "Please try again in a few minutes."
    ),
    # what the transcript keeps of the pathway questionnaire (health data: core/sealed.py)
    "private_answer": N_("(private answer, not kept in the conversation)"),
    "private_message": N_("(private message, not kept in the conversation)"),
}
