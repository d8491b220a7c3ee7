"""gallery/pipeline/page_finish.py: figures sized from their files, math fonts preloaded."""

from __future__ import annotations

import struct
import zlib

from gallery.pipeline.page_finish import defer_scripts, finish_page, preload_math_fonts, size_images

SVG = (
    '<?xml version="1.0"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg"\n width="518.4pt" height="255.6pt">'
)


def _png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def test_images_get_the_size_of_their_files(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "trace.svg").write_text(SVG + "</svg>")
    (tmp_path / "figures" / "box.svg").write_text('<svg viewBox="0 0 300 150"></svg>')
    (tmp_path / "figures" / "thumb.png").write_bytes(_png(240, 60))
    page = tmp_path / "presets" / "x"
    page.mkdir(parents=True)
    html = (
        '<img alt="a" src="../../figures/trace.svg#dark" />'
        '<img src="../../figures/box.svg">'
        '<img src="../../figures/thumb.png" loading="lazy">'
        '<img src="../../figures/trace.svg" width="10">'  # sized already: left alone
        '<img src="../../figures/missing.svg">'
        '<img src="/figures/trace.svg">'  # root-absolute: not read
    )
    out = size_images(html, page)
    assert out == (
        '<img alt="a" src="../../figures/trace.svg#dark" width="691" height="341"/>'
        '<img src="../../figures/box.svg" width="300" height="150">'
        '<img src="../../figures/thumb.png" loading="lazy" width="240" height="60">'
        '<img src="../../figures/trace.svg" width="10">'
        '<img src="../../figures/missing.svg">'
        '<img src="/figures/trace.svg">'
    )


def test_a_page_with_math_preloads_the_main_katex_fonts():
    head = '<head><link rel="stylesheet" href="../../vendor/katex/katex.min.css"></head>'
    out = preload_math_fonts(head)
    assert out.count("KaTeX_") == 2
    assert '"../../vendor/katex/fonts/KaTeX_Main-Regular.woff2"' in out
    assert 'location.protocol !== "file:"' in out  # no CORS font request from disk
    assert out.index("KaTeX_Math-Italic.woff2") < out.index("katex.min.css")
    # no math, no KaTeX stylesheet (prune_styles drops it), no preload
    plain = '<head><link rel="stylesheet" href="vendor/katex/katex.min.css"></head><body><p>x</p>'
    assert "KaTeX_" not in finish_page(plain)


def test_the_theme_bundle_and_the_core_bundle_are_deferred_in_their_order():
    foot = (
        '<script id="__config" type="application/json">{}</script>\n'
        '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>\n'
        '<script src="../../js/bundles/core.js"></script>\n'
        '<script src="../../js/bundles/preset.js"></script>\n'
        "<script>var inline = 1</script>"
    )
    out = defer_scripts(foot)
    assert out.count("<script defer src=") == 2
    assert out.index("bundle.a5f9d56c") < out.index("core.js")
    assert '<script src="../../js/bundles/preset.js">' in out  # only the two named
    assert "<script>var inline = 1</script>" in out
    assert defer_scripts(out) == out
