"""Reading what a person answers to a questionnaire (core/questionnaire/answers.py)."""

import pytest

from core.questionnaire import Choice
from core.questionnaire.answers import is_stop, match_choice, with_words


def test_buttons_numbers_labels_and_synonyms_are_understood():
    choices = with_words([Choice.of("yes", ["Oui", "Ja", "Yes"]),
                          Choice.of("little", ["Un peu", "Een beetje", "A little"]),
                          Choice.of("no", ["Non", "Nee", "No"])], "assessment.cefr")
    assert match_choice('/choose{"choice": "little"}', choices) == "little"
    assert match_choice("2", choices) == "little"
    assert match_choice("een BEETJE", choices) == "little"
    assert match_choice("ouais", choices) == "yes"
    assert match_choice("nee.", choices) == "no"
    assert match_choice("peut-être demain", choices) is None
    assert match_choice('/choose{"choice": "other"}', choices) is None
    assert match_choice("7", choices) is None


@pytest.mark.parametrize("text", ["stop", "Stop!", "annuler", "ANNULER", "stoppen", "arrêter", "/stop"])
def test_stop_words_in_three_languages(text):
    assert is_stop(text)


def test_stop_is_not_read_into_longer_answers():
    assert not is_stop("I can stop a video")
