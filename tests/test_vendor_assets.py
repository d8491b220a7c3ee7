"""scripts/vendor_assets.py: the vendored KaTeX and uPlot files are complete, offline and stable."""

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "vendor_assets.py"
EXPECTED = (
    "katex/katex.min.css",
    "katex/LICENSE",
    "uplot/uPlot.iife.min.js",
    "uplot/uPlot.min.css",
    "uplot/LICENSE",
)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
WEB_URL = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'()]*")
BANNER = re.compile(r"\A\s*/\*!.*?\*/", re.S)  # a library's licence banner comment
# XML namespace names: identifiers that no browser fetches.
NAMESPACES = ("http://www.w3.org/",)


def _load_module():
    spec = importlib.util.spec_from_file_location("vendor_assets", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


vendor_assets = _load_module()


def _run(docs, script=SCRIPT, env=None):
    return subprocess.run(
        [sys.executable, str(script), str(docs)],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )  # fmt: skip


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


@pytest.fixture(scope="module")
def vendored(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    result = _run(docs)
    assert result.returncode == 0, result.stderr
    return docs / "vendor"


def test_every_listed_file_is_copied(vendored):
    for name in EXPECTED:
        path = vendored / name
        assert path.is_file(), name
        assert path.stat().st_size > 0, name
    fonts = sorted(p.name for p in (vendored / "katex" / "fonts").iterdir())
    assert len(fonts) >= 10
    assert all(name.endswith(".woff2") for name in fonts), fonts


def test_licences_name_their_library(vendored):
    assert "MIT" in (vendored / "katex" / "LICENSE").read_text()
    assert "MIT" in (vendored / "uplot" / "LICENSE").read_text()


def test_katex_css_references_only_shipped_woff2_fonts(vendored):
    css_path = vendored / "katex" / "katex.min.css"
    urls = CSS_URL.findall(css_path.read_text(encoding="utf-8"))
    assert urls, "the stylesheet should still declare its fonts"
    for url in urls:
        assert url.endswith(".woff2"), url
        assert (css_path.parent / url).is_file(), f"katex.min.css references missing {url}"
    shipped = {p.name for p in (vendored / "katex" / "fonts").iterdir()}
    assert {Path(u).name for u in urls} == shipped  # and no font is shipped for nothing
    assert 'format("woff")' not in css_path.read_text()
    assert 'format("truetype")' not in css_path.read_text()


def test_nothing_would_be_loaded_from_the_web(vendored):
    for path in sorted(vendored.rglob("*")):
        if path.suffix not in (".js", ".css"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "sourceMappingURL" not in text, f"{path.name} points at a source map not shipped"
        if path.suffix == ".css":
            assert "@import" not in text, path.name
            outside = [u for u in CSS_URL.findall(text) if WEB_URL.match(u)]
            assert outside == [], f"{path.name} loads {outside}"
        else:
            urls = WEB_URL.findall(BANNER.sub("", text))
            unexpected = [u for u in urls if not u.startswith(NAMESPACES)]
            assert unexpected == [], f"{path.name} mentions {unexpected}"


def test_two_runs_give_byte_identical_trees(vendored, tmp_path):
    result = _run(tmp_path)
    assert result.returncode == 0, result.stderr
    first, second = _tree(vendored), _tree(tmp_path / "vendor")
    assert sorted(first) == sorted(second)
    for name in first:
        assert hashlib.sha256(first[name]).digest() == hashlib.sha256(second[name]).digest(), name


def test_a_rerun_replaces_stale_files(tmp_path):
    stale = tmp_path / "vendor" / "katex" / "fonts" / "KaTeX_Main-Regular.ttf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    assert _run(tmp_path).returncode == 0
    assert not stale.exists()


def test_woff2_only_drops_the_fallbacks():
    css = (
        '@font-face{font-family:A;src:url(fonts/A.woff2) format("woff2"),'
        'url(fonts/A.woff) format("woff"),url(fonts/A.ttf) format("truetype")}'
        ".x{color:red}"
    )
    out = vendor_assets.woff2_only(css)
    assert out == '@font-face{font-family:A;src:url(fonts/A.woff2) format("woff2")}.x{color:red}'


def test_woff2_only_refuses_a_font_without_woff2():
    with pytest.raises(vendor_assets.VendorError, match="no woff2"):
        vendor_assets.woff2_only('@font-face{src:url(fonts/A.ttf) format("truetype")}')


def test_katex_fonts_never_swap_after_the_first_layout():
    css = (
        "@font-face{font-display:block;font-family:A;src:url(a.woff2)}"
        "@font-face{font-family:B;font-display:swap;src:url(b.woff2)}.x{font-display:block}"
    )
    out = vendor_assets.font_display_optional(css)
    assert out == (
        "@font-face{font-display:optional;font-family:A;src:url(a.woff2)}"
        "@font-face{font-family:B;font-display:optional;src:url(b.woff2)}.x{font-display:block}"
    )
    with pytest.raises(vendor_assets.VendorError, match="font-display"):
        vendor_assets.font_display_optional("@font-face{font-family:A;src:url(a.woff2)}")


def test_source_map_comments_are_stripped():
    js = b"var a=1;\n//# sourceMappingURL=katex.min.js.map"
    css = b".a{}\n/*# sourceMappingURL=x.css.map */\n"
    assert vendor_assets.strip_source_map(js) == b"var a=1;"
    assert vendor_assets.strip_source_map(css) == b".a{}\n"


def _fake_root(tmp_path):
    """A copy of the repository's npm files and this script, without node_modules."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, root / "scripts" / SCRIPT.name)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, root / name)
    docs = tmp_path / "docs"
    docs.mkdir()
    return root, docs


def test_missing_npm_is_reported_clearly(tmp_path):
    root, docs = _fake_root(tmp_path)
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    result = _run(docs, script=root / "scripts" / SCRIPT.name,
                  env=dict(os.environ, PATH=str(empty_path)))  # fmt: skip
    assert result.returncode == 1
    assert "npm was not found" in result.stderr
    assert not (docs / "vendor").exists()


def test_an_absent_file_is_named(vendored, tmp_path):
    root, docs = _fake_root(tmp_path)
    shutil.copytree(ROOT / "node_modules", root / "node_modules")
    (root / "node_modules" / "uplot" / "dist" / "uPlot.min.css").unlink()
    result = _run(docs, script=root / "scripts" / SCRIPT.name)
    assert result.returncode == 1
    assert "uPlot.min.css is missing" in result.stderr
    assert not (docs / "vendor").exists()  # nothing half-written


def test_a_changed_lock_file_triggers_npm_ci(tmp_path):
    root, _ = _fake_root(tmp_path)
    (root / "node_modules").mkdir()
    assert vendor_assets.needs_install(root)
    (root / "node_modules" / vendor_assets.STAMP).write_text(vendor_assets.lock_digest(root))
    assert not vendor_assets.needs_install(root)
    (root / "package-lock.json").write_text("{}\n")
    assert vendor_assets.needs_install(root)
