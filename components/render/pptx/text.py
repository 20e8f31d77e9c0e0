"""Text as the deck lays it out: Arial's and a CJK font's widths, line breaking as a text frame does it, and
paragraphs measured before they are drawn."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .colours import TEXT

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


def para_lines(p: Para, width: float, scale: float) -> list[str]:
    bold = p.bold or any(r.bold for r in p.runs)
    return wrap(p.text, width, p.size * scale, bold)


def measure(paras: Sequence[Para], width: float, scale: float = 1.0) -> float:
    """The height the paragraphs take in a frame of this inner width, at this scale of their sizes."""
    total = 0.0
    for p in paras:
        size = half_points(p.size * scale)
        lines = para_lines(p, width, scale)
        if p.keep and len(lines) > len(p.text.split("\n")):
            return math.inf
        total += sum(line_height(ln, size) for ln in lines) + p.after * scale
    return total


def half_points(pt: float) -> float:
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


