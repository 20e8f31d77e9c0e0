# The two commands a fresh machine needs: `make run` and `make test` (README). CI runs `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser nginx office run serve test test-fast lint validate bench briefing margins

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
	$(BIN)/python -m streamlit run streamlit_app.py

# After changing a chart's words or data: the margins each chart settles on, measured in Chromium, so that a first
# visit draws it in one plotly pass (scripts/plotly_margins.py; tests/test_plotly_web.py says when it is due).
margins: install browser
	$(BIN)/python scripts/plotly_margins.py

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

# The next Streamlit, tried every week (.github/workflows/latest-streamlit.yml) before a pin moves to it: in
# its own venv (the main .venv is left alone), the pins, then Streamlit upgraded to the newest version that
# pyproject.toml's range allows (the range is read from there), then the browser tests.
LATEST_VENV ?= .venv-latest
LATEST_BIN := $(LATEST_VENV)/bin

.PHONY: test-latest
test-latest: nginx office
	test -x $(LATEST_BIN)/python || $(PYTHON) -m venv $(LATEST_VENV)
	$(LATEST_BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	req=$$($(LATEST_BIN)/python scripts/pyproject_requirement.py streamlit) && echo "test-latest: $$req" && \
	  $(LATEST_BIN)/python -m pip install -q --disable-pip-version-check --upgrade "$$req"
	@$(LATEST_BIN)/python -c 'import streamlit; print("test-latest: streamlit", streamlit.__version__)'
	bash scripts/ensure_browser.sh $(LATEST_BIN)/python
	$(LATEST_BIN)/python -m pytest -m browser -n $(TEST_WORKERS) --dist loadgroup --durations=20
