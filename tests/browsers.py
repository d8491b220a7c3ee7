"""What the browser tests and the widget benchmark share: Debian's Chromium, its flags, and a
quiet static server on 127.0.0.1 with a free port."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# no sandbox (root in CI), and none of Chromium's own network traffic
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


# what GitHub Pages sends gzip-compressed to a browser that accepts it (its text types)
COMPRESSED = (".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".csv", ".ipynb", ".py")


class _Compressing(_Quiet):
    """The static server, text files gzip-compressed as GitHub Pages sends them."""

    def send_head(self):  # noqa: ANN201 (the base class's file-or-None)
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = os.path.join(path, "index.html")
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.endswith(COMPRESSED) and os.path.isfile(path)):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path, *, compress: bool = False) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` from a daemon thread; returns the server and its base URL.

    ``compress``: text files gzip-compressed, as GitHub Pages serves them.
    """
    handler = functools.partial(_Compressing if compress else _Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@contextmanager
def served(folder: Path, *, compress: bool = False) -> Iterator[str]:
    """:func:`serve` as a context: the base URL, and the server shut down on exit."""
    httpd, url = serve(folder, compress=compress)
    try:
        yield url
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def launched() -> Iterator[Any]:
    """Debian's Chromium under Playwright, headless with :data:`FLAGS`; closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def settled_without_bundle(context: Any, url: str, bundle: str, *, init_script: str,
                           timeout_ms: int) -> Any:  # fmt: skip
    """A page of ``context`` at ``url``, loaded and settled with ``js/bundles/<bundle>.js`` empty.

    Its widget stays the static figure; the test then adds the real script (``?late``), as
    instant navigation adds a page's scripts, and watches the mount with ``init_script``'s
    observer. Material's start-up and the first paints are over when this returns.
    """
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.add_init_script(init_script)
    page.route(
        f"**/js/bundles/{bundle}.js", lambda r: r.fulfill(body="", content_type="text/javascript")
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    return page
