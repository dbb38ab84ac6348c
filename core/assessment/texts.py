"""The texts of the skills assessment and its result."""

from core.i18n import N_, Texts

TEXTS = Texts({
    "b_little": N_("A little"),
    "b_skip_part": N_("Skip this part"),
    "b_no_other": N_("No other language"),
    "b_resume": N_("Continue"),
    "b_restart": N_("Start again"),
    "b_trainings": N_("Trainings for me"),
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
    "see_assessment": N_("A skills assessment of {date}."),
    # for a counsellor taking over the conversation
    "counsellor_assessment": N_("Skills test of {date}: {levels}."),
    "counsellor_levels": N_("{languages}; computer skills: {level}"),
})
