"""What the assistant says about counsellors in the chat."""

from core.i18n import N_, Texts

TEXTS = Texts({
    "queued": N_("A counsellor will answer you here, in this chat. You are number {position} in the queue; "
                 "the wait is about {minutes} minutes. To go back to the assistant, write “assistant”."),
    "closed": N_("No counsellor can answer in the chat right now. The next time is {when}. You can leave "
                 "a message or ask to be called back: a counsellor will answer then."),
    "no_answer": N_("No counsellor is free right now. You can keep waiting here, leave a message, or ask to be "
                    "called back. To go back to the assistant, write “assistant”."),
    "ask_what": N_("What would you like to do?"),
    "ask_message": N_("Write your message for the counsellor, in a few sentences."),
    "ask_contact": N_("Which phone number can the counsellor call? For example 0470 12 34 56."),
    "contact_invalid": N_("I cannot use this number. Write it like 0470 12 34 56, or with the country code "
                          "for another country (+33 6 12 34 56 78)."),
    "message_left": N_("Thank you. A counsellor will read your message {when} and answer you here."),
    "callback_asked": N_("Thank you. A counsellor will call you at {contact} {when}."),
    "counsellor_joined": N_("{name} is here and reads your messages."),
    "requeued": N_("The counsellor had to leave. You are back in the queue: number {position}."),
    "back_to_assistant": N_("You are talking with the assistant again."),
    "counsellor_closed": N_("{name} has ended the conversation. You are talking with the assistant again."),
    "resume_offer": N_("You had started {what}. Do you want to go on?"),
    "flow_assessment": N_("the skills test"),
    "flow_training": N_("the training search"),
    "flow_childcare": N_("the childcare booking"),
    "b_leave_message": N_("Leave a message"),
    "b_call_back": N_("Call me back"),
    "b_back": N_("Back to the assistant"),
    "b_go_on": N_("Go on"),
    "when_soon": N_("as soon as possible"),
    "when_at": N_("from {date}, {time}"),
    "see_handovers": N_("Requests for a counsellor: {count} (with the messages left and numbers to call)."),
    "counsellor_requests": N_("Asked for a counsellor {count} times before."),
})
