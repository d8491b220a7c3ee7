"""The last touches to each page mkdocs wrote: unused stylesheets out, math fonts and sizes in.

Stage: pipeline. mkdocs links every ``extra_css`` file (and mkdocstrings its own) from every
page: KaTeX's CSS (22 KB) is needed only where the build typeset math, mkdocstrings' only on
the API pages. Material's instant navigation compares the ``<head>`` of the page it swaps in
with the current one and adds or removes the links that differ, so a stylesheet linked only
by the pages that use it arrives with them. Material's templates indent every line (a fifth
of a page's bytes); the indentation goes, except inside ``<pre>``, ``<textarea>`` and
``<script>``, where it is content. Each ``<img>`` of a figure the site ships gets the figure's
``width`` and ``height``: the browser reserves its shape before the file arrives (most images
are lazy), so the text below does not move when it does (layout shift, issue 19); a page with math
preloads its two main KaTeX fonts, for the same reason (:func:`preload_math_fonts`). The
scripts at the foot of the body are deferred, so that the text is drawn before they run
(:func:`defer_scripts`).
"""

from __future__ import annotations

import json
import re
import struct
from functools import lru_cache
from pathlib import Path

CONDITIONAL = {
    "vendor/katex/katex.min.css": 'class="katex',
    "assets/_mkdocstrings.css": 'class="doc doc-',
}
"""Site-relative stylesheet: the string of a page's body that shows the page uses it."""

_LINK = re.compile(r'[ \t]*<link rel="stylesheet" href="(?:\.\./|\./)*([^"]+)">\n?')


def prune_styles(page: str) -> str:
    """``page`` (an HTML document) without the conditional stylesheets its body does not use."""
    head, sep, body = page.partition("<body")

    def keep(match: re.Match) -> str:
        marker = CONDITIONAL.get(match.group(1))
        return match.group(0) if marker is None or marker in body else ""

    return _LINK.sub(keep, head) + sep + body if sep else page


MATH_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")
"""The fonts of nearly every formula (upright and italic letters), preloaded where math is."""
_KATEX_LINK = re.compile(
    r'<link rel="stylesheet" href="((?:\.\./|\./)*vendor/katex/)katex\.min\.css">'
)


def preload_math_fonts(page: str) -> str:
    """``page`` asking for :data:`MATH_FONTS` before KaTeX's stylesheet, if it links it.

    KaTeX's fonts are ``font-display: optional`` (``scripts/vendor_assets.py``): a font that
    is late for the first layout is not used, so the math never re-flows the text around it.
    A font arriving just after that layout would still be swapped in: preloaded with the
    stylesheets, before anything is drawn, they are there in time. The ``<link
    rel=preload>`` elements are written by a line of script, over HTTP only: a font preload
    is a CORS request, which Chromium refuses from ``file://`` (the course pack, opened from
    disk), where the stylesheet's own font loads work.
    """

    def preload(match: re.Match) -> str:
        fonts = json.dumps([f"{match[1]}fonts/{font}" for font in MATH_FONTS])
        script = (
            f'<script>if (location.protocol !== "file:") {{ {fonts}.forEach(function (href) {{ '
            'var l = document.createElement("link"); l.rel = "preload"; l.as = "font"; '
            'l.type = "font/woff2"; l.crossOrigin = ""; l.href = href; '
            "document.head.appendChild(l); }); }</script>\n"
        )
        return script + match[0]

    return _KATEX_LINK.sub(preload, page, count=1)


_KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S)
_INDENT = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def strip_indentation(page: str) -> str:
    """``page`` with each run of line breaks and indentation as one line break.

    Between tags and words a line break renders as the spaces it replaces (HTML collapses
    white space), so the page looks the same.
    """
    parts = _KEEP.split(page)
    # split with two groups: [text, kept, tag name, text, kept, tag name, ...]
    out = []
    for i in range(0, len(parts), 3):
        out.append(_INDENT.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"#?:]+)(?:[#?][^"]*)?"')
_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_LENGTH = re.compile(r'\s(width|height)="([0-9.]+)(pt|px)?"')
_VIEWBOX = re.compile(r'\sviewBox="[-0-9.]+[ ,]+[-0-9.]+[ ,]+([0-9.]+)[ ,]+([0-9.]+)"')
_PX_PER_UNIT = {"pt": 4 / 3, "px": 1.0, None: 1.0}


@lru_cache(maxsize=4096)
def image_size(path: Path, mtime_ns: int) -> tuple[int, int] | None:
    """A figure's size in CSS px, or None if it is neither an SVG nor a PNG.

    An SVG's root ``width`` and ``height`` (else its ``viewBox``), a PNG's header. ``mtime_ns``
    keys the cache (``--serve`` rewrites files).
    """
    del mtime_ns
    with path.open("rb") as f:
        head = f.read(4096)
    if path.suffix == ".png" and head[:8] == b"\x89PNG\r\n\x1a\n":
        width, height = struct.unpack(">II", head[16:24])
        return (width, height) if width and height else None
    root = _SVG_ROOT.search(head.decode("utf-8", "replace")) if path.suffix == ".svg" else None
    if root is None:
        return None
    found = {m[1]: float(m[2]) * _PX_PER_UNIT[m[3]] for m in _LENGTH.finditer(root[0])}
    if "width" not in found or "height" not in found:
        box = _VIEWBOX.search(root[0])
        if box is None:
            return None
        found = {"width": float(box[1]), "height": float(box[2])}
    width, height = round(found["width"]), round(found["height"])
    return (width, height) if width > 0 and height > 0 else None


def size_images(page: str, folder: Path) -> str:
    """``page`` with ``width`` and ``height`` on each ``<img>`` that has neither.

    The size is read from the file its relative ``src`` names under ``folder`` (the page file's
    folder). The stylesheets scale every figure to its column (``max-width: 100%; height:
    auto``): the attributes give the shape only.
    """

    def sized(match: re.Match) -> str:
        tag = match.group(0)
        src = _SRC.search(tag)
        if src is None or re.search(r"\s(width|height)=", tag) or src[1].startswith("/"):
            return tag
        path = folder / src[1]
        if not path.is_file():
            return tag
        size = image_size(path, path.stat().st_mtime_ns)
        if size is None:
            return tag
        end = -2 if tag.endswith("/>") else -1
        return f'{tag[:end].rstrip()} width="{size[0]}" height="{size[1]}"{tag[end:]}'

    return _IMG.sub(sized, page)


_BODY_SCRIPT = re.compile(
    r'<script src="((?:\.\./|\./)*(?:assets/javascripts/bundle\.[0-9a-f]+\.min\.js|js/bundles/'
    r'core\.js))"></script>'
)


def defer_scripts(page: str) -> str:
    """``page`` with the theme's bundle and the site's core bundle deferred.

    At the foot of the body they still ran before the first paint whenever they had arrived
    (as on a fast network, and so in the trace Lighthouse's phone is simulated from), and the
    theme's first act reads the scroll position, which lays the whole page out inside that
    script: the network page's text waited 0.8 s of a 4x slower CPU for it. Deferred, they run
    in the same order once the page is parsed, still before DOMContentLoaded (which the theme
    waits for) and before the load event (after which ``main.js`` loads the widgets' bundles).
    """
    return _BODY_SCRIPT.sub(r'<script defer src="\1"></script>', page)


def finish_page(page: str, folder: Path | None = None) -> str:
    """The touches: prune styles, strip indentation, preload math fonts, defer, size images.

    Images are sized only with ``folder``, the page file's folder.
    """
    page = defer_scripts(preload_math_fonts(strip_indentation(prune_styles(page))))
    return size_images(page, folder) if folder is not None else page
