"""Texts every questionnaire shares: common buttons and what is said about answers."""

from core.i18n import N_, Texts

TEXTS = Texts({
    "b_yes": N_("Yes"),
    "b_no": N_("No"),
    "b_skip": N_("Skip"),
    "b_done": N_("That's all"),
    "b_stop": N_("Stop"),
    "b_menu": N_("Main menu"),
    "invalid_choices": N_(
        "Sorry, I did not understand your answer. You can write one of these answers, or its number: "
        "{choices}."
    ),
    "invalid_free": N_("Sorry, I did not understand your answer. Please write it again in other words."),
    "which_one": N_("Do you mean {choices}? Please write the one you mean."),
    "or": N_("or"),
    "opening_check": N_("I understood: {what}. Is that right?"),
    "b_right": N_("Yes, that's right"),
    "b_change": N_("Change"),
    "invalid_again": N_(
        "This question seems difficult. A counsellor can help you. "
        "You can also stop now and continue later."
    ),
})
