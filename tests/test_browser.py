"""The live widgets, the explorer and the embeds in a real Chromium (Debian's, via Playwright).

One two-preset site is built per module and served from a thread on 127.0.0.1; a second server
on another port plays the host page of an embed. Embed pages of every preset are written into
the site from ``gallery.embeds`` (the pipeline may already have written the two built ones).
Every page is watched for console errors, uncaught exceptions, dialogs and requests that leave
127.0.0.1.
"""

import json
import os
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

import pytest

import gallery
from gallery.model.catalogue import SCHEMES
from gallery.render.export import payload
from gallery.site import browser_constants, controls, embeds
from tests.browsers import CHROMIUM, launched, serve
from tests.sites import built_site

sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
TWO = ("tonic-spiking", "rs-2007")

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not found")
sync_api.expect.set_options(timeout=15_000)  # generous: the machine may be busy with builds

EMBED_ENV = embeds.environment(ROOT / "site_src" / "templates")


@pytest.fixture(scope="module")
def payloads():
    out = {}
    for slug in gallery.load().slugs:
        preset = gallery.preset(slug)
        out[slug] = payload(preset, gallery.simulate(preset))
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory, payloads):
    site = built_site(tmp_path_factory, only=TWO) / "site"
    assert (site / browser_constants.PATH).exists()
    assert (site / "embed" / "explorer.html").exists()
    for slug, data in payloads.items():  # the build made two: every preset's embed must load
        page = site / "embed" / f"{slug}.html"
        if not page.exists():
            page.write_text(embeds.embed_page(EMBED_ENV, data), encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def server(site):
    httpd, url = serve(site)
    yield url
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, page errors, dialogs and outside requests."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    problems = []

    def guard(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "file:")) or urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            problems.append(f"outside request: {url}")
            route.abort()

    context.set_default_timeout(10_000)
    context.route("**/*", guard)
    tab = context.new_page()
    tab.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    tab.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.problems = problems
    yield tab
    context.close()
    assert problems == []


def _widget(tab):
    widget = tab.locator(".ig-widget[data-spikes]").first
    sync_api.expect(widget).to_have_attribute("data-spikes", re.compile(r"^\d+$"))
    return widget


def _spikes(widget):
    return int(widget.locator('[data-stat="spikes"]').inner_text())


def _published(payloads, slug):
    return len(payloads[slug]["runs"][-1]["spike_times_ms"])


def _number(widget, label):
    return widget.get_by_label(f"{label} (exact value)", exact=True)


def _set(widget, label, value):
    field = _number(widget, label)
    field.fill(str(value))
    field.press("Enter")
    field.blur()


def _canvas(widget):
    return widget.locator(".ig-trace-v canvas").evaluate("c => c.toDataURL()")


@pytest.mark.parametrize("slug", TWO)
def test_preset_page_mounts_with_the_published_run(page, server, payloads, slug):
    page.goto(f"{server}presets/{slug}/")
    widget = _widget(page)
    assert _spikes(widget) == _published(payloads, slug)
    # replaced: its images hidden (never fetched), its captions kept for screen readers
    sync_api.expect(page.locator(f"#ig-static-{slug}")).to_have_class(re.compile("ig-replaced"))
    sync_api.expect(page.locator(f"#ig-static-{slug} img").first).to_be_hidden()
    sync_api.expect(widget.locator("canvas.ig-phase")).to_be_visible()
    assert widget.locator("label").count() >= 7  # every control is labelled


def test_keyboard_slider_changes_spikes_and_plot_then_reset_restores(page, server, payloads):
    page.goto(f"{server}presets/tonic-spiking/")
    widget = _widget(page)
    before, pixels = _spikes(widget), _canvas(widget)
    slider = widget.locator('input[type="range"]').nth(4)  # the amplitude
    slider.focus()
    slider.press("End")  # keyboard-operable: to the top of the range
    sync_api.expect(widget.locator('[data-stat="spikes"]')).not_to_have_text(str(before))
    assert _spikes(widget) > before
    assert _canvas(widget) != pixels
    widget.get_by_role("button", name="Reset to published").click()
    assert _spikes(widget) == _published(payloads, "tonic-spiking")
    assert _number(widget, "step current").input_value() == "14"


def test_copy_link_round_trips_the_state(page, server):
    page.goto(f"{server}presets/tonic-spiking/")
    widget = _widget(page)
    _set(widget, "d", 4)
    _set(widget, "a", 0.03)
    widget.locator("select").select_option("euler")
    widget.get_by_role("button", name="Copy link").click()
    link = widget.get_attribute("data-link")
    assert link.startswith(server)
    assert "d=4" in link
    assert "scheme=euler" in link
    spikes = _spikes(widget)
    snippet = widget.locator(".ig-embed-box textarea").input_value()
    assert "/embed/tonic-spiking.html?" in snippet
    assert "d=4" in snippet
    assert "/embed/host.js" in snippet
    page.goto(link)
    again = _widget(page)
    assert _number(again, "d").input_value() == "4"
    assert _number(again, "a").input_value() == "0.03"
    assert again.locator("select").input_value() == "euler"
    assert _spikes(again) == spikes


def test_embed_on_a_host_page_of_another_origin_resizes(page, server, tmp_path):
    (tmp_path / "host.html").write_text(
        "<!DOCTYPE html><title>host</title><p>Host page</p>"
        f'<iframe id="f" src="{server}embed/tonic-spiking.html?d=4" width="600" height="150"'
        ' style="border:0"></iframe>'
        f'<script src="{server}embed/host.js"></script>'
    )
    httpd, host = serve(tmp_path)
    try:
        assert host != server
        page.goto(f"{host}host.html")
        frame = page.frame_locator("#f")
        ready = frame.locator("[data-spikes]")
        sync_api.expect(ready).to_have_attribute("data-spikes", re.compile(r"\d"))
        iframe = page.locator("#f")
        sync_api.expect(iframe).to_have_attribute("data-izh-height", re.compile(r"\d"))
        main = frame.locator("main.ig-embed")
        content = main.evaluate("m => Math.ceil(m.getBoundingClientRect().height)")
        height = int(iframe.get_attribute("data-izh-height"))
        assert height > 400
        assert abs(height - content) <= 2
        assert abs(iframe.bounding_box()["height"] - height) <= 1
    finally:
        httpd.shutdown()
        httpd.server_close()


HOSTILE = [
    (
        "a=<script>alert(1)</script>&view=<b>x</b>&amp=&dt=-1",
        ["Ignored a", "Ignored view", "Ignored amp", "dt clamped"],
    ),
    (
        "a=NaN&d=1e308&scheme=foo&theme=<i>y</i>&zz=<img src=x onerror=alert(2)>",
        ["Ignored a", "d clamped to 25", "Ignored scheme", "Ignored theme", "unknown parameter"],
    ),
]


@pytest.mark.parametrize(("query", "expected"), HOSTILE)
def test_hostile_query_strings_are_neutralised(page, server, query, expected):
    page.goto(f"{server}embed/tonic-spiking.html?{query}")
    widget = _widget(page)
    note = widget.locator(".ig-notice").inner_text()
    for text in expected:
        assert text in note
    injected = "main b, main i, main img, body > script:not([src]):not([type])"
    assert page.locator(injected).count() == 0
    served = _fetch(f"{server}embed/tonic-spiking.html").count("<script")  # data + the files
    assert page.evaluate("document.querySelectorAll('script').length") == served
    assert _number(widget, "a").input_value() == "0.02"  # ignored: the published value
    if "dt=-1" in query:
        assert float(_number(widget, "dt (ms)").input_value()) > 0
    if "d=1e308" in query:
        assert _number(widget, "d").input_value() == "25"
    assert widget.locator(".uplot").count() == 3  # and it still works


def test_hostile_query_on_a_preset_page(page, server):
    page.goto(f"{server}presets/rs-2007/?a=<script>alert(1)</script>&d=1e308&view=phase")
    widget = _widget(page)
    assert "Ignored a" in widget.locator(".ig-notice").inner_text()
    sync_api.expect(widget.locator(".ig-trace")).to_be_hidden()
    sync_api.expect(widget.locator(".ig-phase")).to_be_visible()


def test_runaway_parameters_show_a_notice_and_keep_working(page, server):
    page.goto(f"{server}embed/tonic-spiking.html?theme=dark")
    widget = _widget(page)
    _set(widget, "step current", 28)
    _set(widget, "d", -25)
    sync_api.expect(widget.locator(".ig-notice")).to_contain_text("runaway")
    assert widget.locator(".uplot").count() == 3
    widget.get_by_role("button", name="Reset to published").click()
    sync_api.expect(widget.locator(".ig-notice")).to_be_empty()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"


def test_site_opened_from_file_url(page, site):
    page.goto((site / "presets" / "tonic-spiking" / "index.html").as_uri())
    widget = _widget(page)
    before = _spikes(widget)
    _set(widget, "step current", 25)
    assert _spikes(widget) > before
    page.goto((site / "embed" / "rs-2007.html").as_uri() + "?view=trace")
    _widget(page)


def test_explorer_and_every_embed_load_cleanly(page, server, site, payloads):
    urls = ["embed/explorer.html?preset=rs-2007&compare=nope"]
    if (site / "explorer" / "index.html").exists():
        urls.append("explorer/")
    urls += [f"embed/{slug}.html" for slug in payloads]
    for url in urls:
        page.goto(server + url)
        widget = _widget(page)
        if url.startswith("embed/explorer"):
            assert page.locator(".ig-pane .ig-widget[data-spikes]").count() == 2
            assert "Ignored compare" in page.locator(".ig-notice").first.inner_text()
            picker = page.get_by_label("preset", exact=True).first
            assert picker.input_value() == "rs-2007"
        elif url.startswith("embed/"):
            slug = url[len("embed/") : -len(".html")]
            assert int(widget.get_attribute("data-spikes")) == _published(payloads, slug), slug
    assert page.problems == []


def test_explorer_selectors_switch_presets(page, server, payloads):
    page.goto(f"{server}embed/explorer.html")
    _widget(page)
    first = page.locator(".ig-pane").first
    first.get_by_label("family", exact=True).select_option(index=1)
    family = first.get_by_label("family", exact=True).input_value()
    slug = first.get_by_label("preset", exact=True).input_value()
    assert payloads[slug]["preset"]["family"] == family
    published = str(_published(payloads, slug))
    sync_api.expect(first.locator(".ig-widget")).to_have_attribute("data-spikes", published)
    assert f"preset={slug}" in page.url


def test_explorer_copy_link_keeps_both_panes(page, server):
    page.goto(f"{server}embed/explorer.html?preset=tonic-spiking&compare=rs-2007&compare.d=150")
    _widget(page)
    first, second = (page.locator(".ig-pane").nth(n).locator(".ig-widget") for n in (0, 1))
    sync_api.expect(second).to_have_attribute("data-spikes", re.compile(r"^\d+$"))
    assert _number(second, "d").input_value() == "150"
    for notice in page.locator(".ig-notice").all():  # compare.d is known to both panes
        sync_api.expect(notice).to_have_text("")
    _set(first, "a", 0.03)
    _set(second, "a", 0.05)
    second.get_by_role("button", name="Copy link").click()
    link = second.get_attribute("data-link")
    assert "preset=tonic-spiking&compare=rs-2007" in link
    assert "&a=0.03" in link
    assert "&compare.a=0.05" in link
    assert "&compare.d=150" in link
    spikes = (_spikes(first), _spikes(second))
    page.goto(link)
    _widget(page)
    first, second = (page.locator(".ig-pane").nth(n).locator(".ig-widget") for n in (0, 1))
    sync_api.expect(second).to_have_attribute("data-spikes", str(spikes[1]))
    assert _number(first, "a").input_value() == "0.03"
    assert _number(second, "a").input_value() == "0.05"
    assert (_spikes(first), _spikes(second)) == spikes


def test_explorer_reports_a_bad_value_for_the_right_pane(page, server):
    page.goto(f"{server}embed/explorer.html?compare=rs-2007&compare.a=%3Cb%3E&zz=1")
    _widget(page)
    second = page.locator(".ig-pane").nth(1)
    widget = second.locator(".ig-widget")
    sync_api.expect(widget).to_have_attribute("data-spikes", re.compile(r"\d"))
    sync_api.expect(second).to_contain_text("Ignored a: not a number.")
    sync_api.expect(page.locator(".ig-pane").first).to_contain_text("unknown parameter")
    assert page.locator(".ig-pane b").count() == 0


def test_embed_pages_are_deterministic_and_escape_their_data(payloads):
    data = json.loads(json.dumps(payloads["tonic-spiking"]))
    data["preset"]["summary"] = "</script><script>alert(1)</script><!--"
    html = embeds.embed_page(EMBED_ENV, data)
    assert html == embeds.embed_page(EMBED_ENV, data)
    assert "</script><script>alert" not in html
    assert "<!--" not in html
    assert "script-src 'self'" in html
    assert "unsafe-inline" not in html
    explorer = embeds.explorer_markdown(EMBED_ENV, list(payloads.values()))
    assert explorer == embeds.explorer_markdown(EMBED_ENV, list(payloads.values()))
    assert 'data-widget="explorer"' in explorer


def test_sliders_show_the_published_values_and_move_by_keyboard(page, server):
    page.goto(f"{server}presets/rs-2007/")
    widget = _widget(page)
    sliders = widget.locator('input[type="range"]')
    for n in range(sliders.count()):
        number = widget.locator('input[type="number"]').nth(n)
        assert float(sliders.nth(n).input_value()) == float(number.input_value())
    sliders.nth(3).focus()
    sliders.nth(3).press("ArrowRight")
    assert float(_number(widget, "d").input_value()) > 100


def test_navigation_and_palette_toggle_keep_widgets_live(page, server, payloads):
    # Without site_url Material navigates by full loads; document$ and DOMContentLoaded both mount.
    page.goto(f"{server}presets/tonic-spiking/")
    _widget(page)
    page.evaluate("document.querySelector('a[href$=\"rs-2007/\"]').click()")  # a nav link
    page.wait_for_url("**/presets/rs-2007/")
    widget = page.locator(".ig-widget[data-payload='ig-payload-rs-2007']")
    sync_api.expect(widget).to_have_attribute("data-spikes", str(_published(payloads, "rs-2007")))
    _set(widget, "d", 120)
    spikes = _spikes(widget)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    for _ in range(3):  # auto -> light -> dark: click the palette toggle until the scheme flips
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme:
            break
        page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    sync_api.expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    sync_api.expect(_number(widget, "d")).to_have_value("120")  # re-mounted, state kept
    assert _spikes(widget) == spikes


def test_hover_links_trace_and_phase_plane(page, server):
    page.goto(f"{server}presets/tonic-spiking/")
    widget = _widget(page)
    legend = widget.locator(".ig-legend")
    sync_api.expect(legend).to_contain_text("v-nullcline at I = 0 (t = 0 ms)")
    box = widget.locator(".ig-trace-v .u-over").bounding_box()
    page.mouse.move(box["x"] + 0.8 * box["width"], box["y"] + box["height"] / 2)
    sync_api.expect(legend).to_contain_text("v-nullcline at I = 14")  # after the 10 ms step
    widget.locator("canvas.ig-phase").scroll_into_view_if_needed()
    phase = widget.locator("canvas.ig-phase").bounding_box()
    before = widget.locator(".ig-readout").inner_text()
    page.mouse.move(phase["x"] + 0.3 * phase["width"], phase["y"] + 0.8 * phase["height"])
    sync_api.expect(widget.locator(".ig-readout")).not_to_have_text(before)


CONTROL_TAGS = {"input", "select", "option", "label", "button", "textarea"}
# Marks every element a script creates (the parser does not call createElement), before any
# of the page's scripts runs.
MARK_CREATED = """
const create = document.createElement.bind(document);
document.createElement = function (tag, options) {
  const made = create(tag, options);
  made.igByScript = true;
  return made;
};
"""
SCRIPTED = "(w, tags) => Array.from(w.querySelectorAll(tags)).filter(e => e.igByScript).length"


class _Tags(HTMLParser):
    """Start tags inside the page's widget element (data-widget), each with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.depth = 0  # open divs since the widget's own (0: outside it)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        inside = self.depth > 0 or (tag == "div" and "data-widget" in dict(attrs))
        if inside and tag in CONTROL_TAGS | {"template", "div"}:
            self.tags.append((tag, dict(attrs)))
        if inside and tag == "div":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1


def _fetch(url):
    with urlopen(url, timeout=30) as response:
        return response.read().decode()


def _declared(html):
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _check_declared(tags, preset):
    """The sliders, labels, scheme menu and buttons of one preset, as controls.py says."""
    sliders = {a["data-key"]: a for t, a in tags if t == "input" and a.get("type") == "range"}
    numbers = {a["data-key"]: a for t, a in tags if t == "input" and a.get("type") == "number"}
    expected = controls.controls(preset)
    assert list(sliders) == list(numbers) == [c.name for c in expected]
    for c in expected:
        for field in (sliders[c.name], numbers[c.name]):
            assert {k: field[k] for k in c.attrs} == c.attrs
        assert numbers[c.name]["aria-label"] == f"{c.label} (exact value)"
    labelled = {a["for"] for t, a in tags if t == "label"}
    menus = [a for t, a in tags if t == "select"]
    assert {a["id"] for a in [*sliders.values(), *menus]} <= labelled  # every control labelled
    assert [a["value"] for t, a in tags if t == "option"] == list(SCHEMES)
    selected = [a["value"] for t, a in tags if t == "option" and "selected" in a]
    assert selected == [preset["scheme"]]
    actions = [a["data-action"] for t, a in tags if t == "button"]
    assert actions[:2] == ["reset", "copy-link"]
    return sliders


def test_controls_are_in_the_html_and_the_widget_binds_those_very_elements(page, server, payloads):
    slug = "tonic-spiking"
    preset = payloads[slug]["preset"]
    html = _fetch(f"{server}presets/{slug}/")  # as served: before any script has run
    tags = _declared(html)
    sliders = _check_declared(tags, preset)
    boxes = [a for t, a in tags if t == "div" and "data-controls" in a]
    assert [("hidden" in a, a["data-controls"]) for a in boxes] == [(True, slug)]
    assert [a["data-action"] for t, a in tags if t == "button"][-1] == "copy-embed"
    _check_declared(_declared(_fetch(f"{server}embed/{slug}.html")), preset)
    html = _fetch(f"{server}embed/explorer.html")
    data = re.search(
        r'<div class="ig-data" id="ig-explorer-payloads" hidden data-json="([^"]*)"', html
    )
    shown = [p["preset"]["slug"] for p in json.loads(unescape(data.group(1)))]
    templates = [a["data-controls"] for t, a in _declared(html) if t == "template"]
    assert templates == shown  # one set of controls a preset, for the panes to copy

    page.add_init_script(MARK_CREATED)
    page.goto(f"{server}presets/{slug}/")
    widget = _widget(page)
    assert widget.evaluate(SCRIPTED, "canvas, p") > 0  # the marking works: plots are made
    assert widget.evaluate(SCRIPTED, ", ".join(sorted(CONTROL_TAGS))) == 0  # controls are not
    # six sliders and their exact values, the scheme menu, three buttons, the embed snippet
    assert widget.locator("input, select, button, textarea").count() == 6 * 2 + 1 + 3 + 1
    amp = page.locator("#" + sliders["amp"]["id"])
    sync_api.expect(amp).to_be_visible()  # shown once bound
    sync_api.expect(widget.locator(".ig-embed-box textarea")).to_be_visible()
    before = _spikes(widget)
    amp.focus()
    amp.press("End")  # the declared slider drives the simulation
    sync_api.expect(widget.locator('[data-stat="spikes"]')).not_to_have_text(str(before))
    assert _number(widget, "step current").input_value() == sliders["amp"]["max"]
