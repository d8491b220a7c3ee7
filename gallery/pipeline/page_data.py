"""A page's large widget data moved out of its HTML into a script file beside it.

Stage: pipeline. Each widget's data sits in the ``data-json`` attribute of an empty ``<div
class="ig-data" hidden>`` (``gallery/site/embeds.py``). Inline, a large payload is part of
the page's first bytes: the network page's raster data (200 KB) made its HTML 280 KB, and no
text could be drawn before all of it arrived (first contentful paint 4.7 s on Lighthouse's
phone). A payload of :data:`INLINE_MAX` characters or more therefore leaves the HTML for
``ig-data.js`` in the page's folder, declared where the ``<div>`` was by ``<div hidden
data-ig-script="ig-data.js">``: ``main.js`` loads it with the page's widget bundles once the
page has loaded (after its first paint and first figures), and mounts no widget before they
have run; its ``readJson`` then finds the text in ``IzhGallery.data[id]``. A script, not a
``fetch``: the course pack opened from ``file://`` loads scripts but refuses fetches.

The explorer's controls go the same way: one ``<template data-controls>`` a preset (100 KB of
the page's 120 KB) becomes ``IzhGallery.markup[id]``, and an empty ``<template
data-external="ID">`` stands where they were (``explorer.js`` parses the markup when it mounts).

The stand-alone embeds (no Material) keep their data inline: an embed is one file.
"""

from __future__ import annotations

import html
import re

from gallery.site.data_scripts import data_script

INLINE_MAX = 8 * 1024
"""Payloads at least this long (in the page's escaped form) move to the page's script file."""

DATA_SCRIPT = "ig-data.js"
"""The script file beside a page's ``index.html`` that holds its large payloads."""


def script_name(page_file: str) -> str:
    """The data script beside the page file ``page_file``, named after it but for ``index.html``.

    ``ig-data.js`` beside an ``index.html`` (the site), ``<name>.ig-data.js`` beside any other
    page: the course pack's ``network.html`` and ``atlas.html`` share one folder, where one name
    would hold only the last page's data.
    """
    return (
        DATA_SCRIPT
        if page_file == "index.html"
        else f"{page_file.removesuffix('.html')}.{DATA_SCRIPT}"
    )


_PAYLOAD = re.compile(r'<div class="ig-data" id="([^"]+)" hidden data-json="([^"]*)"></div>')
_TEMPLATES = re.compile(r'(?:<template data-controls="[^"]*">.*?</template>\n?)+', re.S)
_MATERIAL_PAGE = 'id="__config"'  # Material's config script: a themed page, not an embed


def externalise_payloads(page: str, script: str = DATA_SCRIPT) -> tuple[str, bytes | None]:
    """``page`` with its large payloads replaced by a tag of ``script``, and the script's bytes.

    The script is None when nothing moved. Each moved payload keeps an empty ``ig-data``
    element with its id (``data-external``), so what reads the page still finds where the
    data belong.
    """
    if _MATERIAL_PAGE not in page:
        return page, None
    moved: list[tuple[str, str]] = []
    markup: list[tuple[str, str]] = []
    placeholders: list[str] = []

    def move_templates(match: re.Match) -> str:
        if len(match.group(0)) < INLINE_MAX:
            return match.group(0)
        ident = f"ig-templates-{len(markup) + 1}"
        markup.append((ident, match.group(0)))
        placeholders.append(f'<template data-external="{ident}"></template>')
        return placeholders[-1]

    def move(match: re.Match) -> str:
        ident, escaped = match.group(1), match.group(2)
        if len(escaped) < INLINE_MAX:
            return match.group(0)
        moved.append((ident, html.unescape(escaped)))
        placeholders.append(
            f'<div class="ig-data" id="{ident}" hidden data-external="{script}"></div>'
        )
        return placeholders[-1]

    page = _PAYLOAD.sub(move, _TEMPLATES.sub(move_templates, page))
    if not placeholders:
        return page, None
    # the script tag once, in the content (where Material's instant navigation re-runs it),
    # before the first element whose data it holds
    at = min(page.index(placeholder) for placeholder in placeholders)
    page = page[:at] + f'<div hidden data-ig-script="{script}"></div>' + page[at:]
    return page, data_script(moved, markup)
