"""The shape of the code: no import cycles among components/, the page shell imports no renderer, the briefing
command runs without Streamlit, no module over 600 lines, and every JavaScript file parses."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

COMPONENTS = ROOT / "components"
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(COMPONENTS.rglob("*.py"))}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """Imports under `if TYPE_CHECKING:` never run, so they cannot close a cycle."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module of components/ that `name` imports, at module level or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            # `from x import y` is an import of x.y when y is a module, else of x (the name y is in x).
            targets = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in known else stem for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(name, path, set(mods)) for name, path in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        v = todo.pop()
        for w in graph.get(v, ()):
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return seen


def test_the_finder_sees_function_level_imports_and_cycles():
    graph = {
        "components.a": imports_of("components.a", _write("a.py", "def f():\n    from .b import g\n"), {"components.a", "components.b"}),
        "components.b": imports_of("components.b", _write("b.py", "from . import a\n"), {"components.a", "components.b"}),
    }
    assert graph == {"components.a": {"components.b"}, "components.b": {"components.a"}}
    assert cycles(graph) == [["components.a", "components.b"]]
    assert cycles({"x": {"y"}, "y": set()}) == []


def _write(name: str, text: str) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp()) / "components"
    folder.mkdir()
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_no_import_cycles_among_components():
    found = cycles(import_graph())
    assert found == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_page_shell_imports_no_renderer():
    graph = import_graph()
    used = reachable(graph, "components.page")
    assert not {m for m in used if m.startswith("components.render")}, sorted(used)


@pytest.mark.slow  # a Python process that builds a deck: seconds, more than make test-fast can spare
def test_the_briefing_command_imports_no_streamlit(tmp_path):
    out = tmp_path / "deck.pptx"
    script = textwrap.dedent(f"""
        import runpy, sys
        sys.argv = ["components.briefing", "--lang", "en", "-o", {str(out)!r}]
        try:
            runpy.run_module("components.briefing", run_name="__main__")
        except SystemExit as e:
            assert not e.code, e.code
        print("STREAMLIT" if any(m == "streamlit" or m.startswith("streamlit.") for m in sys.modules) else "CLEAN")
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "CLEAN"
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize("path", sorted(COMPONENTS.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_over_600_lines(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)} has {n} lines: split it by job"


# ----------------------------------------------------------------------------------------------
# Streamlit's internals in one place (issue 21.2): components/streamlit_dom.py

# What gives away a selector on Streamlit's own DOM: its test ids and attributes, its class names.
STREAMLIT_DOM_TELLS = ("data-testid", "data-test-", "stHtml", "block-container", "stApp", "stElementContainer")


def test_streamlit_selectors_live_in_one_module():
    """No module, style sheet or script of ours but components/streamlit_dom.py names a piece of Streamlit's DOM:
    the rest take it from there (CSS placeholders, ST in inline scripts, the deck keys' data)."""
    sources = [*COMPONENTS.rglob("*.py"), *COMPONENTS.rglob("*.js"), *(ROOT / "static" / "components").glob("*.js")]
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()[:100]}"
             for p in sources if p.name != "streamlit_dom.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if any(tell in line for tell in STREAMLIT_DOM_TELLS)]
    assert not found, "\n".join(found)


def test_every_hook_says_why_and_where_and_the_styles_use_only_known_hooks():
    from components import streamlit_dom, styles

    names = [h.name for h in streamlit_dom.HOOKS]
    assert len(names) == len(set(names))
    for h in streamlit_dom.HOOKS:
        assert h.selector and len(h.why) >= 15 and h.where, h
    # A placeholder left unfilled (a hook renamed here but not in the CSS) would reach the page as "$name".
    for css in (styles.BASE_CSS, styles.SLIDE_CSS):
        assert "$" not in css
    assert f"zh-show 0s {streamlit_dom.HOLD_MAX_S}s forwards" in styles.BASE_CSS  # the held page's longest hold
    assert streamlit_dom.HOLD_MAX_S <= 3
    with pytest.raises(KeyError):
        streamlit_dom.css("${no_such_hook} { display: none; }")
