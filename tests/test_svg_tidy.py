"""A finished SVG without the markup that draws nothing (gallery.render.svg_tidy)."""

from __future__ import annotations

import base64
import os
import xml.etree.ElementTree as ET

import pytest

import gallery
from gallery.model.simulate import simulate
from gallery.render import figures
from gallery.render.style import THEMES
from gallery.render.svg_merge import merged_svg
from gallery.render.svg_theme import _themed
from gallery.render.svg_tidy import tidy_svg
from tests.browsers import CHROMIUM, launched

SVG = b"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg">
 <g id="light"/>
 <g id="figure_1">
  <g id="patch_1">
   <path d="M0 0l100 0" style="fill: #ffffff"/>
  </g>
  <g id="xtick_1">
   <g id="line2d_1">
    <defs>
     <path id="m0123456789" d="M0 0l0 3" style="stroke: #000000"/>
    </defs>
    <g>
     <use xlink:href="#m0123456789" x="10" y="40"/>
    </g>
   </g>
   <g id="text_1">
    <text x="10" y="48" transform="rotate(-0 10 48)">  a  b </text>
    <text x="20" y="48" transform="rotate(90 20 48)">c</text>
   </g>
  </g>
  <g id="clip_3"/>
  <g id="axes_2" clip-path="url(#axes_9)">
   <g id="trajectory"><path d="M1 1l2 2"/></g>
  </g>
 </g>
 <defs><clipPath id="axes_9"><rect x="0" y="0" width="9" height="9"/></clipPath></defs>
</svg>
"""


def test_layout_whitespace_and_generated_ids_go_what_draws_stays():
    out = tidy_svg(SVG)
    assert b"\n <" not in out
    assert b">\n" not in out.split(b"<svg", 1)[1].rstrip()
    assert b'<text x="10" y="48">  a  b </text>' in out  # text keeps its spaces
    assert b'transform="rotate(90 20 48)"' in out
    assert b"rotate(-0" not in out
    for gone in (b"patch_1", b"xtick_1", b"line2d_1", b"text_1"):
        assert gone not in out
    # ids we gave, the palettes' targets, figure_1 and ids something references stay
    for kept in (b'id="light"', b'id="figure_1"', b'id="trajectory"', b'id="m0123456789"'):
        assert kept in out
    assert b'<g clip-path="url(#axes_9)">' in out  # a generated id of a group with a clip
    assert b"<g>" not in out
    assert b"clip_3" not in out
    ET.fromstring(out)  # still well-formed
    assert tidy_svg(out) == out


def _drawing(svg: bytes) -> list[tuple]:
    """Each element that is not a group: its tag, attributes, text and its groups' attributes."""
    found: list[tuple] = []

    def walk(element: ET.Element, inherited: tuple) -> None:
        attributes = {
            k: v for k, v in element.attrib.items()
            if not (k == "id" and "_" in v and v.rsplit("_", 1)[1].isdigit()
                    and not v.startswith("figure_"))
            and not (k == "transform" and v.startswith("rotate(-0 "))
        }  # fmt: skip
        if element.tag.endswith("}g") and not (element.text or "").strip():
            inherited += (tuple(sorted(attributes.items())),) if attributes else ()
        else:
            text = element.text if element.tag.endswith("}text") else (element.text or "").strip()
            found.append((element.tag, tuple(sorted(attributes.items())), text, inherited))
        for child in element:
            walk(child, inherited)

    walk(ET.fromstring(svg), ())
    return found


@pytest.fixture(scope="module")
def finished():
    preset = gallery.preset("tonic-bursting")
    runs = simulate(preset)
    out = {}
    for kind in ("trace", "phase"):
        light, dark = (figures.render(preset, kind, theme=t, runs=runs) for t in THEMES)
        out[kind] = merged_svg(_themed(light, dark))
    return out


@pytest.mark.parametrize("kind", ["trace", "phase"])
def test_a_real_figure_draws_the_same_elements_with_the_same_styles(finished, kind):
    before = finished[kind]
    after = tidy_svg(before)
    assert len(after) < 0.9 * len(before)
    assert _drawing(after) == _drawing(before)


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not found")
def test_chromium_draws_a_tidied_figure_pixel_for_pixel_in_both_palettes(finished):
    with launched() as browser:
        page = browser.new_page(viewport={"width": 700, "height": 560})
        for svg in finished.values():
            for fragment in ("light", "dark"):
                shots = []
                for data in (svg, tidy_svg(svg)):
                    url = "data:image/svg+xml;base64," + base64.b64encode(data).decode()
                    page.set_content(f'<img src="{url}#{fragment}" width="690" height="550">')
                    page.wait_for_function("document.images[0].complete")
                    shots.append(page.locator("img").screenshot())
                assert shots[0] == shots[1], fragment
        page.close()
