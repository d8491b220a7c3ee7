"""The site's scripts and styles as a few bundles, each page loading only the ones it needs.

Stage: site (no imports from the gallery). Every page loads ``core`` (the shared constants and
``main.js``, which mounts whatever widgets the page has) and our one stylesheet; a page with a
widget also loads the bundles its kind needs: the theme override
(``site_src/overrides/main.html``) declares them in the page's content (``<div hidden
data-ig-script>``) when the page's HTML holds a bundle's marker, and ``page-scripts.js`` loads
them once the window has loaded, so they never delay the first paint; instant navigation
brings the declarations with the page it swaps in, and ``main.js`` mounts when they have run.
A bundle runs its body once per document, so a second visit to a page kind defines nothing twice.

Bundles are the sources concatenated in order with their comments and indentation stripped
(:func:`strip_js`); the source files stay in the site too, for the embeds and the tests.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Bundle:
    """One script bundle: its name (``js/bundles/<name>.js``), sources, and who loads it.

    ``markers`` are strings of a page's HTML that ask for it (any one suffices); a bundle with
    none is loaded by every page (``mkdocs.yml``'s ``extra_javascript``).
    """

    name: str
    files: tuple[str, ...]
    markers: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """Where the bundle lives in the docs folder (site-relative)."""
        return f"js/bundles/{self.name}.js"


def _widgets(*kinds: str) -> tuple[str, ...]:
    return tuple(f'data-widget="{kind}"' for kind in kinds)


BUNDLES = (
    # every page; the pieces all widgets share are here (6 KB), so that the network raster
    # needs no simulation bundle and a preset page no extra request
    Bundle(
        "core",
        (
            "js/constants.js",
            "js/phase-math.js",
            "js/widgets.js",
            "js/mount-queue.js",
            "js/page-scripts.js",
            "js/main.js",
        ),
    ),  # fmt: skip
    # the simulation and uPlot (minified already), for the widgets that simulate
    Bundle(
        "sim",
        ("vendor/uplot/uPlot.iife.min.js", "js/model.js", "js/model-reference.js"),
        _widgets("preset", "explorer", "compare", "cell"),
    ),
    Bundle(
        "preset",
        (
            "js/phase-draw.js",
            "js/phase-plot.js",
            "js/trace-plots.js",
            "js/widget-parts.js",
            "js/plot-text.js",
            "js/preset-widget.js",
        ),
        _widgets("preset", "explorer", "cell"),
    ),  # fmt: skip
    Bundle("explorer", ("js/explorer.js",), _widgets("explorer")),
    Bundle("compare", ("js/compare.js",), _widgets("compare")),
    Bundle(
        "raster", ("js/spectrum-plot.js", "js/raster-data.js", "js/raster.js"), _widgets("raster")
    ),
    # the atlas page's widget, and the lesson cells that show it (their view is in atlas-view.js,
    # so it comes before the cell bundle: instant navigation runs the scripts in this order)
    Bundle(
        "atlas",
        ("js/atlas-core.js", "js/atlas-view.js", "js/atlas.js"),
        (*_widgets("atlas"), 'data-view="atlas"'),
    ),
    Bundle(
        "cell",
        (
            "js/cell-math.js",
            "js/cell-plot.js",
            "js/cell-trace.js",
            "js/cell-phase.js",
            "js/cell-nullclines.js",
            "js/cell-fi.js",
            "js/cell-reset-map.js",
            "js/cell-bifurcation.js",
            "js/fixed-point.js",
            "js/cell-fixed-point.js",
            "js/cell.js",
        ),
        _widgets("cell"),
    ),  # fmt: skip
    Bundle("exercises", ("js/exercises.js",), ('class="ig-exercise',)),
)

EMBED_BASE = Bundle("embed-base", ("js/constants.js", "js/phase-math.js", "js/widgets.js"))
"""What an embed page (``embed/*.html``) loads before the widget bundles: the part of ``core``
that the widgets need, without ``main.js`` (an embed mounts its one widget itself)."""

STYLES = (
    "vendor/uplot/uPlot.min.css",
    "css/gallery.css",
    "css/widgets.css",
    "css/exercises.css",
    "css/cells.css",
)
"""Our stylesheets, in cascade order, concatenated into :data:`STYLE_PATH`."""
STYLE_PATH = "css/site.css"

# One lexer pass over JavaScript: strings, template literals and comments, each whole; a
# slash is a regular expression where a value cannot end before it (see _regex_allowed).
_TOKEN = re.compile(
    r"""(?P<comment>//[^\n]*|/\*.*?\*/)
      | (?P<string>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)
      | (?P<slash>/)
      | (?P<word>[A-Za-z0-9_$.]+)
      | (?P<space>\s+)
      | (?P<other>.)""",
    re.S | re.X,
)
_REGEX_TOKEN = "/regex/"  # what a regular expression counts as, for the next slash
_REGEX = re.compile(r"/(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+/[a-z]*")
# after these words a slash starts a regular expression; after any other word, a division
_REGEX_AFTER = {"return", "typeof", "case", "in", "of", "new", "delete", "void", "throw", "else"}


def _regex_allowed(previous: str) -> bool:
    """Whether a ``/`` after the token ``previous`` starts a regular expression literal."""
    if previous in _REGEX_AFTER or not previous:
        return True
    if previous == _REGEX_TOKEN or previous[-1] in ")]}\"'`":
        return False
    return not re.fullmatch(r"[A-Za-z0-9_$.]+", previous)  # not after a name or a number


def strip_js(source: str) -> str:
    """``source`` without comments, indentation and blank lines; tokens and line breaks kept.

    Line breaks stay so that automatic semicolon insertion reads the code as before; strings,
    template literals and regular expressions are copied whole. ``tests/test_bundles.py``
    checks with a real JavaScript parser that every bundle's tokens equal its sources'.
    """
    out: list[str] = []
    previous = ""
    pos = 0
    while pos < len(source):
        if source[pos] == "/" and _regex_allowed(previous):
            regex = _REGEX.match(source, pos)
            if regex and not source.startswith(("//", "/*"), pos):
                out.append(regex.group(0))
                previous, pos = _REGEX_TOKEN, regex.end()
                continue
        m = _TOKEN.match(source, pos)
        kind, text = m.lastgroup, m.group(0)
        pos = m.end()
        if kind == "comment":
            out.append("\n" if text.startswith("//") or "\n" in text else " ")
            continue
        out.append(text)
        if kind != "space":
            previous = text
    lines = (line.strip() for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


_CSS_TOKEN = re.compile(r"""(/\*.*?\*/)|("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')""", re.S)


def strip_css(source: str) -> str:
    """``source`` without comments, indentation and blank lines (strings copied whole)."""
    text = _CSS_TOKEN.sub(lambda m: "" if m.group(1) else m.group(2), source)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def _once(name: str, body: str) -> str:
    """``body`` run once per document: a re-created script (instant navigation) does nothing.

    A block, not a function: the vendored uPlot declares its global with a top-level ``var``.
    Having run, the bundle asks ``main.js`` to mount again: instant navigation loads a page's
    bundles as async scripts, in whatever order they arrive, so a widget whose module came
    late is mounted then.
    """
    flag = f"window.IzhGallery.bundles[{json.dumps(name)}]"
    return (
        "window.IzhGallery = window.IzhGallery || {};\n"
        "window.IzhGallery.bundles = window.IzhGallery.bundles || {};\n"
        f"if (!{flag}) {{\n{flag} = true;\n{body}"
        "if (window.IzhGallery.mountAll) { window.IzhGallery.mountAll(); }\n}\n"
    )


def bundle_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """``{"js/bundles/<name>.js": bytes}`` and the stylesheet, from the docs tree ``files``.

    A source missing from ``files`` is an error naming the bundle (a renamed script must be
    renamed here too).
    """
    out: dict[str, bytes] = {}
    for bundle in (*BUNDLES, EMBED_BASE):
        missing = [path for path in bundle.files if path not in files]
        if missing:
            raise ValueError(f"error: bundle {bundle.name}: no such script {', '.join(missing)}")
        parts = []
        for path in bundle.files:
            text = files[path].decode("utf-8")
            # vendored code is minified already; a stray source-map comment is dropped anyway
            parts.append(text if path.startswith("vendor/") else strip_js(text))
        pairs = zip(bundle.files, parts, strict=True)
        body = "".join(f"/* {path} */\n{part.rstrip()}\n" for path, part in pairs)
        out[bundle.path] = _once(bundle.name, body).encode("utf-8")
    missing = [path for path in STYLES if path not in files]
    if missing:
        raise ValueError(f"error: stylesheet {STYLE_PATH}: no such file {', '.join(missing)}")
    out[STYLE_PATH] = "".join(
        f"/* {path} */\n" + strip_css(files[path].decode("utf-8")) for path in STYLES
    ).encode("utf-8")
    return out


def page_bundles() -> list[dict[str, object]]:
    """The bundles a page loads by marker, for the theme: ``[{"src", "markers"}]``."""
    return [{"src": b.path, "markers": list(b.markers)} for b in BUNDLES if b.markers]
