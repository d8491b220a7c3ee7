"""Embeds and the explorer: chrome-less HTML pages and the explorer's Markdown page.

Stage: site (imports only the widget controls). Pure functions returning strings; writes
nothing. The widget payloads (``export.payload``) travel inside the pages as JSON in the
``data-json`` attribute of an empty ``<div class="ig-data" hidden>``, so the pages work on static
hosting, inside an iframe and from ``file://``. Not a ``<script type="application/json">``:
Material's instant navigation re-creates every inline script of the page it swaps in with only
its text (no ``type``, no ``id``), so a JSON block would run as JavaScript and vanish.

Embed pages load only the site's own files (relative to ``asset_prefix``) under a strict
Content-Security-Policy, read their state from the query string (validated in the browser by
``widgets.js``), and post their height to the parent page, where ``HOST_SCRIPT_PATH`` resizes
the iframe.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from gallery.site.bundles import EMBED_BASE
from gallery.site.controls import widget_controls

Environment = jinja2.Environment
"""The environment type, for callers outside site/ (only site/ imports jinja2)."""

HOST_SCRIPT_PATH = "js/host.js"
"""The host script (site-relative): include it on a page that embeds our iframes."""

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'"
)
"""Content-Security-Policy of the embed pages: only the site's own scripts and styles."""

_WIDGET_SCRIPTS = (EMBED_BASE.path, "js/bundles/sim.js", "js/bundles/preset.js")
"""The preset widget's scripts (gallery/site/bundles.py), before the embed's own."""


def environment(templates: Path) -> jinja2.Environment:
    """The jinja2 environment of the embeds: HTML templates autoescaped, strict."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(["html.j2"], default=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def inline_json(data: Any) -> str:
    """Deterministic JSON for a page's ``data-json`` attribute (templates escape it with ``e``).

    ``<``, ``>`` and ``&`` are written as JSON unicode escapes (still valid JSON), so the text
    is inert in any HTML context: no markup, no character reference.
    """
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def embed_page(
    env: jinja2.Environment, preset_payload: dict[str, Any], *, asset_prefix: str = "../"
) -> str:
    """The standalone page ``embed/<slug>.html`` of one preset's widget.

    Parameters
    ----------
    env
        The environment of :func:`environment`.
    preset_payload
        The preset's widget payload (``export.payload``).
    asset_prefix
        Relative path from the embed page to the site root.

    Returns
    -------
    str
        A complete HTML document, byte-identical for the same input.
    """
    preset = preset_payload["preset"]
    return _render(
        env,
        kind="preset",
        preset=preset,
        count=1,
        page_link=f"{asset_prefix}presets/{preset['slug']}/",
        data_attr="data-payload",
        data_id=f"ig-payload-{preset['slug']}",
        data=preset_payload,
        controls=[widget_controls(preset)],
        scripts=(*_WIDGET_SCRIPTS, "js/embed.js"),
        prefix=asset_prefix,
    )


def explorer_embed_page(
    env: jinja2.Environment, payloads: list[dict[str, Any]], *, asset_prefix: str = "../"
) -> str:
    """The standalone page ``embed/explorer.html``: every preset, two side by side.

    Parameters
    ----------
    env
        The environment of :func:`environment`.
    payloads
        Widget payloads of the presets, in catalogue order.
    asset_prefix
        Relative path from the embed page to the site root.

    Returns
    -------
    str
        A complete HTML document, byte-identical for the same input.
    """
    return _render(
        env,
        kind="explorer",
        preset=None,
        count=len(payloads),
        page_link=f"{asset_prefix}explorer/",
        data_attr="data-payloads",
        data_id="ig-explorer-payloads",
        data=payloads,
        controls=[widget_controls(p["preset"]) for p in payloads],
        scripts=(*_WIDGET_SCRIPTS, "js/bundles/explorer.js", "js/embed.js"),
        prefix=asset_prefix,
    )


def explorer_markdown(env: jinja2.Environment, payloads: list[dict[str, Any]]) -> str:
    """The site's Markdown page ``explorer.md`` (title "Explorer"), payloads inlined.

    Parameters
    ----------
    env
        The environment of :func:`environment`.
    payloads
        Widget payloads of the presets, in catalogue order.

    Returns
    -------
    str
        Markdown for MkDocs; the widget is mounted by ``main.js`` with ``explorer.js``.
    """
    template = env.get_template("explorer.md.j2")
    controls = [widget_controls(p["preset"]) for p in payloads]
    return template.render(payloads_json=inline_json(payloads), controls=controls)


def _render(env: jinja2.Environment, *, data: Any, **fields: Any) -> str:
    template = env.get_template("embed.html.j2")
    # data_json is autoescaped into the data-json attribute (its quotes become &#34;)
    return template.render(csp=Markup(CSP), data_json=inline_json(data), **fields)
