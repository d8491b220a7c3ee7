"""One SVG for both palettes, and compact path data (gallery.render.svg_theme).

The figures here are real ones (a preset's trace and phase plane, drawn in both palettes); the
browser side (the fragment and the page's toggle) is in tests/test_site_browser.py.
"""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

import gallery
from gallery.model.simulate import simulate
from gallery.render import figures
from gallery.render.style import THEMES
from gallery.render.svg_compact import compact_svg
from gallery.render.svg_merge import merged_svg
from gallery.render.svg_theme import ThemeMismatch, _png, _themed, themed_svg
from gallery.render.svg_tidy import tidy_svg

SLUG = "tonic-bursting"


@pytest.fixture(scope="module")
def drawn():
    preset = gallery.preset(SLUG)
    runs = simulate(preset)
    return {
        kind: {name: figures.render(preset, kind, theme=name, runs=runs) for name in THEMES}
        for kind in ("trace", "phase")
    }


def _rules(svg: bytes) -> dict[bytes, tuple[bytes, bytes]]:
    """``{b"fill: #light": (light, dark)}`` read back from the file's stylesheet."""
    style = svg[svg.index(b"<style") : svg.index(b"</style>")]
    light = dict(re.findall(rb"(--c\d+):(#[0-9a-f]{6})", style.split(b"@media")[0]))
    dark_block = style.split(b"prefers-color-scheme: dark){:root{")[1].split(b"}")[0]
    dark = dict(re.findall(rb"(--c\d+):(#[0-9a-f]{6})", dark_block))
    rules = re.findall(
        rb'\[style\*="((?:fill|stroke): #[0-9a-f]{6})"\]\{\w+:var\((--c\d+)\)', style
    )
    return {key: (light[var], dark[var]) for key, var in rules}


@pytest.mark.parametrize("kind", ["trace", "phase"])
def test_one_file_holds_both_palettes(drawn, kind):
    light, dark = drawn[kind]["light"], drawn[kind]["dark"]
    assert themed_svg(light, dark) == themed_svg(light, dark)  # deterministic
    assert themed_svg(light, dark) == tidy_svg(merged_svg(_themed(light, dark)))
    assert len(themed_svg(light, dark)) < 0.6 * (len(light) + len(dark))
    one = _themed(light, dark)  # before like paths merge: colour for colour the dark drawing
    rules = _rules(one)
    theme_light, theme_dark = THEMES["light"], THEMES["dark"]
    # the text colour and the background follow the palette
    assert rules[b"fill: " + theme_light.foreground.encode()] == (
        theme_light.foreground.encode(),
        theme_dark.foreground.encode(),
    )
    assert rules[b"fill: " + theme_light.background.encode()][1] == theme_dark.background.encode()
    # every colour of the dark drawing is reachable: the file draws the dark figure exactly
    styled = re.findall(rb"(fill|stroke): (#[0-9a-f]{6})", one.split(b"</style>")[1])
    dark_colours = re.findall(rb"(fill|stroke): (#[0-9a-f]{6})", dark)
    assert len(styled) == len(dark_colours)
    for (prop, colour), (_, expected) in zip(styled, dark_colours, strict=True):
        key = prop + b": " + colour
        assert (rules[key][1] if key in rules else colour) == expected
    # the light drawing is the file as any SVG reader without CSS draws it
    assert re.sub(rb"<style.*?</style>", b"", one, flags=re.S).count(b"<path") == light.count(
        b"<path"
    )
    assert b'<g id="light"/>' in one
    assert b'<g id="dark"/>' in one


def test_a_light_colour_that_is_two_dark_colours_is_split_invisibly():
    def svg(a: str, b: str) -> bytes:
        return (
            b'<svg><defs><style type="text/css">*{}</style></defs>\n <g id="figure_1">'
            b'<path d="M 0 0" style="stroke: %s"/><path d="M 1 1" style="stroke: %s"/>'
            b"</g></svg>" % (a.encode(), b.encode())
        )

    one = themed_svg(svg("#218e8d", "#218e8d"), svg("#2a9d8f", "#30a090"))
    first, second = re.findall(rb"stroke: (#[0-9a-f]{6})", one.split(b"</style>")[1])
    assert first == b"#218e8d"
    assert second != first
    assert max(abs(int(second[i : i + 2], 16) - int(first[i : i + 2], 16)) for i in (1, 3, 5)) == 1
    rules = _rules(one)
    assert rules[b"stroke: #218e8d"][1] == b"#2a9d8f"
    assert rules[b"stroke: " + second][1] == b"#30a090"


def test_drawings_that_differ_beyond_colour_are_refused(drawn):
    light = drawn["trace"]["light"]
    moved = drawn["trace"]["dark"].replace(b"M", b"M1", 1)
    with pytest.raises(ThemeMismatch):
        themed_svg(light, moved)


def _absolute(data: str) -> list[tuple[float, float]]:
    """The points of path data written by compact_svg (M absolute, l relative)."""
    points, current = [], (0.0, 0.0)
    for command, args in re.findall(r"([MlLCQz])([^MlLCQz]*)", data):
        numbers = [float(x) for x in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", args)]
        if command == "l":
            current = (current[0] + numbers[0], current[1] + numbers[1])
        elif numbers:
            current = (numbers[-2], numbers[-1])
        points.append(current)
    return points


def test_compact_paths_keep_every_spike_and_drop_only_invisible_points():
    t = np.linspace(0, 200, 4001)
    v = np.where(np.arange(t.size) % 400 == 200, 100.0, 0.001 * np.sin(t))  # narrow spikes
    d = "M 0 0 " + " ".join(f"L {x:f} {y:f}" for x, y in zip(t, v, strict=True))
    out = compact_svg(f'<svg><path d="{d}" style="fill: none"/></svg>'.encode()).decode()
    data = re.search(r' d="([^"]*)"', out).group(1)
    points = _absolute(data)
    assert len(points) < t.size / 4
    peaks = [(float(x), float(y)) for x, y in zip(t, v, strict=True) if y == 100.0]
    for x, y in peaks:  # each spike's tip is a point of the compact path, to 0.005 pt
        assert min(abs(px - x) + abs(py - y) for px, py in points) < 0.01
    assert points[-1] == pytest.approx((200.0, v[-1]), abs=0.006)
    # every original point lies within 0.1 pt (plus rounding) of the line drawn instead
    a, b = np.array(points[:-1]), np.array(points[1:])
    for q in np.column_stack((t, v)):
        ab, aq = b - a, q - a
        length = np.maximum((ab**2).sum(axis=1), 1e-12)
        s = np.clip((aq * ab).sum(axis=1) / length, 0, 1)
        assert np.min(np.hypot(*(a + s[:, None] * ab - q).T)) <= 0.1 + 0.008


def test_like_paths_share_a_group_unless_a_group_would_draw_them_differently():
    rows = [
        '  <path d="M 0 0 L 1 1" clip-path="url(#p1)" style="fill: #c8ced6"/>',
        '  <path d="M 2 2 L 3 3" clip-path="url(#p1)" style="fill: #c8ced6"/>',
        '  <path d="M 4 4 L 5 5" style="stroke: #000000; stroke-linecap: round"/>',
        '  <path d="M 6 6 L 7 7" style="stroke: #000000; stroke-linecap: round"/>',
    ]
    out = compact_svg(("<svg>\n" + "\n".join(rows) + "\n</svg>").encode()).decode()
    assert out.count('<g clip-path="url(#p1)" style="fill: #c8ced6">') == 1
    assert out.count("<path") == 4
    assert out.count("stroke-linecap: round") == 2  # matplotlib's *{stroke-linecap} would win


def _svg_with_image(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8), "RGBA").save(out, format="png")
    data = base64.b64encode(out.getvalue())
    return (
        b'<svg><defs><style type="text/css">*{}</style></defs>\n <g id="figure_1">'
        b'<image xlink:href="data:image/png;base64,%s" id="image0123456789" x="0" y="0"/>'
        b"</g></svg>" % data
    )


def _dots(colours: list[tuple[int, int, int]]) -> np.ndarray:
    """A raster of dots on a transparent ground, half of them in each colour, soft edges."""
    rng = np.random.default_rng(3)
    pixels = np.zeros((40, 60, 4))
    which = rng.integers(0, 2, size=(40, 60))
    pixels[..., :3] = np.array(colours)[which]
    pixels[..., 3] = rng.choice([0, 0, 0, 90, 255], size=(40, 60))
    return pixels


def test_a_raster_in_the_palettes_hues_is_one_image_and_a_filter():
    light = _dots([(0x00, 0x72, 0xB2), (0xD5, 0x5E, 0x00)])
    dark = _dots([(0x56, 0xB4, 0xE9), (0xE6, 0x9F, 0x00)])
    one = themed_svg(_svg_with_image(light), _svg_with_image(dark))
    assert one.count(b"<image") == 1
    values = re.search(rb'<feColorMatrix type="matrix" values="([^"]*)"', one).group(1)
    matrix = np.array([float(x) for x in values.split()]).reshape(4, 5)
    shown = light[..., 3] > 0
    rgb1 = np.column_stack((light[shown][:, :3] / 255, np.zeros(shown.sum()), np.ones(shown.sum())))
    assert np.abs(rgb1 @ matrix[:3].T - dark[shown][:, :3] / 255).max() <= 2 / 255
    assert b".ig-r0{filter:var(--r0)}" in one


def test_a_colour_bar_keeps_both_palettes_pixels():
    ramp = np.linspace(0, 1, 50)
    light = np.zeros((1, 50, 4))
    dark = np.zeros((1, 50, 4))
    light[0, :, :3] = 255 * np.column_stack((ramp**2, ramp, 1 - ramp))
    dark[0, :, :3] = 255 * np.column_stack((np.sqrt(ramp), ramp**3, ramp))
    light[..., 3] = dark[..., 3] = 255
    one = themed_svg(_svg_with_image(light), _svg_with_image(dark))
    assert one.count(b"<image") == 2  # no colour matrix maps one ramp onto the other
    assert b'class="ig-d0" display="none"' in one  # readers without CSS see the light one


# --- like paths merged: the same drawing in fewer elements ---

_TAG = re.compile(rb"<(/?)(g|path)\b([^>]*?)(/?)>")
_INHERITED_NOT = ("stroke-linecap", "stroke-linejoin")  # matplotlib's * rule sets them


def _drawn(svg: bytes) -> list[tuple]:
    """Each subpath as drawn: its clips, its style as it applies, its points (absolute)."""
    out, stack = [], [((), {})]
    for closing, tag, attributes, empty in _TAG.findall(svg.split(b"</style>")[-1]):
        if closing:
            stack.pop()
            continue
        clip = re.search(rb'clip-path="([^"]*)"', attributes)
        style = re.search(rb'style="([^"]*)"', attributes)
        clips, inherited = stack[-1]
        own = dict(
            part.split(b": ", 1) for part in (style.group(1) if style else b"").split(b"; ") if part
        )
        applied = {k: v for k, v in inherited.items() if k.decode() not in _INHERITED_NOT} | own
        clips = clips + ((clip.group(1),) if clip else ())
        if tag == b"g" and not empty:
            stack.append((clips, applied))
        data = re.search(rb' d="([^"]*)"', attributes)
        if tag == b"path" and data:
            text = data.group(1).decode()
            starts = [m.start() for m in re.finditer(r"[Mm]", text)]
            points = _absolute(re.sub(r"m", "l", text))  # a relative move starts where l ends
            subpaths, index = [], 0
            for begin, end in zip(starts, [*starts[1:], len(text)], strict=True):
                count = len(re.findall(r"[MlLCQzm]", text[begin:end]))
                subpaths.append(points[index : index + count])
                index += count
            for sub in subpaths:
                key = tuple(sorted(applied.items()))
                out.append((clips, key, [(round(x, 2), round(y, 2)) for x, y in sub]))
    return out


@pytest.mark.parametrize("kind", ["trace", "phase"])
def test_merged_paths_draw_what_the_separate_paths_drew(drawn, kind):
    one = _themed(drawn[kind]["light"], drawn[kind]["dark"])
    merged = merged_svg(one)
    assert len(merged) < len(one) * (0.9 if kind == "phase" else 1.0001)
    assert merged.count(b"<path") < one.count(b"<path") or kind == "trace"
    assert _drawn(merged) == _drawn(one)
    assert re.findall(rb"<style.*?</style>", merged, re.S) == re.findall(
        rb"<style.*?</style>", one, re.S
    )


def _rows(*rows: str) -> bytes:
    return ("<svg>\n" + "\n".join(f"  {row}" for row in rows) + "\n</svg>\n").encode()


def test_only_paths_that_would_draw_the_same_are_merged():
    apart = _rows(
        '<path d="M0 0l1 1" clip-path="url(#p1)" style="fill: #c8ced6"/>',
        '<path d="M5 5l1 1" clip-path="url(#p1)" style="fill: #c8ced6"/>',
    )
    assert merged_svg(apart).count(b"<path") == 1
    assert b'd="M0 0l1 1m4 4l1 1"' in merged_svg(apart)
    # filled paths that overlap: windings could cancel, so they stay apart
    overlapping = apart.replace(b"M5 5", b"M0.5 0.5")
    assert merged_svg(overlapping).count(b"<path") == 2
    # see-through paint: an overlap would be painted once instead of twice
    faint = _rows(
        *(
            f'<path d="M{x} 0l1 1" style="fill: none; stroke: #000000; stroke-opacity: 0.5"/>'
            for x in (0, 0)
        )
    )
    assert merged_svg(faint).count(b"<path") == 2
    # opaque strokes merge even where they cross
    lines = faint.replace(b"; stroke-opacity: 0.5", b"")
    assert merged_svg(lines).count(b"<path") == 1


def test_paths_that_differ_in_colour_share_a_group_for_the_rest_of_their_style():
    rows = _rows(*(
        f'<path d="M{x} 0l1 1" clip-path="url(#p1)" style="fill: none; stroke: {c}; '
        'stroke-width: 1.3; stroke-linecap: round"/>'
        for x, c in ((0, "#440256"), (1, "#460a5d"), (2, "#460a5d"))
    ))  # fmt: skip
    out = merged_svg(rows)
    assert out.count(b'<g clip-path="url(#p1)" style="fill: none; stroke-width: 1.3">') == 1
    assert out.count(b"stroke-linecap: round") == 2  # its own: matplotlib's * rule would win
    assert out.count(b"<path") == 2  # the two of one colour are one path
    assert _drawn(out) == _drawn(rows)


def test_a_raster_of_few_colours_is_written_with_a_palette_pixel_for_pixel():
    pixels = _dots([(0, 114, 178), (213, 94, 0)])
    svg = _svg_with_image(pixels)
    out = compact_svg(svg)
    assert len(out) < len(svg)
    assert np.array_equal(
        _png(re.search(rb"<image\b[^>]*/>", out).group(0)) * 255, pixels.astype(float)
    )
