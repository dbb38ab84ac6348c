#!/usr/bin/env bash
# Create or update both virtual environments. Safe to run again: it only
# reinstalls when the requirements changed.
#   .venv       the app (Python >= 3.11): api/, bot/, core/, actions/ (action server), tests
#   .venv-rasa  Rasa 3.6 (Python 3.10), which holds no project code
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
RASA_VENV=${RASA_VENV:-.venv-rasa}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
stamp() { cat "$@" | sha256sum | cut -c1-16; }

find_python() {  # find_python MINOR_MIN MINOR_MAX
  local min=$1 max=$2 candidates=() c v
  for v in $(seq "$max" -1 "$min"); do candidates+=("python3.$v"); done
  candidates+=(python3)
  if command -v pyenv >/dev/null 2>&1; then
    for v in $(seq "$max" -1 "$min"); do
      for c in "$(pyenv root)"/versions/3."$v".*/bin/python; do [ -x "$c" ] && candidates+=("$c"); done
    done
  fi
  for c in "${candidates[@]}"; do
    command -v "$c" >/dev/null 2>&1 || continue
    v=$("$c" -c 'import sys; print(sys.version_info[1])' 2>/dev/null) || continue
    if [ "$v" -ge "$min" ] && [ "$v" -le "$max" ]; then command -v "$c"; return 0; fi
  done
  return 1
}

# --- app venv ---------------------------------------------------------------
want=$(stamp pyproject.toml requirements.lock)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$want" ]; then
  py=$(find_python 11 13) || { echo "Python 3.11, 3.12 or 3.13 is needed for the app (python.org or 'pyenv install 3.11')." >&2; exit 1; }
  say "App environment ($VENV, $("$py" --version))"
  [ -x "$VENV/bin/python" ] || "$py" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  # every dependency as pinned, with its hash (make lock), then the project itself
  "$VENV/bin/python" -m pip install -q --require-hashes -r requirements.lock
  "$VENV/bin/python" -m pip install -q --no-deps -e .
  echo "$want" > "$VENV/.stamp"
fi

# --- Rasa venv ----------------------------------------------------------------
want=$(stamp requirements-rasa.txt constraints-rasa.txt)
if [ ! -x "$RASA_VENV/bin/rasa" ] || [ "$(cat "$RASA_VENV/.stamp" 2>/dev/null)" != "$want" ]; then
  py=$(find_python 10 10) || {
    cat >&2 <<'MSG'
Rasa 3.6 needs Python 3.10, which was not found on PATH nor through pyenv.
Install it, for example:  pyenv install 3.10   (https://github.com/pyenv/pyenv)
or your system's python3.10 package, then run this command again.
MSG
    exit 1; }
  say "Rasa environment ($RASA_VENV, $("$py" --version); the first time takes a few minutes)"
  [ -x "$RASA_VENV/bin/python" ] || "$py" -m venv "$RASA_VENV"
  "$RASA_VENV/bin/python" -m pip install -q --upgrade pip
  "$RASA_VENV/bin/python" -m pip install -q -r requirements-rasa.txt -c constraints-rasa.txt
  echo "$want" > "$RASA_VENV/.stamp"
fi
