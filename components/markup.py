"""Markup built in Python with every text escaped: h() escapes whatever is not already Html, so data can never
become markup. Used by the page shell (the top bar, components/nav.py) and the renderers (render/html.py)."""

from __future__ import annotations

from html import escape


class Html(str):
    """Markup this module built (its text already escaped)."""


def h(tag: str, *children, **attrs) -> Html:
    """<tag attrs>children</tag>: text children escaped, Html children kept; attribute values escaped
    (class_ for class, data_x for data-x); an attribute that is None or False is left out."""
    parts = []
    for k, v in attrs.items():
        if v is None or v is False:
            continue
        name = k.rstrip("_").replace("_", "-")
        parts.append(f' {name}="{escape(str(v), quote=True)}"' if v is not True else f" {name}")
    inner = "".join(c if isinstance(c, Html) else escape(str(c), quote=False) for c in children if c is not None)
    return Html(f"<{tag}{''.join(parts)}>{inner}</{tag}>")


def join(*pieces) -> Html:
    return Html("".join(p if isinstance(p, Html) else escape(str(p), quote=False) for p in pieces if p))
