"""KaTeX's fonts cut down to the site's math (gallery.pipeline.font_subset)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from gallery.pipeline.font_subset import ALWAYS, FONTS, math_characters, subset_font
from tests.sites import built_site

ONE = ("tonic-bursting",)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A build's out folder: its site, and the whole fonts its vendoring step wrote."""
    return built_site(tmp_path_factory, only=ONE)


def _originals(out: Path) -> Path:
    return out / "cache" / "vendor-docs" / FONTS  # scripts/vendor_assets.py's, before subsetting


def _font(data: bytes) -> TTFont:
    return TTFont(io.BytesIO(data))


def test_the_characters_are_those_inside_katex_markup_only():
    page = (
        '<p>Outside: Q and &amp;.</p><span class="katex"><span class="katex-mathml"><math>'
        '<mi>v</mi><annotation encoding="application/x-tex">v^2</annotation></math></span>'
        '<span class="katex-html" aria-hidden="true"><span class="mord">&lt;</span>'
        '<svg><path d="M0 0"/></svg><br><span class="mord">θ</span></span></span>'
        "<p>After: W</p>"
    )
    found = math_characters([page])
    assert set("v^2<θ") <= found
    assert not set("QW&Ofuterdsi") & (found - ALWAYS)  # the prose around the math is not kept
    assert math_characters([]) >= ALWAYS


def test_a_display_formula_and_two_formulas_on_a_page_are_all_read():
    page = (
        '<span class="katex-display"><span class="katex"><span>α</span></span></span>x'
        '<span class="katex"><span>β</span></span>y'
    )
    assert {"α", "β"} <= math_characters([page])
    assert not {"x", "y"} & math_characters([page])


def test_a_subset_keeps_the_glyphs_asked_for_as_they_were_and_no_others(built):
    data = (_originals(built) / "KaTeX_Main-Regular.woff2").read_bytes()
    kept = "v=0.04²+5"
    out = subset_font(data, kept)
    assert len(out) < len(data) / 2
    assert out == subset_font(data, kept)  # byte-identical (no timestamp)
    whole, part = _font(data), _font(out)
    cmap, cmap_part = whole.getBestCmap(), part.getBestCmap()
    assert {ord(c) for c in kept if ord(c) in cmap} == set(cmap_part)
    for code, name in cmap_part.items():
        original = cmap[code]
        assert part["hmtx"][name] == whole["hmtx"][original]
        a, b = part["glyf"][name], whole["glyf"][original]
        assert a.getCoordinates(part["glyf"]) == b.getCoordinates(whole["glyf"]), chr(code)


def test_the_built_sites_fonts_hold_every_glyph_its_math_shows(built):
    site = built / "site"
    shown = math_characters(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert set("vu=+−θ") <= shown
    originals = _originals(built)
    fonts = sorted((site / FONTS).glob("*.woff2"))
    assert len(fonts) == 20
    smaller = 0
    for path in fonts:
        whole = _font((originals / path.name).read_bytes()).getBestCmap()
        part = _font(path.read_bytes()).getBestCmap()
        assert {ord(c) for c in shown if ord(c) in whole} <= set(part), path.name
        # and little else (a glyph a kept one turns into by a layout feature stays too)
        assert len(set(part) - {ord(c) for c in shown}) <= 2, path.name
        smaller += path.stat().st_size < (originals / path.name).stat().st_size
    assert smaller == len(fonts)


def test_subsetting_logs_nothing(built, caplog):
    """The build's output stays its own: fontTools warns of KaTeX's epoch dates otherwise."""
    data = (_originals(built) / "KaTeX_Math-Italic.woff2").read_bytes()
    with caplog.at_level(logging.WARNING, logger="fontTools"):
        subset_font(data, "xyz")
    assert [r.getMessage() for r in caplog.records] == []
