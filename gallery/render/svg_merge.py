"""Like SVG paths drawn as fewer elements, the same drawing subpath for subpath.

Stage: render (no matplotlib: bytes in, bytes out). :func:`merged_svg` runs on the themed file
(:func:`~gallery.render.svg_theme.themed_svg`), where each light colour names one dark colour,
so paths that look alike in one palette do in both. It reads path data as
:func:`~gallery.render.svg_compact.compact_svg` writes it.
"""

from __future__ import annotations

import re

from gallery.render.svg_compact import OWN_ONLY, PATH_LINE, path_numbers

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
            data = b"m" + path_numbers([first[0] - end[0], first[1] - end[1]]) + data[head.end() :]
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
        if not OWN_ONLY.search(part) and all(part in parts for parts in declared[1:])
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
    for match in PATH_LINE.finditer(svg):
        if match.start() != position or (run and key(match) != key(run[0])):
            flush()
            out.append(svg[position : match.start()])
        run.append(match)
        position = match.end()
    flush()
    out.append(svg[position:])
    return b"".join(out)
