"""The broken items of issue 19, in real Chromium, on a small build published under a sub-path.

The site is built with ``--site-url https://x.github.io/course/`` and served under ``/course/``
by a server that answers a missing page with ``404.html`` (as GitHub Pages does): the 404 page
must load every asset from there. On a preset page the canvases are named images whose labels
carry the run's numbers, the readout speaks, the keyboard steps through the run, the hidden
static figures are never fetched yet print, and the Spikes table prints all its columns. The
phase-plane page's display equations fit a desktop column and scroll by keyboard when a phone
is too narrow; each theory figure downloads one palette's variant only.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browsers import CHROMIUM, launched
from tests.sites import built_site

sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
SLUG = "tonic-bursting"
BASE = "/course/"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not found")
WAIT_MS = 60_000  # bounds a hang on a busy machine; every wait is on a condition
SETTLED = """() => document.readyState === "complete"
  && document.querySelectorAll(".arithmatex:not([data-katex])").length === 0
  && document.querySelectorAll('[data-widget]:not([data-mounted="1"])').length === 0"""


class _SubPath(http.server.SimpleHTTPRequestHandler):
    """The site under /course/; anything missing is answered with 404.html, status 404."""

    def log_message(self, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        inner = path.split("?", 1)[0].split("#", 1)[0]
        if not inner.startswith(BASE):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + path[len(BASE) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site_url = "https://x.github.io/course/"
    out = built_site(tmp_path_factory, only=(SLUG,), site_url=site_url)
    handler = functools.partial(_SubPath, directory=str(out / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{BASE}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


@pytest.fixture
def open_page(browser, server):
    """Open a page; returns it, the problems it reported and the URLs it requested."""
    contexts = []

    def opener(path, *, width=1280, scheme="light", settle=True):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        problems: list[str] = []
        requested: list[str] = []
        page.on("pageerror", lambda e: problems.append(f"exception: {e}"))
        page.on("request", lambda r: requested.append(r.url))

        def failed(response):
            if response.status >= 400 and response.request.resource_type != "document":
                problems.append(f"{response.status} {response.url}")

        page.on("response", failed)
        page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        if settle:
            page.wait_for_function(SETTLED)
        return page, problems, requested

    yield opener
    for context in contexts:
        context.close()


def test_404_page_loads_its_assets_under_the_sub_path(open_page, server):
    page, problems, requested = open_page("no/such/page/", settle=False)
    assert problems == []
    local = [u for u in requested if u.startswith(server.split(BASE)[0])]
    assert len(local) > 10  # styles, scripts, the favicon, the search index
    assert all(BASE in u for u in local), [u for u in local if BASE not in u]
    # Material's stylesheet applied: the header is fixed/sticky, not a plain block
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
        "sticky",
        "fixed",
    )
    home = page.locator(".md-header__button.md-logo").get_attribute("href")
    assert urlsplit(home).path.startswith(BASE)


def test_preset_canvases_are_named_images_with_the_runs_numbers(open_page):
    page, problems, _ = open_page(f"presets/{SLUG}/")
    widget = page.locator("[data-widget=preset]")
    canvases = widget.locator(".ig-trace canvas[role=img]")
    assert canvases.count() == 3
    labels = [canvases.nth(k).get_attribute("aria-label") for k in range(3)]
    spikes = widget.get_attribute("data-spikes")
    assert labels[0].startswith("Membrane potential v (mV) of Tonic bursting")
    assert f" {spikes} spikes" in labels[0]
    assert labels[1].startswith("Recovery variable u of Tonic bursting")
    assert labels[2].startswith("Input current I of Tonic bursting")
    phase = widget.locator("canvas.ig-phase")
    assert phase.get_attribute("role") == "img"
    label = phase.get_attribute("aria-label")
    assert label.startswith("Phase plane of Tonic bursting")
    assert f"its {spikes} reset jumps" in label
    assert "fixed points at I = " in label
    assert problems == []


def test_keyboard_steps_through_the_run_and_the_readout_speaks(open_page):
    page, problems, _ = open_page(f"presets/{SLUG}/")
    readout = page.locator(".ig-readout")
    assert readout.get_attribute("aria-live") == "polite"
    phase = page.locator("canvas.ig-phase")
    phase.focus()
    page.keyboard.press("End")
    sync_api.expect(readout).to_contain_text("t = 220 ms")
    page.keyboard.press("Home")
    sync_api.expect(readout).to_contain_text("t = 0 ms")
    page.keyboard.press("ArrowRight")
    assert "t = 0 ms" not in readout.text_content()
    trace = page.locator(".ig-trace canvas[tabindex='0']")
    assert trace.count() == 1
    trace.focus()
    page.keyboard.press("End")
    sync_api.expect(readout).to_contain_text("t = 220 ms")
    assert problems == []


def test_static_figures_are_fetched_once_and_print_and_keep_their_captions(open_page):
    """The static trace and phase plane are the widget's first paint (issue 19), so they are
    fetched, but each once for both palettes (one themed file), and nothing else of them."""
    page, problems, requested = open_page(f"presets/{SLUG}/")
    figures = [u.split("#")[0] for u in requested if "/figures/" in u]
    assert len(figures) == len(set(figures)) <= 2, figures
    still = page.locator(f"#ig-static-{SLUG}")
    assert "ig-replaced" in still.get_attribute("class")
    # visually hidden, not display: none: the captions stay in the accessibility tree
    assert page.evaluate(f"getComputedStyle(document.getElementById('ig-static-{SLUG}')).display")
    assert still.locator("figcaption").first.evaluate("e => getComputedStyle(e).display") != "none"
    page.emulate_media(media="print")
    img = still.locator("img.ig-light").first
    assert img.evaluate("e => getComputedStyle(e).display") != "none"
    assert page.locator("[data-widget=preset]").evaluate("e => getComputedStyle(e).display") == (
        "none"
    )
    assert problems == []


def test_spikes_table_prints_all_seven_columns(open_page):
    page, _, _ = open_page(f"presets/{SLUG}/")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 700, "height": 1000})  # about an A4 page's text width
    header = page.locator("h2#spikes ~ div table").first.locator("th")
    assert header.count() == 7
    box = page.locator("h2#spikes ~ div table").first.evaluate(
        "t => { const c = t.closest('.md-content').getBoundingClientRect();"
        " return [...t.querySelectorAll('th')].map(h => h.getBoundingClientRect().right"
        " <= c.right + 0.5); }"
    )
    assert all(box), box


@pytest.mark.parametrize("width", [1280, 390])
def test_phase_plane_equations_fit_or_scroll_by_keyboard(open_page, width):
    page, problems, _ = open_page("theory/phase-plane/", width=width)
    rows = page.evaluate(
        "() => [...document.querySelectorAll('div.arithmatex')].map(d =>"
        " [d.scrollWidth > d.clientWidth + 1, d.getAttribute('tabindex')])"
    )
    assert rows
    overflowing = [r for r in rows if r[0]]
    if width == 1280:
        assert overflowing == []
    assert all(r[1] == "0" for r in overflowing), rows
    assert len(overflowing) <= 1  # the Jacobian at phone width; it scrolls
    assert problems == []


# One file per figure draws both palettes: on a first visit in a dark system theme, Material
# resolves its automatic palette after the first layout, which may already have asked for the
# light image in view; it is the same file, so each figure is still fetched once.
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_theory_figure_downloads_once(open_page, scheme):
    page, _, requested = open_page("theory/phase-plane/", scheme=scheme)
    page.mouse.wheel(0, 20000)  # bring every lazy figure into view
    page.wait_for_load_state("networkidle")
    figures = [u.rsplit("/", 1)[1].split("#")[0] for u in requested if "/figures/" in u]
    assert figures
    assert len(figures) == len(set(figures)), figures
    assert all(f.endswith(".svg") and "-light" not in f and "-dark" not in f for f in figures)
