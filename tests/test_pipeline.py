"""The site build end to end: pages, links, offline assets, determinism, atomicity, caching."""

import contextlib
import io
import re
from pathlib import Path

import pytest

import gallery
from gallery.pipeline import BuildConfig, BuildError, build, compute, run
from gallery.pipeline.output import folder_digest as tree_digest
from gallery.site import pages
from tests.sitecheck import check_site

ROOT = Path(__file__).resolve().parents[1]
ENV = pages.environment(ROOT / "site_src" / "templates")
TWO = ("tonic-spiking", "rs-2007")
THEORY = (
    "theory/model", "theory/phase-plane", "theory/reset", "theory/excitability", "references",
    "embedding", "network", "accuracy", "explorer", "exercises/nullclines",
)  # fmt: skip


def _config(out, **kwargs):
    return BuildConfig(root=ROOT, out_dir=out, jobs=2, **kwargs)


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    out = tmp_path_factory.mktemp("two")
    summary = run(_config(out, only=TWO))
    return out, summary


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    out = tmp_path_factory.mktemp("full")
    run(_config(out))
    return out / "site"


def test_two_preset_build_has_its_pages(two):
    out, summary = two
    site = out / "site"
    for slug in TWO:
        assert (site / "presets" / slug / "index.html").exists()
        assert (site / "figures" / slug / "trace.svg").exists()  # both palettes in one file
        assert not list((site / "figures" / slug).glob("*-dark.*"))
        assert (site / "downloads" / f"{slug}.csv").exists()
    assert (site / "gallery" / "index.html").exists()
    assert not (site / "presets" / "phasic-spiking").exists()
    assert summary.recomputed == 2 + len(compute.SECTIONS)  # two presets, the site sections
    for name in ("nullclines", "saddle-node", "reset-landing", "fi-curves", "model-forms"):
        assert (site / "figures" / "theory" / f"{name}.svg").exists()
    assert not (site / "figures" / "poster.svg").exists()  # only with all 20 panels
    assert not (site / "downloads" / "izhikevich-gallery.zip").exists()  # only with --zip
    assert "Download the course pack" not in (site / "index.html").read_text()


def test_every_page_of_the_full_build_exists(full):
    for slug in gallery.load().slugs:
        page = full / "presets" / slug / "index.html"
        assert page.exists(), slug
        html = page.read_text()
        assert f'id="ig-payload-{slug}"' in html
        assert "katex" in html
    for name in THEORY:
        assert (full / name / "index.html").exists(), name
    gallery_html = (full / "gallery" / "index.html").read_text()
    assert gallery_html.count('class="ig-card"') == 37
    assert "poster.svg#light" in gallery_html
    assert "poster.svg#dark" in (full / "index.html").read_text()


FIGURES_MB = 6.0  # issue 19: one SVG per figure; measured 5.7 MB (24.5 MB with a file per palette)


def test_the_full_sites_figures_are_one_file_each_within_their_budget(full):
    files = [p for p in (full / "figures").rglob("*") if p.is_file()]
    assert [p for p in files if re.search(r"-(light|dark)\.", p.name)] == []
    assert sum(p.stat().st_size for p in files) <= FIGURES_MB * 1e6
    # every figure a page shows is one file, named twice: #light and #dark
    for page in full.rglob("*.html"):
        shown = re.findall(r'<img[^>]* src="([^"]*/figures/[^"]*)"', page.read_text())
        light = sorted(s.removesuffix("#light") for s in shown if s.endswith("#light"))
        dark = sorted(s.removesuffix("#dark") for s in shown if s.endswith("#dark"))
        assert light == dark, page
        assert len(light) + len(dark) == len(shown), page


def test_no_broken_link_and_nothing_loaded_from_outside(full):
    broken, outside = check_site(full)
    assert broken == []
    assert outside == []


def test_sub_path_site_url(tmp_path):
    run(_config(tmp_path, only=TWO, site_url="https://example.org/course/"))
    broken, outside = check_site(tmp_path / "site", base="/course/")
    assert broken == []
    assert outside == []
    assert "https://example.org/course/" in (tmp_path / "site" / "index.html").read_text()


def test_two_builds_are_byte_identical(two, tmp_path):
    run(_config(tmp_path, only=TWO, clean=True))
    assert tree_digest(tmp_path / "site") == tree_digest(two[0] / "site")


def test_no_op_rebuild_recomputes_nothing(two):
    out, _ = two
    before = tree_digest(out / "site")
    summary = run(_config(out, only=TWO))
    assert summary.recomputed == 0
    assert summary.up_to_date
    assert tree_digest(out / "site") == before


def test_failed_build_leaves_the_previous_site_intact(two, monkeypatch):
    out, _ = two
    before = tree_digest(out / "site")

    def broken(_config_path):
        raise BuildError("mkdocs build --strict failed: simulated")

    monkeypatch.setattr(build, "run_mkdocs", broken)
    with pytest.raises(BuildError, match="simulated"):
        run(_config(out, only=TWO, clean=True))
    assert tree_digest(out / "site") == before
    assert not list(out.glob(".staging-*"))


def test_bad_catalogue_or_slug_fails_before_writing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[preset]]\nslug = 'x'\n")
    with pytest.raises(BuildError, match="load catalogue"):
        run(_config(tmp_path / "out", presets_files=(bad,)))
    with pytest.raises(BuildError, match="unknown slug 'tonic-spikng'"):
        run(_config(tmp_path / "out", only=("tonic-spikng",)))
    assert not (tmp_path / "out" / "site").exists()


@pytest.mark.parametrize("slug", gallery.load().slugs)
def test_reproduce_snippet_runs_and_prints_the_spikes(slug):
    preset = gallery.preset(slug)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(pages.snippet(ENV, preset), {})  # noqa: S102 - our own generated snippet
    expected = [f"{run.label} {run.spike_times_ms.tolist()}" for run in gallery.simulate(preset)]
    assert out.getvalue().splitlines() == expected


def test_a_runaway_preset_page_says_so_above_its_figures():
    tonic = gallery.preset("tonic-spiking")
    runaway = gallery.with_parameters(tonic, d=-20.0)
    page = (
        compute.compute_preset(runaway, (None, None), "key", ROOT)
        .files["presets/tonic-spiking.md"]
        .decode()
    )
    assert '!!! danger "Numerical runaway"' in page
    assert "    - step current = 14: it fires in 314 of its 401 steps." in page
    assert page.index("Numerical runaway") < page.index("ig-static-tonic-spiking")
    fine = compute.compute_preset(tonic, (None, None), "key", ROOT).files
    assert "Numerical runaway" not in fine["presets/tonic-spiking.md"].decode()


def test_a_runaway_preset_is_reported_by_the_build(tmp_path):
    from tests.test_catalogue import GOOD

    extra = tmp_path / "mine.toml"
    extra.write_text(GOOD.replace("d = 6", "d = -20"))
    summary = run(_config(tmp_path / "out", presets_files=(extra,), only=("my-cell",)))
    assert summary.warnings == (
        "my-cell (amplitude = 10) is a numerical runaway: it fires in 308 of its 401 steps",
    )
    again = run(_config(tmp_path / "out", presets_files=(extra,), only=("my-cell",)))
    assert again.up_to_date
    assert again.warnings == summary.warnings  # also from the cache


def test_a_change_to_a_site_finisher_changes_the_up_to_date_key(monkeypatch, tmp_path):
    """Math typesetting, the page finish and the theme pruning rewrite mkdocs' output after it
    runs: an edit to one of them must rebuild the site, not report it up to date."""
    from gallery.pipeline import mkdocs as mkdocs_stage

    before = mkdocs_stage.config_digest(ROOT, [])
    edited = tmp_path / mkdocs_stage.SITE_FINISHERS[-1].name  # same name, edited text
    edited.write_bytes(mkdocs_stage.SITE_FINISHERS[-1].read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(mkdocs_stage, "SITE_FINISHERS", (*mkdocs_stage.SITE_FINISHERS[:-1], edited))
    assert mkdocs_stage.config_digest(ROOT, []) != before
