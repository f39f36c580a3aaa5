# Two commands matter: `make demo` and `make test`. Both build .venv from scratch when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP := $(BIN)/python -m pip

.PHONY: demo test install install-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade "pip>=24"

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(PIP) install -q -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements.lock $(VENV)/.installed
	$(PIP) install -q -c requirements.lock -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The django-q2 worker runs beside the web server for the scheduled monitoring reminders (printed to
# the console in the demo); stopping the demo stops both.
demo: install
	mkdir -p var
	DEBUG=1 $(BIN)/schakel migrate --noinput
	DEBUG=1 $(BIN)/schakel seed --demo
	trap 'kill 0' INT TERM EXIT; \
	DEBUG=1 $(BIN)/schakel qcluster & \
	DEBUG=1 $(BIN)/schakel runserver --noreload 127.0.0.1:$(PORT)

test: install-test
	$(BIN)/python -m pytest

# Benchmark on PostgreSQL (see docs/performance.md): DATABASE_URL must point at a scratch database.
bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
