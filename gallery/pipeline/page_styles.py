"""Stylesheets a page does not use, dropped from its ``<head>`` after mkdocs wrote it.

Stage: pipeline. mkdocs links every ``extra_css`` file (and mkdocstrings its own) from every
page: KaTeX's CSS (22 KB) is needed only where the build typeset math, mkdocstrings' only on
the API pages. Material's instant navigation compares the ``<head>`` of the page it swaps in
with the current one and adds or removes the links that differ, so a stylesheet linked only
by the pages that use it arrives with them.
"""

from __future__ import annotations

import re

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
