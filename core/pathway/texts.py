"""The texts of the pathway registration."""

from core.i18n import N_, Texts

TEXTS = Texts({
    "intro": N_(
        "The pathway for persons with a disability helps you towards lasting work: training "
        "modules and support that fit your needs. It is for job seekers and for workers. "
        "You can also register someone you help."
    ),
    "privacy": N_(
        "What I will ask: your name, how to reach you, your situation and, if you want, the "
        "support you need. Why: so that a pathway officer of Actiris can contact you and plan "
        "support that suits you. Only the pathway officers see it. What you say about your "
        "health is stored encrypted. It is deleted {months} months after your last contact. "
        "You can see or erase your data at any time: write \"my data\"."
    ),
    "consent": N_("Do you agree? Without your yes, I store nothing."),
    "b_agree": N_("Yes, I agree"),
    "b_no_thanks": N_("No, thank you"),
    "for_whom": N_("Who is this registration for?"),
    "for_self": N_("For me"),
    "for_helper": N_("For someone I help"),
    "helper_note": N_(
        "Then answer the next questions about the person you help. Make sure they agree. "
        "The phone number or e-mail can be yours or theirs."
    ),
    "first_name": N_("What is your first name?"),
    "last_name": N_("And your last name?"),
    "name_invalid": N_("Please write only a name, for example: Sara."),
    "contact": N_("How can we reach you? Write a phone number or an e-mail address."),
    "contact_invalid": N_(
        "I cannot read this as a phone number or an e-mail address. "
        "Write for example 0470 12 34 56, or sara@example.com."
    ),
    "preferred_language": N_("In which language do you want us to contact you?"),
    "language_fr": N_("Français"),
    "language_nl": N_("Nederlands"),
    "language_en": N_("English"),
    "language_other": N_("Another language"),
    "contact_channel": N_("How do you want us to contact you?"),
    "channel_phone": N_("Phone call"),
    "channel_sms": N_("Text message"),
    "channel_email": N_("E-mail"),
    "channel_chat": N_("Here in the chat"),
    "situation": N_("What is your situation?"),
    "situation_job_seeker": N_("Job seeker at Actiris"),
    "situation_worker": N_("I have a job"),
    "situation_other": N_("Something else"),
    "needs": N_(
        "What support could help you? Choose one or more. You can also skip this question."
    ),
    "needs_more": N_("Chosen: {chosen}. Choose another one, or press \"That's all\"."),
    "details": N_(
        "Do you want to tell more about the support you need? Write it in your own words, "
        "or press \"Skip\"."
    ),
    "accommodations": N_(
        "Do you need something for appointments? For example: a room on the ground floor, "
        "a sign language interpreter, more time. Write it, or press \"Skip\"."
    ),
    "availability": N_("When are you usually free?"),
    "availability_mornings": N_("Mornings"),
    "availability_afternoons": N_("Afternoons"),
    "availability_any_time": N_("Any time"),
    "summary": N_("Please check your answers:"),
    "not_given": N_("not given"),
    "field_for_whom": N_("Registration for"),
    "field_name": N_("Name"),
    "field_contact": N_("Contact"),
    "field_preferred_language": N_("Language"),
    "field_contact_channel": N_("Contact by"),
    "field_situation": N_("Situation"),
    "field_needs": N_("Support"),
    "field_details": N_("More about it"),
    "field_accommodations": N_("For appointments"),
    "field_availability": N_("Available"),
    "confirm": N_("Is everything right?"),
    "b_register": N_("Yes, register me"),
    "b_correct": N_("Correct an answer"),
    "correct_which": N_("Which answer do you want to correct?"),
    "registered": N_(
        "You are registered. Your reference is {reference}. A pathway officer will contact "
        "you. How: {channel}. You can see or erase your data at any time: write \"my data\"."
    ),
    "registered_helper": N_(
        "The person you help is registered. The reference is {reference}. A pathway officer "
        "will contact you or them. How: {channel}. You can see or erase this data at any "
        "time: write \"my data\"."
    ),
    "b_my_data": N_("My data"),
    "no_consent": N_(
        "OK, I stored nothing. A counsellor can tell you more about the pathway."
    ),
    "stopped": N_("OK, I stored nothing. You can start again whenever you want."),
    "see_pathway": N_("Pathway registration {reference}: {name}, {contact}."),
    "see_pathway_health": N_("Support: {needs}. More about it: {details}. For appointments: {accommodations}."),
    # for a counsellor taking over the conversation (never health data)
    "counsellor_registration": N_("Pathway registration {reference} of {date}: {status}."),
    "status_registered": N_("registered, waiting for contact"),
    "status_contacted": N_("contacted by a pathway officer"),
    "status_in_module": N_("following a module"),
    "status_module_completed": N_("module completed"),
    "status_withdrawn": N_("withdrawn"),
})
