"""The atlas cell of the lesson 'Writing live cells' in a real Chromium: it mounts the atlas
widget in light and dark with no console error, its static first paint is the atlas page's
figure, a click loads the point into the trace beside the map, and moving the current
recomputes the map in the worker, to the cell's resolution.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gallery.analysis.atlas import PLANE_AXES
from gallery.pipeline import BuildConfig, run
from tests.browsers import CHROMIUM
from tests.test_site_browser import open_page

sync_api = pytest.importorskip("playwright.sync_api")
ROOT = Path(__file__).resolve().parents[1]
LESSON = "lessons/live-cells/"
CELL = '[data-widget="cell"][data-view="atlas"]'
WAIT_MS = 120_000  # bounds a hang on a busy machine; every wait is on a condition
PIXELS = """el => Array.from(el.querySelectorAll('canvas')).map(c => c.toDataURL()).join('|')"""
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not found")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    run(BuildConfig(root=ROOT, out_dir=out, jobs=2, only=("tonic-spiking",)))
    return out


@pytest.fixture(scope="module")
def server(built):
    from tests.browsers import serve

    httpd, url = serve(built / "site")
    yield url
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from tests.browsers import FLAGS

    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def _cell(page):
    el = page.locator(CELL)
    page.wait_for_selector(CELL + " .ig-atlas[data-ready='1']", timeout=WAIT_MS)
    el.scroll_into_view_if_needed()
    return el, el.locator(".ig-atlas")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_atlas_cell_mounts_over_the_atlas_pages_figure(browser, server, scheme):
    page, problems = open_page(browser, server + LESSON, scheme=scheme)
    el, widget = _cell(page)
    assert el.get_attribute("data-mounted") == "1"
    static = page.locator("#" + el.get_attribute("data-static"))
    assert "ig-replaced" in static.get_attribute("class")
    sources = [img.evaluate("i => i.src") for img in static.locator("img").all()]
    assert [s.rsplit("/", 3)[1:] for s in sources] == [
        ["figures", "atlas", "cd.svg#light"],
        ["figures", "atlas", "cd.svg#dark"],
    ]
    # the point loaded first is the preset's own, ch-2003's (c, d)
    loaded = json.loads(widget.get_attribute("data-point"))
    assert {k: loaded[k] for k in "abcd"} == pytest.approx(
        {"a": 0.02, "b": 0.2, "c": -50.0, "d": 2.0}, abs=0.1
    )
    assert widget.locator("input[type=range]").count() == 0  # the cell's controls only
    assert el.locator(".ig-cell-alt").inner_text().startswith("Class map of the (c, d) plane")
    assert problems == []
    page.close()


def test_the_static_first_paint_is_the_map_in_each_theme(browser, server, tmp_path):
    """With no widget script, the figure of the reader's palette shows (and the other hides);
    the screenshots at 390 px are kept in the test's folder for a look."""
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme, viewport={"width": 390, "height": 900})
        page.route("**/js/bundles/*.js", lambda route: route.abort())  # nothing mounts
        page.goto(server + LESSON)
        figure = page.locator("#" + page.locator(CELL).get_attribute("data-static"))
        figure.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=figure.locator(f".ig-{scheme}").element_handle())  # fmt: skip
        shown = [img.evaluate("i => i.src") for img in figure.locator("img").all()
                 if img.is_visible()]  # fmt: skip
        assert [s.rsplit("/", 1)[1] for s in shown] == [f"cd.svg#{scheme}"]
        figure.screenshot(path=tmp_path / f"atlas-cell-static-{scheme}.png")
        page.close()


def test_a_click_loads_the_point_into_the_trace(browser, server):
    page, problems = open_page(browser, server + LESSON)
    el, widget = _cell(page)
    trace = widget.locator("canvas.ig-atlas-trace")
    before = trace.evaluate("c => c.toDataURL()")
    canvas = widget.locator("canvas.ig-atlas-map")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    # (c, d) = (-65, 8), the paper's RS point, far from the CH point loaded first
    _, (c_lo, c_hi), _, (d_lo, d_hi), _ = PLANE_AXES["cd"]
    fx, fy = (-65 - c_lo) / (c_hi - c_lo), (8 - d_lo) / (d_hi - d_lo)
    page.mouse.click(box["x"] + fx * box["width"], box["y"] + (1 - fy) * box["height"])
    loaded = json.loads(widget.get_attribute("data-point"))
    assert (loaded["c"], loaded["d"]) == pytest.approx((-65, 8), abs=0.2)
    assert trace.evaluate("c => c.toDataURL()") != before
    assert widget.locator(".ig-atlas-readout").inner_text().startswith("Loaded: c = ")
    assert problems == []
    page.close()


def test_moving_the_current_recomputes_the_map_in_the_worker(browser, server):
    page, problems = open_page(browser, server + LESSON)
    el, widget = _cell(page)
    before, pixels = widget.get_attribute("data-signature"), el.evaluate(PIXELS)
    number = el.locator('input[type="number"][data-key="amp"]')
    number.fill("3")
    number.press("Enter")
    page.wait_for_function(
        "el => el.getAttribute('data-status') === 'done' && el.getAttribute('data-amp') === '3'",
        arg=widget.element_handle(), timeout=WAIT_MS,
    )  # fmt: skip
    assert widget.get_attribute("data-resolution") == "256"
    after = widget.get_attribute("data-signature")
    assert after != before
    assert sum(json.loads(after).values()) == 256 * 256
    assert el.evaluate(PIXELS) != pixels
    assert "at I = 3 with a = 0.02 and b = 0.2" in el.locator(".ig-cell-alt").inner_text()
    assert problems == []
    page.close()
