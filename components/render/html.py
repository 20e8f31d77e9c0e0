"""Non-interactive parts of a section as one HTML element each, built from the content model: every piece of
text is escaped here (h() escapes whatever is not already Html), so data can never become markup."""

from __future__ import annotations

from html import escape

from ..content.model import OutcomeLine
from ..i18n import t


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


def status_badge(status: str, words: str) -> Html:
    """A plan's status in words, with a coloured mark before it (the words carry the meaning)."""
    return h("span", h("span", "●", class_="zh-dot", aria_hidden="true"), words, class_=f"zh-status zh-status-{status}")


def outcome_item(line: OutcomeLine) -> Html:
    return h("li", status_badge(line.status, line.status_text), " ", h("span", line.plan, class_="zh-plan"),
             h("span", " — " + line.result, class_="zh-result") if line.result else None,
             h("div", line.source, class_="zh-source") if line.source else None, data_plan=line.plan_id)


def outcomes_html(lines: tuple[OutcomeLine, ...], lang: str, heading: str = "", by_topic: bool = False) -> Html:
    """The plans a section shows, each with its status, outcome and source: a list, or a list per core."""
    if not lines:
        return Html("")
    head = h("p", heading, class_="zh-outcomes-head") if heading else None
    if not by_topic:
        return h("div", head, h("ul", *(outcome_item(x) for x in lines)), class_="zh-outcomes")
    groups = []
    for topic in dict.fromkeys(x.topic for x in lines):
        mine = [x for x in lines if x.topic == topic]
        groups.append(h("section", h("h3", t(f"common.topic.{topic}", lang), class_="zh-outcomes-topic"),
                        h("ul", *(outcome_item(x) for x in mine))))
    return h("div", head, *groups, class_="zh-outcomes zh-outcomes-grouped")
