"""Heading levels never skip (h1 then h3 is Lighthouse's and axe's heading-order finding, issue #16)."""

from __future__ import annotations

import re

import pytest
from conftest import PAGE_SCRIPTS, run_page
from shown_html import lines, parse
from streamlit.testing.v1.element_tree import Block

LEVEL = {"title": 1, "header": 2, "subheader": 3}


def heading_levels(node) -> list[tuple[int, str]]:
    """(level, text) of every heading in page order: st.title/header/subheader, markdown '#' lines and the h1–h6
    of st.html elements (render/html.py draws titles, section headings and card titles as HTML)."""
    out = []
    if isinstance(node, Block):
        for child in node.children.values():
            out += heading_levels(child)
    elif node.type in LEVEL:
        out.append((LEVEL[node.type], str(node.value)))
    elif node.type == "markdown":
        out += [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#{1,6})\s+(.*)$", str(node.value), re.M)]
    elif node.type == "html":
        out += [(int(n.tag[1]), lines(n.text(skip_help=True))) for n in parse(node.proto.body).find_all()
                if re.fullmatch(r"h[1-6]", n.tag)]
    return out


@pytest.mark.parametrize("present", [False, True])
@pytest.mark.parametrize("key", list(PAGE_SCRIPTS))
def test_heading_levels_never_skip(key, present):
    at = run_page(key, "zh", present)
    levels = heading_levels(at.main)
    assert levels and levels[0][0] == 1, levels[:2]
    for (prev, _), (level, text) in zip(levels, levels[1:]):
        assert level <= prev + 1, f"h{prev} followed by h{level} ({text!r})"
