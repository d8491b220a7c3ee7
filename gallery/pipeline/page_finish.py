"""The last touches to each page mkdocs wrote: unused stylesheets and indentation out.

Stage: pipeline. mkdocs links every ``extra_css`` file (and mkdocstrings its own) from every
page: KaTeX's CSS (22 KB) is needed only where the build typeset math, mkdocstrings' only on
the API pages. Material's instant navigation compares the ``<head>`` of the page it swaps in
with the current one and adds or removes the links that differ, so a stylesheet linked only
by the pages that use it arrives with them. Material's templates indent every line (a fifth
of a page's bytes); the indentation goes, except inside ``<pre>``, ``<textarea>`` and
``<script>``, where it is content.
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


def finish_page(page: str) -> str:
    """Both touches: :func:`prune_styles`, then :func:`strip_indentation`."""
    return strip_indentation(prune_styles(page))
