"""Every JavaScript file of ours parses, without a browser: a syntax error fails here, not in a meeting.

Two parsers. tree-sitter's JavaScript grammar (PyPI wheels, so it runs wherever the tests run) knows today's
syntax (arrow functions, const/let, template literals, ?. and ??, spread, class fields, modules), where the
pure-Python esprima stops at ES2017 and rejects `a?.b`. It checks the grammar only; Node's own parser (V8) also
reports the errors the language defines beyond the grammar (a name declared twice, await outside an async
function), and runs where Node is installed: CI and GitHub's runners have it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

VENDORED = ROOT / "static" / "plotly"  # plotly.js basic, minified, not ours (static/plotly/README.md)
JS_FILES = sorted(p for folder in (ROOT / "components", ROOT / "static") for p in folder.rglob("*.js")
                  if not p.is_relative_to(VENDORED))
NODE = shutil.which("node")


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_every_script_is_found():
    """The scripts the app sends (a file moved elsewhere would silently leave this test with less to read)."""
    assert {_id(p) for p in JS_FILES} >= {
        "components/page_drawn.js", "components/static_script.js", "components/theme.js",
        "static/components/deck_keys.js", "static/components/plotly_web.js",
    }


@pytest.fixture(scope="module")
def parser():
    import tree_sitter
    import tree_sitter_javascript

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_javascript.language()))


def syntax_errors(parser, source: bytes) -> list[str]:
    """Where tree-sitter found text it could not place, or had to assume a token that is not there, as
    "line:column: what"; empty when the source parses."""
    out, todo = [], [parser.parse(source).root_node]
    while todo:
        node = todo.pop()
        row, col = node.start_point
        if node.is_missing:
            out.append(f"{row + 1}:{col + 1}: missing {node.type!r}")
        elif node.is_error:
            text = source[node.start_byte:node.end_byte].decode("utf-8", "replace").splitlines() or [""]
            out.append(f"{row + 1}:{col + 1}: unexpected {text[0][:60]!r}")
        elif node.has_error:
            todo.extend(node.children)
    return sorted(out, key=lambda s: [int(n) for n in s.split(":")[:2]])


@pytest.mark.parametrize("source", [
    "export default function (c) { const { data } = c; return () => data?.x ?? `${data}`; }",
    "const a = [...b], o = { ...p, q }; class K { #n = 1; static m() { return this.#n; } }",
    "export default async function (c) { const { default: m } = await import(c.data.script); return m(c); }",
    "(() => { for (const [k, v] of Object.entries(o)) if (k) continue; })();",
])
def test_the_parser_knows_modern_syntax(parser, source):
    assert syntax_errors(parser, source.encode()) == []


@pytest.mark.parametrize("source", [
    "function f() { if (a) { return 1; }",  # a brace left open
    "const a = 1 +;",
    "const s = `x${1}",  # a template literal left open
    "s.render = () => { pill.style.display = 'none' ;; }}",
    "export default function (c) { c.data. }",
])
def test_the_parser_reports_a_syntax_error(parser, source):
    assert syntax_errors(parser, source.encode()) != []


@pytest.mark.parametrize("path", JS_FILES, ids=_id)
def test_script_parses(parser, path):
    assert syntax_errors(parser, path.read_bytes()) == [], _id(path)


@pytest.mark.allowed_skip("Node.js is not on every developer's machine (it is on CI's and GitHub's runners); "
                          "tree-sitter parses every file all the same")
@pytest.mark.parametrize("path", JS_FILES, ids=_id)
def test_script_compiles_in_node(path):
    """`node --check` as an ES module, which is also the stricter reading for page_drawn.js (a classic script)."""
    if NODE is None:
        pytest.skip("no `node` on PATH")
    result = subprocess.run([NODE, "--check", "--input-type=module"], input=path.read_bytes(), capture_output=True,
                            timeout=60)
    assert result.returncode == 0, f"{_id(path)}: {result.stderr.decode('utf-8', 'replace')}"


def test_the_page_drawn_script_survives_st_html_sanitizer():
    """st.html passes its HTML through DOMPurify, which silently drops a script whose text has a "<" right before
    a letter or "/" (its SAFE_FOR_XML check), comments included; the page would then never be shown (it happened:
    a comment naming the html element in angle brackets)."""
    text = (ROOT / "components" / "page_drawn.js").read_text(encoding="utf-8")
    hits = [f"line {text.count(chr(10), 0, m.start()) + 1}: {m.group()!r}" for m in re.finditer(r"<[/\w]", text)]
    assert hits == []
