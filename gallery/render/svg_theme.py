"""One SVG for both palettes, and SVG path data no longer than the drawn size needs.

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

:func:`compact_svg` writes path data in hundredths of a pt with relative line steps, drops the
points of a polyline that lie within 0.1 pt of the straight piece drawn in their place (turning
points such as a spike's peak stay exact; matplotlib simplifies lines but not collections), and
puts runs of like paths in one group: far below a pixel at any size the figure is drawn.
An embedded raster in the palettes' hues is kept once, with a colour matrix for the dark palette.
"""

from __future__ import annotations

import base64
import io
import re

import numpy as np
from PIL import Image

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


_IMAGE_DATA = re.compile(rb'base64,([^"]*)"')
RECOLOUR_ERROR = 2 / 255  # the most a recoloured pixel may differ from the dark drawing's


def _png(image: bytes) -> np.ndarray:
    data = base64.b64decode(_IMAGE_DATA.search(image).group(1).replace(b"\n", b""))
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
    """
    if light == dark:
        return merged_svg(light)
    return merged_svg(_themed(light, dark))


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


_PATH_DATA = re.compile(rb'(\sd=")([^"]*)(")')
_NUMBER_ATTRIBUTE = re.compile(rb'(\s(?:x|y|width|height)=")(-?[0-9.]+)(")')
_NUMBER = re.compile(rb"-?[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?")
_COMMAND = re.compile(rb"([MLCQz])([^MLCQz]*)")
_PATH_LINE = re.compile(
    rb'^( *)<path d="([^"]*)"((?: clip-path="[^"]*")? style="([^"]*)")/>\n', re.MULTILINE
)
# not the same on a group: opacity, masks and filters composite the group as a whole, and
# matplotlib's own rule *{stroke-linejoin; stroke-linecap} outranks what a path would inherit
_OWN_ONLY = re.compile(rb"(?<![-\w])(?:opacity|mask|filter|stroke-linecap|stroke-linejoin)\b")
THIN = 10  # hundredths of a pt: how far a dropped point may lie from the line drawn instead
WINDOW = 48  # points one straight piece may replace (bounds the work on long flat stretches)


def _hundredths(value: int) -> bytes:
    """``value``/100 as short as SVG allows (``-.05``, ``3``, ``12.5``)."""
    sign, value = (b"-", -value) if value < 0 else (b"", value)
    whole, part = divmod(value, 100)
    text = (b"%d" % whole if whole else b"") + (b".%02d" % part).rstrip(b"0").rstrip(b".")
    return sign + (text or b"0")


def _numbers(values: list[int]) -> bytes:
    out = b""
    for value in values:
        text = _hundredths(value)
        out += text if not out or text.startswith(b"-") else b" " + text
    return out


def _off_segment(a: tuple[int, int], b: tuple[int, int], q: tuple[int, int]) -> bool:
    """Whether ``q`` lies farther than ``THIN`` from the segment ``a``-``b``."""
    (ax, ay), (bx, by), (qx, qy) = a, b, q
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else min(1.0, max(0.0, ((qx - ax) * dx + (qy - ay) * dy) / length))
    ex, ey = ax + t * dx - qx, ay + t * dy - qy
    return ex * ex + ey * ey > THIN * THIN


def _thinned(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A polyline without the points that lie within ``THIN`` of the straight piece drawn instead.

    Turning points (a spike's peak, its reset) are kept exactly.
    """
    if len(points) < 3:
        return points
    kept, anchor, between = [points[0]], points[0], []
    for point in points[1:]:
        if between and (
            len(between) >= WINDOW or any(_off_segment(anchor, point, q) for q in between)
        ):
            anchor = between[-1]
            kept.append(anchor)
            between = []
        between.append(point)
    kept.append(points[-1])
    return kept


def _path_data(data: bytes) -> bytes:
    """Path data in hundredths of a pt, lines relative, polylines thinned (``_thinned``)."""
    commands = [
        (command, [round(float(x) * 100) for x in _NUMBER.findall(args)])
        for command, args in _COMMAND.findall(data)
    ]
    out: list[bytes] = []
    current = start = (0, 0)
    index = 0
    while index < len(commands):
        command, numbers = commands[index]
        if command == b"L" and len(numbers) == 2:
            run = [current]
            while index < len(commands) and commands[index][0] == b"L":
                run.append(tuple(commands[index][1][:2]))
                index += 1
            for point in _thinned(run)[1:]:
                out.append(b"l" + _numbers([point[0] - current[0], point[1] - current[1]]))
                current = point
            continue
        index += 1
        if command == b"z":
            out.append(b"z")
            current = start
            continue
        out.append(command + _numbers(numbers))
        if len(numbers) >= 2:
            current = (numbers[-2], numbers[-1])
            start = current if command == b"M" else start
    return b"".join(out)


def _group_runs(svg: bytes) -> bytes:
    """Runs of sibling paths with the same clip and style as one group of bare paths."""
    out, run = [], []

    def flush() -> None:
        if len(run) > 1:
            indent, attributes = run[0].group(1), run[0].group(3)
            out.append(b"%s<g%s>\n" % (indent, attributes))
            out.extend(b'%s <path d="%s"/>\n' % (indent, m.group(2)) for m in run)
            out.append(b"%s</g>\n" % indent)
        else:
            out.extend(m.group(0) for m in run)
        run.clear()

    position = 0
    for match in _PATH_LINE.finditer(svg):
        if match.start() != position or (run and match.group(3) != run[0].group(3)):
            flush()
            out.append(svg[position : match.start()])
        if _OWN_ONLY.search(match.group(4)):
            flush()
            out.append(match.group(0))
        else:
            run.append(match)
        position = match.end()
    flush()
    out.append(svg[position:])
    return b"".join(out)


def _palette_png(match: re.Match[bytes]) -> bytes:
    """An embedded PNG of at most 256 colours rewritten with a palette, pixel for pixel the same.

    Matplotlib writes a raster of dots as RGBA: twice the bytes of its palette.
    """
    data = base64.b64decode(match.group(1).replace(b"\n", b""))
    with Image.open(io.BytesIO(data)) as png:
        pixels = np.asarray(png.convert("RGBA"))
    colours, index = np.unique(pixels.reshape(-1, 4), axis=0, return_inverse=True)
    if len(colours) > 256:
        return match.group(0)
    image = Image.fromarray(index.reshape(pixels.shape[:2]).astype(np.uint8), "P")
    image.putpalette(colours[:, :3].flatten().tolist())
    out = io.BytesIO()
    image.save(out, format="png", optimize=True, transparency=bytes(colours[:, 3].tolist()))
    if len(out.getvalue()) >= len(data):
        return match.group(0)
    return b'base64,%s"' % base64.b64encode(out.getvalue())


def compact_svg(svg: bytes) -> bytes:
    """``svg`` with path data in hundredths of a pt, polylines thinned, like paths grouped.

    Embedded rasters of few colours are written with a palette.
    """
    svg = _IMAGE_DATA.sub(_palette_png, svg)
    svg = _PATH_DATA.sub(lambda m: m.group(1) + _path_data(m.group(2)) + m.group(3), svg)
    svg = _NUMBER_ATTRIBUTE.sub(
        lambda m: m.group(1) + _hundredths(round(float(m.group(2)) * 100)) + m.group(3), svg
    )
    return _group_runs(svg)


# --- like paths merged: one element where several drew the same way ---

_GROUP_OF_PATHS = re.compile(
    rb'^( *)<g((?: clip-path="[^"]*")? style="([^"]*)")>\n((?:\1 <path d="[^"]*"/>\n)+)\1</g>\n',
    re.MULTILINE,
)
_BARE_PATH = re.compile(rb'<path d="([^"]*)"/>')
_CLIP = re.compile(rb'^ clip-path="[^"]*"')
# a path painted twice where two overlap, so one path with both would look different
_SEE_THROUGH = re.compile(rb"(?<![-\w])(?:opacity|fill-opacity|stroke-opacity|mask|filter)\b")
_DATA_TOKEN = re.compile(rb"[MmLlCcQqz]|-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")


Point = tuple[int, int]  # hundredths of a pt


def _hundredth_points(data: bytes) -> tuple[Point, Point, list[Point]]:
    """The first point, the current point at the end and every point named in ``data``.

    ``data`` as :func:`compact_svg` writes it: absolute M, L, C, Q; relative m, l.
    """
    command, numbers, points = b"M", [], []
    current = start = (0, 0)

    def apply() -> None:
        nonlocal current, start
        if len(numbers) < 2:
            return
        pairs = [(numbers[i], numbers[i + 1]) for i in range(0, len(numbers) - 1, 2)]
        if command in b"ml":
            for dx, dy in pairs:
                current = (current[0] + dx, current[1] + dy)
                points.append(current)
        else:
            points.extend(pairs)
            current = pairs[-1]
        if command in b"Mm":
            start = points[-len(pairs)]

    for token in _DATA_TOKEN.findall(data):
        if token.isalpha():
            apply()
            command, numbers = token, []
            if token == b"z":
                current = start
        else:
            numbers.append(round(float(token) * 100))
    apply()
    return points[0], current, points


def _joined(datas: list[bytes]) -> bytes:
    """Path data drawing each of ``datas`` as a subpath, each one starting with a relative move."""
    out, end = [], None
    for data in datas:
        first, last, _ = _hundredth_points(data)
        head = re.match(rb"M[^MmLlCcQqz]*", data)
        if end is not None and head is not None:
            data = b"m" + _numbers([first[0] - end[0], first[1] - end[1]]) + data[head.end() :]
        out.append(data)
        end = last
    return b"".join(out)


def _declarations(style: bytes) -> list[bytes]:
    return [part for part in style.split(b"; ") if part]


def _width(style: bytes) -> int:
    found = re.search(rb"stroke-width: ([0-9.]+)", style)
    return round(float(found.group(1)) * 100) if found else 100


def _mergeable(style: bytes, datas: list[bytes]) -> bool:
    """Whether one path of ``datas`` as subpaths draws what the separate paths drew.

    Not if the paint is see-through (an overlap would be painted once, not twice); and, for
    filled paths, only if no two overlap (their windings could cancel, and a later fill could
    no longer cover an earlier stroke): their boxes, grown by the stroke, must be apart.
    """
    if len(datas) < 2 or _SEE_THROUGH.search(style):
        return False
    if b"fill: none" in style:
        return True
    grow = _width(style) if b"stroke:" in style and b"stroke: none" not in style else 0
    boxes = []
    for data in datas:
        xs, ys = zip(*_hundredth_points(data)[2], strict=True)
        boxes.append((min(xs) - grow, max(xs) + grow, min(ys) - grow, max(ys) + grow))
    boxes.sort()
    reach: list[tuple[int, int, int]] = []  # boxes whose x-span may still meet a later box
    for x0, x1, y0, y1 in boxes:
        reach = [box for box in reach if box[0] >= x0]
        if any(y0 <= b1 and b0 <= y1 for _, b0, b1 in reach):
            return False
        reach.append((x1, y0, y1))
    return True


def _merge_groups(svg: bytes) -> bytes:
    """A group of bare like paths as one path with the group's clip and style."""

    def merge(match: re.Match[bytes]) -> bytes:
        datas = _BARE_PATH.findall(match.group(4))
        if not _mergeable(match.group(3), datas):
            return match.group(0)
        return b'%s<path d="%s"%s/>\n' % (match.group(1), _joined(datas), match.group(2))

    return _GROUP_OF_PATHS.sub(merge, svg)


def _hoisted(indent: bytes, clip: bytes, lines: list[tuple[bytes, bytes]]) -> bytes:
    """Sibling paths under one clip: like ones merged, shared declarations on a group."""
    runs: list[tuple[bytes, list[bytes]]] = []
    for data, style in lines:
        if runs and runs[-1][0] == style:
            runs[-1][1].append(data)
        else:
            runs.append((style, [data]))
    paths = []
    for style, datas in runs:
        if _mergeable(style, datas):
            paths.append((style, [_joined(datas)]))
        else:
            paths.append((style, datas))
    flat = [(style, data) for style, datas in paths for data in datas]
    if len(flat) == 1:
        style, data = flat[0]
        return b'%s<path d="%s"%s style="%s"/>\n' % (indent, data, clip, style)
    declared = [_declarations(style) for style, _ in flat]
    shared = [
        part for part in declared[0]
        if not _OWN_ONLY.search(part) and all(part in parts for parts in declared[1:])
    ]  # fmt: skip
    if not shared and not clip:
        return b"".join(
            b'%s<path d="%s" style="%s"/>\n' % (indent, data, style) for style, data in flat
        )
    out = [b'%s<g%s style="%s">\n' % (indent, clip, b"; ".join(shared))]
    for parts, (_, data) in zip(declared, flat, strict=True):
        own = b"; ".join(part for part in parts if part not in shared)
        out.append(b'%s <path d="%s"%s/>\n' % (indent, data, own and b' style="%s"' % own))
    out.append(b"%s</g>\n" % indent)
    return b"".join(out)


def merged_svg(svg: bytes) -> bytes:
    """``svg`` with runs of like sibling paths drawn as fewer elements, the same to the pixel.

    A group of bare paths (``compact_svg``'s) becomes one path; then sibling paths under one
    clip (a time-coloured trajectory: one path a colour) share a group holding what their
    styles have in common, and neighbours of one style become one path where that draws the
    same (:func:`_mergeable`).
    """
    svg = _merge_groups(svg)
    out: list[bytes] = []
    run: list[re.Match[bytes]] = []

    def flush() -> None:
        if len(run) > 1:
            clip_found = _CLIP.match(run[0].group(3))
            clip = clip_found.group(0) if clip_found else b""
            lines = [(m.group(2), m.group(4)) for m in run]
            out.append(_hoisted(run[0].group(1), clip, lines))
        else:
            out.extend(m.group(0) for m in run)
        run.clear()

    def key(match: re.Match[bytes]) -> tuple[bytes, bytes]:
        found = _CLIP.match(match.group(3))
        return match.group(1), found.group(0) if found else b""

    position = 0
    for match in _PATH_LINE.finditer(svg):
        if match.start() != position or (run and key(match) != key(run[0])):
            flush()
            out.append(svg[position : match.start()])
        run.append(match)
        position = match.end()
    flush()
    out.append(svg[position:])
    return b"".join(out)
