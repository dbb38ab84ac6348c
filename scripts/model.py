"""Train the Rasa model when its inputs changed; reuse it otherwise.

The model is named after a hash of its inputs and kept in models/ (Rasa's default)
and in a cache directory outside the work tree, so a fresh clone with the same
inputs does not train again.
"""

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

from scripts.paths import CACHE, MODEL_INPUT_DIRS, MODEL_INPUTS, MODELS, RASA, ROOT, rasa_env


def input_files(extra: list[Path] | None = None) -> list[Path]:
    files = [ROOT / f for f in MODEL_INPUTS]
    for d in MODEL_INPUT_DIRS:
        files += sorted((ROOT / d).rglob("*.yml"))
    return files + (extra or [])


def inputs_hash(extra: list[Path] | None = None) -> str:
    digest = hashlib.sha256()
    for path in input_files(extra):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS / f"assistant-{inputs_hash()}.tar.gz"


def ensure_model(force: bool = False) -> Path:
    target = model_path()
    cached = CACHE / "models" / target.name
    if target.exists() and not force:
        print(f"Model up to date: {target.relative_to(ROOT)}", flush=True)
        return target
    MODELS.mkdir(exist_ok=True)
    if cached.exists() and not force:
        shutil.copy2(cached, target)
        print(f"Model taken from the cache: {target.relative_to(ROOT)}", flush=True)
        return target
    print("Training the Rasa model (inputs changed; a few minutes)…", flush=True)
    started = time.monotonic()
    subprocess.run(
        [str(RASA), "train", "--domain", "domain.yml", "--config", "config.yml",
         "--data", "nlu_data", "--out", str(MODELS), "--fixed-model-name", target.name[:-7]],
        cwd=ROOT, env=rasa_env(), check=True,
    )
    print(f"Trained in {time.monotonic() - started:.0f} s: {target.relative_to(ROOT)}", flush=True)
    for old in MODELS.glob("assistant-*.tar.gz"):
        if old != target:
            old.unlink()
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(target, cached)
    return target


if __name__ == "__main__":
    ensure_model(force="--force" in sys.argv)
