"""What the browser tests and the widget benchmark share: Debian's Chromium, its flags, and a
quiet static server on 127.0.0.1 with a free port."""

from __future__ import annotations

import functools
import http.server
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


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` from a daemon thread; returns the server and its base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """:func:`serve` as a context: the base URL, and the server shut down on exit."""
    httpd, url = serve(folder)
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
