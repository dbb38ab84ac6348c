"""The texts of seeing and erasing one's data."""

from core.i18n import N_, Texts

TEXTS = Texts({
    "offer": N_("I keep what you tell me here, so that I can help you. What do you want to do?"),
    "b_see": N_("See my data"),
    "b_erase": N_("Erase my data"),
    "see_title": N_("This is what I keep about you:"),
    "see_nothing": N_("Nothing else."),
    "see_retention": N_("I erase it by myself: the conversation after {conversation} months without news, the "
                        "messages after {messages} months, childcare bookings {childcare} days after their last "
                        "day, the skills test after {assessment} months, a pathway registration {pathway} months "
                        "after its last change."),
    "see_erase_hint": N_("You can erase all of it with the button \"Erase my data\"."),
    "erase_confirm": N_(
        "Do you really want to erase everything I keep about you? Your childcare bookings are "
        "then cancelled and your pathway registration deleted. This cannot be undone."
    ),
    "b_erase_yes": N_("Yes, erase everything"),
    "b_erase_no": N_("No, keep my data"),
    "erased": N_(
        "Done: I erased everything I kept about you, and this conversation. "
        "You can start again whenever you want."
    ),
    "kept": N_("OK, I erased nothing."),
})
