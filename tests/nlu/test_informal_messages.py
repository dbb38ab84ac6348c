"""Messages as people write them on WhatsApp or Telegram (SMS spelling, no accents,
typos, a condition or a day said in passing) reach the right intent, with the entities
an opening message carries.

The trained model of the current inputs is loaded once in Rasa's venv
(tests/nlu/rasa_parse.py) and parses every message below.
"""

import json
import subprocess

import pytest

from scripts.paths import RASA_VENV, ROOT, rasa_env

PARSER = ROOT / "tests" / "nlu" / "rasa_parse.py"

# (message, intent, entities expected among those extracted: {entity: value})
CASES: dict[str, list[tuple[str, str, dict[str, str]]]] = {
    "fr": [
        # a course with a schedule, a format or a subject is a training search
        ("je cherche un cours de néerlandais le soir", "find_training", {"language": "nl"}),
        ("cours d'informatique en ligne svp", "find_training", {"goal": "digital"}),
        ("bjr jcherche une formation excel a distance stp", "find_training", {"goal": "digital"}),
        ("je voudrais apprendre le néerlandais, vous avez des cours ?", "find_training", {"language": "nl"}),
        # a frustrated request for a person
        ("j'en ai marre de ce robot je veux parler à qqn", "request_human", {}),
        ("ce robot comprend rien, passez moi un vrai conseiller svp", "request_human", {}),
        # a condition mentioned in passing
        ("je suis en fauteuil roulant et je cherche du travail", "register_disability_pathway", {}),
        ("jsuis dépressive depuis 2 ans et jvoudrais de l'aide pour retrouver un taf",
         "register_disability_pathway", {}),
        # childcare and the skills test, informally
        ("besoin d'une creche lundi pr un entretien", "book_childcare",
         {"day": "lundi", "reason": "interview"}),
        ("une place a la creche de Schaerbeek le 15/12 pr ma fille svp", "book_childcare",
         {"commune": "Schaerbeek", "day": "15/12"}),
        ("je veux tester mon niveau en anglais", "start_assessment", {"language": "en"}),
        # what must keep working
        ("t'es un robot ou quoi ?", "bot_challenge", {}),
        ("en anglais stp", "choose_language", {"language": "en"}),
    ],
    "nl": [
        ("ik wil Engels leren, avondles", "find_training", {"language": "en"}),
        ("ik wil Nederlands leren, hebben jullie cursussen?", "find_training", {"language": "nl"}),
        ("cursus computer online aub", "find_training", {"goal": "digital"}),
        ("ik wil een echte mens spreken, die robot snapt niks", "request_human", {}),
        ("ik ben slechthorend en zoek hulp om werk te vinden", "register_disability_pathway", {}),
        ("ik heb autisme en zoek begeleiding naar een job", "register_disability_pathway", {}),
        ("kinderopvang nodig volgende week, ik begin te werken", "book_childcare", {}),
        ("opvang nodig morgen voor mijn sollicitatie in Molenbeek", "book_childcare",
         {"day": "morgen", "reason": "interview", "commune": "Molenbeek"}),
        ("kan je mijn frans eens testen aub", "start_assessment", {"language": "fr"}),
        ("ben jij een robot?", "bot_challenge", {}),
        ("in het Engels aub", "choose_language", {"language": "en"}),
    ],
    "en": [
        ("any computer classes online?", "find_training", {"goal": "digital"}),
        ("I want to learn Dutch, what courses are there?", "find_training", {"language": "nl"}),
        ("wanna learn french, evening classes pls", "find_training", {"language": "fr"}),
        ("enough of this robot, I want a real person", "request_human", {}),
        ("this bot is useless, let me talk to a counsellor", "request_human", {}),
        ("I'm autistic and need support to find a job", "register_disability_pathway", {}),
        ("i use a wheelchair n i'm looking for work", "register_disability_pathway", {}),
        ("need childcare next monday for a job interview in Anderlecht", "book_childcare",
         {"day": "next monday", "reason": "interview", "commune": "Anderlecht"}),
        ("can u test my dutch", "start_assessment", {"language": "nl"}),
        ("are u a bot", "bot_challenge", {}),
        ("english please", "choose_language", {"language": "en"}),
    ],
}
ALL = [(language, *case) for language, cases in CASES.items() for case in cases]


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict]:
    from scripts.model import ensure_model

    model = ensure_model()
    texts = [text for _, text, _, _ in ALL]
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), str(PARSER), str(model)],
        input=json.dumps(texts), cwd=ROOT, env=rasa_env(), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("PARSED:"))
    return {item["text"]: item for item in json.loads(line[len("PARSED:"):])}


def test_at_least_eight_messages_per_language():
    assert all(len(cases) >= 8 for cases in CASES.values())


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text", "intent", "entities"), ALL,
                         ids=[f"{language}: {text}" for language, text, _, _ in ALL])
def test_informal_message(parsed, language, text, intent, entities):
    got = parsed[text]
    assert got["intent"] == intent, got
    found = {(e["entity"], e["value"]) for e in got["entities"]}
    for name, value in entities.items():
        assert (name, value) in found, got
