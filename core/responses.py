"""The assistant's responses by name (``utter_…``), in English (the msgid), with their buttons.

Rasa predicts a response name; the app's NLG endpoint renders it (core/render.py) in the
conversation's language. Translations live in ``locale/``. The texts of each capability
live with it (``core/<capability>/texts.py``). Texts are plain and short: many readers
have low reading or language skills.
"""

import json
from dataclasses import dataclass, field

from core.i18n import N_


@dataclass(frozen=True)
class Button:
    title: str
    payload: str
    # A button written in one language whatever the message's ("Nederlands" in a French
    # message): its title is not translated and channels mark its language.
    lang: str | None = None


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
            Button("Français", intent("choose_language", language="fr"), lang="fr"),
            Button("Nederlands", intent("choose_language", language="nl"), lang="nl"),
            Button("English", intent("choose_language", language="en"), lang="en"),
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
}
