# The two commands a fresh machine needs: `make run` and `make test` (README). CI runs `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser nginx run serve test lint validate bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(STAMP)

browser: install
	bash scripts/ensure_browser.sh $(BIN)/python

nginx:
	bash scripts/ensure_nginx.sh

run: install
	$(BIN)/python -m streamlit run app.py

# For a server: ZHENHAI_HOST, ZHENHAI_PORT, ZHENHAI_BASE_PATH (README, deploy/README.md).
serve: install
	bash scripts/serve.sh $(BIN)/python

test: install browser nginx
	$(BIN)/python -m pytest

lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/actionlint

validate: install
	$(BIN)/python -m components.data

bench: install browser nginx
	$(BIN)/python bench/run.py
