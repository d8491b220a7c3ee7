"""The benchmark scripts import what they measure (they are run by hand, so rot shows here)."""

import importlib.util
from pathlib import Path

import pytest

SCRIPTS = sorted((Path(__file__).resolve().parents[1] / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_a_benchmark_script_imports(script):
    spec = importlib.util.spec_from_file_location(f"_bench_{script.stem}", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # the measurements run only under __main__
    assert callable(module.main)


def test_the_page_benchmarks_server_compresses_text_as_github_pages_does(tmp_path):
    import gzip
    import urllib.error
    import urllib.request

    from tests.browsers import served

    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<p>a page</p>" * 50)
    (tmp_path / "dots.png").write_bytes(b"\x89PNG not text")

    def get(url: str, gzip_ok: bool):
        headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            return response.headers.get("Content-Encoding"), response.read(), response.url

    with served(tmp_path, compress=True) as base:
        encoding, body, _ = get(base + "page/", True)
        assert encoding == "gzip"
        assert gzip.decompress(body) == b"<p>a page</p>" * 50
        assert get(base + "page/", False)[:2] == (None, b"<p>a page</p>" * 50)
        assert get(base + "dots.png", True)[:2] == (None, b"\x89PNG not text")
        assert get(base + "page", True)[2] == base + "page/"  # a folder's URL gets its slash
        with pytest.raises(urllib.error.HTTPError):
            get(base + "missing.css", True)
