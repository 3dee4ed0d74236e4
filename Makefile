# Maillage — two commands: `make run` (serve the demo) and `make test` (every test).
SHELL := /bin/bash
VENV := .venv
# Test processes (the machines have 2 cores); PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
PY := $(VENV)/bin/python
# A Python >= 3.12 interpreter: the one on PATH if recent enough, else python3.13/3.12, else pyenv's.
PYTHON ?= $(shell for c in python3 python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$c; break; }; done)

.PHONY: run test lint venv install-dev migrate demo e2e-deps messages clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 is needed (Django 6)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: $(VENV)/.installed
	@mkdir -p var/mail
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed-dev
	@mkdir -p var
	$(PY) manage.py check
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -q -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l en --no-location
	$(PY) manage.py french_plurals
	$(PY) manage.py compilemessages --locale en --locale fr

clean:
	rm -rf $(VENV) var
