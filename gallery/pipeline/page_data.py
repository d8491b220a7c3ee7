"""A page's large widget data moved out of its HTML into a script file beside it.

Stage: pipeline. Each widget's data sits in the ``data-json`` attribute of an empty ``<div
class="ig-data" hidden>`` (``gallery/site/embeds.py``). Inline, a large payload is part of
the page's first bytes: the network page's raster data (200 KB) made its HTML 280 KB, and no
text could be drawn before all of it arrived (first contentful paint 4.7 s on Lighthouse's
phone). A payload of :data:`INLINE_MAX` characters or more therefore leaves the HTML for
``ig-data.js`` in the page's folder, loaded by a ``<script defer>`` written where the
``<div>`` was: it downloads beside the figures, after the page can paint, and runs before the
widgets mount (defer scripts run in document order, before ``DOMContentLoaded``; Material's
instant navigation re-creates the content's scripts and loads each before its ``document$``
fires). ``main.js``'s ``readJson`` finds the text in ``IzhGallery.data[id]``. A script, not
a ``fetch``: the course pack opened from ``file://`` loads scripts but refuses fetches.

The stand-alone embeds (no Material) keep their data inline: an embed is one file.
"""

from __future__ import annotations

import html
import json
import re

INLINE_MAX = 8 * 1024
"""Payloads at least this long (in the page's escaped form) move to the page's script file."""

DATA_SCRIPT = "ig-data.js"
"""The script file beside a page's ``index.html`` that holds its large payloads."""

_PAYLOAD = re.compile(r'<div class="ig-data" id="([^"]+)" hidden data-json="([^"]*)"></div>')
_MATERIAL_PAGE = 'id="__config"'  # Material's config script: a themed page, not an embed


def externalise_payloads(page: str) -> tuple[str, bytes | None]:
    """``page`` with its large payloads replaced by a script tag, and the script's bytes.

    The script is None when nothing moved. Each moved payload keeps an empty ``ig-data``
    element with its id (``data-external``), so what reads the page still finds where the
    data belong.
    """
    if _MATERIAL_PAGE not in page:
        return page, None
    moved: list[tuple[str, str]] = []

    def move(match: re.Match) -> str:
        ident, escaped = match.group(1), match.group(2)
        if len(escaped) < INLINE_MAX:
            return match.group(0)
        moved.append((ident, html.unescape(escaped)))
        tag = f'<div class="ig-data" id="{ident}" hidden data-external="{DATA_SCRIPT}"></div>'
        script = f'<script src="{DATA_SCRIPT}" defer></script>' if len(moved) == 1 else ""
        return tag + script

    page = _PAYLOAD.sub(move, page)
    if not moved:
        return page, None
    # the JSON text as a JS string literal (ASCII-only, so U+2028 and the like are escaped):
    # main.js parses it afresh for every mount, as it does an attribute's text
    lines = [
        "var IzhGallery = window.IzhGallery = window.IzhGallery || {};",
        "IzhGallery.data = IzhGallery.data || {};",
        *(f"IzhGallery.data[{json.dumps(i)}] = {json.dumps(text)};" for i, text in moved),
    ]
    return page, ("\n".join(lines) + "\n").encode("ascii")
