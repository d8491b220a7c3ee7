"""The script bundles (gallery/site/bundles.py) and the per-page stylesheets (page_finish.py).

A bundle must be its sources' code exactly: espree (eslint's parser, pinned in the lock file)
tokenizes each source and its stripped text, and the two token streams must be equal. Every
site script belongs to one bundle, and each widget kind main.js mounts has its bundles.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gallery.pipeline.page_finish import prune_styles, strip_indentation
from gallery.site import bundles
from gallery.site.bundles import BUNDLES, bundle_files, strip_css, strip_js

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "site_src" / "js"
NOT_BUNDLED = {"js/embed.js", "js/host.js"}  # the embed pages' boot and the host pages' script
GENERATED = {  # written by the build: stand-ins
    "js/constants.js": b"(function () {})();\n",
    "vendor/uplot/uPlot.iife.min.js": b"var uPlot = 1;\n",
}


def tokens(texts: list[str]) -> list:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "espree").exists():
        pytest.skip("node and the npm dev dependencies (espree) are needed")
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "tokens.js")], input=json.dumps(texts),
        capture_output=True, text=True, cwd=ROOT, check=True, timeout=120,
    )  # fmt: skip
    return json.loads(result.stdout)


def docs_tree() -> dict[str, bytes]:
    tree = {f"js/{p.name}": p.read_bytes() for p in sorted(JS.glob("*.js"))}
    tree |= {f"css/{p.name}": p.read_bytes() for p in sorted((ROOT / "site_src/css").glob("*"))}
    return tree | GENERATED | {"vendor/uplot/uPlot.min.css": b".u-over { cursor: crosshair; }\n"}


def test_stripped_scripts_have_their_sources_tokens():
    sources = [p.read_text(encoding="utf-8") for p in sorted(JS.glob("*.js"))]
    found = tokens([text for source in sources for text in (source, strip_js(source))])
    for i, path in enumerate(sorted(JS.glob("*.js"))):
        assert found[2 * i + 1] == found[2 * i], path.name
        assert len(strip_js(sources[i])) < len(sources[i]), path.name  # comments were there


def test_the_stripper_keeps_strings_regexes_and_divisions():
    source = (
        "var a = \"// not a comment\", b = '/* nor this */'; // gone\n"
        "var r = /[/*]+\\/x/g.test(s) ? x / 2 / y : (z) / 3; /* gone */\n"
        "  return /a\\/b/.exec(t);\n"
    )
    got = strip_js(source)
    assert "gone" not in got
    for kept in ('"// not a comment"', "'/* nor this */'", "/[/*]+\\/x/g.test(s)", "x / 2 / y"):
        assert kept in got
    assert "(z) / 3" in got
    assert got.splitlines()[-1] == "return /a\\/b/.exec(t);"
    assert tokens([source, got])[0] == tokens([source, got])[1]


def test_every_site_script_is_in_exactly_one_bundle():
    bundled = [path for bundle in BUNDLES for path in bundle.files]
    assert len(bundled) == len(set(bundled))
    sources = {f"js/{p.name}" for p in JS.glob("*.js")} | set(GENERATED)
    assert set(bundled) | NOT_BUNDLED == sources


def test_each_widget_kind_main_js_mounts_has_a_bundle_with_its_module():
    main = (JS / "main.js").read_text(encoding="utf-8")
    table = re.search(r"var mounts = \{(.*?)\};", main, re.S).group(1)
    kinds = re.findall(r"(\w+): mount\w+", table)
    assert kinds == ["preset", "explorer", "compare", "raster", "cell", "atlas"]
    for kind in kinds:
        marker = f'data-widget="{kind}"'
        loaded = [path for b in BUNDLES if marker in b.markers for path in b.files]
        assert f"js/{kind}.js" in loaded or (kind == "preset" and "js/preset-widget.js" in loaded)


def test_a_bundle_runs_once_per_document_and_keeps_top_level_globals():
    out = bundle_files(docs_tree())
    sim = out["js/bundles/sim.js"].decode()
    assert "var uPlot = 1;" in sim  # inside a block, not a function: still a global
    assert sim.startswith("window.IzhGallery = window.IzhGallery || {};")
    assert 'if (!window.IzhGallery.bundles["sim"]) {' in sim
    assert out == bundle_files(docs_tree())  # deterministic


def test_a_missing_source_names_the_bundle():
    tree = docs_tree()
    del tree["js/raster.js"]
    with pytest.raises(ValueError, match="error: bundle raster: no such script js/raster.js"):
        bundle_files(tree)


def test_the_stylesheet_keeps_css_strings():
    css = '/* note */\n.a::after {\n  content: "/* kept */";\n}\n\n'
    assert strip_css(css) == '.a::after {\ncontent: "/* kept */";\n}\n'
    site = bundle_files(docs_tree())[bundles.STYLE_PATH].decode()
    assert [line[3:-3] for line in site.splitlines() if line.startswith("/* ")] == list(
        bundles.STYLES
    )


HEAD = """<html><head>
<link rel="stylesheet" href="../assets/stylesheets/main.css">
<link rel="stylesheet" href="../assets/_mkdocstrings.css">
<link rel="stylesheet" href="../vendor/katex/katex.min.css">
</head><body>BODY</body></html>"""


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        ("<p>no math</p>", ["main.css"]),
        ('<span class="katex">x</span>', ["main.css", "katex.min.css"]),
        ('<div class="doc doc-object">f</div>', ["main.css", "_mkdocstrings.css"]),
    ],
)
def test_a_page_links_only_the_stylesheets_it_uses(body, kept):
    page = prune_styles(HEAD.replace("BODY", body))
    links = re.findall(r'href="[./]*(?:[\w-]+/)*([\w.-]+)"', page)
    assert links == kept
    assert page.endswith(f"<body>{body}</body></html>")


def test_indentation_goes_except_where_it_is_content():
    page = (
        "<div>\n    <p>a\n      b</p>\n\n  <pre><code>x\n    y\n</code></pre>\n"
        "  <script>\n  var s = 1;\n</script>\n  <textarea>\n  t</textarea>\n</div>"
    )
    assert strip_indentation(page) == (
        "<div>\n<p>a\nb</p>\n<pre><code>x\n    y\n</code></pre>\n"
        "<script>\n  var s = 1;\n</script>\n<textarea>\n  t</textarea>\n</div>"
    )
