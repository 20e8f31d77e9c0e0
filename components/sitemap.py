"""The site map: every page with its script and URL path, and the meeting's order. No Streamlit here: the
page shell, the renderers, the briefing command and the tests all read it."""

from __future__ import annotations

# (key, script path, URL path). URL paths come from the scripts' file names (pages/city.py -> /city).
PAGES = (
    ("home", "app.py", "/"),
    ("innovation", "pages/innovation.py", "/innovation"),
    ("investment", "pages/investment.py", "/investment"),
    ("city", "pages/city.py", "/city"),
    ("digital", "pages/digital.py", "/digital"),
    ("sources", "pages/sources.py", "/sources"),
)
# The pages a meeting steps through, in order (the sources page is not one of them).
MEETING_ORDER = ("home", "innovation", "investment", "city", "digital")
# The pages that draw Plotly charts (home: the plans tally and series over time); tests/test_plotly_web.py checks
# the list against what each page sends.
CHART_PAGES = ("home", "innovation", "investment", "city", "digital")
KEYS = tuple(k for k, _, _ in PAGES)
SCRIPT = {k: path for k, path, _ in PAGES}
URL_PATH = {k: url for k, _, url in PAGES}
