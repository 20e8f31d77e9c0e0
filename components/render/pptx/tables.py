"""Native tables: cell helpers, and a data frame that is a slide's visual."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn

from .base import Box, Deck, E, write_text
from .colours import RULE
from .text import Para, para, text_width

CELL_PAD = (4, 1.5, 4, 1.5)
CELL_BORDER = 1.0  # LibreOffice adds a row's border to its height
LINE_CELL = 1.5


def cell_text(c, paras: Sequence[Para], lang: str) -> None:
    """A table cell's words on one line; its margins live on the cell (tcPr), not on the text body."""
    c.margin_left, c.margin_top, c.margin_right, c.margin_bottom = (E(m) for m in CELL_PAD)
    write_text(c.text_frame, paras, 1.0, lang, CELL_PAD, "m", wrap_text=False)


def tint(colour: str, strength: float) -> str:
    """A colour laid over white at this strength (a solid colour that prints like the faint one on screen)."""
    rgb = [int(colour[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - c) * strength):02X}" for c in rgb)


def no_table_style(table) -> None:
    tbl = table._tbl
    tbl.tblPr.set("firstRow", "0")
    tbl.tblPr.set("bandRow", "0")
    style = tbl.tblPr.find(qn("a:tableStyleId"))
    if style is None:
        style = etree.SubElement(tbl.tblPr, qn("a:tableStyleId"))
    style.text = "{5940675A-B579-460E-94D1-54222C63F5DA}"  # No Style, Table Grid


def cell_border(c, colour: str = "FFFFFF", width: float = CELL_BORDER) -> None:
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



# ----------------------------------------------------------------------------------------------
# Tables (a table that is the visual itself)


def frame_table(deck: Deck, sl, frame, box: Box) -> None:
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
    no_table_style(table)
    for j, w in enumerate(widths):
        table.columns[j].width = E(w)
    for i in range(len(shown) + 1):
        table.rows[i].height = E(row_h - CELL_BORDER)
    for j, c in enumerate(cols):
        tc = table.cell(0, j)
        cell_border(tc, RULE)
        tc.fill.solid()
        tc.fill.fore_color.rgb = RGBColor.from_string("EEEEEE")
        cell_text(tc, [para(c, size, True)], deck.lang)
    for i, r in enumerate(shown, 1):
        for j, v in enumerate(r):
            tc = table.cell(i, j)
            cell_border(tc, RULE)
            tc.fill.background()
            text = v
            while text and text_width(text, size) + 6 > widths[j]:
                text = text[:-2] + "…" if len(text) > 2 else ""
            cell_text(tc, [para(text, size)], deck.lang)


