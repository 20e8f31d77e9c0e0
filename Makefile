# The two commands a fresh machine needs: `make run` and `make test` (README). CI runs `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser run test lint validate bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(STAMP)

browser: install
	bash scripts/ensure_browser.sh $(BIN)/python

run: install
	$(BIN)/python -m streamlit run app.py

test: install browser
	$(BIN)/python -m pytest

lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/actionlint

validate: install
	$(BIN)/python -m components.data

bench: install browser
	$(BIN)/python bench/run.py
