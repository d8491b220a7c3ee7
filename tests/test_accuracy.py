"""The accuracy page: fitted orders, the §7.2 sweep, the flagged panels, deterministic output."""

import math
import re

import pytest

from gallery.site.sections import accuracy
from tests.test_behaviour import DTS, TABLE


@pytest.fixture(scope="module")
def cells():
    return accuracy.sweep()


@pytest.fixture(scope="module")
def results():
    return [r for slug in accuracy.CONVERGENCE_SLUGS for r in accuracy.convergence(slug)]


@pytest.fixture(scope="module")
def files():
    return accuracy.site_files()


def test_sweep_uses_the_steps_of_the_reference_table():
    assert accuracy.SWEEP_DTS == DTS


def test_sweep_matches_the_reference_table(cells):
    got = {}
    for cell in cells:
        got.setdefault(cell.slug, []).append(f"{'y' if cell.holds else 'n'}{cell.n_spikes}")
    assert {slug: " ".join(row) for slug, row in got.items()} == TABLE


def test_dt_sensitive_is_what_the_sweep_finds(cells):
    assert accuracy.sensitive(cells) == accuracy.DT_SENSITIVE


def test_dt_dependent_is_every_panel_that_fails_somewhere(cells):
    assert {c.slug for c in cells if not c.holds} == accuracy.DT_DEPENDENT


@pytest.mark.parametrize("slug", accuracy.CONVERGENCE_SLUGS)
@pytest.mark.parametrize(
    ("scheme", "order", "tol"),
    [
        ("published-2004", 1.0, 0.3),
        ("book-2007", 1.0, 0.3),
        ("network-2003", 1.0, 0.3),
        ("euler", 1.0, 0.3),
        ("reference", 4.0, 0.3),
    ],
)
def test_fitted_order_of_the_page_data(results, slug, scheme, order, tol):
    (result,) = [r for r in results if r.slug == slug and r.scheme == scheme]
    assert result.order == pytest.approx(order, abs=tol)


def test_errors_shrink_from_the_coarsest_to_the_finest_step(results):
    for r in results:
        assert r.errors[-1] < r.errors[0] / 8, r


def test_fit_order_recovers_a_known_power():
    dts = (0.4, 0.2, 0.1, 0.05, 0.025)
    assert accuracy.fit_order(dts, [3 * d**2 for d in dts]) == pytest.approx(2.0)
    assert math.isnan(accuracy.fit_order(dts, [math.nan] * 5))


def test_envelope_keeps_every_extreme():
    import numpy as np

    t = np.arange(100_000) * 0.01
    v = np.sin(t) * 50
    v[12_345] = 30.0 + 50
    tt, vv = accuracy.envelope(t, v, bins=500)
    assert vv.max() == v.max()
    assert vv.min() == v.min()
    assert tt.size <= 1000
    assert np.all(np.diff(tt) > 0)


def test_site_files_are_deterministic(files):
    assert accuracy.site_files() == files


def test_every_figure_the_page_references_exists(files):
    text = files["accuracy.md"].decode()
    referenced = set(re.findall(r"\]\((figures/accuracy/[^)]+)\)", text))
    figures = {k for k in files if k.startswith("figures/")}
    assert referenced == figures
    assert len(figures) == 2 * (3 + len(accuracy.COMPARE))


def test_figures_are_small_svgs(files):
    for name, content in files.items():
        if name.endswith(".svg"):
            assert content.startswith(b"<?xml")
            assert len(content) < 300_000, name


def test_page_links_only_to_real_presets(files):
    import gallery

    text = files["accuracy.md"].decode()
    slugs = set(re.findall(r"\]\(presets/([a-z0-9-]+)\.md\)", text))
    assert slugs
    assert slugs <= set(gallery.load().slugs)


def test_page_quotes_the_computed_orders(files, results):
    text = files["accuracy.md"].decode()
    for r in results:
        assert f"{r.order:.2f}" in text


def test_page_has_no_unfilled_placeholder(files):
    assert "<<" not in files["accuracy.md"].decode()
