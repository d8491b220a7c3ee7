r"""Math typeset at build time: KaTeX (npm, under node) over the HTML that mkdocs wrote.

Stage: pipeline. ``pymdownx.arithmatex`` (generic mode) leaves ``<span class="arithmatex">\(..\)
</span>`` and ``<div class="arithmatex">\[..\]</div>`` in the pages; every distinct formula of
the site is rendered in one node run of ``scripts/render_math.js`` and written back in place,
so pages ship only KaTeX's CSS and fonts, never its JavaScript. A formula KaTeX rejects fails
the build, naming the page and the TeX.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

from gallery.pipeline.config import BuildError
from gallery.pipeline.output import write_file
from gallery.pipeline.page_data import externalise_payloads, script_name
from gallery.pipeline.page_finish import finish_page

MATH = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
DELIMITERS = {"span": ("\\(", "\\)"), "div": ("\\[", "\\]")}


def _tex(tag: str, body: str) -> str:
    """The TeX inside arithmatex's delimiters, HTML entities decoded."""
    text = html.unescape(body).strip()
    left, right = DELIMITERS[tag]
    if text.startswith(left) and text.endswith(right):
        text = text[len(left) : -len(right)]
    return text.strip()


def render(root: Path, formulas: list[tuple[str, bool]]) -> list[dict]:
    """KaTeX's HTML (or its error) for each (tex, display) pair, in one node run."""
    node = shutil.which("node")
    if node is None:
        raise BuildError("node was not found on the PATH; it typesets the math (KaTeX)")
    result = subprocess.run(
        [node, str(root / "scripts" / "render_math.js")], input=json.dumps(formulas),
        capture_output=True, text=True, cwd=root, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise BuildError(f"typesetting the math with KaTeX failed:\n{result.stderr.strip()}")
    return json.loads(result.stdout)


_RENDERED: dict[tuple[str, bool], dict] = {}
"""Formulas this process has typeset: a ``--serve`` update runs node only for new ones."""


def typeset_site(root: Path, site: Path) -> int:
    """Typeset every formula of every page under ``site`` in place; returns how many."""
    return typeset_pages(root, site, sorted(site.rglob("*.html")))


def typeset_pages(root: Path, site: Path, pages: list[Path]) -> int:
    """Typeset the formulas of ``pages`` (HTML files under ``site``) in place.

    The same pass finishes each page (:mod:`page_finish`: unused stylesheets and indentation
    out, image sizes in; :mod:`page_data`: large widget data out to a script beside the page):
    it runs wherever the math is typeset, in a build and in ``--serve``'s re-rendered pages.
    """
    texts = {page: page.read_text(encoding="utf-8") for page in pages if page.exists()}
    found = {
        (_tex(m[1], m[2]), m[1] == "div"): page
        for page, text in texts.items()
        for m in MATH.finditer(text)
    }
    formulas = sorted(found)
    new = [key for key in formulas if key not in _RENDERED]
    if new:
        _RENDERED.update(zip(new, render(root, new), strict=True))
    for key in formulas:
        out = _RENDERED[key]
        if "error" in out:
            _RENDERED.pop(key)
            where = found[key].relative_to(site).as_posix()
            raise BuildError(f"error: {where}: KaTeX cannot typeset {key[0]!r}: {out['error']}")

    def replace(m: re.Match) -> str:
        out = _RENDERED[_tex(m[1], m[2]), m[1] == "div"]["html"]
        return f'<{m[1]} class="arithmatex" data-katex="1">{out}</{m[1]}>'

    for page, text in texts.items():
        script = script_name(page.name)
        finished = finish_page(MATH.sub(replace, text), page.parent)
        typeset, data = externalise_payloads(finished, script)
        if typeset != text:
            write_file(page, typeset.encode("utf-8"))
        if data is not None:
            write_file(page.parent / script, data)
    return len(formulas)
