"""The Rasa assistant's data is consistent and covers the contract."""

import subprocess
from collections import defaultdict

import pytest
import yaml

from core import content
from core.responses import RESPONSES
from scripts.nlu_eval import load_examples
from scripts.paths import RASA, ROOT, rasa_env

CONTRACT = ["greet", "goodbye", "thank", "affirm", "deny", "help", "bot_challenge",
            "choose_language", "start_assessment", "find_training", "book_childcare",
            "cancel_booking", "register_disability_pathway", "request_human", "delete_my_data",
            "faq", "out_of_scope", "stop", "my_bookings"]
SMALL_TALK = {"greet", "goodbye", "thank", "affirm", "deny"}
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.mark.slow
def test_rasa_data_validate():
    result = subprocess.run(
        [str(RASA), "data", "validate", "--domain", "domain.yml", "--data", "nlu_data",
         "--config", "config.yml"],
        cwd=ROOT, env=rasa_env(), capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_every_contract_intent_has_examples_in_three_languages():
    counts = defaultdict(int)
    for intent, language, _ in load_examples():
        counts[(intent.split("/")[0], language)] += 1
    for intent in CONTRACT:
        assert intent in DOMAIN["intents"]
        for language in ("fr", "nl", "en"):
            minimum = 8 if intent in SMALL_TALK else 15
            assert counts[(intent, language)] >= minimum, (intent, language, counts[(intent, language)])


def test_every_faq_sub_intent_has_an_answer_and_examples_in_three_languages():
    sub_intents = defaultdict(set)
    for intent, language, _ in load_examples():
        if intent.startswith("faq/"):
            sub_intents[intent.split("/", 1)[1]].add(language)
    assert set(sub_intents) == set(content.faq())
    assert all(langs == {"fr", "nl", "en"} for langs in sub_intents.values())


def test_domain_responses_are_the_ones_the_nlg_endpoint_renders():
    names = set(DOMAIN["responses"])
    assert names == set(RESPONSES) | {f"utter_faq/{t}" for t in content.faq()}


def test_every_dialogue_policy_has_data_it_learns_from():
    """Each policy costs every prediction: one that learns from stories needs stories."""
    policies = {p["name"] for p in yaml.safe_load((ROOT / "config.yml").read_text())["policies"]}
    stories = [path for path in (ROOT / "nlu_data").rglob("*.yml")
               if "stories" in (yaml.safe_load(path.read_text()) or {})]
    if not stories:
        assert policies.isdisjoint({"MemoizationPolicy", "AugmentedMemoizationPolicy", "TEDPolicy",
                                    "UnexpecTEDIntentPolicy"}), policies
    assert "RulePolicy" in policies
