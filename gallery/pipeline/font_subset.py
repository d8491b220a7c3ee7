"""KaTeX's fonts cut down to the characters that the site's math shows.

Stage: pipeline (I/O on a built site folder). KaTeX ships each of its 20 fonts whole: every
glyph of every alphabet it can typeset. A page with math fetches three or four of them before
its formulas can be drawn in them, and they are ``font-display: optional`` (a font that comes
late is not used on that page view), so on a phone's connection each of their bytes is a
chance that the math is shown in a fallback font. Once every page is typeset, the characters
inside the site's formulas are known: each font keeps those and nothing else, with its hinting
and layout tables, so what it draws is unchanged.

The characters are taken from everything inside KaTeX's markup (its HTML, its MathML and the
TeX annotation), a superset of what it draws, plus the digits and parentheses that KaTeX's
stylesheet writes itself (equation numbers). The live server (``build.py --serve``) ships the
fonts whole, so a formula an instructor is writing is drawn in them before the build sees it.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Iterable
from pathlib import Path

FONTS = "vendor/katex/fonts"
"""Where the vendored KaTeX fonts are (site-relative)."""
ALWAYS = frozenset(" 0123456789()")
"""Characters kept in every font: KaTeX's stylesheet draws equation numbers as ``(n)``."""
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)([^>]*?)(/?)>")
_KATEX = re.compile(r'<span class="katex[ "]')
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})  # fmt: skip


def _math_text(page: str) -> set[str]:
    """The characters of the text inside every element whose class list holds ``katex``.

    KaTeX's markup holds no comments, scripts or CDATA, so its text is what lies between its
    tags; from each outermost ``katex`` element's start tag to its end tag.
    """
    found: set[str] = set()
    position = 0
    while (start := _KATEX.search(page, position)) is not None:
        depth, text_from = 0, start.start()
        for tag in _TAG.finditer(page, start.start()):
            if depth:
                found.update(html.unescape(page[text_from : tag.start()]))
            closing, name, _, empty = tag.groups()
            if closing:
                depth -= 1
            elif not empty and name.lower() not in _VOID:
                depth += 1
            text_from = tag.end()
            if depth == 0:
                break
        position = text_from
    return found


def math_characters(pages: Iterable[str]) -> frozenset[str]:
    """Every character inside KaTeX's markup in ``pages`` (HTML texts), and :data:`ALWAYS`."""
    found: set[str] = set(ALWAYS)
    for page in pages:
        found |= _math_text(page)
    return frozenset(found)


def subset_font(data: bytes, characters: Iterable[str]) -> bytes:
    """The woff2 font ``data`` with only the glyphs of ``characters`` (and what they need)."""
    from fontTools import subset  # the build's only use of fontTools beyond matplotlib's
    from fontTools.ttLib import TTFont

    # KaTeX's fonts date themselves at the epoch; fontTools warns of it on every load
    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # KaTeX's kerning and ligatures, as they were
    options.name_IDs = ["*"]  # the font's names and licence notice, whole
    options.notdef_outline = True
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # byte-identical rebuilds
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def subset_site_fonts(site: Path) -> int:
    """Subset the KaTeX fonts of ``site`` in place to the characters of its math: bytes freed."""
    fonts = sorted((site / FONTS).glob("*.woff2"))
    if not fonts:
        return 0
    pages = (p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*.html")))
    characters = math_characters(pages)
    freed = 0
    for path in fonts:
        data = path.read_bytes()
        smaller = subset_font(data, characters)
        if len(smaller) < len(data):
            path.write_bytes(smaller)
            freed += len(data) - len(smaller)
    return freed
