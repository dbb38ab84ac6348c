"""NLU quality, measured on examples the model did not see."""

import pytest

from scripts.nlu_eval import THRESHOLD, evaluate, print_summary


@pytest.mark.slow
def test_intent_macro_f1_on_a_held_out_split(capsys):
    summary = evaluate()
    with capsys.disabled():
        print()
        print_summary(summary)
    assert set(summary["per_language"]) == {"fr", "nl", "en"}
    assert summary["intent_macro_f1"] >= THRESHOLD, summary
