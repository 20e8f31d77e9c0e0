"""The meeting's briefing as a PowerPoint deck: every meeting slide, in order, from the data (CLI and app)."""

from __future__ import annotations

import argparse
import io
import os
import sys
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

from .content import Loader, build_page
from .i18n import LANGS, t
from .settings import PUBLIC_URL_ENV
from .sitemap import MEETING_ORDER

if TYPE_CHECKING:
    from .render.pptx import Deck

# python-pptx is imported when a deck is built, not when a page that offers the download is drawn.



def public_url(lang: str) -> str:
    """The live dashboard's address for the title slide's QR code (ZHENHAI_PUBLIC_URL), in the deck's
    language; empty when it is not configured."""
    base = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if not base or not base.lower().startswith(("http://", "https://")):
        return ""
    if lang == "zh":
        return base
    parts = urllib.parse.urlsplit(base)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query["lang"] = lang
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def build_qr_png(url: str) -> bytes:
    """A QR code of the address as a PNG (segno, no imaging library needed)."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=10, border=2)
    return out.getvalue()


def build_briefing(lang: str, load: Loader | None = None) -> Deck:
    """The deck (with what the checks need to know about it): the meeting's pages, each page's slides; the
    tables from `load` (default: straight from disk)."""
    from .render.pptx import DeckMeta, build_presentation

    pages = [build_page(k, lang, load) for k in MEETING_ORDER]
    # The data date is the title slide's subtitle (worked out from the data by the home page's builder).
    title = next((s for p in pages for s in p.sections if s.kind == "title"), None)
    meta = DeckMeta(
        lang=lang, app=t("common.app.short", lang), data_date=title.takeaway if title else "", url=public_url(lang),
        qr_caption=t("briefing.deck.qr", lang), legend=t("briefing.deck.legend", lang),
        notes_figures=t("briefing.notes.figures", lang), notes_missing=t("briefing.notes.missing", lang),
        notes_sources=t("briefing.notes.sources", lang), more_in_notes=t("briefing.deck.more_in_notes", lang),
    )
    return build_presentation(pages, meta, build_qr_png)


def build_deck(lang: str, load: Loader | None = None) -> bytes:
    """The .pptx file's bytes, in one language, from the tables `load` returns."""
    from .render.pptx import deck_bytes

    return deck_bytes(build_briefing(lang, load))


def file_name(lang: str) -> str:
    return f"zhenhai_briefing_{lang}.pptx"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m components.briefing", description=__doc__)
    ap.add_argument("--lang", choices=LANGS, default="zh", help="the deck's language (default zh)")
    ap.add_argument("-o", "--output", type=Path, help="where to write the .pptx (default: out/" + file_name("<lang>") + ")")
    args = ap.parse_args(argv)
    out = args.output or Path("out") / file_name(args.lang)
    deck = build_briefing(args.lang)
    problems = [e for p in deck.pages for e in p.errors]
    for problem in dict.fromkeys(problems):
        print(f"warning: {problem}", file=sys.stderr)
    from .render.pptx import deck_bytes

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(deck_bytes(deck))
    print(f"{out} ({deck.total} slides)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
