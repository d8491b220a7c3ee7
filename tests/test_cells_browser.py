"""The live cells of the lesson 'Writing live cells' in a real Chromium: every view mounts
with no console error and no outside request, a control changes its plot, the keyboard moves
the controls, two linked cells move together, and a palette change keeps the state.

One one-preset site is built per module; the cells name other presets of the catalogue too
(a partial build still holds every cell).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.browsers import CHROMIUM, launched
from tests.sites import built_site
from tests.test_site_browser import WAIT_MS, open_page

sync_api = pytest.importorskip("playwright.sync_api")
ROOT = Path(__file__).resolve().parents[1]
LESSON = "lessons/live-cells/"
VIEWS = ("trace", "phase", "nullclines", "fi", "reset-map", "bifurcation")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not found")

# the pixels of every canvas of a cell (uPlot's and the cell plot's): changes when it redraws
PIXELS = """el => Array.from(el.querySelectorAll('canvas')).map(c => c.toDataURL()).join('|')"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_site(tmp_path_factory, only=("tonic-spiking",))


@pytest.fixture(scope="module")
def server(built):
    from tests.browsers import serve

    httpd, url = serve(built / "site")
    yield url
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_view_mounts_clean_and_replaces_its_static_figure(browser, server, scheme):
    page, problems = open_page(browser, server + LESSON, scheme=scheme)
    cells = page.locator('[data-widget="cell"]')
    views = [cells.nth(k).get_attribute("data-view") for k in range(cells.count())]
    assert set(VIEWS) <= set(views)
    for k in range(cells.count()):
        el = cells.nth(k)
        assert el.get_attribute("data-mounted") == "1"
        assert el.locator(".ig-notice").inner_text() == ""
        assert el.locator(".ig-cell-alt").inner_text().strip() != ""
        static = page.locator("#" + el.get_attribute("data-static"))
        assert "ig-replaced" in static.get_attribute("class")
        # every control is labelled
        for control in el.locator("input, select").all():
            ident = control.get_attribute("id")
            assert ident is None or page.locator(f'label[for="{ident}"]').count() == 1
            assert ident is not None or control.get_attribute("aria-label")
    assert page.locator(".md-content script[type='application/json']").count() == 0
    assert problems == []
    page.close()


@pytest.mark.parametrize("view", VIEWS)
def test_moving_a_control_with_the_keyboard_changes_the_plot(browser, server, view):
    page, problems = open_page(browser, server + LESSON)
    el = page.locator(f'[data-widget="cell"][data-view="{view}"]').last
    el.scroll_into_view_if_needed()
    before, draws = el.evaluate(PIXELS), int(el.get_attribute("data-draws"))
    slider = el.locator('input[type="range"]').first
    start = slider.input_value()
    slider.focus()
    for _ in range(8):
        page.keyboard.press("ArrowRight" if float(start) < float(slider.get_attribute("max"))
                            else "ArrowLeft")  # fmt: skip
    assert slider.input_value() != start
    page.wait_for_function("([el, n]) => Number(el.getAttribute('data-draws')) > n",
                           arg=[el.element_handle(), draws], timeout=WAIT_MS)  # fmt: skip
    number = el.locator('input[type="number"]').first
    assert number.input_value() == slider.input_value()
    assert el.evaluate(PIXELS) != before
    assert problems == []
    page.close()


def test_typing_an_exact_value_moves_the_slider_and_clamps(browser, server):
    page, problems = open_page(browser, server + LESSON)
    el = page.locator('[data-widget="cell"][data-view="nullclines"]')
    number = el.locator('input[type="number"][data-key="amp"]')
    number.fill("1000000")
    number.press("Enter")
    slider = el.locator('input[type="range"][data-key="amp"]')
    assert number.input_value() == slider.get_attribute("max") == slider.input_value()
    expect = sync_api.expect
    expect(el.locator(".ig-cell-alt")).to_contain_text("no fixed point")
    assert problems == []
    page.close()


def test_linked_cells_move_together_and_keep_the_state_across_a_palette_change(browser, server):
    page, problems = open_page(browser, server + LESSON)
    trace = page.locator('[data-widget="cell"][data-link="rs"][data-view="trace"]')
    phase = page.locator('[data-widget="cell"][data-link="rs"][data-view="phase"]')
    spikes = trace.get_attribute("data-spikes"), phase.get_attribute("data-spikes")
    assert spikes[0] == spikes[1]
    alone = page.locator('[data-widget="cell"][data-view="trace"]:not([data-link])').first
    alone_state = alone.get_attribute("data-draws"), alone.get_attribute("data-spikes")
    pixels = phase.evaluate(PIXELS)
    counts = [int(cell.get_attribute("data-draws")) for cell in (trace, phase)]
    d = trace.locator('input[type="number"][data-key="d"]')
    d.fill("2")
    d.press("Enter")
    expect = sync_api.expect
    expect(phase.locator('input[type="number"][data-key="d"]')).to_have_value("2")
    expect(phase.locator('input[type="range"][data-key="d"]')).to_have_value("2")
    # the controls follow at once; the redraw waits for the next animation frame
    page.wait_for_function(
        "([a, b, n, m]) => Number(a.getAttribute('data-draws')) > n"
        " && Number(b.getAttribute('data-draws')) > m",
        arg=[trace.element_handle(), phase.element_handle(), *counts],
    )
    assert trace.get_attribute("data-spikes") == phase.get_attribute("data-spikes") != spikes[0]
    assert phase.evaluate(PIXELS) != pixels
    # a cell without the link keeps its own state
    assert (alone.get_attribute("data-draws"), alone.get_attribute("data-spikes")) == alone_state
    moved = trace.get_attribute("data-spikes")
    # the other way round, from the phase plane's own amplitude slider
    amp = phase.locator('input[type="number"][data-key="amp"]')
    amp.fill("20")
    amp.press("Enter")
    page.wait_for_function(
        "([a, b, moved]) => a.getAttribute('data-spikes') !== moved"
        " && a.getAttribute('data-spikes') === b.getAttribute('data-spikes')",
        arg=[trace.element_handle(), phase.element_handle(), moved],
    )
    draws = int(phase.get_attribute("data-draws"))
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.wait_for_function(
        "([el, n]) => el.getAttribute('data-draws') === '1'", arg=[phase.element_handle(), draws]
    )  # fmt: skip (re-mounted)
    expect(phase.locator('input[type="number"][data-key="d"]')).to_have_value("2")
    expect(phase.locator('input[type="number"][data-key="amp"]')).to_have_value("20")
    expect(trace.locator('input[type="number"][data-key="d"]')).to_have_value("2")
    assert trace.get_attribute("data-spikes") == phase.get_attribute("data-spikes")
    assert problems == []
    page.close()


def test_cells_mount_after_instant_navigation(browser, server, built):
    from tests.test_navigation import sitemap

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    body = sitemap(built / "site", server)  # instant navigation needs one (no site_url here)
    context.route("**/sitemap.xml", lambda r: r.fulfill(body=body, content_type="application/xml"))
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"exception: {e}"))
    page.goto(server + "theory/excitability/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.igSamePage = true")  # survives only an instant (in-page) navigation

    def late(route):
        # instant navigation loads the bundles as async scripts: the cell bundle runs first,
        # before the atlas view its atlas cell needs (the race this test once lost by chance)
        time.sleep(0.5)
        route.continue_()

    context.route("**/js/bundles/atlas.js", late)
    page.locator(".md-tabs a", has_text="Lessons").click()
    page.wait_for_url("**/" + LESSON)
    page.wait_for_function(
        "document.querySelectorAll('[data-widget=cell]').length > 0 && document"
        ".querySelectorAll('[data-widget=cell]:not([data-mounted=\"1\"])').length === 0"
    )
    assert page.evaluate("window.igSamePage === true")
    assert problems == []
    context.close()


# records every label a cell plot draws, with the class of its canvas
RECORD_LABELS = """
window.__labels = [];
const fillText = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, x, y, width) {
  window.__labels.push([this.canvas.className, String(text)]);
  return fillText.apply(this, arguments);
};
"""


def test_cell_plot_ticks_write_the_typographic_minus(browser, server):
    """Negative tick labels of the cell plots read −60, never the hyphen-minus -60."""
    from tests.test_site_browser import settle

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(RECORD_LABELS)
    page.goto(server + LESSON)
    settle(page)
    cell = page.locator('[data-widget="cell"][data-view="nullclines"]').first
    cell.scroll_into_view_if_needed()
    page.wait_for_function("el => el.getAttribute('data-mounted') === '1'",
                           arg=cell.element_handle(), timeout=WAIT_MS)  # fmt: skip
    labels = [text for klass, text in page.evaluate("window.__labels")
              if "ig-cell-canvas" in klass]  # fmt: skip
    assert any(text.startswith("\u2212") and text[1:2].isdigit() for text in labels), labels
    assert not [text for text in labels if text[:1] == "-"], labels
    page.close()
