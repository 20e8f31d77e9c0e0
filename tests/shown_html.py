"""What the pages' HTML elements show, read the way a reader sees it: the text of every st.html element, and the
KPI cards (components/render/html.py draws them as `.zh-kpi` blocks, not st.metric) with their label, value, small
lines and help text. Used through conftest (kpis, html_text, all_text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "col", "area", "base", "embed", "param", "track"}
SKIP = {"style", "script"}
BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "summary", "details", "ul", "ol", "tr",
         "table", "figure", "figcaption", "header", "footer"}


@dataclass
class Node:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self, skip_help: bool = False, skip_lang: str | None = None) -> str:
        """The node's text as read: blocks on lines of their own, style and script left out; skip_help leaves
        out the help panels (what a reader sees before opening a (?) mark); skip_lang leaves out the parts marked
        as in that language (lang="zh": the language switch's own name, 中文, on an English page)."""
        out: list[str] = []
        for c in self.children:
            if isinstance(c, str):
                out.append(c)
            elif c.tag in SKIP or (skip_help and "zh-help" in c.classes) or (skip_lang and c.attrs.get("lang") == skip_lang):
                continue
            else:
                inner = c.text(skip_help, skip_lang)
                # Side-by-side pills (a KPI's small lines, badges, tags) read as separate words.
                pill = c.classes & {"zh-kpi-detail", "zh-badge", "zh-tag"}
                out.append(f"\n{inner}\n" if c.tag in BLOCK else f" {inner} " if pill else inner)
        return "".join(out)

    def find_all(self, cls: str | None = None, tag: str | None = None) -> list[Node]:
        hits = []
        for c in self.children:
            if isinstance(c, Node):
                if (cls is None or cls in c.classes) and (tag is None or c.tag == tag):
                    hits.append(c)
                hits += c.find_all(cls, tag)
        return hits

    def first(self, cls: str | None = None, tag: str | None = None) -> Node | None:
        hits = self.find_all(cls, tag)
        return hits[0] if hits else None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(markup: str) -> Node:
    b = _Builder()
    b.feed(markup)
    b.close()
    return b.root


def lines(text: str) -> str:
    """Text with its blank lines and runs of spaces squeezed, one block per line."""
    return "\n".join(" ".join(x.split()) for x in text.splitlines() if x.strip())


@dataclass(frozen=True)
class ShownKpi:
    """A KPI card as drawn: label, value, the small lines under it (period and source, change, outcome) and the
    help text behind its (?) mark. `delta` is the small lines in one string (what st.metric's delta held)."""
    label: str
    value: str
    details: tuple[str, ...]
    help: str

    @property
    def delta(self) -> str:
        return " · ".join(self.details)


def kpi_of(node: Node) -> ShownKpi:
    label_node = node.first("zh-kpi-label")
    label = lines(label_node.text(skip_help=True)) if label_node else ""
    value_node = node.first("zh-kpi-value")
    help_node = node.first("zh-help-body")
    return ShownKpi(label=label, value=lines(value_node.text()) if value_node else "",
                    details=tuple(lines(d.text()) for d in node.find_all("zh-kpi-detail")),
                    help="\n\n".join(lines(p.text()) for p in help_node.find_all(tag="p")) if help_node else "")


def kpis_in(markup: str) -> list[ShownKpi]:
    return [kpi_of(n) for n in parse(markup).find_all("zh-kpi")]
