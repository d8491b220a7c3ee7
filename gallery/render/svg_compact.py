"""SVG path data no longer than the drawn size needs, and embedded rasters in a palette.

Stage: render (no matplotlib: bytes in, bytes out). :func:`compact_svg` writes path data in
hundredths of a pt with relative line steps, drops the points of a polyline that lie within
0.1 pt of the straight piece drawn in their place (turning points such as a spike's peak stay
exact; matplotlib simplifies lines but not collections), and puts runs of like paths in one
group: far below a pixel at any size the figure is drawn. An embedded PNG of at most 256
colours (a raster of dots) is rewritten with a palette, pixel for pixel the same.
"""

from __future__ import annotations

import base64
import io
import re

import numpy as np
from PIL import Image

IMAGE_DATA = re.compile(rb'base64,([^"]*)"')

_PATH_DATA = re.compile(rb'(\sd=")([^"]*)(")')
_NUMBER_ATTRIBUTE = re.compile(rb'(\s(?:x|y|width|height)=")(-?[0-9.]+)(")')
_NUMBER = re.compile(rb"-?[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?")
_COMMAND = re.compile(rb"([MLCQz])([^MLCQz]*)")
PATH_LINE = re.compile(
    rb'^( *)<path d="([^"]*)"((?: clip-path="[^"]*")? style="([^"]*)")/>\n', re.MULTILINE
)
# not the same on a group: opacity, masks and filters composite the group as a whole, and
# matplotlib's own rule *{stroke-linejoin; stroke-linecap} outranks what a path would inherit
OWN_ONLY = re.compile(rb"(?<![-\w])(?:opacity|mask|filter|stroke-linecap|stroke-linejoin)\b")
THIN = 10  # hundredths of a pt: how far a dropped point may lie from the line drawn instead
WINDOW = 48  # points one straight piece may replace (bounds the work on long flat stretches)


def _hundredths(value: int) -> bytes:
    """``value``/100 as short as SVG allows (``-.05``, ``3``, ``12.5``)."""
    sign, value = (b"-", -value) if value < 0 else (b"", value)
    whole, part = divmod(value, 100)
    text = (b"%d" % whole if whole else b"") + (b".%02d" % part).rstrip(b"0").rstrip(b".")
    return sign + (text or b"0")


def path_numbers(values: list[int]) -> bytes:
    """Hundredths of a pt as path data numbers, a space only where no minus sign parts them."""
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
                out.append(b"l" + path_numbers([point[0] - current[0], point[1] - current[1]]))
                current = point
            continue
        index += 1
        if command == b"z":
            out.append(b"z")
            current = start
            continue
        out.append(command + path_numbers(numbers))
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
    for match in PATH_LINE.finditer(svg):
        if match.start() != position or (run and match.group(3) != run[0].group(3)):
            flush()
            out.append(svg[position : match.start()])
        if OWN_ONLY.search(match.group(4)):
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
    # each RGBA pixel as one big-endian word: sorting the words sorts the colours as rows (the
    # palette's order); np.unique(axis=0) sorted the rows as records, 0.3 s a network figure
    words = np.ascontiguousarray(pixels).reshape(-1, 4).view(">u4").ravel().astype(np.uint32)
    packed, index = np.unique(words, return_inverse=True)
    if len(packed) > 256:
        return match.group(0)
    colours = packed.astype(">u4").view(np.uint8).reshape(-1, 4)
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
    svg = IMAGE_DATA.sub(_palette_png, svg)
    svg = _PATH_DATA.sub(lambda m: m.group(1) + _path_data(m.group(2)) + m.group(3), svg)
    svg = _NUMBER_ATTRIBUTE.sub(
        lambda m: m.group(1) + _hundredths(round(float(m.group(2)) * 100)) + m.group(3), svg
    )
    return _group_runs(svg)
