"""PowerPoint renderer: PageContent -> python-pptx slides (native charts, tables, text boxes, the map as shapes)."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.dml import MSO_LINE, MSO_PATTERN
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from .. import maps
from ..content.model import Cards, ChartSpec, Kpi, MapSpec, PageContent, Point, Slide, Tables
from ..figures import PALETTE
from ..i18n import t

# ----------------------------------------------------------------------------------------------
# Page geometry, in points (16:9, 13.33 x 7.5 in). Everything is laid out in points, converted once.

SLIDE_W, SLIDE_H = 960.0, 540.0
MARGIN = 34.0
CONTENT_W = SLIDE_W - 2 * MARGIN
FOOT_H = 14.0
FOOT_Y = SLIDE_H - 10.0 - FOOT_H
SOURCES_H = 52.0  # at most four lines of source notes under the visual; the notes have them all
PX = 0.75  # one screen pixel of the dashboard in points: map line widths and label offsets

# Latin text in Arial (Liberation Sans has the same metrics, so the measurements below hold everywhere);
# Chinese in Microsoft YaHei, which LibreOffice replaces by its zh-CN fallback (Noto Sans CJK SC here).
LATIN, EA = "Arial", "Microsoft YaHei"
EA_PANOSE = "020B0503020204020204"


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


BLUE, SKY = _hex(PALETTE["blue"]), _hex(PALETTE["sky"])
VERMILLION, GREEN, ORANGE = _hex(PALETTE["vermillion"]), _hex(PALETTE["green"]), _hex(PALETTE["orange"])
GREY, PURPLE = _hex(PALETTE["grey"]), _hex(PALETTE["purple"])
TEXT, MUTED, RULE, PANEL = "1A1A1A", "595959", "C8C8C8", "F7F7F5"
PALE_BLUE = "D6E6F2"  # the dashboard's derived fill: blue at 22 % on white
TRACK = "E3E3E3"  # the progress track: grey at 22 % on white
STAGE_COLOURS = {"planned": GREY, "building": ORANGE, "piloting": SKY, "in_service": GREEN}
BADGE_COLOURS = {"green": GREEN, "blue": BLUE, "orange": ORANGE, "grey": GREY, "red": VERMILLION, "violet": PURPLE}


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
# Measuring text. Arial's advance widths (1/1000 em) for ASCII 32..126; any other character is
# counted as a full em (CJK, full-width punctuation, and symbols such as ≈ · “ that a CJK font
# draws wide). Lines are counted with a CJK font's line height; a margin covers kerning and rounding.

_ARIAL = [int(v) for v in (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 "
    "278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 "
    "611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 "
    "556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584").split()]
_ARIAL_BOLD = [int(v) for v in (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 "
    "333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 667 778 722 667 "
    "611 722 667 944 667 667 611 333 278 333 584 556 333 556 611 556 611 556 333 611 611 278 278 556 278 889 611 "
    "611 611 611 389 556 333 611 556 778 556 556 500 389 280 389 584").split()]
WIDTH_MARGIN = 1.06
LINE_CJK, LINE_LATIN = 1.45, 1.2
# Kinsoku: a line never starts with a closing mark nor ends with an opening one; keep them glued.
_CLOSING = set("，。、：；！？）》」』】”’%…·,.;:!?)]}")
_OPENING = set("（《「『【“‘([{")


def char_em(ch: str, bold: bool = False) -> float:
    o = ord(ch)
    if 32 <= o < 127:
        return (_ARIAL_BOLD if bold else _ARIAL)[o - 32] / 1000
    if 0xA0 <= o < 0x250:
        return 0.72
    return 1.0


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _gap(a: str, b: str) -> float:
    """LibreOffice puts a little space between Chinese characters and Latin letters or digits (its Asian
    typography default): a quarter em at each change."""
    return 0.25 if (_wide(a) and b.isascii() and b.isalnum()) or (_wide(b) and a.isascii() and a.isalnum()) else 0.0


@lru_cache(maxsize=65536)
def _ems(text: str, bold: bool) -> float:
    return sum(char_em(c, bold) for c in text) + sum(_gap(a, b) for a, b in zip(text, text[1:]))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in points."""
    return _ems(text, bold) * size * WIDTH_MARGIN


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """Pieces a line may break between: ASCII words with their trailing space, single CJK characters,
    punctuation glued to its neighbour."""
    raw = re.findall(r"[!-~]+ *| +|[^!-~ ]", text)
    out: list[str] = []
    for tok in raw:
        if out and (tok[0] in _CLOSING or out[-1][-1] in _OPENING):
            out[-1] += tok
        else:
            out.append(tok)
    return tuple(out)


@lru_cache(maxsize=16384)
def wrap(text: str, width: float, size: float, bold: bool = False) -> tuple[str, ...]:
    """Greedy line breaking as a text frame does it (by words in Latin text, by characters in Chinese).
    Widths are added up token by token (in ems), so a paragraph is measured in one pass."""
    limit = width / (size * WIDTH_MARGIN)
    lines: list[str] = []
    for para in text.split("\n"):
        cur, cur_em = "", 0.0  # cur_em: the line's width with its trailing spaces
        for tok in _tokens(para):
            body = tok.rstrip(" ")
            gap = _gap(cur[-1], tok[0]) if cur else 0.0
            body_em, tok_em = _ems(body, bold), _ems(tok, bold)
            if not cur or cur_em + gap + body_em <= limit:
                cur, cur_em = cur + tok, cur_em + gap + tok_em
                if _ems(cur.rstrip(), bold) > limit and len(cur.rstrip()) > 1:
                    # A single word wider than the line: broken by characters.
                    while _ems(cur.rstrip(), bold) > limit and len(cur.rstrip()) > 1:
                        n = len(cur)
                        while n > 1 and _ems(cur[:n], bold) > limit:
                            n -= 1
                        lines.append(cur[:n])
                        cur = cur[n:]
                    cur_em = _ems(cur, bold)
            else:
                lines.append(cur.rstrip())
                cur = tok.lstrip()
                cur_em = _ems(cur, bold)
        lines.append(cur.rstrip())
    return tuple(lines)


def line_height(line: str, size: float) -> float:
    return size * (LINE_LATIN if all(ord(c) < 127 for c in line) else LINE_CJK)


# ----------------------------------------------------------------------------------------------
# Paragraphs: what a text box holds, measured before it is drawn


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    colour: str | None = None


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    size: float
    bold: bool = False
    colour: str = TEXT
    align: str = "l"  # l, c, r
    after: float = 0.0  # space after, points (scaled with the size)
    keep: bool = False  # on one line (a figure): shrinks rather than wraps

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def para(text: str | Sequence[Run], size: float, bold: bool = False, colour: str = TEXT, align: str = "l",
         after: float = 0.0, keep: bool = False) -> Para:
    runs = tuple(text) if not isinstance(text, str) else markup(text)
    return Para(runs, size, bold, colour, align, after, keep)


def markup(text: str) -> tuple[Run, ...]:
    """Plain text with **bold** (markdown) or <b>bold</b> and <br> (Plotly) as runs; other tags dropped."""
    text = re.sub(r"<br\s*/?>", "\n", text)
    out: list[Run] = []
    for i, piece in enumerate(re.split(r"\*\*|</?b>", text)):
        piece = re.sub(r"<[^>]+>", "", piece)
        if piece:
            out.append(Run(piece, bold=i % 2 == 1))
    return tuple(out) or (Run(""),)


def _para_lines(p: Para, width: float, scale: float) -> list[str]:
    bold = p.bold or any(r.bold for r in p.runs)
    return wrap(p.text, width, p.size * scale, bold)


def measure(paras: Sequence[Para], width: float, scale: float = 1.0) -> float:
    """The height the paragraphs take in a frame of this inner width, at this scale of their sizes."""
    total = 0.0
    for p in paras:
        size = _size(p.size * scale)
        lines = _para_lines(p, width, scale)
        if p.keep and len(lines) > len(p.text.split("\n")):
            return math.inf
        total += sum(line_height(ln, size) for ln in lines) + p.after * scale
    return total


def _size(pt: float) -> float:
    """Font sizes in half points, rounded down (never larger than measured)."""
    return math.floor(pt * 2) / 2


def fit_scale(paras: Sequence[Para], width: float, height: float, floor: float = 0.6,
              ceiling: float = 1.0) -> float | None:
    """The largest scale (ceiling down to floor) at which the paragraphs fit; None when even floor is too big."""
    scale = ceiling
    while scale >= floor - 1e-9:
        if measure(paras, width, scale) <= height:
            return scale
        scale -= 0.04
    return None


# ----------------------------------------------------------------------------------------------
# XML helpers python-pptx does not cover: East Asian fonts, alpha, line ends, plain shapes


def _fonts(rPr, lang: str) -> None:
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


def _plain(shape):
    """Drop the theme style reference python-pptx adds to shapes (theme line, shadow and white text)."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)
    return shape


def _alpha(colour_el, alpha: float | None) -> None:
    if alpha is not None and alpha < 1:
        etree.SubElement(colour_el, qn("a:alpha"), val=str(int(alpha * 100000)))


def _fill(shape, colour: str | None, alpha: float | None = None) -> None:
    if colour is None:
        shape.fill.background()
        return
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(colour)
    _alpha(shape.fill._xPr.find(qn("a:solidFill"))[0], alpha)


def _line(shape, colour: str | None, width: float = 1.0, alpha: float | None = None, dash: str | None = None,
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
    _alpha(etree.SubElement(fill, qn("a:srgbClr"), val=colour), alpha)
    if dash:
        etree.SubElement(ln, qn("a:prstDash"), val=dash)
    if rounded:
        etree.SubElement(ln, qn("a:round"))
    if arrow:
        etree.SubElement(ln, qn("a:tailEnd"), type="triangle", w="med", len="med")


def _text_frame(tf, paras: Sequence[Para], scale: float, lang: str, margins=(0, 0, 0, 0),
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
            size = _size(p.size * scale)
            for r in runs:
                run = para_.add_run()
                run.text = r.text
                _run_style(run, size, p.bold or r.bold, r.colour or p.colour, lang)
            # The paragraph's own size too: an empty one (an empty table cell) would otherwise be 18 pt.
            end = para_._p.get_or_add_endParaRPr()
            end.set("sz", str(int(size * 100)))
            _fonts(end, lang)


def _run_style(run, size: float, bold: bool, colour: str, lang: str) -> None:
    f = run.font
    f.size = Pt(size)
    f.bold = bold
    f.color.rgb = RGBColor.from_string(colour)
    _fonts(run._r.get_or_add_rPr(), lang)


# ----------------------------------------------------------------------------------------------
# The deck


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
        paras = _cut(deck, paras, inner_w, inner_h, scale)
    tb = sl.shapes.add_textbox(E(box.x), E(box.y), E(box.w), E(box.h))
    if name:
        tb.name = name
    if fill:
        _fill(tb, fill, fill_alpha)
    _text_frame(tb.text_frame, paras, scale, deck.lang, margins, anchor)
    return tb


def _cut(deck: Deck, paras: Sequence[Para], width: float, height: float, scale: float) -> list[Para]:
    """Text that does not fit even at the smallest size: shortened, and recorded (the tests want none)."""
    deck.cut.append(" / ".join(p.text for p in paras)[:120])
    return _fit_lines(paras, width, height, scale)


def _fit_lines(paras: Sequence[Para], width: float, height: float, scale: float) -> list[Para]:
    """The whole lines that fit, the last one ending in an ellipsis."""
    kept: list[Para] = []
    for p in paras:
        lines = list(_para_lines(p, width, scale))
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


def _rect(sl, box: Box, fill: str | None, line: str | None = RULE, width: float = 0.75, shape=MSO_SHAPE.RECTANGLE,
          alpha: float | None = None, dash: str | None = None):
    s = _plain(sl.shapes.add_shape(shape, E(box.x), E(box.y), E(box.w), E(box.h)))
    _fill(s, fill, alpha)
    _line(s, line, width, dash=dash)
    return s


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
            shape = _card_shape(deck, sl, box, _card_paras(deck, card), 1.0)
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
    words = visual.focus_notes.get(slide.part, s.takeaway) if isinstance(visual, MapSpec) else s.takeaway
    if words:
        body = [para(words, 15)]
        h = min(measure(body, CONTENT_W), 66.0)
        text_box(deck, sl, Box(MARGIN, y, CONTENT_W, h), body, name="takeaway")
        y += h + 4
    if s.notes and not isinstance(visual, MapSpec):
        notes = [para(n, 10.5, colour=MUTED) for n in s.notes]
        h = min(measure(notes, CONTENT_W), 46.0)
        text_box(deck, sl, Box(MARGIN, y, CONTENT_W, h), notes, name="notes")
        y += h + 4
    bottom = FOOT_Y - 4
    lines = list(dict.fromkeys(s.sources))
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
    if s.kpis and visual is not None:
        h = _kpi_row(deck, sl, Box(MARGIN, y + 2, CONTENT_W, 78), s.kpis)
        y += h + 10
    box = Box(MARGIN, y + 2, CONTENT_W, bottom - y - 4)
    if visual is None:
        _kpi_big(deck, sl, box, s.kpis)
    elif isinstance(visual, ChartSpec):
        CHARTS.get(visual.kind, _bars)(deck, sl, visual, box)
    elif isinstance(visual, MapSpec):
        _map(deck, sl, visual, slide.part or "all", box)
    elif isinstance(visual, Cards):
        _cards(deck, sl, visual, box)
    elif isinstance(visual, Tables):
        for name, _, frame in visual.frames:
            if slide.part in ("", name):
                _frame_table(deck, sl, frame, box)
                break


def _shorten_sources(src: list[Para], more: str, width: float, height: float, scale: float) -> list[Para]:
    """Source lines that cannot all be shown: the lines that fit, then a pointer to the speaker notes
    (which have them all)."""
    pointer = para(more, 8.5, colour=MUTED)
    return _fit_lines(src, width, height - measure([pointer], width, scale), scale) + [pointer]


def _footer(deck: Deck, sl, n: int) -> None:
    """The dashboard's name and the data date on the left; the slide number (a field) on the right."""
    m = deck.meta
    left = " · ".join(x for x in (m.app, m.data_date) if x)
    text_box(deck, sl, Box(MARGIN, FOOT_Y, CONTENT_W * 0.7, FOOT_H), [para(left, 8.5, colour=MUTED)], name="footer")
    tb = sl.shapes.add_textbox(E(SLIDE_W - MARGIN - 120), E(FOOT_Y), E(120), E(FOOT_H))
    tb.name = "slide_number"
    tf = tb.text_frame
    _text_frame(tf, [para("", 8.5, colour=MUTED, align="r")], 1.0, deck.lang)
    p = tf.paragraphs[0]
    run = p.add_run()
    run.text = f" / {deck.total}"
    _run_style(run, 8.5, False, MUTED, deck.lang)
    # The number is a field, so it follows the slide when slides are moved, added or removed.
    fld = etree.Element(qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
    rPr = etree.SubElement(fld, qn("a:rPr"), sz="850")
    etree.SubElement(etree.SubElement(rPr, qn("a:solidFill")), qn("a:srgbClr"), val=MUTED)
    _fonts(rPr, deck.lang)
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
            _fonts(r._r.get_or_add_rPr(), deck.lang)


# ----------------------------------------------------------------------------------------------
# KPI cards


def _kpi_paras(k: Kpi, big: bool) -> list[Para]:
    label, value, detail = (14, 34, 12) if big else (10.5, 21, 9)
    out = [para(k.label, label, colour=MUTED, after=3),
           para(k.value, value, bold=True, colour=TEXT if k.row is not None else GREY, after=3, keep=True)]
    if k.row is not None and k.detail:
        out.append(para(k.detail, detail, colour=MUTED))
    return out


def _kpi_widths(paras: Sequence[Sequence[Para]], width: float, gap: float, pad) -> list[float]:
    """Each card as wide as its value needs on one line (English units are long), its label at least
    seven characters wide; the row shared out in those proportions."""
    natural = [max(text_width(p[1].text, p[1].size, True), 7 * p[0].size) + pad[0] + pad[2] for p in paras]
    free = width - gap * (len(paras) - 1)
    return [free * w / sum(natural) for w in natural]


def _kpi_cards(deck: Deck, sl, box: Box, cards: Sequence[Kpi], big: bool, max_h: float) -> float:
    """KPI cards in one row, or for the figures-only slide in one or two rows (whichever draws them
    larger), all at one type size; returns the height used."""
    gap = 12.0 if big else 8.0
    pad = (10, 8, 10, 8) if big else (8, 6, 8, 6)
    ceiling = 1.25 if big else 1.0
    n = len(cards)
    options = [[list(cards)]]
    if big and n >= 4:
        half = (n + 1) // 2
        options.append([list(cards[:half]), list(cards[half:])])
    best = None
    for rows in options:
        row_h = min(max_h, (box.h - gap * (len(rows) - 1)) / len(rows))
        plan, scale = [], ceiling
        for row in rows:
            paras = [_kpi_paras(k, big) for k in row]
            widths = _kpi_widths(paras, box.w, gap, pad)
            scale = min([scale] + [fit_scale(p, w - pad[0] - pad[2], row_h - pad[1] - pad[3], 0.45, ceiling) or 0.45
                                   for p, w in zip(paras, widths)])
            plan.append((row, paras, widths))
        if best is None or scale > best[0] + 0.05:
            best = (scale, plan)
    scale, plan = best
    heights = [min(max_h, max(measure(p, w - pad[0] - pad[2], scale) for p, w in zip(paras, widths)) + pad[1] + pad[3] + 2)
               for _, paras, widths in plan]
    total = sum(heights) + gap * (len(heights) - 1)
    y = box.y + (box.h - total) / 2 if big else box.y
    for (_, paras, widths), h in zip(plan, heights):
        x = box.x
        for p, w in zip(paras, widths):
            shape = _rect(sl, Box(x, y, w, h), "FFFFFF", RULE, 0.75, MSO_SHAPE.ROUNDED_RECTANGLE)
            shape.adjustments[0] = 0.08
            shape.name = "kpi"
            _text_frame(shape.text_frame, p, scale, deck.lang, pad, "t")
            x += w + gap
        y += h + gap
    return total


def _kpi_row(deck: Deck, sl, box: Box, cards: Sequence[Kpi]) -> float:
    return _kpi_cards(deck, sl, box, cards, False, box.h)


def _kpi_big(deck: Deck, sl, box: Box, cards: Sequence[Kpi]) -> None:
    if cards:
        _kpi_cards(deck, sl, box, cards, True, min(box.h, 230.0))


# ----------------------------------------------------------------------------------------------
# Charts: native PowerPoint charts whose numbers sit in the embedded workbook


def _decimals(values: Sequence[float]) -> int:
    return max((len(f"{v:g}".split(".")[1]) if "." in f"{v:g}" else 0) for v in values) if values else 0


def _number_format(decimals: int, unit: str) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "") + (f'"{unit}"' if unit else "")


def _formatted(v: float, decimals: int, unit: str) -> str:
    return f"{v:,.{decimals}f}{unit}"


def _plain_text(text: str) -> str:
    return "".join(r.text for r in markup(text))


def _cat(p: Point) -> str:
    """A category as a chart or table shows it: one line of plain text (line breaks are the app's own)."""
    return " ".join(_plain_text(p.category).split())


def _chart_fonts(chart, lang: str, size: float) -> None:
    chart.font.size = Pt(size)
    chart.font.color.rgb = RGBColor.from_string(TEXT)
    _fonts(chart.font._rPr, lang)


def _manual_layout(chart, x: float, y: float, w: float, h: float) -> None:
    """Place the plot area (without its axis labels) at fractions of the chart frame, so that what is
    drawn over the chart (arrows, reference lines, words) lands where the bars are."""
    plot_area = chart._chartSpace.chart.plotArea
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = etree.Element(qn("c:layout"))
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    ml = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, val in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"), ("x", x), ("y", y), ("w", w), ("h", h)):
        etree.SubElement(ml, qn(f"c:{tag}"), val=f"{val:.4f}" if isinstance(val, float) else val)


def _style_points(series_fill, line, style: str) -> None:
    """Reported solid blue; derived pale with blue hatching and a dashed outline; plans and targets sky
    with blue hatching and a dashed outline (the dashboard's three looks)."""
    if style == "reported":
        series_fill.solid()
        series_fill.fore_color.rgb = RGBColor.from_string(BLUE)
        line.color.rgb = RGBColor.from_string(BLUE)
        line.width = Pt(1.5)
        return
    series_fill.patterned()
    series_fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
    series_fill.fore_color.rgb = RGBColor.from_string(BLUE)
    series_fill.back_color.rgb = RGBColor.from_string(PALE_BLUE if style == "derived" else SKY)
    line.color.rgb = RGBColor.from_string(BLUE)
    line.width = Pt(1.5)
    line.dash_style = MSO_LINE.DASH


def _series_name(deck: Deck, spec: ChartSpec, style: str) -> str:
    return spec.legend.get(style) or deck.t(f"common.kind.{style}")


def _axis_style(axis, number_format: str | None = None, gridlines: bool = False, visible: bool = True) -> None:
    axis.format.line.color.rgb = RGBColor.from_string(RULE)
    axis.has_major_gridlines = gridlines
    if gridlines:
        axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("E6E6E6")
    if number_format:
        axis.tick_labels.number_format = number_format
        axis.tick_labels.number_format_is_linked = False
    if not visible:
        axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE


def _labels(deck: Deck, plot, series_points: list[tuple[object, int, Point]], decimals: int, unit: str, size: float,
            colour: str = TEXT) -> None:
    """Values labelled: from the workbook (so an edited number relabels itself) where the dashboard's
    label is just the number; the dashboard's own words where it says more (≈, derived, plan)."""
    plot.has_data_labels = True
    dl = plot.data_labels
    dl.show_value = True
    dl.number_format = _number_format(decimals, unit)
    dl.number_format_is_linked = False
    dl.position = XL_LABEL_POSITION.OUTSIDE_END
    dl.font.size = Pt(size)
    dl.font.bold = True
    dl.font.color.rgb = RGBColor.from_string(colour)
    _fonts(dl.font._rPr, deck.lang)
    for series, i, p in series_points:
        text = _plain_text(p.text)
        if p.value is None or not text or text == _formatted(p.value, decimals, unit):
            continue
        label = series.points[i].data_label
        _text_frame(label.text_frame, [Para(markup(p.text), size, True, colour, "c")], 1.0, deck.lang)
        label.position = XL_LABEL_POSITION.OUTSIDE_END


def _style_series(chart, spec: ChartSpec, styles: list[str]) -> list:
    out = []
    for series, style in zip(chart.plots[0].series, styles):
        _style_points(series.format.fill, series.format.line, style)
        series.invert_if_negative = False
        out.append(series)
    return out


def _chart_frame(sl, kind, data, box: Box, name: str):
    gf = sl.shapes.add_chart(kind, E(box.x), E(box.y), E(box.w), E(box.h), data)
    gf.name = f"chart:{name}"
    chart = gf.chart
    chart.has_title = False
    return chart


def _value_axis_below(chart) -> None:
    """With the categories top to bottom, the value axis crosses at the last category: below the bars."""
    for crosses in chart._chartSpace.xpath(".//c:valAx/c:crosses"):
        crosses.set("val", "max")


def _legend(chart, show: bool, position=XL_LEGEND_POSITION.BOTTOM) -> None:
    chart.has_legend = show
    if show:
        chart.legend.position = position
        chart.legend.include_in_layout = False


def _columns(deck: Deck, sl, spec: ChartSpec, box: Box) -> None:
    """Vertical bars, one series per way a value was arrived at (so the legend explains the looks)."""
    pts = list(spec.points)
    styles = list(dict.fromkeys(p.style for p in pts))
    values = [p.value for p in pts if p.value is not None]
    top = max(values) if values else 1.0
    decimals = _decimals(values)
    gap_ann = [a for a in spec.annotations if a.kind == "gap"]
    ymax = top * (1.3 if gap_ann else 1.25)
    data = CategoryChartData(number_format=_number_format(decimals, ""))
    data.categories = [_cat(p) for p in pts]
    for style in styles:
        data.add_series(_series_name(deck, spec, style), [p.value if p.style == style else None for p in pts])
    # A chart of two or three bars need not be as wide as the slide.
    notes_w = max((text_width(line, 13) for a in gap_ann for line in _plain_text(a.text).split("\n")), default=0.0)
    w = min(box.w, 210 * len(pts) + 200 + notes_w)
    frame = Box(box.x + (box.w - w) / 2, box.y, w, box.h)
    chart = _chart_frame(sl, XL_CHART_TYPE.COLUMN_CLUSTERED, data, frame, spec.name)
    _chart_fonts(chart, deck.lang, 12)
    plot = chart.plots[0]
    plot.overlap, plot.gap_width = 100, 90
    series = _style_series(chart, spec, styles)
    _labels(deck, plot, [(series[styles.index(p.style)], i, p) for i, p in enumerate(pts)], decimals, spec.unit, 13)
    va = chart.value_axis
    va.minimum_scale, va.maximum_scale = 0, ymax
    _axis_style(va, _number_format(decimals if decimals else 0, spec.unit), gridlines=True)
    if spec.axis:
        va.has_title = True
        _text_frame(va.axis_title.text_frame, [para(spec.axis, 11, colour=MUTED)], 1.0, deck.lang)
    _axis_style(chart.category_axis)
    _legend(chart, bool(spec.legend))
    # The plot area: left for the axis labels and title, below for categories (and the legend), right
    # for the words of a gap bracket.
    left = 34 + (22 if spec.axis else 0) + text_width(_formatted(ymax, 0, spec.unit), 12)
    bottom = 34 + (26 if spec.legend else 0)
    right = notes_w + 40 if gap_ann else 12
    inner = Box(frame.x + left, frame.y + 10, frame.w - left - right, frame.h - 10 - bottom)
    _manual_layout(chart, left / frame.w, 10 / frame.h, inner.w / frame.w, inner.h / frame.h)
    n = len(pts)

    def cx(i: float) -> float:
        return inner.x + (i + 0.5) * inner.w / n

    def cy(v: float) -> float:
        return inner.y + inner.h * (1 - v / ymax)

    step = inner.w / n
    for a in spec.annotations:
        va_, vb_ = pts[a.a].value, pts[a.b].value
        if va_ is None or vb_ is None:
            continue
        words = [para(markup(a.text), 13, colour=VERMILLION, align="c")]
        if a.kind == "change":
            # An arrow from one bar's top to the other's, its words above the middle.
            x1, y1, x2, y2 = cx(a.a) + 0.22 * step, cy(va_) - 8, cx(a.b) - 0.22 * step, cy(vb_) - 8
            conn = _plain(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(x1), E(y1), E(x2), E(y2)))
            _line(conn, VERMILLION, 2.25, arrow=True)
            conn.name = "annotation"
            tw = max(text_width(line, 13, True) for line in _plain_text(a.text).split("\n")) + 8
            th = measure(words, tw)
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            text_box(deck, sl, Box(mx - tw / 2 - 0.18 * step, my - th - 14, tw, th), words, name="annotation")
        elif a.kind == "gap":
            # A dotted level from the higher bar across, and a bracket down to the lower bar's top.
            hi, lo = max(va_, vb_), min(va_, vb_)
            x = cx(max(a.a, a.b)) + 0.32 * step
            lvl = _plain(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(cx(min(a.a, a.b)) + 0.25 * step), E(cy(hi)),
                                                 E(x), E(cy(hi))))
            _line(lvl, GREY, 1.25, dash="sysDot")
            br = _plain(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(x), E(cy(lo)), E(x), E(cy(hi))))
            _line(br, VERMILLION, 3)
            words = [para(markup(a.text), 13, colour=VERMILLION)]
            th = measure(words, notes_w + 8)
            text_box(deck, sl, Box(x + 6, (cy(hi) + cy(lo)) / 2 - th / 2, notes_w + 8, th), words, name="annotation")
        elif a.kind == "line":
            ln = _plain(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(inner.x), E(cy(a.value)), E(inner.right),
                                                E(cy(a.value))))
            _line(ln, VERMILLION, 2, dash="dash")


def _bars(deck: Deck, sl, spec: ChartSpec, box: Box) -> None:
    """Horizontal bars from zero, top to bottom in the spec's order, labelled with the dashboard's words."""
    pts = [p for p in spec.points if p.value is not None]
    styles = list(dict.fromkeys(p.style for p in pts))
    values = [p.value for p in pts]
    decimals = _decimals(values)
    top = max(values, default=1.0)
    data = CategoryChartData(number_format=_number_format(decimals, ""))
    data.categories = [_cat(p) for p in pts]
    for style in styles:
        data.add_series(_series_name(deck, spec, style), [p.value if p.style == style else None for p in pts])
    chart = _chart_frame(sl, XL_CHART_TYPE.BAR_CLUSTERED, data, box, spec.name)
    _chart_fonts(chart, deck.lang, 12)
    plot = chart.plots[0]
    plot.overlap, plot.gap_width = 100, 45
    series = _style_series(chart, spec, styles)
    _labels(deck, plot, [(series[styles.index(p.style)], i, p) for i, p in enumerate(pts)], decimals, spec.unit, 12)
    va = chart.value_axis
    longest = max((text_width(_plain_text(p.text), 12, True) for p in pts), default=0.0)
    label_w = min(max(text_width(_cat(p), 12) for p in pts) + 14, box.w * 0.38) if pts else 40
    bottom = 40 + (22 if spec.axis else 0)
    inner_w = box.w - label_w - 16
    # Room on the right for the words beside the longest bar.
    ymax = top * max(1.25, 1 / max(0.05, 1 - (longest + 16) / inner_w))
    va.minimum_scale, va.maximum_scale = 0, ymax
    _axis_style(va, _number_format(0, spec.unit), gridlines=True)
    va.tick_labels.font.size = Pt(11)
    if spec.axis:
        va.has_title = True
        _text_frame(va.axis_title.text_frame, [para(spec.axis, 11, colour=MUTED)], 1.0, deck.lang)
    ca = chart.category_axis
    ca.reverse_order = True  # the first point on top, as on the dashboard
    _value_axis_below(chart)  # ... with the value axis still below
    _axis_style(ca)
    _legend(chart, bool(spec.legend), XL_LEGEND_POSITION.TOP)
    top_pad = 26 if spec.legend else 8
    _manual_layout(chart, label_w / box.w, top_pad / box.h, inner_w / box.w, (box.h - top_pad - bottom) / box.h)


def _progress(deck: Deck, sl, spec: ChartSpec, box: Box) -> None:
    """Each row against its reference: a grey track to 100 %, the value over it, words where the article
    gives a state but no number (drawn over the chart at the row)."""
    ref = spec.reference if spec.reference is not None else 100.0
    pts = list(spec.points)
    valued = [p for p in pts if p.value is not None]
    decimals = _decimals([p.value for p in valued])
    has_status = any(p.status for p in pts)
    top = max([p.value for p in valued] + [ref])
    data = CategoryChartData(number_format=_number_format(decimals, ""))
    data.categories = [_cat(p) for p in pts]
    data.add_series(spec.legend.get("track") or deck.t("briefing.chart.track"),
                    [ref if p.value is not None else None for p in pts])
    data.add_series(spec.legend.get("value") or deck.t("briefing.chart.value"), [p.value for p in pts])
    chart = _chart_frame(sl, XL_CHART_TYPE.BAR_CLUSTERED, data, box, spec.name)
    _chart_fonts(chart, deck.lang, 12)
    plot = chart.plots[0]
    plot.overlap, plot.gap_width = 100, 70
    track, value = plot.series
    track.format.fill.solid()
    track.format.fill.fore_color.rgb = RGBColor.from_string(TRACK)
    track.format.line.fill.background()
    value.format.fill.solid()
    value.format.fill.fore_color.rgb = RGBColor.from_string(BLUE)
    value.format.line.fill.background()
    for i, p in enumerate(pts):
        if p.value is not None and spec.colour_by_reference:
            fill = value.points[i].format.fill
            fill.solid()
            fill.fore_color.rgb = RGBColor.from_string(GREEN if p.value >= ref else ORANGE)
    # Values labelled on the value series only.
    value_dl = value.data_labels
    value_dl.show_value = True
    value_dl.number_format = _number_format(decimals, spec.unit)
    value_dl.number_format_is_linked = False
    value_dl.position = XL_LABEL_POSITION.INSIDE_END
    value_dl.font.size = Pt(12)
    value_dl.font.bold = True
    value_dl.font.color.rgb = RGBColor.from_string("FFFFFF")
    _fonts(value_dl.font._rPr, deck.lang)
    for i, p in enumerate(pts):
        text = _plain_text(p.text)
        if p.value is not None and text and text != _formatted(p.value, decimals, spec.unit):
            _text_frame(value.points[i].data_label.text_frame, [para(text, 12, True, "FFFFFF", "c")], 1.0, deck.lang)
    xmax = top * (1.45 if has_status else 1.2)
    va = chart.value_axis
    va.minimum_scale, va.maximum_scale = 0, xmax
    _axis_style(va, _number_format(0, spec.unit), gridlines=False)
    va.tick_labels.font.size = Pt(11)
    if spec.axis:
        va.has_title = True
        _text_frame(va.axis_title.text_frame, [para(spec.axis, 11, colour=MUTED)], 1.0, deck.lang)
    ca = chart.category_axis
    ca.reverse_order = True
    _value_axis_below(chart)
    _axis_style(ca)
    _legend(chart, False)
    label_w = min(max(text_width(_cat(p), 12) for p in pts) + 14, box.w * 0.38)
    top_pad = 26 if spec.annotations else 8
    bottom = 34 + (22 if spec.axis else 0)
    inner = Box(box.x + label_w, box.y + top_pad, box.w - label_w - 16, box.h - top_pad - bottom)
    _manual_layout(chart, label_w / box.w, top_pad / box.h, inner.w / box.w, inner.h / box.h)
    n = len(pts)

    def px_(v: float) -> float:
        return inner.x + inner.w * v / xmax

    for i, p in enumerate(pts):
        yc = inner.y + (i + 0.5) * inner.h / n
        if p.value is None:
            words = "● " + (p.status or deck.t("common.app.not_disclosed"))
            x0, colour = px_(0) + 6, VERMILLION
        elif p.status:
            words, x0, colour = p.status, px_(max(ref, p.value)) + 10, GREY
        else:
            continue
        w = inner.right - x0
        paras = [para(words, 12, colour=colour)]
        h = measure(paras, w)
        text_box(deck, sl, Box(x0, yc - h / 2, w, h), paras, name="status")
    for a in spec.annotations:
        if a.kind == "line":
            x = px_(a.value)
            ln = _plain(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(x), E(inner.y - 4), E(x), E(inner.bottom)))
            _line(ln, VERMILLION, 2, dash="dash")
            ln.name = "annotation"
            words = [para(_plain_text(a.text), 12, colour=VERMILLION, align="c")]
            w = text_width(_plain_text(a.text), 12) + 8
            text_box(deck, sl, Box(x - w / 2, inner.y - 22, w, 18), words, name="annotation")


def _timeline(deck: Deck, sl, spec: ChartSpec, box: Box) -> None:
    """Milestones left to right in order (not to scale): events filled, plan steps open; words above and
    below in turn, as on the dashboard."""
    pts = list(spec.points)
    n = len(pts)
    legend_h = 20.0 if spec.legend else 0.0
    if spec.legend:
        x = box.x
        for style, filled, colour in (("reported", True, VERMILLION), ("target", False, BLUE)):
            if style not in spec.legend or not any(p.style == style for p in pts):
                continue
            dot = _rect(sl, Box(x, box.y + 4, 10, 10), colour if filled else "FFFFFF", colour, 2, MSO_SHAPE.OVAL)
            dot.name = "legend"
            words = spec.legend[style]
            w = text_width(words, 11) + 6
            text_box(deck, sl, Box(x + 14, box.y + 1, w, 16), [para(words, 11, colour=MUTED)], name="legend")
            x += 14 + w + 16
    area = Box(box.x, box.y + legend_h, box.w, box.h - legend_h)
    axis_y = area.y + area.h / 2
    slot = area.w / max(n, 1)
    line = _plain(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(area.x + slot * 0.2), E(axis_y),
                                          E(area.right - slot * 0.2), E(axis_y)))
    _line(line, GREY, 2)
    r = 8.0
    half = area.h / 2 - r - 10
    paras_all = [[para(_cat(p), 12, bold=True, align="c", after=2), para(markup(p.text), 12, align="c")] for p in pts]
    # Words centred on their milestone, as wide as the gap to the next words on the same side allows
    # (narrower at the slide's edges).
    centres = [area.x + (i + 0.5) * slot for i in range(n)]
    widths = [min(slot * 1.9, 260.0, 2 * (xc - box.x), 2 * (box.right - xc)) for xc in centres]
    scale = min((fit_scale(ps, w - 4, half, 0.6, 1.3) or 0.6) for ps, w in zip(paras_all, widths))
    for i, (p, ps) in enumerate(zip(pts, paras_all)):
        xc, width = centres[i], widths[i]
        filled = p.style == "reported"
        colour = VERMILLION if filled else BLUE
        dot = _rect(sl, Box(xc - r, axis_y - r, 2 * r, 2 * r), colour if filled else "FFFFFF", colour, 2.5, MSO_SHAPE.OVAL)
        dot.name = "milestone"
        x0 = xc - width / 2
        up = i % 2 == 0
        h = measure(ps, width - 4, scale) + 2
        y0 = axis_y - r - 8 - h if up else axis_y + r + 8
        text_box(deck, sl, Box(x0, y0, width, h), ps, scale=scale, anchor="b" if up else "t", name="milestone_text")


def _stages(deck: Deck, sl, spec: ChartSpec, box: Box) -> None:
    """The adoption board as a native table: one row per initiative, the stage scale as columns (filled
    up to where it stands, a dot at that stage), and the usage column."""
    pts = list(spec.points)
    steps = list(spec.scale)
    disclosed = list(spec.extra.get("disclosed", [False] * len(pts)))
    usage_title = spec.extra.get("usage_title", "")
    n_rows, n_cols = len(pts) + 1, len(steps) + 2
    row_h = min(30.0, box.h / n_rows)
    size = min(13.0, _size((row_h - 2 * CELL_PAD[1]) / LINE_CELL))
    cat_w = min(max(text_width(_cat(p), size) for p in pts) + 12, box.w * 0.42)
    while size > 7 and max(text_width(_cat(p), size) for p in pts) + 12 > cat_w:
        size -= 0.5
    usage_w = max(text_width(usage_title, size, True), max((text_width(p.text, size) for p in pts), default=0)) + 16
    step_w = (box.w - cat_w - usage_w) / max(len(steps), 1)
    head_size = size
    while head_size > 7 and max(text_width(s, head_size, True) for s in steps) + 8 > step_w:
        head_size -= 0.5
    gf = sl.shapes.add_table(n_rows, n_cols, E(box.x), E(box.y), E(box.w), E(row_h * n_rows))
    gf.name = f"table:{spec.name}"
    table = gf.table
    _no_table_style(table)
    for j, w in enumerate([cat_w] + [step_w] * len(steps) + [usage_w]):
        table.columns[j].width = E(w)
    for i in range(n_rows):
        table.rows[i].height = E(row_h - CELL_BORDER)

    def cell(i, j, text, bold=False, colour=TEXT, fill=None, align="l", sz=size):
        c = table.cell(i, j)
        _cell_border(c)
        if fill:
            c.fill.solid()
            c.fill.fore_color.rgb = RGBColor.from_string(fill)
        else:
            c.fill.background()
        _cell_text(c, [para(text, sz, bold, colour, align)], deck.lang)

    cell(0, 0, "", bold=True)
    for j, s in enumerate(steps, 1):
        cell(0, j, s, bold=True, align="c", sz=head_size)
    cell(0, n_cols - 1, usage_title, bold=True, align="c")
    for i, p in enumerate(pts, 1):
        colour = STAGE_COLOURS.get(p.status, BLUE)
        at = int(p.value or 0)
        cell(i, 0, _cat(p))
        for j in range(1, len(steps) + 1):
            if j < at:
                cell(i, j, "", fill=_tint(colour, 0.35))
            elif j == at:
                cell(i, j, "", fill=colour)
            else:
                cell(i, j, "", fill="F2F2F2")
        shown = disclosed[i - 1] if i - 1 < len(disclosed) else False
        cell(i, n_cols - 1, p.text, colour=BLUE if shown else GREY, align="c")


CELL_PAD = (4, 1.5, 4, 1.5)
CELL_BORDER = 1.0  # LibreOffice adds a row's border to its height
LINE_CELL = 1.5


def _cell_text(c, paras: Sequence[Para], lang: str) -> None:
    """A table cell's words on one line; its margins live on the cell (tcPr), not on the text body."""
    c.margin_left, c.margin_top, c.margin_right, c.margin_bottom = (E(m) for m in CELL_PAD)
    _text_frame(c.text_frame, paras, 1.0, lang, CELL_PAD, "m", wrap_text=False)


def _tint(colour: str, strength: float) -> str:
    """A colour laid over white at this strength (a solid colour that prints like the faint one on screen)."""
    rgb = [int(colour[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - c) * strength):02X}" for c in rgb)


def _no_table_style(table) -> None:
    tbl = table._tbl
    tbl.tblPr.set("firstRow", "0")
    tbl.tblPr.set("bandRow", "0")
    style = tbl.tblPr.find(qn("a:tableStyleId"))
    if style is None:
        style = etree.SubElement(tbl.tblPr, qn("a:tableStyleId"))
    style.text = "{5940675A-B579-460E-94D1-54222C63F5DA}"  # No Style, Table Grid


def _cell_border(c, colour: str = "FFFFFF", width: float = CELL_BORDER) -> None:
    tcPr = c._tc.get_or_add_tcPr()
    for tag in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        old = tcPr.find(qn(tag))
        if old is not None:
            tcPr.remove(old)
    first = tcPr[0] if len(tcPr) else None
    for tag in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        ln = etree.Element(qn(tag), w=str(int(width * 12700)))
        etree.SubElement(etree.SubElement(ln, qn("a:solidFill")), qn("a:srgbClr"), val=colour)
        if first is not None:
            first.addprevious(ln)
        else:
            tcPr.append(ln)


CHARTS: dict[str, Callable] = {"columns": _columns, "bars": _bars, "progress": _progress, "timeline": _timeline,
                               "stages": _stages, "funnel": _bars}


# ----------------------------------------------------------------------------------------------
# Cards


def _card_paras(deck: Deck, card) -> list[Para]:
    out: list[Para] = []
    if card.title or card.badge:
        runs = [Run(card.title, bold=True)] if card.title else []
        if card.badge:
            runs.append(Run((" · " if card.title else "") + card.badge[0], bold=True,
                            colour=BADGE_COLOURS.get(card.badge[1], BLUE)))
        out.append(Para(tuple(runs), 13, after=4))
    for k in card.kpis:
        out.append(para(k.label, 10, colour=MUTED, after=1))
        out.append(para(k.value, 17, bold=True, colour=TEXT if k.row is not None else GREY, after=4, keep=True))
    for line in card.lines:
        out.append(para(line, 12, after=3))
    if card.tags:
        out.append(para(("、" if deck.lang == "zh" else ", ").join(card.tags), 12, colour=BLUE, after=3))
    for c in card.captions:
        out.append(para(c, 9, colour=MUTED, after=2))
    return out


CARD_PAD = (8, 6, 8, 6)
CARD_CEILING = 1.4  # cards with room to spare are drawn larger (a slide is read from across a room)


def _card_h(paras: Sequence[Para], width: float, scale: float) -> float:
    return measure(paras, width - CARD_PAD[0] - CARD_PAD[2], scale) + CARD_PAD[1] + CARD_PAD[3] + 2


def _card_shape(deck: Deck, sl, box: Box, paras: Sequence[Para], scale: float):
    shape = _rect(sl, box, "FFFFFF", RULE, 0.75, MSO_SHAPE.ROUNDED_RECTANGLE)
    shape.adjustments[0] = 0.06
    shape.name = "card"
    inner_h = box.h - CARD_PAD[1] - CARD_PAD[3]
    if measure(paras, box.w - CARD_PAD[0] - CARD_PAD[2], scale) > inner_h + 0.01:
        paras = _cut(deck, paras, box.w - CARD_PAD[0] - CARD_PAD[2], inner_h, scale)
    _text_frame(shape.text_frame, paras, scale, deck.lang, CARD_PAD, "t")
    return shape


def _largest_scale(fits: Callable[[float], bool], floor: float = 0.55, ceiling: float = 1.0) -> float:
    """The largest scale of the type at which a layout fits (up to ceiling where there is room to spare)."""
    scale = ceiling
    while scale > floor and not fits(scale):
        scale -= 0.04
    return max(scale, floor)


def _cards(deck: Deck, sl, cards: Cards, box: Box) -> None:
    groups = [g for g in cards.groups if g.cards]
    gap = 10.0
    if cards.arrangement == "arrow" and groups and len(groups[0].cards) >= 2:
        before, after = groups[0].cards[:2]
        arrow_w = 46.0
        w = (box.w - arrow_w - 2 * gap) / 2
        ps = [_card_paras(deck, before), _card_paras(deck, after)]
        scale = _largest_scale(lambda s: all(_card_h(p, w, s) <= box.h for p in ps), ceiling=CARD_CEILING)
        h = min(box.h, max(_card_h(p, w, scale) for p in ps))
        y = box.y + (box.h - h) / 2
        _card_shape(deck, sl, Box(box.x, y, w, h), ps[0], scale)
        arrow = _rect(sl, Box(box.x + w + gap, y + h / 2 - 16, arrow_w, 32), BLUE, None, shape=MSO_SHAPE.RIGHT_ARROW)
        arrow.name = "arrow"
        _card_shape(deck, sl, Box(box.x + w + arrow_w + 2 * gap, y, w, h), ps[1], scale)
        return
    if cards.arrangement == "grid":
        per_row = 4
        w = (box.w - gap * (per_row - 1)) / per_row

        def rows_at(scale: float) -> list[tuple[str, object, float]]:
            out = []
            for g in groups:
                if g.title:
                    out.append(("title", g.title, measure([para(g.title, 13, bold=True)], box.w, scale) + 2))
                for start in range(0, len(g.cards), per_row):
                    row = g.cards[start:start + per_row]
                    out.append(("cards", row, max(_card_h(_card_paras(deck, c), w, scale) for c in row)))
            return out

        def total(scale: float) -> float:
            return sum(h + 6 for _, _, h in rows_at(scale))

        scale = _largest_scale(lambda s: total(s) <= box.h, ceiling=CARD_CEILING)
        y = box.y
        for kind, what, h in rows_at(scale):
            if kind == "title":
                text_box(deck, sl, Box(box.x, y, box.w, h), [para(what, 13, bold=True)], scale=scale, name="group")
            else:
                for i, c in enumerate(what):
                    _card_shape(deck, sl, Box(box.x + i * (w + gap), y, w, h), _card_paras(deck, c), scale)
            y += h + 6
        return
    if cards.arrangement == "columns" and len(groups) > 1:
        w = (box.w - gap * (len(groups) - 1)) / len(groups)

        def col_h(g, scale: float) -> float:
            head = measure([para(g.title, 13, bold=True)], w, scale) + 4 if g.title else 0
            return head + sum(_card_h(_card_paras(deck, c), w, scale) + 6 for c in g.cards)

        scale = _largest_scale(lambda s: all(col_h(g, s) <= box.h for g in groups), ceiling=CARD_CEILING)
        for i, g in enumerate(groups):
            x, y = box.x + i * (w + gap), box.y
            if g.title:
                h = measure([para(g.title, 13, bold=True)], w, scale) + 2
                text_box(deck, sl, Box(x, y, w, h), [para(g.title, 13, bold=True)], scale=scale, name="group")
                y += h + 4
            for c in g.cards:
                ps = _card_paras(deck, c)
                h = _card_h(ps, w, scale)
                _card_shape(deck, sl, Box(x, y, w, h), ps, scale)
                y += h + 6
        return
    every = [c for g in groups for c in g.cards]
    if not every:
        return
    w = (box.w - gap * (len(every) - 1)) / len(every)
    ps = [_card_paras(deck, c) for c in every]
    scale = _largest_scale(lambda s: all(_card_h(p, w, s) <= box.h for p in ps), ceiling=CARD_CEILING)
    h = min(box.h, max(_card_h(p, w, scale) for p in ps))
    for i, (c, p) in enumerate(zip(every, ps)):
        shape = _card_shape(deck, sl, Box(box.x + i * (w + gap), box.y, w, h), p, scale)
        if c.link:
            deck.links.append((shape, c.link))


# ----------------------------------------------------------------------------------------------
# Tables (a table that is the visual itself)


def _frame_table(deck: Deck, sl, frame, box: Box) -> None:
    """As many rows as fit the slide at a readable size; the rest is on the dashboard's Sources page."""
    cols = [str(c) for c in frame.columns]
    size = 9.0
    row_h = size * LINE_CELL + 2 * CELL_PAD[1]
    rows = frame.astype(str).values.tolist()
    fits = max(int(box.h // row_h) - 1, 1)
    shown = rows[:fits]
    if not cols:
        return
    widths = [max([text_width(c, size, True)] + [text_width(r[j], size) for r in shown]) + 10 for j, c in enumerate(cols)]
    total = sum(widths)
    widths = [box.w * w / total for w in widths]
    gf = sl.shapes.add_table(len(shown) + 1, len(cols), E(box.x), E(box.y), E(box.w), E(row_h * (len(shown) + 1)))
    gf.name = "table:frame"
    table = gf.table
    _no_table_style(table)
    for j, w in enumerate(widths):
        table.columns[j].width = E(w)
    for i in range(len(shown) + 1):
        table.rows[i].height = E(row_h - CELL_BORDER)
    for j, c in enumerate(cols):
        tc = table.cell(0, j)
        _cell_border(tc, RULE)
        tc.fill.solid()
        tc.fill.fore_color.rgb = RGBColor.from_string("EEEEEE")
        _cell_text(tc, [para(c, size, True)], deck.lang)
    for i, r in enumerate(shown, 1):
        for j, v in enumerate(r):
            tc = table.cell(i, j)
            _cell_border(tc, RULE)
            tc.fill.background()
            text = v
            while text and text_width(text, size) + 6 > widths[j]:
                text = text[:-2] + "…" if len(text) > 2 else ""
            _cell_text(tc, [para(text, size)], deck.lang)


# ----------------------------------------------------------------------------------------------
# The map: every layer as vector shapes, in one Web Mercator projection fitted to the focus view


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@dataclass(frozen=True)
class Projection:
    """lon/lat -> slide points: Web Mercator with the centre and zoom maps.fit_view picks for this view."""

    box: Box
    lon: float
    lat: float
    zoom: float

    @classmethod
    def fit(cls, points, box: Box) -> Projection:
        view = maps.fit_view(points, width_px=round(box.w / PX), height_px=round(box.h / PX))
        return cls(box, view["longitude"], view["latitude"], view["zoom"])

    @property
    def k(self) -> float:
        """Points per unit of Mercator (radians): deck.gl's 512 px world at zoom 0, in points."""
        return 512 * 2 ** self.zoom / (2 * math.pi) * PX

    def __call__(self, p) -> tuple[float, float]:
        x = self.box.x + self.box.w / 2 + (math.radians(p[0]) - math.radians(self.lon)) * self.k
        y = self.box.y + self.box.h / 2 - (_merc_y(p[1]) - _merc_y(self.lat)) * self.k
        return x, y


def clip_polygon(pts: list[tuple[float, float]], box: Box) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: the part of a polygon inside the box."""
    def clip(points, inside, cross):
        out = []
        for i, cur in enumerate(points):
            prev = points[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
        return out

    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    out = list(pts)
    for inside, cross in ((lambda p: p[0] >= box.x, at_x(box.x)), (lambda p: p[0] <= box.right, at_x(box.right)),
                          (lambda p: p[1] >= box.y, at_y(box.y)), (lambda p: p[1] <= box.bottom, at_y(box.bottom))):
        if not out:
            break
        out = clip(out, inside, cross)
    return out


def clip_path(pts: list[tuple[float, float]], box: Box) -> list[list[tuple[float, float]]]:
    """Liang–Barsky on each segment: the pieces of a line inside the box."""
    pieces: list[list[tuple[float, float]]] = []
    cur: list[tuple[float, float]] = []
    for a, b in zip(pts, pts[1:]):
        dx, dy = b[0] - a[0], b[1] - a[1]
        t0, t1, ok = 0.0, 1.0, True
        for p, q in ((-dx, a[0] - box.x), (dx, box.right - a[0]), (-dy, a[1] - box.y), (dy, box.bottom - a[1])):
            if p == 0:
                if q < 0:
                    ok = False
                    break
                continue
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                ok = False
                break
        if not ok:
            if len(cur) > 1:
                pieces.append(cur)
            cur = []
            continue
        start = (a[0] + t0 * dx, a[1] + t0 * dy)
        end = (a[0] + t1 * dx, a[1] + t1 * dy)
        if not cur or cur[-1] != start:
            if len(cur) > 1:
                pieces.append(cur)
            cur = [start]
        cur.append(end)
        if t1 < 1:
            pieces.append(cur)
            cur = []
    if len(cur) > 1:
        pieces.append(cur)
    return pieces


def _freeform(sl, pts: list[tuple[float, float]], closed: bool, name: str):
    fb = sl.shapes.build_freeform(E(pts[0][0]), E(pts[0][1]), scale=1.0)
    fb.add_line_segments([(E(x), E(y)) for x, y in pts[1:]], close=closed)
    shape = _plain(fb.convert_to_shape())
    shape.name = name
    return shape


def _rgb(c: list[int]) -> tuple[str, float]:
    return "".join(f"{v:02X}" for v in c[:3]), (c[3] / 255 if len(c) > 3 else 1.0)


def _map_path(sl, proj: Projection, clip: Box, path, colour: list[int], width_px: float, name: str) -> int:
    colour_hex, alpha = _rgb(colour)
    n = 0
    for piece in clip_path([proj(p) for p in path], clip):
        shape = _freeform(sl, piece, False, name)
        _fill(shape, None)
        _line(shape, colour_hex, width_px * PX, alpha, rounded=True)
        n += 1
    return n


def _map_polygon(sl, proj: Projection, clip: Box, ring, fill: list[int], line: list[int], width_px: float, name: str) -> None:
    pts = clip_polygon([proj(p) for p in ring], clip)
    if len(pts) < 3:
        return
    shape = _freeform(sl, pts, True, name)
    fill_hex, fill_alpha = _rgb(fill)
    _fill(shape, fill_hex, fill_alpha)
    line_hex, line_alpha = _rgb(line)
    _line(shape, line_hex, width_px * PX, line_alpha, rounded=True)


def _dot(sl, xy, radius: float, fill: list[int] | str, line: list[int] | str, width: float, name: str):
    fill_hex, fill_alpha = _rgb(fill) if isinstance(fill, list) else (fill, 1.0)
    line_hex, line_alpha = _rgb(line) if isinstance(line, list) else (line, 1.0)
    s = _plain(sl.shapes.add_shape(MSO_SHAPE.OVAL, E(xy[0] - radius), E(xy[1] - radius), E(2 * radius), E(2 * radius)))
    _fill(s, fill_hex, fill_alpha)
    _line(s, line_hex, width, line_alpha)
    s.name = name
    return s


def _map(deck: Deck, sl, spec: MapSpec, focus: str, box: Box) -> None:
    """The city map as shapes: outline, river, north bank, Xiepu link, Line 2 by section with its
    stations, the bridge, the places and the labels, in the order (and colours) of maps.build_city_deck."""
    f = spec.features
    legend_w = min(230.0, box.w * 0.26)
    area = Box(box.x, box.y, box.w - legend_w - 12, box.h)
    frame = _rect(sl, area, PANEL, RULE, 0.75)
    frame.name = "map_frame"
    proj = Projection.fit(maps.focus_points(f, focus), area)
    clip = Box(area.x + 1, area.y + 1, area.w - 2, area.h - 2)
    c = maps.COLORS
    for o in f.get("outline", []):
        _map_polygon(sl, proj, clip, o["polygon"], c["outline_fill"], c["outline"], 1.5, "map:outline")
    for o in f.get("river", []):
        _map_path(sl, proj, clip, o["path"], c["river"], 7, "map:river")
    for o in f.get("north_bank", []):
        _map_polygon(sl, proj, clip, o["polygon"], c["north_bank_fill"], c["north_bank_line"], 2, "map:north_bank")
    for o in f.get("xiepu", []):
        _map_path(sl, proj, clip, o["path"], c["xiepu_band"], 18, "map:xiepu_band")
        _map_path(sl, proj, clip, o["path"], c["xiepu"], 3, "map:xiepu")
    for group, colour, width in (("phase1", c["phase1"], 4), ("phase2_later", c["later"], 4), ("phase2_first", c["first"], 8)):
        for o in f.get(group, []):
            _map_path(sl, proj, clip, o["path"], colour, width, f"map:{group}")
    section_colour = {"phase2_first": c["first"], "phase2_later": c["later"]}
    for s in f.get("stations", []):
        xy = proj(s["position"])
        if _inside(xy, clip, 4):
            _dot(sl, xy, 4.5 * PX, "FFFFFF", section_colour.get(s["section"], c["phase1"]), 2.5 * PX, "map:station")
    for o in f.get("bridge", []):
        _map_path(sl, proj, clip, o["path"], c["bridge"], 9, "map:bridge")
    for p in f.get("places", []):
        xy = proj(p["position"])
        if not _inside(xy, clip, 9):
            continue
        if p["confidence"] in maps.APPROX:
            _dot(sl, xy, 11 * PX, c["place"][:3] + [40], c["place"], 2.5 * PX, "map:place_approx")
        else:
            _dot(sl, xy, 8 * PX, c["place"], "FFFFFF", 2 * PX, "map:place")
    sizes = {"big": 15.0, "mid": 10.5, "small": 9.5}
    for lb in f.get("labels", []):
        if focus == "all" and lb["zoomed"]:
            continue
        x, y = proj(lb["position"])
        if not _inside((x, y), clip, 0):
            continue
        size = sizes.get(lb["size"], 10.5)
        lines = lb["text"].split("\n")
        w = max(text_width(line, size, True) for line in lines) + 8
        h = sum(line_height(line, size) for line in lines) + 2
        dx, dy = lb["offset"][0] * PX, lb["offset"][1] * PX
        left = {"start": x + dx, "end": x + dx - w}.get(lb["anchor"], x + dx - w / 2)
        top = y + dy - h / 2
        left = min(max(left, clip.x + 2), clip.right - w - 2)
        top = min(max(top, clip.y + 2), clip.bottom - h - 2)
        text_box(deck, sl, Box(left, top, w, h), [para(lb["text"], size, bold=True, colour=TEXT, align="c")],
                 scale=1.0, margins=(3, 1, 3, 1), name="map:label", fill="FFFFFF", fill_alpha=0.84)
    _map_legend(deck, sl, spec, Box(box.right - legend_w, box.y, legend_w, box.h))


def _inside(xy, box: Box, margin: float) -> bool:
    return box.x + margin <= xy[0] <= box.right - margin and box.y + margin <= xy[1] <= box.bottom - margin


def _map_legend(deck: Deck, sl, spec: MapSpec, box: Box) -> None:
    """Swatches drawn like their layers, and the map's legend words."""
    c = maps.COLORS
    sw = 24.0
    text_w = box.w - sw - 8
    entries = [para(words, 10.5) for _, words in spec.legend]
    title = [para(deck.meta.legend, 11, bold=True)]
    title_h = measure(title, box.w) + 4
    scale = _largest_scale(lambda s: sum(measure([e], text_w, s) + 5 for e in entries) <= box.h - title_h, 0.7)
    text_box(deck, sl, Box(box.x, box.y, box.w, title_h), title, name="legend")
    y = box.y + title_h
    for (code, _), entry in zip(spec.legend, entries):
        h = measure([entry], text_w, scale)
        mid = y + min(h, line_height("中", _size(10.5 * scale))) / 2
        if code in ("outline", "north_bank"):
            fill, line = (c["outline_fill"], c["outline"]) if code == "outline" else (c["north_bank_fill"], c["north_bank_line"])
            fh, fa = _rgb(fill)
            lh, la = _rgb(line)
            s = _plain(sl.shapes.add_shape(MSO_SHAPE.RECTANGLE, E(box.x + 2), E(mid - 6), E(sw - 4), E(12)))
            _fill(s, fh, fa)
            _line(s, lh, 1.5, la)
            s.name = "legend"
        elif code == "place":
            _dot(sl, (box.x + sw / 2, mid), 8 * PX, c["place"], "FFFFFF", 2 * PX, "legend")
        elif code == "approx":
            _dot(sl, (box.x + sw / 2, mid), 8 * PX, c["place"][:3] + [40], c["place"], 2.5 * PX, "legend")
        else:
            colour, width = {"river": (c["river"], 7), "phase1": (c["phase1"], 4), "first": (c["first"], 8),
                             "later": (c["later"], 4), "bridge": (c["bridge"], 9),
                             "xiepu": (c["xiepu"], 3)}.get(code, (c["outline"], 3))
            if code == "xiepu":
                band = _plain(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(box.x + 2), E(mid), E(box.x + sw - 2), E(mid)))
                band_hex, band_alpha = _rgb(c["xiepu_band"])
                _line(band, band_hex, 18 * PX, band_alpha)
                band.name = "legend"
            ln = _plain(sl.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, E(box.x + 2), E(mid), E(box.x + sw - 2), E(mid)))
            hx, a = _rgb(colour)
            _line(ln, hx, width * PX, a, rounded=True)
            ln.name = "legend"
        text_box(deck, sl, Box(box.x + sw + 8, y, text_w, h), [entry], scale=scale, name="legend")
        y += h + 5 * scale
