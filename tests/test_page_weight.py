"""Page weight: what a first visit downloads, per page kind, against a budget (issue 19).

Each page kind is opened in Debian's Chromium at phone width with an empty cache, and every
response until the network is idle is counted (bytes before compression, as served). The
preset page holds the issue's target (≤ 500 KB, ≤ 20 requests); the other kinds hold their
weight since the scripts were bundled per widget kind, with a little room. No page may load
KaTeX's JavaScript (the math is typeset at build time), a static figure in the palette not
shown, or the search index before the reader turns to search (then search works). A
widget's mount must not shift the page (layout shift ≤ 0.05, the issue's CLS target).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browsers import CHROMIUM, launched, served
from tests.sites import built_site

sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
SLUG = "tonic-bursting"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not found")
WAIT_MS = 60_000  # bounds a hang on a busy machine
# page kind: (path, KB budget, request budget)
BUDGETS = {  # measured on 2026-12-02 (one-preset build), KB/requests:
    # before the bundles: preset 738/48, explorer 671/45, network 969/49, theory 900/50,
    # gallery 673/46, home 783/48, embed 124/17; with them (and the search index on demand,
    # unused stylesheets and indentation out): 482/15, 399/12, 698/16, 556/15, 308/10,
    # 439/13, 111/8 (the full site's preset page: 487/15)
    "preset": (f"presets/{SLUG}/", 500, 20),
    "explorer": ("explorer/", 420, 14),
    # 437/16 on 2026-12-06: one seed's raster on the first load, no simulation bundle
    "network": ("network/", 500, 17),
    # 644/18: the page's live nullclines cell (bundle, inline data, static figure) since then
    "theory": ("theory/phase-plane/", 660, 18),
    "gallery": ("gallery/", 330, 12),
    "home": ("", 460, 15),
    "embed": (f"embed/{SLUG}.html", 120, 9),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(built_site(tmp_path_factory, only=(SLUG,)) / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def weights(server, browser):
    found = {}
    for kind, (path, _, _) in BUDGETS.items():
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        got: list[tuple[str, int]] = []
        page.on(
            "requestfinished",
            lambda r, got=got: got.append((r.url, r.sizes()["responseBodySize"])),
        )
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        found[kind] = [(url[len(server) :], size) for url, size in got]
        context.close()
    return found


# The preset page's first paint is its static figures (issue 19: the widget mounts behind
# them). They are counted apart from the page's budget: 152 KB on 2026-12-03 (phase plane
# 126 KB, trace 26 KB, one palette); the budget above stays the page without them.
STATIC_FIGURES_KB = 160


@pytest.mark.parametrize("kind", BUDGETS)
def test_first_load_is_within_its_budget(weights, kind):
    _, kb, requests = BUDGETS[kind]
    loaded = weights[kind]
    figures = [size for url, size in loaded if kind == "preset" and url.startswith("figures/")]
    assert sum(figures) / 1024 <= STATIC_FIGURES_KB
    total = (sum(size for _, size in loaded) - sum(figures)) / 1024
    assert len(loaded) <= requests, " ".join(sorted(url for url, _ in loaded))
    assert total <= kb, sorted(loaded, key=lambda x: -x[1])[:8]


@pytest.mark.parametrize("kind", BUDGETS)
def test_no_page_loads_katex_javascript(weights, kind):
    assert [u for u, _ in weights[kind] if "katex" in u and u.endswith(".js")] == []


def test_the_preset_page_loads_its_static_figures_in_one_palette(weights):
    # its first paint shows them (the widget mounts behind them, tests/test_mount_tasks.py):
    # the trace and the phase plane, in the reader's palette only
    figures = sorted(u for u, _ in weights["preset"] if u.startswith("figures/"))
    assert len(figures) == 2, figures
    assert [u for u in figures if "dark" in u] == [], figures


def test_the_search_index_waits_for_the_reader_and_search_works(weights, browser, server):
    for kind in BUDGETS:
        assert [u for u, _ in weights[kind] if u.startswith("search/search_index")] == []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT_MS)
    page.goto(server + f"presets/{SLUG}/")
    with page.expect_response(lambda r: r.url.endswith("search/search_index.json")):
        page.keyboard.press("f")  # Material's shortcut: focus in the search box
    sync_api.expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("bursting")
    sync_api.expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=WAIT_MS)
    page.close()


SHIFTS = """() => new Promise(done => { let sum = 0;
  new PerformanceObserver(list => list.getEntries().forEach(e => {
    if (!e.hadRecentInput) { sum += e.value; } })).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(sum), 500); })"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", [f"presets/{SLUG}/", "explorer/"])
def test_a_widget_mounting_does_not_shift_the_page(browser, server, path, width):
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.set_default_timeout(WAIT_MS)
    page.goto(server + path)
    sync_api.expect(page.locator('[data-widget][data-mounted="1"]')).to_have_count(1)
    assert page.evaluate(SHIFTS) <= 0.05
    page.close()
