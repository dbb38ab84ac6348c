# The two commands: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
export VENV

.PHONY: setup run cluster test check lint migrate model validate nlu-eval messages bench screenshots clean lock audit

setup:  ## both virtual environments (only what changed)
	@scripts/setup.sh

lock:  ## pin every dependency of the app's environment, with hashes, after changing pyproject.toml
	@$(PY) -m piptools compile -q --generate-hashes --extra dev --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

audit: setup  ## known vulnerabilities of the pinned dependencies (pip-audit; needs a vulnerability service)
	@$(PY) -m scripts.audit

migrate: setup  ## apply database migrations to DATABASE_URL
	@$(PY) -m core.migrate

model: setup  ## train the Rasa model if its inputs changed
	@$(PY) -m scripts.model

run: migrate model  ## start Rasa, the action server and the app; Ctrl-C stops them
	@$(PY) -m scripts.run

cluster: setup model  ## the production profile: 2 of each process behind HAProxy, on PostgreSQL and Redis; Ctrl-C stops it
	@$(PY) -m scripts.cluster

lint: setup  ## ruff, mypy and the import contracts
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/mypy
	@$(VENV)/bin/lint-imports --no-cache

check: lint migrate  ## lint, then every test that needs neither Rasa nor a browser (quick)
	@$(PY) -m pytest -m "not e2e and not browser and not slow"

test: lint audit migrate model  ## lint, audit, then every test; non-zero on any failure
	@$(PY) -m pytest

validate: setup  ## rasa data validate
	@$(PY) -m pytest tests/nlu/test_rasa_data.py

nlu-eval: setup  ## NLU quality on a held-out split
	@$(PY) -m scripts.nlu_eval

messages: setup  ## extract messages and update the fr/nl/en catalogues
	@$(PY) -m scripts.i18n

bench: migrate model  ## speed and memory figures for this machine
	@$(PY) -m scripts.bench

screenshots: setup  ## every dashboard page at 1280×800, in en/fr/nl, into screenshots/ (not kept in git)
	@$(PY) -m scripts.dashboard_demo screenshots

clean:
	rm -rf var/ results/ .pytest_cache screenshots/
