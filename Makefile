# Two commands matter: `make demo` and `make test`. Both build .venv from scratch when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP := $(BIN)/python -m pip

.PHONY: demo test install install-test bench messages clean

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

demo: install
	mkdir -p var
	DEBUG=1 $(BIN)/schakel migrate --noinput
	DEBUG=1 $(BIN)/schakel seed --demo
	DEBUG=1 $(BIN)/schakel runserver --noreload 127.0.0.1:$(PORT)

test: install-test
	$(BIN)/python -m pytest

# Benchmark on PostgreSQL (see docs/performance.md): DATABASE_URL must point at a scratch database.
bench: install
	$(BIN)/python bench/run.py

messages:
	cd src/schakel && ../../$(BIN)/schakel compilemessages -l en

clean:
	rm -rf $(VENV) var
