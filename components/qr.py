"""QR code of the current view for phones: build_qr_svg(), view_url(), public_base() (ZHENHAI_PUBLIC_URL overrides the address)."""

# The QR code opens "the same page and language in normal mode": the address the browser used
# (st.context.url) cut back to the app's root, plus the page's path, plus ?lang= and the map's ?focus=.
# Deployments whose browser address is not the one phones should open (a meeting-room PC on
# http://localhost:8501, an intranet name, a proxy that rewrites paths) set the environment variable
#     ZHENHAI_PUBLIC_URL=https://dashboard.example.org/zhenhai
# (scheme, host and the app's root path; no page, no query). It replaces the browser's address.

from __future__ import annotations

import base64
import html
import os
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno

from .settings import PUBLIC_URL_ENV

KEPT_PARAMS = ("lang", "focus")  # everything else (present, slide, play, theme, ...) is presenter-only
# Measured (Chromium screenshots decoded with zxing-cpp, 1366x768 and 1920x1080, light and dark look, four
# sub-pixel positions, URLs of 30 and 80 characters): a sharp screenshot decodes from 1 CSS px per module
# and never below it (0.75 fails); with a slight blur (Gaussian, 0.8 px: a stand-in for a camera) it takes
# 2. MIN_PX_PER_MODULE is that reliable floor; pages use QR_PX_PER_MODULE, twice it, as phones read a
# screen from a distance (about 150-190 px for this app's addresses; more for a large room).
MIN_PX_PER_MODULE = 2
QR_PX_PER_MODULE = 4
QUIET_ZONE = 4  # modules of light margin all round, as the QR standard asks

# Colours: always dark modules on a light tile. On a dark slide the tile stays white: light-on-dark codes
# only decode where the reader tries the inverted image too (zxing-cpp with try_invert=False fails on
# them; measured), and phone scanners (WeChat, Alipay, camera apps) are not all known to try.
LIGHT_LOOK = {"dark": "#000000", "light": "#ffffff"}
DARK_LOOK = {"dark": "#0e1117", "light": "#ffffff"}


def build_qr_svg(url: str, dark: bool = False, *, px_per_module: float = QR_PX_PER_MODULE,
                 label: str | None = None) -> str:
    """An inline <svg> QR code of url (error correction M), sized px_per_module CSS pixels per module.

    Its accessible name is `label` (e.g. t("deck.qr.alt", lang)); the SVG is built from our own strings and
    the URL only ever becomes black and white squares, so it is safe to render as HTML."""
    if not url:
        raise ValueError("build_qr_svg needs a URL")
    code = segno.make(url, error="m", micro=False)
    colours = DARK_LOOK if dark else LIGHT_LOOK
    svg = code.svg_inline(scale=1, border=QUIET_ZONE, omitsize=True, dark=colours["dark"], light=colours["light"])
    size = round(code.symbol_size(scale=1, border=QUIET_ZONE)[0] * px_per_module)
    name = html.escape(label or url, quote=True)
    # crispEdges: no anti-aliased grey seams between modules when the page is zoomed or scaled.
    attrs = (f'<svg width="{size}" height="{size}" role="img" aria-label="{name}" shape-rendering="crispEdges" '
             f'data-qr-modules="{code.symbol_size(scale=1, border=0)[0]}" ')
    return svg.replace("<svg ", attrs, 1)


def build_qr_img(url: str, dark: bool = False, *, px_per_module: float = QR_PX_PER_MODULE, alt: str = "") -> str:
    """The QR code as an <img> of the SVG (a data: URI), for st.html: Streamlit's st.html sanitizer keeps
    <img> but drops inline <svg> (it allows the HTML profile only). `alt` is the image's text alternative."""
    svg = build_qr_svg(url, dark, px_per_module=px_per_module, label=alt or None)
    size = svg.split('width="', 1)[1].split('"', 1)[0]
    data = base64.b64encode(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1).encode()).decode()
    return (f'<img src="data:image/svg+xml;base64,{data}" width="{size}" height="{size}" '
            f'alt="{html.escape(alt, quote=True)}" class="zh-qr">')


def view_url(base: str, path: str, params: dict) -> str:
    """The address of the same page and language in normal mode: base + page path + ?lang=&focus=.

    `base` is the app's root (from public_base()), `path` the page's URL path ("/", "/city"), `params` the
    current query parameters; presenter settings (present, slide, play, theme) are dropped."""
    root = base.rstrip("/")
    page = path.strip("/")
    kept = {k: str(params[k]) for k in KEPT_PARAMS if params.get(k) not in (None, "")}
    query = urlencode(kept)
    return f"{root}/{page}" + (f"?{query}" if query else "")


def read_public_base(context_url: str | None, page_path: str | None = None, base_url_path: str = "",
                     env_value: str | None = None) -> str | None:
    """The app's root address, e.g. "https://host/zhenhai", from (in order) the override, the browser's address.

    With the browser's address, the page's own path is cut off its end ("/zhenhai/city" on the city page ->
    "/zhenhai"), which finds the root behind any proxy prefix; without a page path the configured
    server.baseUrlPath is used. None when there is no browser address (e.g. in AppTest)."""
    if env_value and env_value.strip():
        parts = urlsplit(env_value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{PUBLIC_URL_ENV} must be an http(s) address such as "
                             f"https://dashboard.example.org/zhenhai, got {env_value!r}")
        return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    if not context_url:
        return None
    parts = urlsplit(context_url)
    path = parts.path.rstrip("/")
    if page_path is not None:
        page = page_path.strip("/")
        if page and (path == f"/{page}" or path.endswith(f"/{page}")):
            path = path[: -len(page) - 1]
    else:
        base = base_url_path.strip("/")
        path = f"/{base}" if base else ""
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def public_base(page_path: str | None = None) -> str | None:
    """read_public_base() for this session: ZHENHAI_PUBLIC_URL, else st.context.url and server.baseUrlPath."""
    import streamlit as st

    return read_public_base(st.context.url, page_path, st.get_option("server.baseUrlPath") or "",
                            os.environ.get(PUBLIC_URL_ENV))
