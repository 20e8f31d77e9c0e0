"""The app's address, named in every page's HTML so that a deep link goes straight to the app.

Streamlit's client looks for the app's server at the page's own address first: on a deep link such as /innovation
that is /innovation/_stcore/health, a 404, and it tries the parent address only after a fixed 100 ms wait. Every
deep link paid that (plus two errors in the browser's console). app_address.js names the parent address in
window.__streamlit, the setting Streamlit reads for hosts, before Streamlit's code runs; AppAddress, a middleware of
the app's server (streamlit_app.py), puts that script at the start of every HTML page the server sends.

Nothing else about a response changes. If the page has no <head> (a future Streamlit), the page goes out as it
came: a deep link is then 100 ms slower, nothing breaks. nginx's config does the same for the office's server
(deploy/nginx.conf), so an app started from app.py behind it gets it too.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from components.sitemap import URL_PATH

# The last part of a deep link's address: every page's but the home page's.
PAGES = sorted(url.strip("/") for url in URL_PATH.values() if url != "/")
# The script without its comment lines (they are for whoever reads app_address.js, not for every page sent).
SCRIPT = ("<script>" + "\n".join(line for line in Path(__file__).with_suffix(".js").read_text(encoding="utf-8")
                                  .splitlines() if not line.lstrip().startswith("//"))
          .replace("__PAGES__", json.dumps(PAGES)) + "</script>").encode()
HEAD = b"<head>"
# Headers of the page as Streamlit sent it that no longer hold for the edited page. Its validators go too: a browser
# revalidating with Streamlit's ETag would get a 304 and keep an edited copy whose script may be an older one's.
DROPPED = {b"content-length", b"content-encoding", b"etag", b"last-modified"}


def with_script(html: bytes) -> bytes:
    """The page with SCRIPT first in its <head>; unchanged when it has no <head>."""
    return html.replace(HEAD, HEAD + SCRIPT, 1)


class AppAddress:
    """ASGI middleware: an HTML page (status 200) gets SCRIPT; every other response passes through as it comes,
    streamed. Streamlit's gzip comes after this middleware, so a compressed page is unpacked to be edited and goes
    out uncompressed (a page is a few KB)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        held: dict = {}

        async def send_edited(message):
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if message["status"] == 200 and headers.get(b"content-type", b"").startswith(b"text/html"):
                    held["start"], held["body"] = message, []
                    return
            elif message["type"] == "http.response.body" and "start" in held:
                held["body"].append(message.get("body", b""))
                if message.get("more_body"):
                    return
                start, html = held.pop("start"), b"".join(held["body"])
                gzipped = dict(start["headers"]).get(b"content-encoding") == b"gzip"
                html = with_script(gzip.decompress(html) if gzipped else html)
                headers = [(k, v) for k, v in start["headers"] if k not in DROPPED]
                await send({**start, "headers": headers + [(b"content-length", str(len(html)).encode())]})
                await send({"type": "http.response.body", "body": html})
                return
            await send(message)

        await self.app(scope, receive, send_edited)
