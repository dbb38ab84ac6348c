"""The texts of the web widget's own controls, and the web API's answers to bad input."""

from core.i18n import N_

WIDGET_STRINGS = {
    "launcher": N_("Chat with the job-seeker assistant"),
    "title": N_("Job-seeker assistant"),
    "close": N_("Close the chat"),
    "input_label": N_("Your message"),
    "send": N_("Send"),
    "log_label": N_("Conversation"),
    "waiting": N_("The assistant is writing…"),
    "error_network": N_("No connection. Your message is not sent. Please try again."),
    "error_input": N_("This message cannot be sent. Please write a shorter message."),
    "language_menu": N_("Language"),
    "you": N_("You:"),
    "assistant": N_("Assistant:"),
    # Shown above a counsellor's message in the conversation.
    "counsellor": N_("Counsellor"),
}

API_ERRORS = {
    "text_missing": N_("Please write a message."),
    "text_too_long": N_("Your message is too long. Please write at most {max} characters."),
    "session_missing": N_("The conversation is missing. Please reload the page."),
    "session_unknown": N_("This conversation does not exist any more. Please start a new one."),
    "language_invalid": N_("Choose the language fr, nl or en."),
    "invalid": N_("This request is not valid."),
    "too_large": N_("This request is too large."),
    "too_many": N_("Too many messages in a short time. Please wait a moment, then try again."),
    "unavailable": N_("The service is not available right now. Please try again in a few minutes."),
}
