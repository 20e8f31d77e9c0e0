"""Test app: the QR code of the current view (components/qr.py) on a light or dark slide, for tests/test_qr.py."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for `components`

from components.i18n import t  # noqa: E402
from components.qr import build_qr_img, public_base, view_url  # noqa: E402

# Query parameters of this test app only: px = CSS pixels per module, dark = 1 for the dark slide,
# shift = a sub-pixel offset of the code (CSS px), so a test can try the awkward positions too.
PAGE_PATHS = {"home": "/", "city": "/city"}


def _show(key: str) -> None:
    params = st.query_params.to_dict()
    lang = params.get("lang", "zh") if params.get("lang") in ("zh", "en") else "zh"
    dark = params.get("dark") == "1"
    px = float(params.get("px", "4"))
    shift = float(params.get("shift", "0"))
    base = public_base(PAGE_PATHS[key])
    st.title(f"QR {key}")
    if base is None:  # no browser address (AppTest): a page shows no QR code rather than a wrong one
        return
    url = view_url(base, PAGE_PATHS[key], params)
    img = build_qr_img(url, dark=dark, px_per_module=px, alt=t("deck.qr.alt", lang))
    background, text = ("#0e1117", "#fafafa") if dark else ("#ffffff", "#31333f")
    st.html(f'<div class="qr-slide" style="background:{background};color:{text};padding:48px 48px 48px '
            f'{48 + shift}px"><div class="qr-code" style="display:inline-block;line-height:0">{img}</div>'
            f'<p style="margin:.4em 0 0;font-size:14px">{t("deck.qr.caption", lang)}</p></div>')


NAV = {k: st.Page(lambda k=k: _show(k), title=k, url_path=k, default=(k == "home")) for k in PAGE_PATHS}
st.navigation(list(NAV.values()), position="hidden").run()
