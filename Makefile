# The two commands a fresh machine needs: `make run` and `make test` (README). CI runs `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser nginx office run serve test test-fast lint validate bench briefing

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

# LibreOffice Impress and poppler: the briefing tests render the deck to PDF and images.
office:
	bash scripts/ensure_office.sh

run: install
	$(BIN)/python -m streamlit run app.py

# For a server: ZHENHAI_HOST, ZHENHAI_PORT, ZHENHAI_BASE_PATH (README, deploy/README.md).
serve: install
	bash scripts/serve.sh $(BIN)/python

# Every test (CI runs this): two parallel workers, tests that share a special server kept on one worker
# (xdist_group), and the 20 slowest tests listed at the end.
TEST_WORKERS ?= 2
test: install browser nginx office
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --durations=20

# Between edits: unit and AppTest tests only, no browser, LibreOffice or nginx (about a minute).
test-fast: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not browser and not office and not proxy and not slow"

lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/actionlint

validate: install
	$(BIN)/python -m components.data

# The meeting's briefing as PowerPoint, both languages, under out/ (ignored by git).
briefing: install
	$(BIN)/python -m components.briefing --lang zh -o out/zhenhai_briefing_zh.pptx
	$(BIN)/python -m components.briefing --lang en -o out/zhenhai_briefing_en.pptx

bench: install browser nginx
	$(BIN)/python bench/run.py
