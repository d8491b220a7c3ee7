"""Page weight: what a first visit downloads, per page kind, against a budget (issue 19).

Each page kind is opened in Debian's Chromium at phone width with an empty cache, and every
response until the network is idle is counted (bytes before compression, as served). The
budgets hold today's weight with a little room, so that a regression fails here; they are not
yet the issue's targets (a preset page ≤ 500 KB and ≤ 20 requests), which need the figures
themed by CSS and the site's scripts bundled. No page may load KaTeX's JavaScript (the math is
typeset at build time) or the static figures a live widget replaces.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browsers import CHROMIUM, FLAGS, serve
from tests.sites import built_site

sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
SLUG = "tonic-bursting"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not found")
WAIT_MS = 60_000  # bounds a hang on a busy machine
# page kind: (path, KB budget, request budget)
BUDGETS = {  # measured on 2026-12-02 (one-preset build, with the live cells' ten scripts):
    # 662 KB/44, 597/41, 895/45, 816/46, 599/42, 709/44, 124/17; then the atlas' three
    # scripts on every page added requests and KB: preset 738/48, explorer 671/45, theory
    # 900/50, gallery 673/46, home 783/48 (a bundle of our scripts, loaded per page, is the fix)
    "preset": (f"presets/{SLUG}/", 750, 48),
    "explorer": ("explorer/", 680, 45),
    "network": ("network/", 980, 49),
    "theory": ("theory/phase-plane/", 910, 50),
    "gallery": ("gallery/", 680, 46),
    "home": ("", 790, 48),
    "embed": (f"embed/{SLUG}.html", 150, 19),
}


@pytest.fixture(scope="module")
def weights(tmp_path_factory):
    out = built_site(tmp_path_factory, only=(SLUG,))
    httpd, server = serve(out / "site")
    found = {}
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
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
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return found


@pytest.mark.parametrize("kind", BUDGETS)
def test_first_load_is_within_its_budget(weights, kind):
    _, kb, requests = BUDGETS[kind]
    loaded = weights[kind]
    total = sum(size for _, size in loaded) / 1024
    assert len(loaded) <= requests, sorted(url for url, _ in loaded)
    assert total <= kb, sorted(loaded, key=lambda x: -x[1])[:8]


@pytest.mark.parametrize("kind", BUDGETS)
def test_no_page_loads_katex_javascript(weights, kind):
    assert [u for u, _ in weights[kind] if "katex" in u and u.endswith(".js")] == []


def test_the_preset_page_loads_no_static_figure(weights):
    assert [u for u, _ in weights["preset"] if u.startswith("figures/")] == []
