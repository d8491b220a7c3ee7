"""The atlas page in a real Chromium: hover, click, recompute in the worker, from file:// too.

One one-preset site is built per module (the atlas section is built whatever --only says).
Every page is watched for console errors and uncaught exceptions.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gallery.analysis.atlas import CLASSES, LABELLED, PLANE_AXES
from tests.browsers import CHROMIUM, launched, serve
from tests.sites import built_site

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not found")
ROOT = Path(__file__).resolve().parents[1]
WAIT_MS = 120_000  # bounds a hang on a busy machine; every wait is on a condition
DONE = """(plane) => document.querySelector(`[data-payload="ig-atlas-${plane}"]`)
  .getAttribute("data-status") === "done" """


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_site(tmp_path_factory, only=("tonic-spiking",)) / "site"


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


def open_atlas(browser, url, scheme="light"):
    page = browser.new_page(color_scheme=scheme, viewport={"width": 1280, "height": 1000})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"exception: {e}"))
    page.set_default_timeout(WAIT_MS)
    page.goto(url)
    page.wait_for_selector('[data-widget="atlas"][data-ready="1"] >> nth=1')
    return page, problems


def point_on(page, plane, name):
    """Viewport coordinates of a labelled point on the plane's live map."""
    x_name, x_range, y_name, y_range, _ = PLANE_AXES[plane]
    x, y = LABELLED[plane][name]
    canvas = page.locator(f'[data-payload="ig-atlas-{plane}"] canvas.ig-atlas-map')
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    fx = (x - x_range[0]) / (x_range[1] - x_range[0])
    fy = (y - y_range[0]) / (y_range[1] - y_range[0])
    return box["x"] + fx * box["width"], box["y"] + (1 - fy) * box["height"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_hover_and_click_load_a_labelled_point(browser, built, scheme):
    with serve_site(built) as url:
        page, problems = open_atlas(browser, url + "atlas/", scheme)
        for plane, points in LABELLED.items():
            widget = page.locator(f'[data-payload="ig-atlas-{plane}"]')
            for name in points:
                x, y = point_on(page, plane, name)
                page.mouse.move(x, y)
                assert widget.get_attribute("data-hover-class") == name
                assert name in widget.locator(".ig-atlas-readout").inner_text()
                page.mouse.click(x, y)
                loaded = json.loads(widget.get_attribute("data-point"))
                x_name, _, y_name, _, fixed = PLANE_AXES[plane]
                assert loaded[x_name] == pytest.approx(points[name][0], abs=0.6)
                assert {k: loaded[k] for k in fixed} == fixed
        # the live map replaced it: its images are not shown (nor fetched), its caption stays
        # for screen readers and print
        still = page.locator("#ig-static-atlas-ab")
        assert "ig-replaced" in still.get_attribute("class")
        assert all(img.is_hidden() for img in still.locator("img").all())
        assert problems == []
        page.close()


def test_current_change_recomputes_in_the_worker(browser, built):
    with serve_site(built) as url:
        page, problems = open_atlas(browser, url + "atlas/")
        widget = page.locator('[data-payload="ig-atlas-cd"]')
        before = widget.get_attribute("data-signature")
        slider = widget.locator("input[type=range]")
        slider.fill("3")
        slider.dispatch_event("change")
        assert widget.get_attribute("data-resolution") in ("64", "128", "256")
        page.wait_for_function(DONE, arg="cd")
        assert widget.get_attribute("data-resolution") == "256"
        assert widget.get_attribute("data-amp") == "3"
        after = widget.get_attribute("data-signature")
        assert after != before
        assert sum(json.loads(after).values()) == 256 * 256
        assert problems == []
        page.close()


def test_recompute_works_from_file_urls(browser, built):
    page, problems = open_atlas(browser, (built / "atlas" / "index.html").as_uri())
    widget = page.locator('[data-payload="ig-atlas-ab"]')
    before = widget.get_attribute("data-signature")
    widget.locator("input[type=range]").fill("20")
    widget.locator("input[type=range]").dispatch_event("change")
    page.wait_for_function(DONE, arg="ab")
    assert widget.get_attribute("data-signature") != before
    assert set(json.loads(widget.get_attribute("data-signature"))) <= {
        str(i) for i in range(len(CLASSES))
    }
    assert problems == []
    page.close()


class serve_site:  # noqa: N801 - used as a context manager, like open()
    def __init__(self, folder):
        self.folder = folder

    def __enter__(self):
        self.httpd, url = serve(self.folder)
        return url

    def __exit__(self, *exc):
        self.httpd.shutdown()
