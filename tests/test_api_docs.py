"""The API reference pages: mkdocstrings renders the public API, and --strict catches a broken
cross-reference or a missing object (a real ``mkdocs build --strict`` of a tiny site with the
project's own plugin configuration)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gallery.pipeline.mkdocs import base_config

ROOT = Path(__file__).resolve().parents[1]
API = ROOT / "site_src" / "docs" / "api"
PUBLIC = ("preset", "load", "simulate", "with_parameters", "Run", "Preset", "Catalogue")


def mkdocs_build(tmp_path: Path, page: str) -> subprocess.CompletedProcess:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(page)
    config = {
        "site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"),
        "theme": {"name": "material", "font": False}, "strict": True,
        "plugins": base_config(ROOT)["plugins"],
    }  # fmt: skip
    (tmp_path / "mkdocs.yml").write_text(json.dumps(config))
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip


def test_the_plugin_is_configured_for_numpy_docstrings():
    (entry,) = [p for p in base_config(ROOT)["plugins"] if isinstance(p, dict)]
    options = entry["mkdocstrings"]["handlers"]["python"]["options"]
    assert options["docstring_style"] == "numpy"


def test_the_api_pages_cover_the_public_api_the_readme_shows():
    text = "\n".join(p.read_text() for p in sorted(API.glob("*.md")))
    for name in PUBLIC:
        assert f"::: gallery.{name}\n" in text, name
    for module in ("gallery.analysis.phase_plane", "gallery.analysis.spikes", "gallery.network"):
        assert f"::: {module}\n" in text
    nav = json.dumps(base_config(ROOT)["nav"])
    assert all(f"api/{p.name}" in nav for p in API.glob("*.md"))


def test_a_good_reference_builds_and_renders_the_docstring(tmp_path):
    result = mkdocs_build(
        tmp_path, "# API\n\nSee [simulate][gallery.simulate].\n\n::: gallery.simulate\n"
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert 'id="gallery.simulate"' in html
    assert "Simulate every published amplitude" in html
    assert 'href="#gallery.simulate"' in html


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("# API\n\nSee [x][gallery.no_such_name].\n", "gallery.no_such_name"),
        ("# API\n\n::: gallery.no_such_function\n", "gallery.no_such_function"),
    ],
)
def test_strict_fails_on_a_broken_cross_reference(tmp_path, page, message):
    result = mkdocs_build(tmp_path, page)
    assert result.returncode != 0
    assert message in result.stderr
