"""A finished SVG without the markup that draws nothing.

Stage: render (no matplotlib: bytes in, bytes out). Matplotlib writes one element per line,
indented by depth, wraps every tick, label and patch in a ``<g>`` that only carries an id
(``xtick_3``, ``line2d_12``, ``text_7``) and rotates every label by ``-0`` degrees: a fifth to a
third of a figure's bytes. :func:`tidy_svg` runs last, on the themed file
(:func:`~gallery.render.svg_theme.themed_svg`, whose steps read matplotlib's lines), and drops

- the whitespace between elements, except inside ``<text>`` (where it could be drawn);
- matplotlib's generated ids of groups (``name_N``) that nothing references, keeping
  ``figure_1`` (the palettes' stylesheet selects its siblings) and every id we gave;
- a group left with no attributes, keeping what it holds (it drew nothing of its own);
- ``transform="rotate(-0 x y)"``, the identity.

So what any SVG reader draws, and every id a page, a stylesheet or a test can name, is unchanged.
"""

from __future__ import annotations

import re

_ROTATE_ZERO = re.compile(rb' transform="rotate\(-?0 -?[0-9.]+ -?[0-9.]+\)"')
_GENERATED_ID = re.compile(rb'<g id="((?!figure_)[A-Za-z][\w.]*_[0-9]+)"')
_REFERENCE = re.compile(rb'(?:url\(#|href="#)([^")]+)')
_TOKEN = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^>]*>|<(/?)([A-Za-z][\w:.-]*)([^>]*?)(/?)>",
    re.S,
)


def _without_generated_ids(svg: bytes) -> bytes:
    referenced = set(_REFERENCE.findall(svg))
    return _GENERATED_ID.sub(
        lambda m: m.group(0) if m.group(1) in referenced else b"<g", svg
    )  # fmt: skip


def tidy_svg(svg: bytes) -> bytes:
    """``svg`` drawn the same, with matplotlib's layout whitespace and empty wrappers gone."""
    svg = _without_generated_ids(_ROTATE_ZERO.sub(b"", svg))
    out: list[bytes] = []
    bare: list[bool] = []  # per open element: a <g> without attributes (its tags are dropped)
    in_text = 0
    position = 0
    for token in _TOKEN.finditer(svg):
        between = svg[position : token.start()]
        if in_text or between.strip():
            out.append(between)
        position = token.end()
        closing, name, attributes, empty = token.groups()
        if name is None or empty:  # a comment, declaration or self-closed element
            out.append(token.group(0))
        elif closing:
            in_text -= name == b"text"
            if not bare.pop():
                out.append(token.group(0))
        else:
            in_text += name == b"text"
            bare.append(name == b"g" and not attributes.strip())
            if not bare[-1]:
                out.append(token.group(0))
    out.append(svg[position:])
    return b"".join(out)
