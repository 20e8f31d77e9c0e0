"""Non-interactive parts of a section as one HTML element each, built from the content model: every piece of
text is escaped here (h() escapes whatever is not already Html), so data can never become markup."""

from __future__ import annotations

import re
from html import escape

from ..content.layout import card_parts, kpi_lines
from ..content.model import Card, Cards, Kpi, OutcomeLine
from ..i18n import t
from ..markup import Html, h, join


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


# ----------------------------------------------------------------------------------------------
# A section's words, figures and cards (issue 21: one element for many; Streamlit draws each element it is
# sent with its own React component, so a page of a hundred small elements is slow to draw)


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def anchor_id(key: str) -> str:
    """A section's heading id ("zh-innovation-kpis"): a link to #zh-… scrolls to it."""
    return "zh-" + re.sub(r"[^a-z0-9]+", "-", key.lower())


def inline(text: str) -> Html:
    """Text with the one piece of markup our strings use, **bold**, as <strong> (everything else escaped)."""
    return Html(_BOLD.sub(lambda m: f"<strong>{m.group(1)}</strong>", escape(text, quote=False)))


def help_box(text: str, label: str) -> Html:
    """A help text (a figure's source and definition) as a disclosure: its (?) mark is a native <summary>, so
    it is reached by Tab, opened by Enter, Space, a click or a tap, and read by screen readers by its name;
    open, it shows the text in a small panel below. Paragraphs are the text's blank-line breaks."""
    if not text:
        return Html("")
    body = [h("p", inline(p)) for p in text.split("\n\n") if p.strip()]
    return h("details", h("summary", h("span", "?", aria_hidden="true"), aria_label=label, title=label),
             h("div", *body, class_="zh-help-body"), class_="zh-help")


def kpi_html(k: Kpi, help_label: str) -> Html:
    """A KPI card: its label (with its help), the value large, and the small lines under it (period and source,
    the change on the previous figure, a plan's outcome)."""
    lines = kpi_lines(k)
    label = h("div", h("span", lines.label), help_box(lines.help, f"{lines.label} · {help_label}"),
              class_="zh-kpi-label")
    value = h("div", lines.value, class_="zh-kpi-value" if lines.disclosed else "zh-kpi-value zh-kpi-nd")
    details = h("div", *(h("span", d, class_="zh-kpi-detail") for d in lines.details), class_="zh-kpi-details") \
        if lines.details else None
    return h("div", label, value, details, class_="zh-kpi", role="group", aria_label=lines.label)


def kpis_html(kpis, help_label: str, big: bool = False) -> Html:
    """KPI cards side by side (wrapping on a narrow screen); big: the slide whose figures are its visual."""
    if not kpis:
        return Html("")
    return h("div", *(kpi_html(k, help_label) for k in kpis), class_="zh-kpis zh-kpis-big" if big else "zh-kpis")


def notes_html(notes) -> Html:
    """Our small print under a heading: what a figure means, which years have no row."""
    return join(*(h("p", inline(n), class_="zh-note") for n in notes))


def takeaway_html(text: str, lang: str) -> Html:
    """The takeaway in one line, its label in bold ("要点：…")."""
    if not text:
        return Html("")
    sep = "：" if lang == "zh" else ": "
    return h("p", h("strong", t("common.ui.takeaway", lang) + sep), inline(text), class_="zh-takeaway")


def sources_html(lines) -> Html:
    """Source lines, one paragraph each, in small print."""
    return join(*(h("p", line, class_="zh-source-line") for line in dict.fromkeys(lines)))


def card_html(card: Card, help_label: str, tag_colour: str = "blue", heading: str = "h3",
              slide: bool = False, border: bool = True, link: Html | None = None) -> Html:
    """A card from its parts (content.layout.card_parts): title (a heading, with its help), badge, figures,
    lines, tags and small print; link: the page it opens, drawn at its foot (the page builds it: components/nav.py)."""
    out = []
    head = [p for p in card_parts(card, slide) if p.kind in ("title", "badge")]
    for part in card_parts(card, slide):
        if part.kind == "title":
            badge = next((b for b in head if b.kind == "badge"), None)
            # On a slide the badge follows the title on its line ("名称 · 状态"): one line less per card.
            status = join(" · ", badge_html(badge.text, badge.colour)) if badge and slide else None
            out.append(h(heading, h("span", part.text), status, help_box(part.help, f"{part.text} · {help_label}"),
                         class_="zh-card-title"))
        elif part.kind == "badge" and not (slide and card.title):
            out.append(h("p", badge_html(part.text, part.colour), class_="zh-card-badge"))
        elif part.kind == "kpi":
            out.append(kpi_html(part.kpi, help_label))
        elif part.kind == "line":
            out.append(h("p", inline(part.text), class_="zh-card-line"))
        elif part.kind == "tags":
            out.append(h("p", *(h("span", x, class_=f"zh-tag zh-c-{tag_colour}") for x in part.items), class_="zh-tags"))
        elif part.kind == "caption":
            out.append(h("p", inline(part.text), class_="zh-caption"))
    if link:
        out.append(h("p", link, class_="zh-card-link"))
    return h("div", *out, class_="zh-card" if border else "zh-card zh-card-plain")


def badge_html(text: str, colour: str) -> Html:
    """A status word on a tint of its colour code (green / blue / orange / grey / red / violet); the words
    keep the text colour, so they read on either theme."""
    return h("span", text, class_=f"zh-badge zh-c-{colour if colour in BADGES else 'blue'}")


BADGES = ("green", "blue", "orange", "grey", "red", "violet")


def cards_html(cards: Cards, help_label: str, slide: bool = False, narrow: bool = False, heading: str = "h3",
               link=None) -> Html:
    """Cards in their arrangement (model.Cards): a column per group, a titled grid per group, two cards with an
    arrow between, or every card in one row (one above the other in a narrow column). link: card -> the link at
    its foot (Html) or None, for cards that open a page (their tags then alternate blue and orange). heading: the level of the cards' titles (h2 under a slide's h1 title,
    h3 under a section's h2); a group's title takes it and its cards' titles the next level."""
    groups = cards.groups
    sub = f"h{int(heading[1]) + 1}"
    if cards.arrangement == "arrow":
        before, after = groups[0].cards[:2]
        return h("div", card_html(before, help_label, heading=heading, slide=slide),
                 h("div", "→", class_="zh-arrow", aria_hidden="true"),
                 card_html(after, help_label, heading=heading, slide=slide), class_="zh-cards zh-cards-arrow")
    if cards.arrangement == "columns" and (len(groups) > 1 or not slide):
        cols = [h("div", h(heading, g.title, class_="zh-group-title") if g.title else None,
                  *(card_html(c, help_label, BADGES[i % 2 + 1], sub if g.title else heading, slide) for c in g.cards),
                  class_="zh-cards-column") for i, g in enumerate(groups)]
        return h("div", *cols, class_="zh-cards zh-cards-columns", style=f"--zh-cols:{len(groups)}")
    if cards.arrangement == "grid":
        parts = []
        for g in groups:
            parts.append(h(heading, g.title, class_="zh-group-title") if g.title else None)
            parts.append(h("div", *(card_html(c, help_label, heading=sub if g.title else heading, slide=slide)
                                    for c in g.cards), class_="zh-cards-grid"))
        return h("div", *parts, class_="zh-cards")
    every = [c for g in groups for c in g.cards]
    if link:
        return h("div", *(card_html(c, help_label, BADGES[i % 2 + 1], heading=heading, link=link(c))
                          for i, c in enumerate(every)),
                 class_="zh-cards zh-cards-linked zh-cards-stack" if narrow else "zh-cards zh-cards-linked zh-cards-row",
                 style=f"--zh-cols:{len(every)}")
    return h("div", *(card_html(c, help_label, heading=heading, slide=slide) for c in every),
             class_="zh-cards zh-cards-stack" if narrow else "zh-cards zh-cards-row", style=f"--zh-cols:{len(every)}")


# ----------------------------------------------------------------------------------------------
# A table as HTML (the Sources page): every cell readable, in one element


_URL = re.compile(r"https?://\S+")
_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")  # a row's id ("zh_gov_2024_done"): breaks after an underscore only


def _cell(value) -> tuple[Html | str, str | None]:
    """(what a cell shows, its class): nothing for an empty value, an address as a link, a whole number without
    its ".0" (zh-num), an id that breaks only after its underscores (zh-id)."""
    if value is None or (isinstance(value, float) and value != value):  # NaN
        return "", None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return str(value), None
    if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        number = float(value)
        return (str(int(number)) if number.is_integer() else str(value)), "zh-num"
    text = str(value)
    if _URL.fullmatch(text):
        return h("a", text, href=text, target="_blank", rel="noopener noreferrer"), None
    if _ID.fullmatch(text):
        return Html("_<wbr>".join(escape(part, quote=False) for part in text.split("_"))), "zh-id"
    return text, None


def table_html(frame, label: str) -> Html:
    """A table (a pandas DataFrame) as one HTML table: long texts wrap instead of being cut (a data grid shows a
    cell's first line only), addresses are links, numbers align right; screen readers read it as a table with
    column headers. It scrolls in its own labelled region, which Tab reaches (arrow keys scroll it), under a
    header that stays; on paper it runs over as many sheets as it needs, its header on each."""
    cols = [str(c) for c in frame.columns]
    # Each column's share of the width follows its texts' mean length (a column of long texts gets room to read
    # them in; a browser left to itself gives every column of wrapping text about the same).
    weight = [min(max(frame[c].map(lambda v: len(str(v))).mean() if len(frame) else 0, len(str(c)) / 2, 4), 200) ** .75
              for c in frame.columns]
    widths = [f"width:{100 * w / sum(weight):.1f}%" for w in weight]
    rows = []
    for record in frame.itertuples(index=False, name=None):
        cells = []
        for value in record:
            shown, kind = _cell(value)
            cells.append(h("td", shown, class_=kind))
        rows.append(h("tr", *cells))
    table = h("table", h("caption", label, class_="zh-sr-only"),
              h("colgroup", *(h("col", style=w) for w in widths)),
              h("thead", h("tr", *(h("th", c, scope="col") for c in cols))), h("tbody", *rows), class_="zh-table")
    return h("div", table, class_="zh-table-wrap", role="region", aria_label=label, tabindex="0")
