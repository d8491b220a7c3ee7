"""The theme's stylesheets pruned of unmatchable rules: the reader, and the site as before."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from gallery.pipeline.css_prune import (
    STYLESHEETS,
    drop_unused_properties,
    prune_css,
    prune_site_styles,
    required,
    words,
)
from tests.browsers import CHROMIUM, launched, served
from tests.sites import built_site


@pytest.mark.parametrize(
    ("selector", "names"),
    [
        (".md-nav__link", ["md-nav__link"]),
        ("#__drawer:checked~.md-container", ["__drawer", "md-container"]),
        ("html .md-typeset a", ["md-typeset"]),
        ("[data-md-color-scheme=slate]", ["data-md-color-scheme", "slate"]),
        ('[dir="rtl"] .md-nav', ["dir", "rtl", "md-nav"]),
        ("[data-md-level='1']", ["data-md-level"]),  # a number is not a word a file must hold
        ("[hidden]", ["hidden"]),
        (".md-tag:not(.md-tag--active)", ["md-tag"]),  # matches without what :not names
        (":is(.admonition,.details) p", []),  # either of them: neither is required
        (".a:where(.b).c::before", ["a", "c"]),
        ("body", []),
    ],
)
def test_required_names_are_those_outside_parentheses(selector, names):
    assert required(selector) == names


def test_a_selector_with_an_escape_is_not_understood_so_it_stays():
    assert required(r".md-w\:full") is None
    assert prune_css(r".md-w\:full{color:red}", frozenset()) == r".md-w\:full{color:red}"


def test_a_rule_goes_only_when_every_selector_in_it_needs_an_absent_name():
    css = ".kept{color:red}.gone{color:blue}.gone,.kept b{margin:0}a{top:0}"
    assert prune_css(css, frozenset({"kept"})) == ".kept{color:red}.kept b{margin:0}a{top:0}"


def test_at_rules_are_pruned_inside_and_dropped_when_empty_keyframes_stay_whole():
    css = (
        '@charset "utf-8";@media screen{.gone{top:0}}@media print{.kept{top:0}.gone{top:1px}}'
        "@supports (display:grid){@media (min-width:1px){.kept{left:0}}}"
        "@keyframes gone{0%{opacity:0}to{opacity:1}}@font-face{font-family:x;src:url(a.woff2)}"
    )
    assert prune_css(css, frozenset({"kept"})) == (
        '@charset "utf-8";@media print{.kept{top:0}}'
        "@supports (display:grid){@media (min-width:1px){.kept{left:0}}}"
        "@keyframes gone{0%{opacity:0}to{opacity:1}}@font-face{font-family:x;src:url(a.woff2)}"
    )


def test_strings_and_comments_do_not_confuse_the_reader():
    css = '/* a } comment */.kept:after{content:"}{.gone"}/*x*/.gone{top:0}'
    assert prune_css(css, frozenset({"kept"})) == '.kept:after{content:"}{.gone"}'


def test_a_class_a_script_builds_from_a_stem_is_kept():
    present, stems = words(["el.className = `md-source__fact md-source__fact--${kind}`"])
    assert "md-source__fact--" in stems
    css = ".md-source__fact--version{top:0}.md-other{top:0}"
    assert prune_css(css, present, stems) == ".md-source__fact--version{top:0}"


def test_pruning_a_site_reads_every_page_script_and_stylesheet_but_the_pruned(tmp_path):
    sheet = tmp_path / "assets" / "stylesheets" / "main.0123.min.css"
    sheet.parent.mkdir(parents=True)
    sheet.write_text(".md-page{top:0}.md-script{top:0}.md-ours{top:0}.md-none{top:0}")
    (tmp_path / "index.html").write_text('<div class="md-page"></div>')
    (tmp_path / "a.js").write_text('e.classList.add("md-script")')
    (tmp_path / "extra.css").write_text(".md-ours b{color:red}")
    freed = prune_site_styles(tmp_path)
    assert sheet.read_text() == ".md-page{top:0}.md-script{top:0}.md-ours{top:0}"
    assert freed == len(".md-none{top:0}")
    assert prune_site_styles(tmp_path) == 0  # a second pass finds nothing more


# --- the built site: every element styled as the whole stylesheet styles it ---

THEME = Path(__import__("material").__file__).parent / "templates"
PAGES = ("", "presets/tonic-bursting/", "theory/phase-plane/")
# every property of every element and of its ::before and ::after, one list per element; not
# the custom properties (Chromium lists them in no fixed order, and they style nothing but
# through the properties that use them, which are compared). A ::before or ::after whose
# content is none is not drawn: its content is compared, the rest of it is not read (two
# thirds of the reads, which make this test slow)
STYLES_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const parts = [el.tagName + "." + el.getAttribute("class")];
    for (const pseudo of [null, "::before", "::after"]) {
      const s = getComputedStyle(el, pseudo);
      if (pseudo && s.content === "none") { parts.push(pseudo + " content:none"); continue; }
      for (let i = 0; i < s.length; i++) {
        if (!s[i].startsWith("--")) parts.push(s[i] + ":" + s.getPropertyValue(s[i]));
      }
    }
    out.push(parts.join("\\n"));
  }
  return out;
}"""


# widgets mount after the load event, as they come on screen: wait until the page has had the
# same number of elements for a second, so that both pages are compared with all of theirs
SETTLED_JS = """() => {
  const n = document.querySelectorAll("body *").length, now = performance.now();
  const seen = window.__igSettled || (window.__igSettled = {n: -1, since: now});
  if (n !== seen.n) { seen.n = n; seen.since = now; }
  return now - seen.since > 1000;
}"""
NO_MOTION = "*,*::before,*::after{transition:none!important;animation:none!important}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built_site(tmp_path_factory, only=("tonic-bursting",)) / "site"


def whole_sheets(site: Path) -> dict[str, bytes]:
    """The pruned sheets as the theme and the vendoring script wrote them, by file name."""
    vendored = site.parent / "cache" / "vendor-docs"  # scripts/vendor_assets.py's output
    found = {p.name: p.read_bytes() for pattern in STYLESHEETS for p in THEME.glob(pattern)}
    found |= {p.name: p.read_bytes() for pattern in STYLESHEETS for p in vendored.glob(pattern)}
    assert len(found) == len(STYLESHEETS), sorted(found)
    return found


def test_the_built_sites_theme_stylesheets_are_pruned(site):
    whole = whole_sheets(site)
    for pattern in STYLESHEETS:
        (pruned,) = site.glob(pattern)
        assert pruned.stat().st_size < 0.9 * len(whole[pruned.name]), pruned.name
    assert (site / "vendor/katex/katex.min.css").stat().st_size < 0.5 * len(whole["katex.min.css"])


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not found")
@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1280, "dark")])
def test_every_element_is_styled_as_with_the_whole_stylesheets(site, scheme, width):
    """Three page kinds, at phone width in light and desktop width in dark, with the drawer and
    search open too:
    the computed style of every element (and its ::before and ::after) is the same whether the
    page loads the pruned stylesheets or the theme's whole ones."""
    whole = whole_sheets(site)

    def styles(page, url: str) -> list[list[str]]:
        page.goto(url, wait_until="networkidle")
        page.wait_for_function(SETTLED_JS, polling=200, timeout=60_000)
        # a drawer closing still slides when search opens: compare where things settle, not
        # how far a transition has run (the same rule on both pages, so it hides no difference)
        page.add_style_tag(content=NO_MOTION)
        states = [page.evaluate(STYLES_JS)]
        for toggle in ("__drawer", "__search"):
            page.evaluate(f"document.getElementById('{toggle}').checked = true")
            states.append(page.evaluate(STYLES_JS))
            page.evaluate(f"document.getElementById('{toggle}').checked = false")
        return states

    with served(site) as base, launched() as browser:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        # KaTeX's fonts are font-display: optional, used only if they arrive in time: the page
        # loaded second would have them cached and lay its math out wider
        context.route("**/*.woff2", lambda route: route.abort())
        page = context.new_page()
        unpruned = context.new_page()
        for pattern in ("**/assets/stylesheets/*.css", "**/vendor/katex/*.css"):
            unpruned.route(
                pattern,
                lambda route: route.fulfill(
                    body=whole[route.request.url.rsplit("/", 1)[1]], content_type="text/css"
                ),
            )
        for path in PAGES:
            got, want = styles(page, base + path), styles(unpruned, base + path)
            for state, (a, b) in enumerate(zip(got, want, strict=True)):
                assert len(a) == len(b), (path, state)
                differ = [
                    sorted(set(x.split("\n")) ^ set(y.split("\n")))[:4]
                    for x, y in zip(a, b, strict=True)
                    if x != y
                ]
                assert not differ, (path, state, differ[:3])


def test_a_custom_property_nothing_reads_goes_and_one_something_reads_stays():
    css = (
        ':root{--icon:url("data:image/svg+xml;charset=utf-8,<svg/>");--fg:red;color:var(--fg)}'
        "@media (min-width:10em){:root{--gap:1px}.a{margin:var(--gap)}}"
        "@keyframes k{0%{--spin:0}}.b{--only:1}.c{x:1;y:2}"
    )
    out = drop_unused_properties(css, frozenset({"--fg", "--gap"}))
    assert out == (
        ":root{--fg:red;color:var(--fg)}@media (min-width:10em){:root{--gap:1px}"
        ".a{margin:var(--gap)}}@keyframes k{0%{--spin:0}}.c{x:1;y:2}"
    )


def test_the_built_sites_sheets_declare_only_properties_something_reads(site):
    sheets = [p.read_text(encoding="utf-8") for p in site.rglob("*.css")]
    pages = [p.read_text(encoding="utf-8") for ext in ("*.html", "*.js") for p in site.rglob(ext)]
    declared = {m for css in sheets for m in re.findall(r"[{;](--[\w-]+):", css)}
    assert len(declared) > 50
    for name in declared:  # read by a rule, or named by a page or a script
        assert any(f"var({name}" in css for css in sheets) or any(name in p for p in pages), name
