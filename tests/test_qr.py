"""The QR code of the current view (components/qr.py): its address logic, and decoding it from real screenshots."""

from __future__ import annotations

import base64
import io

import pytest
from conftest import ROOT, Watched, wait_idle

from components.i18n import t
from components.qr import (
    MIN_PX_PER_MODULE,
    PUBLIC_URL_ENV,
    QR_PX_PER_MODULE,
    build_qr_img,
    build_qr_svg,
    read_public_base,
    view_url,
)

# One worker holds this module's own server(s) (make test runs --dist loadgroup).
pytestmark = pytest.mark.xdist_group("qr_demo")

APP = "tests/apps/qr_demo.py"
PRESENTER = "present=1&slide=12&play=20&theme=dark"  # all of it must stay out of the phone's address


# ----------------------------------------------------------------------------------------------
# The address


def test_view_url_keeps_language_and_focus_and_drops_presenter_settings():
    params = {"lang": "en", "present": "1", "slide": "4", "play": "20", "theme": "dark", "focus": "bridge",
              "embed_options": "dark_theme", "utm_source": "x"}
    assert view_url("https://h.org", "/city", params) == "https://h.org/city?lang=en&focus=bridge"
    assert view_url("https://h.org/", "/", {"lang": "zh", "present": "1"}) == "https://h.org/?lang=zh"
    assert view_url("https://h.org/zhenhai", "city", {"lang": "zh"}) == "https://h.org/zhenhai/city?lang=zh"
    assert view_url("https://h.org/zhenhai/", "/", {}) == "https://h.org/zhenhai/"
    assert view_url("http://h:8501", "/city", {"focus": "", "lang": "en"}) == "http://h:8501/city?lang=en"
    # Values are URL-encoded, whatever a link carried.
    assert view_url("http://h", "/", {"lang": "a&b=c"}) == "http://h/?lang=a%26b%3Dc"


@pytest.mark.parametrize(
    ("context_url", "page_path", "base_url_path", "expected"),
    [
        ("http://localhost:8501/city", "/city", "", "http://localhost:8501"),
        ("http://localhost:8501", "/", "", "http://localhost:8501"),
        ("http://localhost:8501/", "/", "", "http://localhost:8501"),
        # Behind a proxy at a sub-path: the page's path comes off the end, the prefix stays.
        ("https://gov.example.cn/zhenhai/city", "/city", "zhenhai", "https://gov.example.cn/zhenhai"),
        ("https://gov.example.cn/zhenhai/", "/", "zhenhai", "https://gov.example.cn/zhenhai"),
        ("https://gov.example.cn/zhenhai", "/", "zhenhai", "https://gov.example.cn/zhenhai"),
        # A proxy that adds a prefix Streamlit was not told about still works: the browser's address wins.
        ("https://gov.example.cn/apps/zhenhai/investment", "/investment", "zhenhai",
         "https://gov.example.cn/apps/zhenhai"),
        # A page called like the base path is only cut once.
        ("https://h.org/city/city", "/city", "city", "https://h.org/city"),
        # Without the page's path, the configured base path is the root.
        ("https://gov.example.cn/zhenhai/city", None, "/zhenhai/", "https://gov.example.cn/zhenhai"),
        ("https://gov.example.cn/city", None, "", "https://gov.example.cn"),
    ],
)
def test_public_base_from_the_browser_address(context_url, page_path, base_url_path, expected):
    assert read_public_base(context_url, page_path, base_url_path) == expected


def test_public_base_override_and_its_errors():
    env = "https://dash.example.org/zhenhai/"
    assert read_public_base("http://localhost:8501/city", "/city", "", env) == "https://dash.example.org/zhenhai"
    assert read_public_base(None, "/", "", "http://10.0.0.5:8501?x=1#y") == "http://10.0.0.5:8501"
    assert read_public_base("http://localhost:8501", "/", "", "  ") == "http://localhost:8501"  # blank = unset
    for bad in ("dash.example.org", "ftp://dash.example.org", "https://"):
        with pytest.raises(ValueError, match=PUBLIC_URL_ENV):
            read_public_base("http://localhost:8501", "/", "", bad)
    assert read_public_base(None, "/") is None  # no browser (AppTest): no QR code rather than a wrong one


# ----------------------------------------------------------------------------------------------
# The drawing


def test_svg_size_colours_and_name():
    url = "http://127.0.0.1:8501/city?lang=en&focus=bridge"
    light = build_qr_svg(url, label='QR "code" <x>')
    modules = int(light.split('data-qr-modules="')[1].split('"')[0])
    assert f'width="{(modules + 8) * QR_PX_PER_MODULE}"' in light  # quiet zone of 4 modules each side
    assert 'role="img"' in light and 'aria-label="QR &quot;code&quot; &lt;x&gt;"' in light
    assert 'stroke="#000"' in light and 'fill="#fff"' in light
    dark = build_qr_svg(url, dark=True, px_per_module=2)
    assert f'width="{(modules + 8) * 2}"' in dark and 'stroke="#0e1117"' in dark and 'fill="#fff"' in dark
    with pytest.raises(ValueError):
        build_qr_svg("")


def test_img_carries_the_svg_and_an_escaped_alt():
    img = build_qr_img("http://h/?lang=zh", alt='扫码 "x" <y>')
    data = img.split("base64,")[1].split('"')[0]
    svg = base64.b64decode(data).decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert 'alt="扫码 &quot;x&quot; &lt;y&gt;"' in img and "<y>" not in img


def test_no_browser_address_means_no_code():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / APP), default_timeout=30).run()  # AppTest has no st.context.url
    assert not at.exception and at.title[0].value == "QR home" and not at.get("html")


# ----------------------------------------------------------------------------------------------
# Real screenshots


def _decode(page, blur: float = 0.0) -> list[str]:
    import zxingcpp
    from PIL import Image, ImageFilter

    page.wait_for_function("() => { const i = document.querySelector('.qr-code img'); return i && i.complete"
                           " && i.naturalWidth > 0; }")
    shot = Image.open(io.BytesIO(page.screenshot()))
    if blur:
        shot = shot.filter(ImageFilter.GaussianBlur(blur))
    return [r.text for r in zxingcpp.read_barcodes(shot)]


@pytest.fixture
def qr_server(servers):
    return servers(script=APP)


@pytest.mark.browser
@pytest.mark.parametrize("dark", ["0", "1"], ids=["light", "dark"])
@pytest.mark.parametrize(("path", "query", "expected"), [
    ("/", "lang=zh", "/?lang=zh"),
    ("/city", "lang=en&focus=bridge", "/city?lang=en&focus=bridge"),
])
def test_qr_decodes_to_the_normal_view_at_1920(qr_server, browser, dark, path, query, expected):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        w = Watched(ctx.new_page(), probe_404=True)  # qr_demo: a test app
        page = w.open(qr_server.url, f"{path}?{query}&{PRESENTER}&dark={dark}")
        assert _decode(page) == [qr_server.url + expected]
        caption = t("deck.qr.caption", "en" if "lang=en" in query else "zh")
        assert page.get_by_text(caption).count() == 1
        assert page.locator(".qr-code img").get_attribute("alt") == t("deck.qr.alt", "en" if "lang=en" in query else "zh")
        assert w.errors == []
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("dark", ["0", "1"], ids=["light", "dark"])
def test_smallest_reliable_size_decodes_at_1366_even_softened(qr_server, browser, dark):
    """At MIN_PX_PER_MODULE a 1366x768 screenshot decodes at four sub-pixel positions, also when blurred a
    little (a stand-in for a phone camera's softness)."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = ctx.new_page()
        for shift in ("0", "0.3", "0.5", "0.7"):
            page.goto(f"{qr_server.url}/city?lang=zh&focus=north_bank&{PRESENTER}&dark={dark}"
                      f"&px={MIN_PX_PER_MODULE}&shift={shift}")
            wait_idle(page)
            expected = [qr_server.url + "/city?lang=zh&focus=north_bank"]
            assert _decode(page) == expected, shift
            assert _decode(page, blur=0.8) == expected, shift
    finally:
        ctx.close()


@pytest.mark.browser
def test_public_url_override_goes_into_the_code(servers, browser):
    server = servers(script=APP, env={PUBLIC_URL_ENV: "https://dash.example.org/zhenhai/"})
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = Watched(ctx.new_page()).open(server.url, f"/city?lang=en&focus=xiepu&{PRESENTER}&dark=1")
        assert _decode(page) == ["https://dash.example.org/zhenhai/city?lang=en&focus=xiepu"]
    finally:
        ctx.close()


@pytest.mark.browser
def test_qr_behind_a_base_path(servers, browser):
    server = servers(script=APP, base_path="zhenhai")  # conftest's Server polls <base>/_stcore/health
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = ctx.new_page()
        for path, expected in (("/city?lang=en&focus=line2", "/city?lang=en&focus=line2"), ("/?lang=zh", "/?lang=zh")):
            page.goto(f"{server.url}{path}&{PRESENTER}")
            page.wait_for_selector("h1")
            wait_idle(page)
            assert _decode(page) == [server.url + expected]
    finally:
        ctx.close()
