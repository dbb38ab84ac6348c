"""What the gateway itself says, not Rasa."""

from core.i18n import N_

SYSTEM = {
    "assistant_unavailable": N_(
        "Sorry, I cannot answer right now. Your message is saved. "
        "Please try again in a few minutes."
    ),
    # the person erased their data but the assistant's answer was lost on the way
    "erased_late": N_("Your data is erased, and this conversation too. You can start again when you want."),
    # what the transcript keeps of the pathway questionnaire (health data: core/sealed.py)
    "private_answer": N_("(private answer, not kept in the conversation)"),
    "private_message": N_("(private message, not kept in the conversation)"),
    # push channels (Telegram, WhatsApp): the button that opens a list of choices, the text
    # over buttons when a message has none, and the hint under a numbered list of choices
    "list_button": N_("Choose"),
    "choose": N_("Choose:"),
    "numbered_hint": N_("Write the number or the name of your choice."),
    # above a counsellor's message on Telegram and WhatsApp: "{name} – Counsellor:"
    "counsellor": N_("Counsellor"),
    # a photo, a voice message, a sticker, a location … on a push channel
    "only_text": N_("I can only read written messages. Please write your question in words, "
                    "or press a button."),
}
