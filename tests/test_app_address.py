"""components/app_address.py without a server: which responses get the script that names the app's address, and
that every other response passes through untouched, streamed as it came. The script's effect in a browser (no probe
of a deep link's own address) is checked in tests/test_browser_shell.py."""

from __future__ import annotations

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import ROOT

from components.app_address import PAGES, SCRIPT, AppAddress, with_script

HTML = b"<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>"


def serve(messages: list[dict], scope: dict | None = None) -> list[dict]:
    """What the middleware sends when the app behind it sends `messages`."""
    async def app(scope, receive, send):
        for m in messages:
            await send(m)

    sent: list[dict] = []

    async def send(m):
        sent.append(m)

    async def receive():
        return {"type": "http.request", "body": b""}

    # In a thread of its own: a worker that ran a browser test has playwright's event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, AppAddress(app)(scope or {"type": "http", "method": "GET", "path": "/city"},
                                                  receive, send)).result()
    return sent


def start(ctype: bytes, status: int = 200, *extra) -> dict:
    return {"type": "http.response.start", "status": status,
            "headers": [(b"content-type", ctype), (b"etag", b'"abc"'), (b"cache-control", b"no-cache"), *extra]}


def body(data: bytes, more: bool = False) -> dict:
    return {"type": "http.response.body", "body": data, "more_body": more}


def test_the_script_knows_every_page_and_carries_no_comments():
    # Streamlit's addresses for the pages/ folder's pages: the file names.
    assert PAGES == sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
    text = SCRIPT.decode()
    assert text.startswith("<script>") and text.endswith("</script>")
    for page in PAGES:
        assert f'"{page}"' in text
    assert "__PAGES__" not in text and "//" not in text.replace("\\/", "")


@pytest.mark.parametrize("chunks", [[HTML], [HTML[:20], HTML[20:]]], ids=["one piece", "two pieces"])
def test_a_page_gets_the_script_first_in_its_head(chunks):
    sent = serve([start(b"text/html; charset=utf-8", 200, (b"content-length", b"77")),
                  *[body(c, more=i < len(chunks) - 1) for i, c in enumerate(chunks)]])
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    html = sent[1]["body"]
    assert html.startswith(b"<!doctype html><html><head>" + SCRIPT + b"<meta")
    headers = dict(sent[0]["headers"])
    assert headers[b"content-length"] == str(len(html)).encode()
    # Streamlit's validators described the page before the edit: gone; other headers kept.
    assert b"etag" not in headers and headers[b"cache-control"] == b"no-cache"


def test_a_compressed_page_is_unpacked_edited_and_sent_plain():
    sent = serve([start(b"text/html", 200, (b"content-encoding", b"gzip")), body(gzip.compress(HTML))])
    assert sent[1]["body"] == with_script(HTML)
    assert b"content-encoding" not in dict(sent[0]["headers"])


@pytest.mark.parametrize("messages", [
    [start(b"application/javascript"), body(b"var a;", more=True), body(b"var b;")],
    [start(b"text/html", 404), body(b"<html><head></head>not here</html>")],
    [start(b"text/plain"), body(b"ok")],
], ids=["script, streamed", "not found", "health"])
def test_every_other_response_passes_as_it_came(messages):
    assert serve(messages) == messages


def test_other_methods_and_the_websocket_pass_untouched():
    page = [start(b"text/html"), body(HTML)]
    assert serve(page, {"type": "http", "method": "HEAD", "path": "/"}) == page
    assert serve(page, {"type": "websocket", "path": "/_stcore/stream"}) == page


def test_a_page_without_a_head_goes_out_unchanged():
    sent = serve([start(b"text/html"), body(b"<html><body>x</body></html>")])
    assert sent[1]["body"] == b"<html><body>x</body></html>"
