"""A components-v2 element sent on every rerun gets its script from a file under static/, not inline.

Why: Streamlit keeps every message of 10 KB or more (global.minCachedMessageSize) in the browser's cache and may
later send only a reference to it; a quick rerun can then refer to a message the page has just dropped
("Cached ForwardMsg MISS", a fatal connection error, measured with the deck's keys in the auto-play loop test).
An element resent on every rerun (the deck's keys on each slide, each chart) must stay well under that size,
and a script of a few hundred commented lines inline would not.

Why not a path in js=: Streamlit 1.67 takes a file path there only for a component declared with its asset_dir
in the pyproject.toml of an *installed* package (streamlit/components/v2/component_definition_resolver.py);
this app runs from a checkout. So the element's inline script is the short loader static_script.js, and the
real one is static/components/<module>.js, served by Streamlit's static serving (.streamlit/config.toml:
enableStaticServing) at app/static/components/<module>.js. An app started from another folder needs a
static/ beside its script (tests/apps/static and bench/static link to this one).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
SCRIPTS_DIR = STATIC_DIR / "components"

# The inline script of every such element: it imports data["script"] and runs its default export.
LOADER_JS = Path(__file__).with_name("static_script.js").read_text(encoding="utf-8")


def static_url(path: Path) -> str:
    """The address of a file under static/ relative to the page (like Streamlit's own ./static/...: the same
    file under a base path or behind a proxy's sub-path), with a hash of its content as its version: a changed
    script is a new address for every cache on the way (deploy/nginx.conf keeps a versioned one a year)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return f"app/static/{path.relative_to(STATIC_DIR).as_posix()}?v={digest}"
