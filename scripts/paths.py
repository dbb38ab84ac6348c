"""Where things are: venvs, models, caches. Overridable through the environment."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))
RASA_VENV = Path(os.environ.get("RASA_VENV", ROOT / ".venv-rasa"))
RASA = RASA_VENV / "bin" / "rasa"
RASA_PYTHON = RASA_VENV / "bin" / "python"
PYTHON = VENV / "bin" / "python"
MODELS = ROOT / "models"
VAR = ROOT / "var"
CACHE = Path(
    os.environ.get("ASSISTANT_CACHE_DIR")
    or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "brussels-jobs-assistant"
)

# Everything a trained model depends on.
MODEL_INPUTS = ["domain.yml", "config.yml", "requirements-rasa.txt", "constraints-rasa.txt"]
MODEL_INPUT_DIRS = ["nlu_data"]


def rasa_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONWARNINGS="ignore",
    )
    return env
