"""NLU quality on a held-out split: a model trained without 20% of the examples
(per intent and language) is tested on them.

Prints intent macro-F1 overall and per language, and the response selector's
figures for the FAQ. Results are cached by a hash of the inputs.
Exit status 1 when intent macro-F1 is under the threshold.
"""

import json
import random
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from scripts.model import inputs_hash
from scripts.paths import CACHE, RASA, ROOT, VAR, rasa_env

THRESHOLD = 0.92  # quality floor; one split of ~1000 examples moves by about ±0.02
LANGUAGES = ("fr", "nl", "en")
TEST_SHARE = 0.2
NLU_DIR = ROOT / "nlu_data" / "nlu"
ENTITY = re.compile(r"\[([^\]]+)\]\{[^}]*\}|\[([^\]]+)\]\([^)]*\)")


def language_of(path: Path) -> str:
    return path.stem.split("_")[-1]


def load_examples() -> list[tuple[str, str, str]]:
    """(intent, language, example as written, with entity annotations)."""
    rows = []
    for path in sorted(NLU_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu", []):
            if "intent" not in block:
                continue
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    rows.append((block["intent"], language_of(path), line[2:].strip()))
    return rows


def plain(example: str) -> str:
    return ENTITY.sub(lambda m: m.group(1) or m.group(2), example)


def split(rows, seed: int = 42):
    groups = defaultdict(list)
    for row in rows:
        groups[(row[0], row[1])].append(row)
    train, test = [], []
    rng = random.Random(seed)
    for key in sorted(groups):
        items = groups[key][:]
        rng.shuffle(items)
        n = max(1, round(len(items) * TEST_SHARE)) if len(items) >= 5 else 0
        test += items[:n]
        train += items[n:]
    return train, test


def write_nlu(rows, path: Path) -> None:
    by_intent = defaultdict(list)
    for intent, _, example in rows:
        by_intent[intent].append(example)
    data = {"version": "3.1",
            "nlu": [{"intent": i, "examples": "".join(f"- {e}\n" for e in ex)}
                    for i, ex in by_intent.items()]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = {t for t, _ in pairs}
    scores = []
    for label in labels:
        tp = sum(1 for t, p in pairs if t == label and p == label)
        fp = sum(1 for t, p in pairs if t != label and p == label)
        fn = sum(1 for t, p in pairs if t == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def evaluate(force: bool = False) -> dict:
    key = inputs_hash()
    cached = CACHE / "nlu-eval" / f"{key}.json"
    if cached.exists() and not force:
        return json.loads(cached.read_text())
    work = VAR / "nlu-eval"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    train, test = split(load_examples())
    write_nlu(train, work / "train.yml")
    write_nlu(test, work / "test.yml")
    print(f"NLU evaluation: training on {len(train)} examples, testing on {len(test)}…", flush=True)
    env = rasa_env()
    subprocess.run([str(RASA), "train", "nlu", "--nlu", str(work / "train.yml"), "--config",
                    "config.yml", "--domain", "domain.yml", "--out", str(work),
                    "--fixed-model-name", "nlu"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    results = work / "results"
    subprocess.run([str(RASA), "test", "nlu", "--nlu", str(work / "test.yml"), "--model",
                    str(work / "nlu.tar.gz"), "--out", str(results), "--successes", "--no-plot"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    report = json.loads((results / "intent_report.json").read_text())
    predictions = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = results / name
        if path.exists():
            predictions += json.loads(path.read_text())
    language_by_text = {plain(e): lang for _, lang, e in test}
    per_language = defaultdict(list)
    for p in predictions:
        lang = language_by_text.get(p["text"])
        if lang:
            per_language[lang].append((p["intent"], (p.get("intent_prediction") or {}).get("name")))
    summary = {
        "inputs": key,
        "examples": {"train": len(train), "test": len(test)},
        "intent_macro_f1": report["macro avg"]["f1-score"],
        "per_language": {lang: round(macro_f1(pairs), 4) for lang, pairs in sorted(per_language.items())},
        "weakest_intents": sorted(
            ((k, round(v["f1-score"], 3)) for k, v in report.items()
             if isinstance(v, dict) and "f1-score" in v and k not in ("macro avg", "weighted avg", "micro avg")),
            key=lambda kv: kv[1])[:5],
    }
    selector = results / "response_selection_report.json"
    if selector.exists():
        summary["faq_response_macro_f1"] = json.loads(selector.read_text())["macro avg"]["f1-score"]
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(summary, indent=2))
    return summary


def print_summary(summary: dict) -> None:
    print(f"Intent macro-F1 (held-out {summary['examples']['test']} examples): "
          f"{summary['intent_macro_f1']:.3f} (threshold {THRESHOLD:.2f})")
    for lang in LANGUAGES:
        f1 = summary["per_language"].get(lang)
        print(f"  {lang}: {f1:.3f}" if f1 is not None else f"  {lang}: no test examples")
    if "faq_response_macro_f1" in summary:
        print(f"FAQ response selection macro-F1: {summary['faq_response_macro_f1']:.3f}")
    print("Weakest intents: " + ", ".join(f"{k} {v:.2f}" for k, v in summary["weakest_intents"]))


if __name__ == "__main__":
    result = evaluate(force="--force" in sys.argv)
    print_summary(result)
    sys.exit(0 if result["intent_macro_f1"] >= THRESHOLD else 1)
