"""One SVG for both palettes.

Stage: render (no matplotlib: bytes in, bytes out). :func:`themed_svg` takes the same figure
drawn in the light and the dark palette (matplotlib's SVGs differ only in colours, the ids
hashed from them, and embedded colour-bar images) and writes one file: the light drawing, whose
inline styles any SVG reader shows, plus a stylesheet that recolours it for the dark palette.

The stylesheet picks the palette in this order: the URL fragment (``fig.svg#dark`` /
``fig.svg#light``, which the pages use so that Material's manual palette toggle is followed: an
SVG loaded by ``<img>`` cannot see the page's CSS, but both fragments are one file, fetched
once), else the reader's ``prefers-color-scheme`` (the file opened on its own). Each colour
that differs is overridden with ``[style*="fill: #light"]{fill: var(--cN) !important}`` (an
inline style loses only to ``!important``), ``--cN`` being set per palette; so no element grows
and readers without CSS still draw the light figure.

An embedded raster in the palettes' hues is kept once, with a colour matrix for the dark
palette. The file's like paths are then merged (:mod:`~gallery.render.svg_merge`); each
palette's drawing was made compact before (:mod:`~gallery.render.svg_compact`), and the
finished file is tidied (:mod:`~gallery.render.svg_tidy`).
"""

from __future__ import annotations

import base64
import io
import re

import numpy as np
from PIL import Image

from gallery.render.svg_compact import IMAGE_DATA
from gallery.render.svg_merge import merged_svg
from gallery.render.svg_tidy import tidy_svg

_COLOUR = re.compile(rb"(fill|stroke): (#[0-9a-f]{6})\b")
_ANY_COLOUR = re.compile(rb"#[0-9a-fA-F]{6}\b")
_HASHED_ID = re.compile(rb"\b(?:m|p|image)[0-9a-f]{10}\b")
_IMAGE = re.compile(rb"<image\b[^>]*/>")
_STYLE_END = b"</style>"
_BODY = b' <g id="figure_1">'
FRAGMENTS = ("light", "dark")  # the ids a page's <img src="fig.svg#dark"> targets


class ThemeMismatch(ValueError):
    """The two drawings differ in more than colours: they cannot share one file."""


def _split_images(svg: bytes) -> tuple[list[bytes], list[bytes]]:
    return _IMAGE.split(svg), _IMAGE.findall(svg)


def _nudged(colour: bytes, taken: set[bytes]) -> bytes:
    """A colour one or two steps of 1/255 away from ``colour`` (invisible) and not in ``taken``."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    for step in (1, -1, 2, -2, 3, -3):
        for r, g, b in ((red, green, blue + step), (red, green + step, blue)):
            candidate = b"#%02x%02x%02x" % (r, g, b)
            if min(r, g, b) >= 0 and max(r, g, b) <= 255 and candidate not in taken:
                return candidate
    raise ThemeMismatch(f"no free colour near {colour.decode()}")


def _pair_colours(
    light: bytes, dark: bytes, ids: dict[bytes, bytes]
) -> tuple[bytes, dict[bytes, bytes]]:
    """The light drawing and ``{b"fill: #light": b"#dark"}`` for every colour that differs.

    Two dark colours can share a light one (the time colour map spans less of viridis in
    the dark palette, so two light bins round to one 8-bit colour): the second is written
    as a light colour 1/255 away, so that each light colour names one dark colour.
    """
    dark = _HASHED_ID.sub(lambda m: ids.setdefault(m.group(), m.group()), dark)
    a, b = _COLOUR.split(light), _COLOUR.split(dark)
    if len(a) != len(b):
        raise ThemeMismatch("the palettes' drawings have different numbers of colours")
    taken = set(_ANY_COLOUR.findall(light.lower()))
    pairs: dict[bytes, bytes] = {}
    renamed: dict[tuple[bytes, bytes, bytes], bytes] = {}
    out: list[bytes] = []
    for index in range(0, len(a) - 1, 3):  # text, property, colour, text, ...
        text_a, text_b = a[index], b[index]
        if _ANY_COLOUR.sub(b"#", text_a) != _ANY_COLOUR.sub(b"#", text_b):
            raise ThemeMismatch(f"the drawings differ beyond colours near {text_a[:80]!r}")
        if text_a != text_b:
            raise ThemeMismatch(f"a colour outside a fill/stroke style differs: {text_a[:80]!r}")
        prop, ca, cb = a[index + 1], a[index + 2], b[index + 2]
        if prop != b[index + 1]:
            raise ThemeMismatch("the drawings style different properties")
        if ca != cb:
            if pairs.get(prop + b": " + ca, cb) != cb:
                if (prop, ca, cb) not in renamed:
                    renamed[prop, ca, cb] = _nudged(ca, taken)
                    taken.add(renamed[prop, ca, cb])
                ca = renamed[prop, ca, cb]
            pairs.setdefault(prop + b": " + ca, cb)
        out += [text_a, prop + b": " + ca]
    if a[-1] != b[-1]:
        raise ThemeMismatch("the drawings end differently")
    return b"".join(out) + a[-1], pairs


def _hashed_ids(light: bytes, dark: bytes) -> dict[bytes, bytes]:
    """Dark ids (hashed from their colours) to the light ids in the same places."""
    a, b = _HASHED_ID.findall(light), _HASHED_ID.findall(dark)
    if len(a) != len(b):
        raise ThemeMismatch("the drawings have different numbers of ids")
    ids: dict[bytes, bytes] = {}
    for x, y in zip(a, b, strict=True):
        if ids.setdefault(y, x) != x:
            raise ThemeMismatch(f"dark id {y.decode()} stands for two light ids")
    return ids


def _stylesheet(pairs: dict[bytes, bytes], extra: list[tuple[bytes, bytes, bytes, bytes]]) -> bytes:
    """The palettes' custom properties and the rules that use them.

    ``extra`` holds ``(property, light value, dark value, rule)`` for the embedded images.
    """
    keys = sorted(pairs)
    declared = [(b"--c%d" % n, key.split(b": ")[1], pairs[key]) for n, key in enumerate(keys)]
    declared += [(name, light, dark) for name, light, dark, _ in extra]
    light = b";".join(b"%s:%s" % (name, value) for name, value, _ in declared)
    dark = b";".join(b"%s:%s" % (name, value) for name, _, value in declared)
    rules = b"".join(
        b'[style*="%s"]{%s:var(--c%d)!important}' % (key, key.split(b":")[0], n)
        for n, key in enumerate(keys)
    ) + b"".join(rule for *_, rule in extra)
    # a property set on the figure's group outranks the one it inherits from :root, whatever
    # the order: so #light wins over a dark reader's preference with one copy of the light set
    return (
        b":root,#light:target~*{%s}@media (prefers-color-scheme: dark){:root{%s}}"
        b"#dark:target~*{%s}%s" % (light, dark, dark, rules)
    )


RECOLOUR_ERROR = 2 / 255  # the most a recoloured pixel may differ from the dark drawing's


def _png(image: bytes) -> np.ndarray:
    data = base64.b64decode(IMAGE_DATA.search(image).group(1).replace(b"\n", b""))
    with Image.open(io.BytesIO(data)) as png:
        return np.asarray(png.convert("RGBA"), dtype=np.float64) / 255


def _recolouring(image_a: bytes, image_b: bytes) -> bytes | None:
    """The feColorMatrix values that turn the light image into the dark one, if one does.

    A raster of dots in the palette's hues is one colour map away from its dark twin (checked
    on every pixel), so the file holds one image and a filter instead of two images; a colour
    bar (two spans of viridis) is not, and keeps both.
    """
    a, b = _png(image_a), _png(image_b)
    if a.shape != b.shape or not np.array_equal(a[..., 3], b[..., 3]):
        return None
    shown = a[..., 3] > 0
    x = np.column_stack((a[shown][:, :3], np.ones(int(shown.sum()))))
    y = b[shown][:, :3]
    if x.shape[0] < 4:
        return None
    coefficients = np.linalg.lstsq(x, y, rcond=None)[0].round(4)
    if np.abs(x @ coefficients - y).max() > RECOLOUR_ERROR:
        return None
    rows = [[*coefficients[:3, k], 0.0, coefficients[3, k]] for k in range(3)] + [[0, 0, 0, 1, 0]]
    return b" ".join(b"%g" % (value + 0.0) for row in rows for value in row)


def _images(
    images_a: list[bytes], images_b: list[bytes]
) -> tuple[list[bytes], bytes, list[tuple[bytes, bytes, bytes, bytes]]]:
    """Each image's markup, the filters they use (``<filter>`` elements) and their CSS."""
    out, filters, extra = [], b"", []
    for image_a, image_b in zip(images_a, images_b, strict=True):
        if image_a == image_b:
            out.append(image_a)
            continue
        n = len(extra)
        values = _recolouring(image_a, image_b)
        if values is not None:  # one image, recoloured in the dark palette
            filters += (
                b'<filter id="ig-r%d" color-interpolation-filters="sRGB">'
                b'<feColorMatrix type="matrix" values="%s"/></filter>' % (n, values)
            )
            out.append(image_a.replace(b"<image ", b'<image class="ig-r%d" ' % n, 1))
            extra.append(
                (b"--r%d" % n, b"none", b"url(#ig-r%d)" % n, b".ig-r%d{filter:var(--r%d)}" % (n, n))
            )
            continue
        # both palettes' pixels, one shown (the dark one hidden for readers without CSS)
        dark_image = _HASHED_ID.sub(b"", image_b).replace(b' id=""', b"")
        out.append(
            image_a.replace(b"<image ", b'<image class="ig-l%d" ' % n, 1)
            + dark_image.replace(b"<image ", b'<image class="ig-d%d" display="none" ' % n, 1)
        )
        rules = b".ig-l%d{display:var(--i%d)}.ig-d%d{display:var(--j%d)}" % (n, n, n, n)
        extra += [
            (b"--i%d" % n, b"inline", b"none", rules),
            (b"--j%d" % n, b"none", b"inline", b""),
        ]
    return out, filters, extra


def themed_svg(light: bytes, dark: bytes) -> bytes:
    """One SVG that draws ``light`` or ``dark`` by the palette the reader or the page asks for.

    Like paths are merged (:func:`merged_svg`) once the palettes are one file: each light
    colour then names one dark colour, so paths that look alike in one palette do in both.
    Last, the markup that draws nothing goes (:func:`tidy_svg`).
    """
    if light == dark:
        return tidy_svg(merged_svg(light))
    return tidy_svg(merged_svg(_themed(light, dark)))


def _themed(light: bytes, dark: bytes) -> bytes:
    parts_a, images_a = _split_images(light)
    parts_b, images_b = _split_images(dark)
    if len(images_a) != len(images_b):
        raise ThemeMismatch("the drawings embed different numbers of images")
    ids = _hashed_ids(b"".join(parts_a), b"".join(parts_b))
    recoloured, pairs = _pair_colours(b"\0".join(parts_a), b"\0".join(parts_b), ids)
    parts_a = recoloured.split(b"\0")
    images, filters, extra = _images(images_a, images_b)
    out = [parts_a[0]]
    for image, part in zip(images, parts_a[1:], strict=True):
        out += [image, part]
    svg = b"".join(out)
    if _STYLE_END not in svg or _BODY not in svg:
        raise ThemeMismatch("matplotlib's SVG no longer has its style element or figure group")
    svg = svg.replace(_STYLE_END, _stylesheet(pairs, extra) + _STYLE_END, 1)
    targets = b"".join(b' <g id="%s"/>\n' % name.encode() for name in FRAGMENTS)
    if filters:
        targets = b" <defs>%s</defs>\n" % filters + targets
    return svg.replace(_BODY, targets + _BODY, 1)
