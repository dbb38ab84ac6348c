"""Every task completed by typing alone, in French, Dutch and English, as people write on
WhatsApp or Telegram: no button is ever pressed (no payload is sent), and the message that
starts the task already carries some of the answers, which are echoed back, not asked."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from core.assessment.texts import TEXTS as ASSESSMENT
from core.childcare import content, rules
from core.childcare.models import ChildcareBooking
from core.childcare.texts import TEXTS as CHILDCARE
from core.childcare.wording import day_text
from core.db import session_factory
from core.pathway.models import PathwayRegistration
from core.pathway.texts import TEXTS as PATHWAY
from core.privacy.texts import TEXTS as PRIVACY
from core.questionnaire.texts import TEXTS as COMMON
from core.training.texts import TEXTS as TRAINING
from tests.e2e.conftest import Person, texts

pytestmark = pytest.mark.e2e
LANGUAGES = ("fr", "nl", "en")
NOT_UNDERSTOOD = ("invalid_choices", "invalid_free", "which_one", "invalid_again")


class Typing:
    """A person who only types: every message is words, never a button's payload, and
    every answer is understood the first time."""

    def __init__(self, person: Person, language: str):
        self.person, self.language = person, language

    def say(self, text: str) -> str:
        assert not text.startswith("/"), "typing only"
        reply = texts(self.person.say(text))
        for key in NOT_UNDERSTOOD:
            sorry = COMMON(self.language, key, choices="").split("{")[0][:40]
            assert sorry not in reply, f"{text!r} was not understood: {reply}"
        assert self.person.language == self.language
        return reply


def open_day(site: str = "molenbeek", after: int = 4) -> date:
    data = content.sites_content()
    day = date.today() + timedelta(days=after)
    while not rules.is_open(data.sites[site], day):
        day += timedelta(days=1)
    return day


# --- the skills assessment ----------------------------------------------------------------------

ASSESS = {"fr": ("je voudrais tester mon néerlandais", "néerlandais", "oui c'est ça", "arabe et turc",
                 ["oui", "un peu", "non", "oui je peux", "pas vraiment", "un petit peu"],
                 ["je sais le faire seule", "avec de l'aide", "je ne sais pas", "tout seul", "très bien"]),
          "nl": ("kun je mijn Engels testen aub", "Engels", "ja klopt", "geen andere",
                 ["ja", "een beetje", "nee", "ja hoor", "niet echt", "beetje"],
                 ["dat kan ik alleen", "met hulp", "weet ik niet", "zelfstandig", "heel goed"]),
          "en": ("can u test my french pls", "French", "yes", "no other language",
                 ["yes", "a little", "no", "yes i can", "not really", "a bit"],
                 ["on my own", "with help", "i don't know", "by myself", "very well"])}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_skills_assessment_by_typing(person, language):
    opening, named, right, others, statements, tasks = ASSESS[language]
    p = Typing(person(language), language)
    reply = p.say(opening)
    assert COMMON(language, "opening_check", what=named) in reply
    reply = p.say(right)
    assert ASSESSMENT(language, "other_languages") in reply
    reply = p.say(others)
    for turn in range(20):
        if ASSESSMENT(language, "result_title") in reply:
            break
        if ASSESSMENT(language, "cefr_prompt") in reply:
            reply = p.say(statements[turn % len(statements)])
        else:
            reply = p.say(tasks[turn % len(tasks)])
    assert ASSESSMENT(language, "result_title") in reply
    assert ASSESSMENT(language, "result_stored", date="").split("(")[0] in reply


# --- the training search --------------------------------------------------------------------------

SEARCH = {"fr": ("je voudrais apprendre le néerlandais, vous avez des cours ?", "néerlandais", "ouais",
                 ["quelques mots", "en ligne"]),
          "nl": ("ik wil Engels leren, hebben jullie cursussen?", "Engels", "ja dat klopt",
                 ["een paar woorden", "in de klas", "ik woon in Schaarbeek"]),
          "en": ("I want to learn Dutch, what courses are there?", "Dutch", "yes please",
                 ["a few words", "doesn't matter"])}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_training_search_by_typing(person, language):
    opening, subject, right, answers = SEARCH[language]
    p = Typing(person(language), language)
    reply = p.say(opening)
    assert COMMON(language, "opening_check", what=subject) in reply
    reply = p.say(right)
    assert TRAINING(language, "training_goal") not in reply, "the subject is not asked again"
    for answer in answers:
        reply = p.say(answer)
    assert TRAINING(language, "training_results") in reply


# --- childcare: a booking, then a change of its days ----------------------------------------------

BOOK = {"fr": ("j'ai un entretien d'embauche le {day} le matin, j'ai besoin d'une crèche à Molenbeek",
               ["oui c'est bien ça", "oui je suis inscrite", "Lina", "14/03/2025", "je ne l'ai pas", "oui réservez"],
               "je dois changer les dates de ma réservation", ["le {new}", "l'après-midi", "ouais"]),
          "nl": ("ik begin te werken en heb kinderopvang nodig vanaf {day} in Molenbeek",
                 ["ja", "ja ik ben ingeschreven", "Noor", "2/2/2025", "alleen die dag", "heb ik niet", "ja graag"],
                 "ik wil de datum van mijn reservatie wijzigen", ["{new}", "alleen die dag", "ja"]),
          "en": ("I need childcare from {day} because I start a new job, in Molenbeek",
                 ["yes that's right", "yes I'm registered", "Samir", "01/05/2025", "just that day", "skip",
                  "yes book it"],
                 "I need to change the dates of my booking", ["{new}", "same day", "yes change it"])}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_childcare_booking_and_its_change_by_typing(person, stack, language):
    opening, answers, change, new_answers = BOOK[language]
    day, new = open_day(), open_day(after=12)
    p = Typing(person(language), language)
    reply = p.say(opening.format(day=day.strftime("%d/%m")))
    assert day_text(day, language) in reply and "Molenbeek" in reply  # echoed back
    for answer in answers:
        reply = p.say(answer)
    with session_factory(stack.database_url)() as s:
        booking = s.scalars(select(ChildcareBooking).where(ChildcareBooking.child_name == answers[2],
                                                           ChildcareBooking.language == language)).one()
        assert booking.first_day == day
        assert booking.site == "molenbeek"
    assert booking.reference in reply
    reply = p.say(change)
    asked = "interview_day" if language == "fr" else "first_day"  # in French, a job interview
    assert booking.reference in reply and CHILDCARE(language, asked) in reply
    for answer in new_answers:
        reply = p.say(answer.format(new=new.strftime("%d/%m")))
    assert CHILDCARE(language, "changed", reference=booking.reference) in reply
    with session_factory(stack.database_url)() as s:
        assert s.get(ChildcareBooking, booking.id).first_day == new


# --- the pathway registration ---------------------------------------------------------------------

REGISTER = {"fr": ("bonjour je voudrais m'inscrire au parcours pour personnes handicapées",
                   ["oui je suis d'accord", "c'est pour moi", "Lucie", "Moreau", "0471 98 76 54", "en français",
                    "par sms", "je cherche du travail", "mobilité et audition", "c'est tout",
                    "j'ai besoin d'un interprète", "passer", "le matin", "oui"]),
            "nl": ("hallo ik wil me inschrijven voor het traject voor mensen met een beperking",
                   ["ja ik ga akkoord", "voor mijn zoon", "Tom", "Peeters", "tom.peeters@example.com",
                    "nederlands", "per mail", "werkzoekende", "leren", "klaar", "overslaan", "overslaan",
                    "namiddag", "ja"]),
            "en": ("hi, I'd like to sign up for the pathway for people with a disability",
                   ["yes I agree", "for me", "Ann", "Smith", "+32 2 511 22 33", "english", "call me",
                    "I have a job", "vision", "that's all", "skip", "skip", "any time", "yes"])}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pathway_registration_by_typing(person, stack, pathway_keys, language):
    pathway_keys(stack.env["PATHWAY_KEYS"])
    opening, answers = REGISTER[language]
    p = Typing(person(language), language)
    reply = p.say(opening)
    assert PATHWAY(language, "consent") in reply
    for answer in answers:
        reply = p.say(answer)
    with session_factory(stack.database_url)() as s:
        registration = s.scalars(select(PathwayRegistration).where(
            PathwayRegistration.last_name == answers[3])).one()
        assert registration.reference in reply
        assert registration.contact_channel == {"fr": "sms", "nl": "email", "en": "phone"}[language]
        assert registration.registered_by == ("helper" if language == "nl" else "self")


# --- my data ---------------------------------------------------------------------------------------

MY_DATA = {"fr": ("qu'est-ce que vous savez sur moi ?", "effacez mes données svp", "oui"),
           "nl": ("wat weten jullie over mij", "wis mijn gegevens", "ja hoor"),
           "en": ("what do you know about me?", "please delete my data", "yes")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_data_seen_then_erased_by_typing(person, language):
    see, erase, yes = MY_DATA[language]
    p = Typing(person(language), language)
    p.say({"fr": "bonjour", "nl": "hallo", "en": "hello"}[language])
    assert PRIVACY(language, "see_title") in p.say(see)
    assert PRIVACY(language, "erase_confirm") in p.say(erase)
    assert PRIVACY(language, "erased") in p.say(yes)
