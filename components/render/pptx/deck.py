"""The deck: every meeting slide in order (title slide, content slides), with footers and speaker notes."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from ...content.layout import slide_source_lines
from ...content.model import Cards, ChartSpec, MapSpec, PageContent, Slide, Tables
from .base import (
    CONTENT_W,
    FOOT_H,
    FOOT_Y,
    MARGIN,
    SLIDE_H,
    SLIDE_W,
    SOURCES_H,
    Box,
    Deck,
    DeckMeta,
    E,
    fit_lines,
    set_fonts,
    style_run,
    text_box,
    write_text,
)
from .cards import card_paras, card_shape, draw_cards, kpi_big, kpi_row
from .charts import CHARTS, bars, multiples
from .colours import BLUE, EA, LATIN, MUTED, VERMILLION
from .map import draw_map
from .tables import frame_table
from .text import Para, fit_scale, measure, para


def new_presentation():
    prs = Presentation()
    prs.slide_width, prs.slide_height = E(SLIDE_W), E(SLIDE_H)
    # The theme's fonts: tables, charts and anything else without its own font get Arial and YaHei.
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    xml = re.sub(r'<a:latin typeface="Calibri"/>\s*<a:ea typeface=""/>',
                 f'<a:latin typeface="{LATIN}"/><a:ea typeface="{EA}"/>', xml)
    xml = xml.replace('<a:font script="Hans" typeface="宋体"/>', '<a:font script="Hans" typeface="微软雅黑"/>')
    theme._blob = xml.encode("utf-8")
    return prs


def build_presentation(pages: Sequence[PageContent], meta: DeckMeta, qr_png: Callable[[str], bytes] | None = None) -> Deck:
    """Every slide of every page in order: a section's slide, or one per focus view of a map."""
    prs = new_presentation()
    slides = [(page, s) for page in pages for s in page.slides]
    deck = Deck(prs, meta, pages, len(slides))
    for n, (page, slide) in enumerate(slides, 1):
        sl = prs.slides.add_slide(prs.slide_layouts[6])
        deck.first_slide.setdefault(page.key, sl)
        if slide.section.kind == "title":
            _title_slide(deck, sl, slide, qr_png)
        else:
            _content_slide(deck, sl, page, slide)
        _footer(deck, sl, n)
        _notes(deck, sl, page, slide)
    for shape, key in deck.links:
        if key in deck.first_slide:
            shape.click_action.target_slide = deck.first_slide[key]
    return deck


def deck_bytes(deck: Deck) -> bytes:
    out = io.BytesIO()
    deck.prs.save(out)
    return out.getvalue()




# ----------------------------------------------------------------------------------------------
# Slides


def _title_slide(deck: Deck, sl, slide: Slide, qr_png) -> None:
    s = slide.section
    text_box(deck, sl, Box(MARGIN + 40, 118, CONTENT_W - 80, 70), [para(s.title, 36, bold=True, align="c")],
             anchor="b", name="title")
    if s.takeaway:
        text_box(deck, sl, Box(MARGIN + 40, 196, CONTENT_W - 80, 34), [para(s.takeaway, 18, colour=MUTED, align="c")],
                 name="subtitle")
    cards = [c for g in s.visual.groups for c in g.cards] if isinstance(s.visual, Cards) else []
    if cards:
        gap = 14.0
        w = (CONTENT_W - 120 - gap * (len(cards) - 1)) / len(cards)
        for i, card in enumerate(cards):
            box = Box(MARGIN + 60 + i * (w + gap), 262, w, 92)
            shape = card_shape(deck, sl, box, card_paras(deck, card), 1.0)
            if card.link:
                deck.links.append((shape, card.link))
    if deck.meta.url and qr_png:
        size = 92.0
        x, y = SLIDE_W - MARGIN - size, FOOT_Y - 26 - size
        pic = sl.shapes.add_picture(io.BytesIO(qr_png(deck.meta.url)), E(x), E(y), E(size), E(size))
        pic.name = "qr"
        text_box(deck, sl, Box(x - 220, y + size - 30, 212, 30),
                 [para(deck.meta.qr_caption, 10, colour=MUTED, align="r"), para(deck.meta.url, 9, colour=BLUE, align="r")],
                 anchor="b", name="qr_caption")


def _content_slide(deck: Deck, sl, page: PageContent, slide: Slide) -> None:
    s = slide.section
    visual = s.visual
    y = 14.0
    text_box(deck, sl, Box(MARGIN, y, CONTENT_W, 16), [para(page.title, 11, colour=MUTED)], name="page")
    y += 18
    title = [para(slide.title, 24, bold=True)]
    h = min(measure(title, CONTENT_W), 70.0)
    text_box(deck, sl, Box(MARGIN, y, CONTENT_W, h), title, name="title")
    y += h + 4
    if s.error:
        warn = [para("⚠ " + s.error, 16, colour=VERMILLION)]
        text_box(deck, sl, Box(MARGIN, y + 10, CONTENT_W, 120), warn, name="error")
        return
    over_time = slide.over_time  # the section's time charts, on a slide of their own
    words = slide.takeaway
    if words:
        body = [para(words, 15)]
        h = min(measure(body, CONTENT_W), 66.0)
        text_box(deck, sl, Box(MARGIN, y, CONTENT_W, h), body, name="takeaway")
        y += h + 4
    shown_notes = s.trends_notes if over_time else s.notes + (() if s.trends_apart else s.trends_notes)
    if shown_notes and not isinstance(visual, MapSpec):
        notes = [para(n, 10.5, colour=MUTED) for n in shown_notes]
        h = min(measure(notes, CONTENT_W), 46.0)
        text_box(deck, sl, Box(MARGIN, y, CONTENT_W, h), notes, name="notes")
        y += h + 4
    bottom = FOOT_Y - 4
    lines = slide_source_lines(s, over_time, deck.lang)
    if lines:
        src = [para(line, 8.5, colour=MUTED) for line in lines]
        h = measure(src, CONTENT_W)
        if h > SOURCES_H and fit_scale(src, CONTENT_W, SOURCES_H, 0.85) is None:
            src = _shorten_sources(src, deck.meta.more_in_notes, CONTENT_W, SOURCES_H, 0.85)
        # Sized and drawn at the one scale that fits (a box measured at one scale and then searched for a
        # fitting size in steps could miss it by a rounding and cut a line).
        scale = fit_scale(src, CONTENT_W, SOURCES_H, 0.85) or 0.85
        h = min(measure(src, CONTENT_W, scale), SOURCES_H)
        text_box(deck, sl, Box(MARGIN, bottom - h, CONTENT_W, h), src, floor=0.85, scale=scale, name="sources")
        bottom -= h + 4
    trends = s.trends if over_time or not s.trends_apart else None
    if over_time:
        multiples(deck, sl, trends, Box(MARGIN, y + 2, CONTENT_W, bottom - y - 4))
        return
    if s.kpis and (visual is not None or trends is not None):
        h = kpi_row(deck, sl, Box(MARGIN, y + 2, CONTENT_W, 78), s.kpis)
        y += h + 10
    box = Box(MARGIN, y + 2, CONTENT_W, bottom - y - 4)
    if trends is not None and visual is None:
        multiples(deck, sl, trends, box)
        return
    if visual is None:
        kpi_big(deck, sl, box, s.kpis)
    elif isinstance(visual, ChartSpec):
        CHARTS.get(visual.kind, bars)(deck, sl, visual, box)
    elif isinstance(visual, MapSpec):
        draw_map(deck, sl, visual, slide.part or "all", box)
    elif isinstance(visual, Cards):
        draw_cards(deck, sl, visual, box)
    elif isinstance(visual, Tables):
        for name, _, frame in visual.frames:
            if slide.part in ("", name):
                frame_table(deck, sl, frame, box)
                break


def _shorten_sources(src: list[Para], more: str, width: float, height: float, scale: float) -> list[Para]:
    """Source lines that cannot all be shown: the lines that fit, then a pointer to the speaker notes
    (which have them all)."""
    pointer = para(more, 8.5, colour=MUTED)
    return fit_lines(src, width, height - measure([pointer], width, scale), scale) + [pointer]


def _footer(deck: Deck, sl, n: int) -> None:
    """The dashboard's name and the data date on the left; the slide number (a field) on the right."""
    m = deck.meta
    left = " · ".join(x for x in (m.app, m.data_date) if x)
    text_box(deck, sl, Box(MARGIN, FOOT_Y, CONTENT_W * 0.7, FOOT_H), [para(left, 8.5, colour=MUTED)], name="footer")
    tb = sl.shapes.add_textbox(E(SLIDE_W - MARGIN - 120), E(FOOT_Y), E(120), E(FOOT_H))
    tb.name = "slide_number"
    tf = tb.text_frame
    write_text(tf, [para("", 8.5, colour=MUTED, align="r")], 1.0, deck.lang)
    p = tf.paragraphs[0]
    run = p.add_run()
    run.text = f" / {deck.total}"
    style_run(run, 8.5, False, MUTED, deck.lang)
    # The number is a field, so it follows the slide when slides are moved, added or removed.
    fld = etree.Element(qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
    rPr = etree.SubElement(fld, qn("a:rPr"), sz="850")
    etree.SubElement(etree.SubElement(rPr, qn("a:solidFill")), qn("a:srgbClr"), val=MUTED)
    set_fonts(rPr, deck.lang)
    etree.SubElement(fld, qn("a:t")).text = str(n)
    run._r.addprevious(fld)


def _notes(deck: Deck, sl, page: PageContent, slide: Slide) -> None:
    """Speaker notes: every figure on the slide with its source and formula, what is not disclosed, and
    the source lines the slide shows."""
    s, m = slide.section, deck.meta
    out = [slide.title]
    if s.error:
        out.append(s.error)
    if s.cites:
        out += ["", m.notes_figures]
        for c in s.cites:
            line = f"• {c.what} — {c.source}"
            if c.formula:
                line += " · " + deck.t("common.source.formula", formula=c.formula)
            out.append(line)
    if s.missing:
        out += ["", m.notes_missing + ("、" if deck.lang == "zh" else "; ").join(s.missing)]
    if s.trends_takeaway:
        out += ["", deck.t("common.series.trends_title"), s.trends_takeaway]
    if s.outcomes and s.key != "home.plans":  # (the plans slide's figures above are its plans already)
        out += ["", deck.t("common.outcome.heading")]
        out += [f"• [{x.status_text}] {x.text} — {x.source}" for x in s.outcomes]
    cited = {c.source for c in s.cites}
    extra = [line for line in dict.fromkeys(s.sources) if line not in cited]
    if extra:
        out += ["", m.notes_sources] + [f"• {line}" for line in extra]
    if s.kind == "title":
        out = [s.title, s.takeaway] + ([m.url] if m.url else [])
    tf = sl.notes_slide.notes_text_frame
    tf.text = "\n".join(x for x in out if x is not None)
    for p in tf.paragraphs:
        for r in p.runs:
            set_fonts(r._r.get_or_add_rPr(), deck.lang)


