"""KPI cards and cards as rounded boxes of text, drawn at the largest type size that fits."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pptx.enum.shapes import MSO_SHAPE

from ...content.layout import card_parts, kpi_lines
from ...content.model import Cards, Kpi
from .base import Box, Deck, cut_to_fit, rect, text_box, write_text
from .colours import BADGE_COLOURS, BLUE, GREY, MUTED, RULE, TEXT
from .text import Para, Run, fit_scale, measure, para, text_width

# ----------------------------------------------------------------------------------------------
# KPI cards


def _kpi_paras(k: Kpi, big: bool) -> list[Para]:
    label, value, detail = (14, 34, 12) if big else (10.5, 21, 9)
    lines = kpi_lines(k)
    out = [para(lines.label, label, colour=MUTED, after=3),
           para(lines.value, value, bold=True, colour=TEXT if lines.disclosed else GREY, after=3, keep=True)]
    return out + [para(d, detail, colour=MUTED, after=1) for d in lines.details]


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
            shape = rect(sl, Box(x, y, w, h), "FFFFFF", RULE, 0.75, MSO_SHAPE.ROUNDED_RECTANGLE)
            shape.adjustments[0] = 0.08
            shape.name = "kpi"
            write_text(shape.text_frame, p, scale, deck.lang, pad, "t")
            x += w + gap
        y += h + gap
    return total


def kpi_row(deck: Deck, sl, box: Box, cards: Sequence[Kpi]) -> float:
    return _kpi_cards(deck, sl, box, cards, False, box.h)


def kpi_big(deck: Deck, sl, box: Box, cards: Sequence[Kpi]) -> None:
    if cards:
        _kpi_cards(deck, sl, box, cards, True, min(box.h, 230.0))






# ----------------------------------------------------------------------------------------------
# Cards


def card_paras(deck: Deck, card) -> list[Para]:
    """A card's parts (content.layout.card_parts) as paragraphs: the badge beside the title, as on a slide."""
    out: list[Para] = []
    parts = card_parts(card, slide=True)
    head = [p for p in parts if p.kind in ("title", "badge")]
    if head:
        runs = [Run(p.text, bold=True) if p.kind == "title" else
                Run((" · " if len(head) > 1 else "") + p.text, bold=True, colour=BADGE_COLOURS.get(p.colour, BLUE))
                for p in head]
        out.append(Para(tuple(runs), 13, after=4))
    for p in parts:
        if p.kind == "kpi":
            lines = kpi_lines(p.kpi)
            out.append(para(lines.label, 10, colour=MUTED, after=1))
            out.append(para(lines.value, 17, bold=True, colour=TEXT if lines.disclosed else GREY, after=4, keep=True))
        elif p.kind == "line":
            out.append(para(p.text, 12, after=3))
        elif p.kind == "tags":
            out.append(para(("、" if deck.lang == "zh" else ", ").join(p.items), 12, colour=BLUE, after=3))
        elif p.kind == "caption":
            out.append(para(p.text, 9, colour=MUTED, after=2))
    return out


CARD_PAD = (8, 6, 8, 6)
CARD_CEILING = 1.4  # cards with room to spare are drawn larger (a slide is read from across a room)


def card_height(paras: Sequence[Para], width: float, scale: float) -> float:
    return measure(paras, width - CARD_PAD[0] - CARD_PAD[2], scale) + CARD_PAD[1] + CARD_PAD[3] + 2


def card_shape(deck: Deck, sl, box: Box, paras: Sequence[Para], scale: float):
    shape = rect(sl, box, "FFFFFF", RULE, 0.75, MSO_SHAPE.ROUNDED_RECTANGLE)
    shape.adjustments[0] = 0.06
    shape.name = "card"
    inner_h = box.h - CARD_PAD[1] - CARD_PAD[3]
    if measure(paras, box.w - CARD_PAD[0] - CARD_PAD[2], scale) > inner_h + 0.01:
        paras = cut_to_fit(deck, paras, box.w - CARD_PAD[0] - CARD_PAD[2], inner_h, scale)
    write_text(shape.text_frame, paras, scale, deck.lang, CARD_PAD, "t")
    return shape


def largest_scale(fits: Callable[[float], bool], floor: float = 0.55, ceiling: float = 1.0) -> float:
    """The largest scale of the type at which a layout fits (up to ceiling where there is room to spare)."""
    scale = ceiling
    while scale > floor and not fits(scale):
        scale -= 0.04
    return max(scale, floor)


def draw_cards(deck: Deck, sl, cards: Cards, box: Box) -> None:
    groups = [g for g in cards.groups if g.cards]
    gap = 10.0
    if cards.arrangement == "arrow" and groups and len(groups[0].cards) >= 2:
        before, after = groups[0].cards[:2]
        arrow_w = 46.0
        w = (box.w - arrow_w - 2 * gap) / 2
        ps = [card_paras(deck, before), card_paras(deck, after)]
        scale = largest_scale(lambda s: all(card_height(p, w, s) <= box.h for p in ps), ceiling=CARD_CEILING)
        h = min(box.h, max(card_height(p, w, scale) for p in ps))
        y = box.y + (box.h - h) / 2
        card_shape(deck, sl, Box(box.x, y, w, h), ps[0], scale)
        arrow = rect(sl, Box(box.x + w + gap, y + h / 2 - 16, arrow_w, 32), BLUE, None, shape=MSO_SHAPE.RIGHT_ARROW)
        arrow.name = "arrow"
        card_shape(deck, sl, Box(box.x + w + arrow_w + 2 * gap, y, w, h), ps[1], scale)
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
                    out.append(("cards", row, max(card_height(card_paras(deck, c), w, scale) for c in row)))
            return out

        def total(scale: float) -> float:
            return sum(h + 6 for _, _, h in rows_at(scale))

        scale = largest_scale(lambda s: total(s) <= box.h, ceiling=CARD_CEILING)
        y = box.y
        for kind, what, h in rows_at(scale):
            if kind == "title":
                text_box(deck, sl, Box(box.x, y, box.w, h), [para(what, 13, bold=True)], scale=scale, name="group")
            else:
                for i, c in enumerate(what):
                    card_shape(deck, sl, Box(box.x + i * (w + gap), y, w, h), card_paras(deck, c), scale)
            y += h + 6
        return
    if cards.arrangement == "columns" and len(groups) > 1:
        w = (box.w - gap * (len(groups) - 1)) / len(groups)

        def col_h(g, scale: float) -> float:
            head = measure([para(g.title, 13, bold=True)], w, scale) + 4 if g.title else 0
            return head + sum(card_height(card_paras(deck, c), w, scale) + 6 for c in g.cards)

        scale = largest_scale(lambda s: all(col_h(g, s) <= box.h for g in groups), ceiling=CARD_CEILING)
        for i, g in enumerate(groups):
            x, y = box.x + i * (w + gap), box.y
            if g.title:
                h = measure([para(g.title, 13, bold=True)], w, scale) + 2
                text_box(deck, sl, Box(x, y, w, h), [para(g.title, 13, bold=True)], scale=scale, name="group")
                y += h + 4
            for c in g.cards:
                ps = card_paras(deck, c)
                h = card_height(ps, w, scale)
                card_shape(deck, sl, Box(x, y, w, h), ps, scale)
                y += h + 6
        return
    every = [c for g in groups for c in g.cards]
    if not every:
        return
    w = (box.w - gap * (len(every) - 1)) / len(every)
    ps = [card_paras(deck, c) for c in every]
    scale = largest_scale(lambda s: all(card_height(p, w, s) <= box.h for p in ps), ceiling=CARD_CEILING)
    h = min(box.h, max(card_height(p, w, scale) for p in ps))
    for i, (c, p) in enumerate(zip(every, ps)):
        shape = card_shape(deck, sl, Box(box.x + i * (w + gap), box.y, w, h), p, scale)
        if c.link:
            deck.links.append((shape, c.link))


