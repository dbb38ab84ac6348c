"""The texts of the training search and its suggestions."""

from core.i18n import N_, Texts

TEXTS = Texts({
    "b_more": N_("More trainings"),
    "b_other_subject": N_("Another subject"),
    "b_details": N_("Details {number}"),
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
    # for a counsellor taking over the conversation
    "counsellor_search": N_("Looked for trainings in: {goal}."),
})
