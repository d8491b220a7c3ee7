"""The site's pages in a real Chromium: every kind of page, print, and the offline course pack.

One two-preset site (with ``--zip``) is built per module. Pages are served from a thread on
127.0.0.1; the course pack is unzipped and opened from ``file://`` with no server at all.
Every page is watched for console errors, uncaught exceptions and requests that leave the site.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from PIL import Image

from gallery.pipeline import BuildConfig, run
from gallery.render.style import THEMES
from tests.browsers import CHROMIUM, launched, serve
from tests.sites import built_site

sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
TWO = ("tonic-spiking", "rs-2007")
PAGES = {
    "home": "",
    "gallery": "gallery/",
    "preset": "presets/tonic-spiking/",
    "model": "theory/model/",
    "phase-plane": "theory/phase-plane/",
    "reset": "theory/reset/",
    "excitability": "theory/excitability/",
    "network": "network/",
    "accuracy": "accuracy/",
    "exercises": "exercises/reset/",
    "explorer": "explorer/",
    "embedding": "embedding/",
    "references": "references/",
}
FIGURELESS = ("references", "exercises", "explorer", "embedding")
MATH_PAGES = (
    "home", "preset", "model", "phase-plane", "reset", "excitability", "network", "accuracy",
    "exercises",
)  # fmt: skip

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not found")
# Every wait below is on a condition; these deadlines only bound a hang on a busy machine.
WAIT_MS = 60_000
sync_api.expect.set_options(timeout=WAIT_MS)
expect = sync_api.expect
# The page has settled: scripts ran, math is typeset, widgets and exercises are mounted
# (each only if its library loaded: the tests then say what is missing).
SETTLED = """() => document.readyState === "complete"
  && (!window.renderMathInElement
      || document.querySelectorAll(".arithmatex:not([data-katex])").length === 0)
  && (!window.uPlot || !window.IzhGallery || !window.IzhGallery.mountAll
      || document.querySelectorAll('[data-widget]:not([data-mounted="1"])').length === 0)
  && (!window.IzhGallery || !window.IzhGallery.exercises
      || document.querySelectorAll('.ig-exercise:not([data-ig-mounted="1"])').length === 0)"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_site(tmp_path_factory, only=TWO, zip=True)


@pytest.fixture(scope="module")
def server(built):
    httpd, url = serve(built / "site")
    yield url
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


def open_page(browser, url, *, scheme="light", local=("127.0.0.1",)):
    """A page at ``url`` that records problems: console errors, exceptions, outside requests."""
    page = browser.new_page(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"exception: {e}"))

    def check(request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        if parsed.scheme == "file" or parsed.hostname in local:
            return
        problems.append(f"outside request: {request.url}")

    page.on("request", check)
    page.set_default_timeout(WAIT_MS)
    page.goto(url)
    settle(page)
    return page, problems


def settle(page):
    """Wait until the page has loaded, its requests are done and its scripts have run."""
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")  # late requests (the search index) are watched too
    page.wait_for_function(SETTLED)


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_loads_clean(browser, server, name, scheme):
    page, problems = open_page(browser, server + PAGES[name], scheme=scheme)
    assert problems == []
    if name in MATH_PAGES:
        assert page.locator(".arithmatex .katex").count() > 0, "math was not typeset"
        assert page.locator(".arithmatex:not([data-katex])").count() == 0
    # the figures of the palette in use are shown, the others hidden
    shown, hidden = ("ig-light", "ig-dark") if scheme == "light" else ("ig-dark", "ig-light")
    assert page.locator(f"img.{hidden}:visible").count() == 0
    if name not in ("preset", "network", *FIGURELESS):  # there live views replace them
        # a lazy figure has no box until it is near the view: bring the first one there
        figure = page.locator(f"img.{shown}:not(.ig-replaced img)").first
        figure.scroll_into_view_if_needed()
        expect(figure).to_be_visible()
    page.close()


def test_exercise_checks_an_answer_against_the_build(browser, server):
    from gallery.site.sections import exercises

    answer = exercises.answers()["reset-c-bursting"]
    page, problems = open_page(browser, server + PAGES["exercises"])
    block = page.locator("#reset-c-bursting")
    field = block.locator("input")
    feedback = block.locator(".ig-exercise-feedback")
    field.fill(f"{answer + 10:g}")
    block.locator("button").click()
    expect(feedback).to_have_attribute("data-kind", "high")
    wrong = feedback.inner_text()
    field.fill(f"{answer:g}")
    block.locator("button").click()
    expect(feedback).to_have_attribute("data-kind", "correct")
    assert feedback.inner_text() != wrong
    field.fill("<img src=x onerror=alert(1)>")
    block.locator("button").click()
    expect(feedback).to_have_attribute("data-kind", "invalid")
    assert feedback.locator("img").count() == 0
    assert problems == []
    page.close()


def test_widget_runs_the_reference_scheme_like_python(browser, server):
    import gallery

    # tonic spiking with c = -60, d = 2: 11 spikes as published, 12 with the converged scheme
    cell = gallery.with_parameters(gallery.preset("tonic-spiking"), c=-60.0, d=2.0)
    published = gallery.simulate(cell)[0].n_spikes
    expected = gallery.simulate(cell, scheme="reference")[0].n_spikes
    assert expected != published
    page, problems = open_page(browser, server + PAGES["preset"] + "?c=-60&d=2")
    widget = page.locator('.ig-widget[data-mounted="1"]')
    expect(widget).to_have_attribute("data-spikes", str(published))
    widget.locator("select").first.select_option("reference")
    expect(widget).to_have_attribute("data-spikes", str(expected))
    assert problems == []
    page.close()


def test_accuracy_comparison_overlays_two_settings_like_python(browser, server):
    import gallery

    preset = gallery.preset("rs-2007")
    page, problems = open_page(browser, server + PAGES["accuracy"])
    widget = page.locator('[data-widget="compare"][data-mounted="1"]')
    widget.locator("select").first.select_option("rs-2007")
    widget.locator("fieldset").nth(1).locator("select").select_option("euler")
    dt = widget.locator("fieldset").nth(1).locator("input")
    dt.fill("0.5")
    dt.press("Enter")
    dt.blur()
    expect(dt).to_have_value("0.5")
    a = gallery.simulate(preset)[0].n_spikes
    b = gallery.simulate(preset, scheme="euler", dt_ms=0.5)[0].n_spikes
    expect(widget).to_have_attribute("data-spikes-a", str(a))
    expect(widget).to_have_attribute("data-spikes-b", str(b))
    assert widget.locator("canvas").count() > 0
    assert problems == []
    page.close()


def test_network_raster_switches_seeds_and_zooms(browser, server):
    from gallery import network

    result = network.simulate_network(network.build_network(800, 200, seed=2), 1000, 2)
    page, problems = open_page(browser, server + PAGES["network"])
    widget = page.locator('[data-widget="raster"][data-mounted="1"]')
    assert not page.locator("#ig-static-network img").first.is_visible()  # replaced: live view
    widget.locator("select").select_option("2")
    expect(widget).to_have_attribute("data-seed", "2")
    expect(widget).to_have_attribute("data-spikes", str(result.spike_t_ms.size))
    widget.locator("canvas").scroll_into_view_if_needed()
    box = widget.locator("canvas").bounding_box()
    page.mouse.move(box["x"] + 150, box["y"] + 100)
    page.mouse.down()
    page.mouse.move(box["x"] + 300, box["y"] + 100)
    page.mouse.up()
    expect(widget).not_to_have_attribute("data-spikes", str(result.spike_t_ms.size))
    assert 0 < int(widget.get_attribute("data-spikes")) < result.spike_t_ms.size
    widget.get_by_role("button", name="Whole second").click()
    expect(widget).to_have_attribute("data-spikes", str(result.spike_t_ms.size))
    assert float(widget.get_attribute("data-peak-hz")) == network.spectrum_peak_hz(result)
    readout = widget.locator(".ig-raster-readout")
    page.mouse.move(box["x"] + 100, box["y"] + box["height"] - 60)  # over the spectrum
    expect(readout).to_have_text(re.compile(r"^f = .* Hz² s$"))
    first = readout.text_content()
    page.mouse.down()  # a drag over the spectrum does not zoom the raster
    page.mouse.move(box["x"] + 400, box["y"] + box["height"] - 60)
    expect(readout).not_to_have_text(first)  # the moves were handled ...
    page.mouse.up()  # returns once the page has handled it: mouseup redraws synchronously
    assert widget.get_attribute("data-spikes") == str(result.spike_t_ms.size)  # ... and no zoom
    assert problems == []
    page.close()


def _corner(img) -> tuple[int, int, int]:
    """The colour of a shown figure's top-left pixels (its background), as drawn."""
    img.scroll_into_view_if_needed()
    img.page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle())
    with Image.open(io.BytesIO(img.screenshot())) as shot:
        return shot.convert("RGB").getpixel((3, 3))


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_palette_toggle_switches_the_figures(browser, server):
    """The reader's system is light and the page is switched to slate by Material's toggle: the
    one SVG is drawn in the dark palette (it cannot see the page: the #dark fragment tells it)."""
    page, problems = open_page(browser, server + PAGES["reset"], scheme="light")
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/figures/" in r.url else None)
    light = page.locator("img.ig-light").first
    dark = page.locator("img.ig-dark").first
    expect(light).to_be_visible()
    assert _corner(light) == _rgb(THEMES["light"].background)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    expect(dark).to_be_visible()
    expect(light).to_be_hidden()
    assert _corner(dark) == _rgb(THEMES["dark"].background)
    # one file for both: the same URL but the fragment, not fetched again
    assert light.evaluate("i => i.src").split("#") == [
        dark.evaluate("i => i.src").split("#")[0],
        "light",
    ]
    assert fetched == []
    assert problems == []
    page.close()


@pytest.mark.parametrize(
    ("system", "fragment", "palette"),
    [("light", "", "light"), ("dark", "", "dark"), ("dark", "#light", "light"),
     ("light", "#dark", "dark")],
)  # fmt: skip
def test_a_figure_file_draws_the_palette_its_fragment_or_the_reader_asks_for(
    browser, server, system, fragment, palette
):
    """Opened on its own, the SVG follows the reader's system; a fragment overrides it. Its text
    is text, in the palette's foreground."""
    page = browser.new_page(color_scheme=system)
    page.goto(server + "figures/theory/reset-landing.svg" + fragment)
    fill = page.evaluate("getComputedStyle(document.querySelector('text')).fill")
    assert fill == "rgb({}, {}, {})".format(*_rgb(THEMES[palette].foreground))
    page.close()


def test_print_shows_static_figures_and_no_controls(browser, server):
    page, problems = open_page(browser, server + PAGES["preset"], scheme="dark")
    assert page.locator(".ig-widget input[type=range]").count() > 0, "the widget did not mount"
    page.emulate_media(media="print")
    expect(page.locator(".ig-widget input[type=range]").first).to_be_hidden()
    expect(page.locator(".ig-static img.ig-light").first).to_be_visible()
    expect(page.locator(".md-header")).to_be_hidden()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
    assert problems == []
    page.close()


def test_print_of_an_explanation_page_keeps_figures_and_drops_chrome(browser, server):
    page, problems = open_page(browser, server + PAGES["reset"], scheme="dark")
    page.emulate_media(media="print")
    expect(page.locator("img.ig-light:visible").first).to_be_visible()  # light figures on paper
    expect(page.locator("img.ig-dark:visible")).to_have_count(0)
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    assert page.pdf().startswith(b"%PDF")
    assert problems == []
    page.close()


@pytest.fixture(scope="module")
def full_server(tmp_path_factory):
    out = tmp_path_factory.mktemp("full")
    run(BuildConfig(root=ROOT, out_dir=out, jobs=2))
    httpd, url = serve(out / "site")
    yield url
    httpd.shutdown()


def test_every_preset_page_of_the_full_site_runs_its_widget(browser, full_server):
    import gallery

    failures = []
    for slug in gallery.load().slugs:
        page, problems = open_page(browser, f"{full_server}presets/{slug}/")
        widget = page.locator('.ig-widget[data-mounted="1"]')
        data = f"document.getElementById('ig-payload-{slug}').dataset.json"
        payload = page.evaluate(f"JSON.parse({data})")
        published = len(payload["runs"][-1]["spike_times_ms"])  # the widget opens on the last
        if widget.count() != 1 or widget.get_attribute("data-spikes") != str(published):
            problems.append(f"widget shows {widget.get_attribute('data-spikes')}, not {published}")
        failures += [f"{slug}: {p}" for p in problems]
        page.close()
    assert failures == []


def test_course_pack_works_from_disk(browser, built, tmp_path):
    archive = built / "izhikevich-gallery.zip"
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        z.extractall(tmp_path)
    assert "izhikevich-gallery/index.html" in names
    assert not any(name.endswith("downloads/izhikevich-gallery.zip") for name in names)
    assert "izhikevich-gallery/presets/tonic-spiking.html" in names
    home = (tmp_path / "izhikevich-gallery" / "index.html").as_uri()
    page, problems = open_page(browser, home, local=())
    assert page.locator(".arithmatex .katex").count() > 0
    assert page.get_by_text("Download the course pack").count() == 0  # it is the pack
    # navigation by clicking, as a reader would: tab -> card -> live widget
    page.locator(".md-tabs__link", has_text="Gallery").click()
    expect(page).to_have_url(re.compile(r"/gallery/index\.html$"))
    settle(page)
    page.locator("a.ig-card").first.click()
    expect(page).to_have_url(re.compile(r"/presets/tonic-spiking\.html$"))
    settle(page)
    expect(page.locator('[data-mounted="1"]')).to_have_count(1)  # the widget mounted from disk
    # search runs from disk too (Material's offline plugin with our vendored worker shim)
    page.keyboard.press("f")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("bursting")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert problems == []
    page.close()
    embed = (tmp_path / "izhikevich-gallery" / "embed" / "tonic-spiking.html").as_uri()
    page, problems = open_page(browser, embed, local=())
    expect(page.locator('[data-mounted="1"]')).to_have_count(1)
    link = page.locator("header a").get_attribute("href")
    assert link == "../presets/tonic-spiking.html"
    assert (tmp_path / "izhikevich-gallery" / "presets" / "tonic-spiking.html").exists()
    assert problems == []
    page.close()


def test_home_page_offers_the_course_pack(browser, server, built):
    page, problems = open_page(browser, server)
    link = page.get_by_role("link", name="Download the course pack")
    sync_api.expect(link).to_be_visible()
    size_mb = (built / "izhikevich-gallery.zip").stat().st_size / 1e6
    sync_api.expect(page.locator(".admonition", has=link)).to_contain_text(f"zip, {size_mb:.0f} MB")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok
    assert response.body() == (built / "izhikevich-gallery.zip").read_bytes()
    assert problems == []
    page.close()


def test_course_pack_is_deterministic(built, tmp_path):
    first = (built / "izhikevich-gallery.zip").read_bytes()
    run(BuildConfig(root=ROOT, out_dir=tmp_path, jobs=2, only=TWO, zip=True, clean=True))
    assert (tmp_path / "izhikevich-gallery.zip").read_bytes() == first
