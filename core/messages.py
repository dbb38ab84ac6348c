"""Every message the assistant can say, by response name, in English (the msgid).

Rasa predicts a response name (``utter_…``); the app's NLG endpoint renders it here
in the conversation's language. Translations live in ``locale/``.
Texts are plain and short: many readers have low reading or language skills.
"""

import json
from dataclasses import dataclass, field

from core.i18n import N_


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Response:
    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)


def intent(name: str, **entities: str) -> str:
    """A button payload that triggers ``name`` directly, without NLU."""
    return f"/{name}" + (json.dumps(entities, ensure_ascii=False) if entities else "")


B_ASSESS = Button(N_("Test my skills"), intent("start_assessment"))
B_TRAINING = Button(N_("Find a training"), intent("find_training"))
B_CHILDCARE = Button(N_("Childcare"), intent("book_childcare"))
B_QUESTIONS = Button(N_("Questions about services"), intent("faq_menu"))
B_HUMAN = Button(N_("Talk to a counsellor"), intent("request_human"))
B_LANGUAGE = Button(N_("Language: FR · NL · EN"), intent("choose_language"))

MAIN_MENU = (B_ASSESS, B_TRAINING, B_CHILDCARE, B_QUESTIONS, B_HUMAN, B_LANGUAGE)
SHORT_MENU = (B_QUESTIONS, B_HUMAN)


def faq_button(title: str, topic: str) -> Button:
    return Button(title, intent("faq_topic", topic=topic))


FAQ_MENU = (
    faq_button(N_("Article 60"), "article60"),
    faq_button(N_("Stage First"), "stage_first"),
    faq_button(N_("Language vouchers"), "language_vouchers"),
    faq_button(N_("Brulingua"), "brulingua"),
    faq_button(N_("Public computer spaces"), "epn"),
    faq_button(N_("Local job centre"), "maison_emploi"),
    faq_button(N_("Maisons d'enfants"), "maisons_enfants"),
)

RESPONSES: dict[str, Response] = {
    "utter_greet": Response(
        N_(
            "Hello! I am the assistant of Actiris and the local job centres. "
            "I can test your language and computer skills, suggest trainings, "
            "book childcare, and answer questions about services for job seekers. "
            "What do you need?"
        ),
        MAIN_MENU,
    ),
    "utter_help": Response(
        N_(
            "I can test your language and computer skills in about 5 minutes, "
            "suggest trainings that fit you, book childcare at a Maison d'enfants, "
            "and explain services for job seekers in Brussels. "
            "You can also ask for a counsellor. Choose a button or write your question."
        ),
        MAIN_MENU,
    ),
    "utter_anything_else": Response(N_("OK. What else can I do for you?"), MAIN_MENU),
    "utter_goodbye": Response(N_("Goodbye. Good luck! You can write to me again at any time.")),
    "utter_thank": Response(N_("You're welcome! Can I help with something else?"), SHORT_MENU),
    "utter_bot_challenge": Response(
        N_(
            "I am a computer program, not a person. "
            "A counsellor can take over when you want."
        ),
        (B_HUMAN, B_QUESTIONS),
    ),
    "utter_default": Response(
        N_(
            "Sorry, I did not understand. Please use short sentences, "
            "or choose one of these options."
        ),
        MAIN_MENU,
    ),
    "utter_out_of_scope": Response(
        N_(
            "Sorry, I cannot help with that. "
            "I can help with work, training and services for job seekers."
        ),
        MAIN_MENU,
    ),
    "utter_ask_language": Response(
        N_("Which language do you want?"),
        (
            Button(N_("Français"), intent("choose_language", language="fr")),
            Button(N_("Nederlands"), intent("choose_language", language="nl")),
            Button(N_("English"), intent("choose_language", language="en")),
        ),
    ),
    "utter_language_changed": Response(
        N_("OK, I will write in English from now on."), MAIN_MENU
    ),
    "utter_faq_menu": Response(N_("What would you like to know more about?"), FAQ_MENU),
    "utter_faq_more": Response(N_("Do you have another question?"), SHORT_MENU),
    "utter_training_start": Response(
        N_("I can suggest trainings that fit you. Press the button to start."),
        (B_TRAINING, B_ASSESS),
    ),
    "utter_coming_human": Response(
        N_(
            "Soon you can talk to a counsellor in this chat. "
            "Until then, please contact Actiris or your local job centre."
        ),
        (faq_button(N_("Local job centre"), "maison_emploi"), B_QUESTIONS),
    ),
}

# Said by the gateway itself, not by Rasa.
SYSTEM = {
    "assistant_unavailable": N_(
        "Sorry, I cannot answer right now. Your message is saved. "
        "Please try again in a few minutes."
    ),
    # what the transcript keeps of the pathway questionnaire (health data: core/sealed.py)
    "private_answer": N_("(private answer, not kept in the conversation)"),
    "private_message": N_("(private message, not kept in the conversation)"),
}

# The text of the web widget's own controls.
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
}

# Answers of the web API to bad input.
API_ERRORS = {
    "text_missing": N_("Please write a message."),
    "text_too_long": N_("Your message is too long. Please write at most {max} characters."),
    "session_missing": N_("The conversation is missing. Please reload the page."),
    "session_unknown": N_("This conversation does not exist any more. Please start a new one."),
    "language_invalid": N_("Choose the language fr, nl or en."),
    "invalid": N_("This request is not valid."),
    "unavailable": N_("The service is not available right now. Please try again in a few minutes."),
}

# --- skills assessment and training suggestions (core/flows.py) ------------------------
# Composed by the actions; placeholders are filled when rendered.
FLOW_TEXTS = {
    # buttons and short labels
    "b_yes": N_("Yes"),
    "b_little": N_("A little"),
    "b_no": N_("No"),
    "b_skip_part": N_("Skip this part"),
    "b_skip": N_("Skip"),
    "b_done": N_("That's all"),
    "b_no_other": N_("No other language"),
    "b_resume": N_("Continue"),
    "b_restart": N_("Start again"),
    "b_stop": N_("Stop"),
    "b_trainings": N_("Trainings for me"),
    "b_more": N_("More trainings"),
    "b_other_subject": N_("Another subject"),
    "b_details": N_("Details {number}"),
    "b_menu": N_("Main menu"),
    "b_continue_test": N_("Continue the test"),
    "skill_listening": N_("listening"),
    "skill_reading": N_("reading"),
    "skill_speaking": N_("speaking"),
    "skill_writing": N_("writing"),
    "level_foundation": N_("Foundation"),
    "level_intermediate": N_("Intermediate"),
    "level_advanced": N_("Advanced"),
    "cefr_basic": N_("basic user"),
    "cefr_independent": N_("independent user"),
    "cefr_proficient": N_("proficient user"),
    # the assessment
    "assessment_intro": N_(
        "Let's see where you stand in languages and in computer skills. "
        "It takes about 5 minutes. Answer with the buttons. "
        "You can skip a part, or write \"stop\" at any time."
    ),
    "assessment_resume": N_(
        "You started the test on {date}. Do you want to continue where you stopped, "
        "or start again?"
    ),
    "pick_language_first": N_("Which language do you want to test? Choose one."),
    "pick_language_more": N_("Do you want to test another language?"),
    "other_languages": N_(
        "Do you speak other languages? Write their names, for example: Arabic, Spanish. "
        "Or press \"No other language\"."
    ),
    "other_languages_invalid": N_(
        "I did not recognise a language. Write for example: Arabic, Turkish, Spanish. "
        "Or press \"No other language\"."
    ),
    "cefr_header": N_("{language} · {skill} · question {number}"),
    "cefr_intro": N_("Now your {language}. For each sentence, tell me if it is true for you."),
    "cefr_prompt": N_("Is this true for you?"),
    "digital_intro": N_(
        "Now your computer and smartphone skills. For each task, tell me how well you can do it."
    ),
    "digital_header": N_("{area} · question {number}"),
    "invalid_answer": N_(
        "Sorry, I did not understand your answer. Please press one of the buttons, "
        "or write its number."
    ),
    "invalid_again": N_(
        "This question seems difficult. A counsellor can help you. "
        "You can also stop now and continue later."
    ),
    "assessment_stopped": N_(
        "OK, we stop here. Your answers are saved. "
        "To continue later, write \"test my skills\" or press the button."
    ),
    "result_title": N_("Here is your result."),
    "result_languages": N_("Languages:"),
    "result_language_line": N_("{language}: {level} ({label})"),
    "result_other_languages": N_("You also speak: {languages}."),
    "result_digital": N_("Computer and smartphone skills: {level} overall."),
    "result_area_line": N_("{area}: {level}"),
    "result_strongest": N_("Strongest: {strongest}. To improve: {weakest}."),
    "result_stored": N_(
        "I saved this result with today's date ({date}), so that you and your counsellor "
        "can choose a training. Your counsellor can see it. "
        "You can ask to see or erase your data at any time."
    ),
    "result_nothing": N_(
        "You skipped both parts, so there is no result to save. You can do the test later."
    ),
    # training suggestions
    "training_goal": N_("What do you want to learn?"),
    "goal_digital": N_("Computer skills"),
    "goal_job_search": N_("Finding a job"),
    "training_level_language": N_("How well do you know {language}?"),
    "self_none": N_("Not at all"),
    "self_words": N_("A few words"),
    "self_simple": N_("Simple conversations"),
    "self_well": N_("Quite well"),
    "self_very_well": N_("Very well"),
    "training_level_digital": N_("How well do you use a computer or a smartphone?"),
    "self_starting": N_("I am just starting"),
    "self_simple_things": N_("Simple things"),
    "self_alone": N_("Most things alone"),
    "self_confident": N_("Very well"),
    "training_format": N_("How do you want to learn?"),
    "format_online_choice": N_("Online"),
    "format_in_person_choice": N_("In a classroom"),
    "format_any_choice": N_("No preference"),
    "training_commune": N_(
        "In which commune do you live? Write its name, for example Ixelles or Schaerbeek. "
        "Or press \"Skip\"."
    ),
    "commune_invalid": N_(
        "I do not know this commune. Write a Brussels commune, for example Anderlecht, "
        "or press \"Skip\"."
    ),
    "training_stopped": N_("OK, we stop the search. What else can I do for you?"),
    "training_results": N_("Here are trainings that fit you:"),
    "training_results_more": N_("Here are more trainings:"),
    "training_none": N_(
        "I found no training that fits you for this subject. A counsellor can look with you."
    ),
    "training_no_more": N_("There are no more trainings for this choice."),
    "training_unknown": N_("I cannot find this training any more. Here is the list again."),
    "module_line": N_("{number}. {title} ({provider})"),
    "format_online": N_("online"),
    "format_in_person": N_("in a classroom"),
    "format_blended": N_("online and in a classroom"),
    "hours_one": N_("1 hour"),
    "hours": N_("{hours} hours"),
    "free": N_("free"),
    "detail_provider": N_("Provider: {value}"),
    "detail_where": N_("Where: {value}"),
    "detail_online": N_("Where: online, at home or in a public computer space"),
    "detail_duration": N_("How long: {value}"),
    "detail_cost": N_("Cost: {value}"),
    "detail_taught_in": N_("Taught in: {value}"),
    "detail_accessibility": N_("Accessibility: {value}"),
    "detail_link": N_("More information: {value}"),
    "module_language_gap": N_("Your {language} is {level}; this course takes you to {target}."),
    "module_language_beginner": N_("You are starting {language}; this course is for beginners."),
    "module_language_stretch": N_(
        "Your {language} is {level}; this course starts at {entry} and takes you to {target}."
    ),
    "module_language_unknown": N_("This course takes your {language} to {target}."),
    "module_digital_gap": N_("Your level in {area} is {level}; this course takes you to {target}."),
    "module_digital_gap_general": N_(
        "Your computer skills are {level}; this course takes you to {target}."
    ),
    "module_digital_first_steps": N_("This course starts from the very beginning."),
    "module_digital_practise": N_("This course helps you practise the basics."),
    "module_digital_stretch": N_(
        "Your level in {area} is {level}; this course starts at {entry} and takes you to {target}."
    ),
    "module_digital_unknown": N_("This course takes your computer skills to {target}."),
    "module_job_search": N_("This helps you look for work."),
}

# --- childcare booking (core/childcare_chat.py) ----------------------------------------------
CHILDCARE_TEXTS = {
    "intro": N_(
        "The Maisons d'enfants of Actiris look after children under 3 while you start a job "
        "or a training, or go to a job interview. I will ask a few questions. "
        "You can write \"stop\" at any time."
    ),
    "registered": N_("Are you registered as a job seeker at Actiris?"),
    "reason": N_("Why do you need childcare?"),
    "reason_job_start": N_("A new job"),
    "reason_training": N_("A training"),
    "reason_interview": N_("A job interview"),
    "reason_other": N_("Something else"),
    "child_name": N_("What is your child's first name? A nickname is fine too."),
    "child_name_invalid": N_("Please write only a first name or a nickname, for example: Lina."),
    "birth": N_("When was {name} born? For example: 14/03/2025."),
    "birth_invalid": N_("I did not understand this date. Please write it like this: 14/03/2025."),
    "birth_future": N_("This date is in the future. Please write the date of birth, for example: 14/03/2025."),
    "site": N_("Which Maison d'enfants suits you best?"),
    "site_any": N_("No preference"),
    "site_invalid": N_("Please choose a Maison d'enfants with a button."),
    "interview_day": N_("On which day is the interview? For example: next Tuesday, or 15/12."),
    "half": N_("In the morning or in the afternoon?"),
    "morning": N_("Morning"),
    "afternoon": N_("Afternoon"),
    "first_day": N_("From which day do you need childcare? For example: next Monday, or 15/12."),
    "last_day": N_("Until which day? For example: 19/12."),
    "only_that_day": N_("Only that day"),
    "date_invalid": N_("I did not understand this date. Write for example: next Monday, or 15/12."),
    "date_echo": N_("OK: {date}."),
    "date_past": N_("{date} is in the past. Please choose a day from today."),
    "date_closed": N_("The Maison d'enfants is closed on {date}. Please choose another day."),
    "date_too_far": N_(
        "{date} is too far away: you can book up to {days} days ahead. Please choose an earlier day."
    ),
    "date_order": N_("The last day must be after the first day ({date}). Please choose another day."),
    "date_too_long": N_("A booking can last {days} days at most. Please choose an earlier last day."),
    "actiris_number": N_("If you have it, write your Actiris number. Or press \"Skip\"."),
    "actiris_number_invalid": N_(
        "An Actiris number has only digits, for example 1234567. Write it again, or press \"Skip\"."
    ),
    "summary": N_("Please check:"),
    "summary_child": N_("Child: {name}, born on {date}"),
    "summary_reason": N_("Reason: {reason}"),
    "summary_site": N_("Place: {site}"),
    "summary_site_any": N_("Place: the first Maison d'enfants with a free place"),
    "summary_days": N_("Days: from {first} to {last}"),
    "summary_day": N_("Day: {day}"),
    "summary_half_day": N_("Day: {day}, {half}"),
    "confirm": N_("Shall I book this?"),
    "b_book": N_("Yes, book it"),
    "b_no_cancel": N_("No, cancel"),
    "booked": N_(
        "It is booked. Your reference is {reference}. {name} is expected at {site}, {address}, "
        "from {opens} to {closes}."
    ),
    "booked_reminder": N_("I will send you a reminder the day before."),
    "full": N_("Sorry, there is no place left on {date} at {site}."),
    "full_options": N_("You can choose another day or another Maison d'enfants, or join the waiting list."),
    "b_waiting_list": N_("Waiting list"),
    "b_start_on": N_("From {date}"),
    "waiting_joined": N_(
        "You are on the waiting list. I will tell you here as soon as a place frees up."
    ),
    "not_registered": N_(
        "The Maisons d'enfants are for job seekers registered at Actiris. "
        "A counsellor can help you register, and your commune's childcare service can help too."
    ),
    "too_old": N_(
        "The Maisons d'enfants look after children under 3. On {date}, {name} will be 3 or older. "
        "Your commune's childcare service or a counsellor can help you."
    ),
    "too_far_first": N_(
        "You can book up to {days} days ahead. A counsellor can help you plan further ahead."
    ),
    "stopped": N_("OK, I did not book anything. What else can I do for you?"),
    "cancelled_request": N_("OK, I did not book anything."),
    "b_my_bookings": N_("My bookings"),
    "b_book_childcare": N_("Book childcare"),
    "no_bookings": N_("You have no childcare booking."),
    "bookings_title": N_("Your bookings:"),
    "booking_line": N_("{reference}: {name}, {days}, {site}"),
    "b_cancel_reference": N_("Cancel {reference}"),
    "cancel_confirm": N_("Do you want to cancel booking {reference} ({name}, {days})?"),
    "b_yes_cancel": N_("Yes, cancel it"),
    "b_keep": N_("No, keep it"),
    "cancelled": N_("Booking {reference} is cancelled. The place goes to someone else."),
    "kept": N_("OK, booking {reference} stays as it is."),
    "booking_unknown": N_("I cannot find this booking. Here are your bookings."),
    "booking_gone": N_("This booking does not exist any more."),
    "b_change_reference": N_("Change {reference}"),
    "change_intro": N_(
        "Booking {reference} is for {name}, {days}. Let us choose the new days. "
        "You can write \"stop\" at any time: the booking then stays as it is."
    ),
    "change_confirm": N_("Move booking {reference} to: {days}?"),
    "b_yes_change": N_("Yes, change it"),
    "b_keep_as_is": N_("Keep my booking"),
    "change_full_options": N_(
        "Your booking stays as it is for now. You can choose another start day, or keep your booking."
    ),
    "changed": N_("Booking {reference} is changed."),
    "change_not_possible": N_(
        "I cannot move booking {reference} to these days, so it stays as it is. A counsellor can help you."
    ),
    "change_started": N_(
        "Booking {reference} has already begun, so I cannot change its days here. A counsellor can help you."
    ),
    "reminder": N_(
        "Reminder: tomorrow, {day}, {name} is expected at {site}, {address}, from {opens}. "
        "Your reference is {reference}."
    ),
    "place_free": N_(
        "Good news: a place is free again at {site} on {day}. "
        "To book it, press the button. The first person to book gets it."
    ),
    "staff_cancelled": N_(
        "The Maison d'enfants had to cancel your booking {reference} ({days}). "
        "The reason: {reason} A counsellor can help you find another solution."
    ),
}

# --- the pathway for persons with a disability (core/pathway_chat.py) ----------------------------------
PATHWAY_TEXTS = {
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
}

# --- seeing and erasing one's data (core/privacy.py) ----------------------------------------------
PRIVACY_TEXTS = {
    "offer": N_("I keep what you tell me here, so that I can help you. What do you want to do?"),
    "b_see": N_("See my data"),
    "b_erase": N_("Erase my data"),
    "see_title": N_("This is what I keep about you:"),
    "see_conversation": N_("This conversation, since {date}: {count} messages."),
    "see_assessment": N_("A skills assessment of {date}."),
    "see_booking": N_("Childcare booking {reference}: {name}, {days}, {site}."),
    "see_waiting": N_("Places asked on a childcare waiting list: {count}."),
    "see_pathway": N_("Pathway registration {reference}: {name}, {contact}."),
    "see_pathway_health": N_("Support: {needs}. More about it: {details}. For appointments: {accommodations}."),
    "see_nothing": N_("Nothing else."),
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
}
