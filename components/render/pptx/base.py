"""The deck's page geometry, colours and the XML python-pptx does not cover (East Asian fonts, alpha, line
ends, plain shapes); text boxes sized to their words; the Deck being built."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ...content.model import PageContent
from ...i18n import t
from .colours import EA, EA_PANOSE, LATIN, RULE
from .text import Para, Run, fit_scale, half_points, measure, para_lines

# ----------------------------------------------------------------------------------------------
# Page geometry, in points (16:9, 13.33 x 7.5 in). Everything is laid out in points, converted once.

SLIDE_W, SLIDE_H = 960.0, 540.0
MARGIN = 34.0
CONTENT_W = SLIDE_W - 2 * MARGIN
FOOT_H = 14.0
FOOT_Y = SLIDE_H - 10.0 - FOOT_H
SOURCES_H = 52.0  # at most four lines of source notes under the visual; the notes have them all
PX = 0.75  # one screen pixel of the dashboard in points: map line widths and label offsets

def E(pt: float) -> Emu:
    return Emu(int(round(pt * 12700)))


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h




# ----------------------------------------------------------------------------------------------
# XML helpers python-pptx does not cover: East Asian fonts, alpha, line ends, plain shapes


def set_fonts(rPr, lang: str) -> None:
    """Latin and East Asian typefaces on a run (python-pptx sets only the Latin one)."""
    rPr.set("lang", "zh-CN" if lang == "zh" else "en-US")
    rPr.set("altLang", "en-US" if lang == "zh" else "zh-CN")
    for tag in ("a:latin", "a:ea", "a:cs"):
        old = rPr.find(qn(tag))
        if old is not None:
            rPr.remove(old)
    latin = etree.Element(qn("a:latin"), typeface=LATIN)
    ea = etree.Element(qn("a:ea"), typeface=EA, panose=EA_PANOSE, pitchFamily="34", charset="-122")
    cs = etree.Element(qn("a:cs"), typeface=LATIN)
    # Schema order: ln, fills, effects, highlight, underline, latin, ea, cs, sym, hlinkClick, ...
    anchor = None
    for tag in ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"):
        anchor = rPr.find(qn(tag))
        if anchor is not None:
            break
    for el in (latin, ea, cs):
        if anchor is not None:
            anchor.addprevious(el)
        else:
            rPr.append(el)


def plain_shape(shape):
    """Drop the theme style reference python-pptx adds to shapes (theme line, shadow and white text)."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)
    return shape


def set_alpha(colour_el, alpha: float | None) -> None:
    if alpha is not None and alpha < 1:
        etree.SubElement(colour_el, qn("a:alpha"), val=str(int(alpha * 100000)))


def fill_shape(shape, colour: str | None, alpha: float | None = None) -> None:
    if colour is None:
        shape.fill.background()
        return
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(colour)
    set_alpha(shape.fill._xPr.find(qn("a:solidFill"))[0], alpha)


def outline(shape, colour: str | None, width: float = 1.0, alpha: float | None = None, dash: str | None = None,
          rounded: bool = False, arrow: bool = False) -> None:
    """The outline, written whole: colour with alpha, width, dash, round caps and joins, an arrow head."""
    ln = shape.line._get_or_add_ln()
    for child in list(ln):
        ln.remove(child)
    for a in ("w", "cap"):
        ln.attrib.pop(a, None)
    if colour is None:
        etree.SubElement(ln, qn("a:noFill"))
        return
    ln.set("w", str(int(width * 12700)))
    if rounded:
        ln.set("cap", "rnd")
    fill = etree.SubElement(ln, qn("a:solidFill"))
    set_alpha(etree.SubElement(fill, qn("a:srgbClr"), val=colour), alpha)
    if dash:
        etree.SubElement(ln, qn("a:prstDash"), val=dash)
    if rounded:
        etree.SubElement(ln, qn("a:round"))
    if arrow:
        etree.SubElement(ln, qn("a:tailEnd"), type="triangle", w="med", len="med")


def write_text(tf, paras: Sequence[Para], scale: float, lang: str, margins=(0, 0, 0, 0),
                anchor: str = "t", wrap_text: bool = True) -> None:
    """Write paragraphs into a text frame at a scale of their sizes; nothing grows or shrinks on its own."""
    tf.word_wrap = wrap_text
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.margin_left, tf.margin_top, tf.margin_right, tf.margin_bottom = (E(m) for m in margins)
    tf.vertical_anchor = {"t": MSO_ANCHOR.TOP, "m": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}[anchor]
    first = True
    for p in paras:
        # A paragraph's lines: explicit newlines become paragraphs of their own, with the same look.
        pieces: list[list[Run]] = [[]]
        for r in p.runs:
            parts = r.text.split("\n")
            for j, part in enumerate(parts):
                if j:
                    pieces.append([])
                if part:
                    pieces[-1].append(Run(part, r.bold, r.colour))
        for k, runs in enumerate(pieces):
            para_ = tf.paragraphs[0] if first else tf.add_paragraph()
            first = False
            para_.alignment = {"l": PP_ALIGN.LEFT, "c": PP_ALIGN.CENTER, "r": PP_ALIGN.RIGHT}[p.align]
            para_.space_before = Pt(0)
            para_.space_after = Pt(round(p.after * scale, 1) if k == len(pieces) - 1 else 0)
            size = half_points(p.size * scale)
            for r in runs:
                run = para_.add_run()
                run.text = r.text
                style_run(run, size, p.bold or r.bold, r.colour or p.colour, lang)
            # The paragraph's own size too: an empty one (an empty table cell) would otherwise be 18 pt.
            end = para_._p.get_or_add_endParaRPr()
            end.set("sz", str(int(size * 100)))
            set_fonts(end, lang)


def style_run(run, size: float, bold: bool, colour: str, lang: str) -> None:
    f = run.font
    f.size = Pt(size)
    f.bold = bold
    f.color.rgb = RGBColor.from_string(colour)
    set_fonts(run._r.get_or_add_rPr(), lang)



# ----------------------------------------------------------------------------------------------
# The deck being built, and text boxes sized to their words


@dataclass(frozen=True)
class DeckMeta:
    """What the deck shows besides the pages' sections: all words ready, in the deck's language."""

    lang: str
    app: str  # the dashboard's short name (footer)
    data_date: str
    url: str = ""  # the live dashboard (title slide QR code); empty: none
    qr_caption: str = ""
    legend: str = ""
    notes_figures: str = ""
    notes_missing: str = ""
    notes_sources: str = ""
    more_in_notes: str = ""
    separator: str = "："


@dataclass
class Deck:
    """A presentation being built, with what the checks need to know about it."""

    prs: object
    meta: DeckMeta
    pages: Sequence[PageContent]
    total: int
    cut: list[str] = field(default_factory=list)  # text that did not fit and was shortened (should stay empty)
    links: list[tuple[object, str]] = field(default_factory=list)  # (shape, page key) to link to that page's slide
    first_slide: dict[str, object] = field(default_factory=dict)

    def t(self, key: str, **fmt) -> str:
        return t(key, self.meta.lang, **fmt)

    @property
    def lang(self) -> str:
        return self.meta.lang



def text_box(deck: Deck, sl, box: Box, paras: Sequence[Para], floor: float = 0.6, anchor: str = "t",
             margins=(0, 0, 0, 0), name: str = "", fill: str | None = None, fill_alpha: float | None = None,
             scale: float | None = None):
    """A text box sized to its words: the paragraphs shrink (to floor) until they fit, or are drawn at a
    given scale (boxes that share one size); past that the last lines are cut (and recorded in deck.cut)."""
    inner_w = box.w - margins[0] - margins[2]
    inner_h = box.h - margins[1] - margins[3]
    if scale is not None:
        floor = scale
        scale = scale if measure(paras, inner_w, scale) <= inner_h + 0.01 else None
    else:
        scale = fit_scale(paras, inner_w, inner_h, floor)
    if scale is None:
        scale = floor
        paras = cut_to_fit(deck, paras, inner_w, inner_h, scale)
    tb = sl.shapes.add_textbox(E(box.x), E(box.y), E(box.w), E(box.h))
    if name:
        tb.name = name
    if fill:
        fill_shape(tb, fill, fill_alpha)
    write_text(tb.text_frame, paras, scale, deck.lang, margins, anchor)
    return tb


def cut_to_fit(deck: Deck, paras: Sequence[Para], width: float, height: float, scale: float) -> list[Para]:
    """Text that does not fit even at the smallest size: shortened, and recorded (the tests want none)."""
    deck.cut.append(" / ".join(p.text for p in paras)[:120])
    return fit_lines(paras, width, height, scale)


def fit_lines(paras: Sequence[Para], width: float, height: float, scale: float) -> list[Para]:
    """The whole lines that fit, the last one ending in an ellipsis."""
    kept: list[Para] = []
    for p in paras:
        lines = list(para_lines(p, width, scale))
        whole = len(lines)
        while lines:
            trial = [*kept, Para((Run("\n".join(lines[:-1] + [lines[-1].rstrip() + "…"])),), p.size, p.bold,
                                 p.colour, p.align, p.after)]
            if measure(trial, width, scale) <= height:
                kept = trial if len(lines) < whole else [*kept, p]
                break
            lines.pop()
        if len(lines) < whole:
            break
    return kept


def rect(sl, box: Box, fill: str | None, line: str | None = RULE, width: float = 0.75, shape=MSO_SHAPE.RECTANGLE,
          alpha: float | None = None, dash: str | None = None):
    s = plain_shape(sl.shapes.add_shape(shape, E(box.x), E(box.y), E(box.w), E(box.h)))
    fill_shape(s, fill, alpha)
    outline(s, line, width, dash=dash)
    return s

