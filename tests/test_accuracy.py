"""The accuracy page: fitted orders, the §7.2 sweep, the flagged panels, deterministic output."""

import math
import re

import numpy as np
import pytest

import gallery
from gallery.analysis import accuracy
from gallery.render.accuracy import envelope
from gallery.site.sections import accuracy as section
from tests.sections import rendered
from tests.test_behaviour import DTS, TABLE


@pytest.fixture(scope="module")
def cells():
    return accuracy.sweep()


@pytest.fixture(scope="module")
def results():
    return [r for slug in accuracy.CONVERGENCE_SLUGS for r in accuracy.convergence(slug)]


@pytest.fixture(scope="module")
def files():
    return rendered(section.site_files())


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
    t = np.arange(100_000) * 0.01
    v = np.sin(t) * 50
    v[12_345] = 30.0 + 50
    tt, vv = envelope(t, v, bins=500)
    assert vv.max() == v.max()
    assert vv.min() == v.min()
    assert tt.size <= 1000
    assert np.all(np.diff(tt) > 0)


def test_site_files_are_deterministic(files):
    assert rendered(section.site_files()) == files


def test_every_figure_the_page_references_exists(files):
    text = files["accuracy.md"].decode()
    shown = re.findall(r"\]\((figures/accuracy/[^)]+)\)", text)
    figures = {k for k in files if k.startswith("figures/")}
    # one themed file per figure, shown once per palette
    assert {u.split("#")[0] for u in shown} == figures
    assert {u.split("#")[1] for u in shown} == {"light", "dark"}
    assert len(figures) == 3 + len(accuracy.COMPARE)


def test_figures_are_small_svgs(files):
    for name, content in files.items():
        if name.endswith(".svg"):
            assert content.startswith(b"<?xml")
            assert len(content) < 300_000, name


def test_page_links_only_to_real_presets(files):
    text = files["accuracy.md"].decode()
    slugs = set(re.findall(r"\]\(presets/([a-z0-9-]+)\.md\)", text))
    assert slugs
    assert slugs <= set(gallery.load().slugs)


def test_page_quotes_the_computed_orders(files, results):
    text = files["accuracy.md"].decode()
    for r in results:
        assert f"{r.order:.2f}" in text


def test_page_has_the_compare_widget_and_no_template_syntax(files):
    text = files["accuracy.md"].decode()
    # the comparison widget, with the payloads the build hands in
    assert text.count('data-widget="compare"') == 1
    assert '<div class="ig-data" id="ig-compare-payloads" hidden data-json="[]"></div>' in text
    assert '<script type="application/json"' not in text  # see tests/test_navigation.py
    assert not re.search(r"\{\{|\{%|\{#|<<", text)


def test_the_preset_pages_constants_stay_importable_from_the_section():
    assert section.DT_DEPENDENT is accuracy.DT_DEPENDENT
    assert section.DT_SENSITIVE is accuracy.DT_SENSITIVE


# --- where the sweep fails -----------------------------------------------------------------


def test_rows_group_the_cells_of_each_panel_in_sweep_order(cells):
    rows = accuracy.rows(cells)
    assert list(rows) == [p.slug for p in accuracy.panels()]
    for slug, row in rows.items():
        assert [c.dt_ms for c in row] == list(accuracy.SWEEP_DTS)
        assert {c.slug for c in row} == {slug}


def test_failures_split_the_failing_steps_around_the_papers(cells):
    failures = accuracy.failures(cells)
    assert {f.slug for f in failures} == accuracy.DT_DEPENDENT
    for f in failures:
        paper = gallery.preset(f.slug).dt_ms
        failing = [c for c in cells if c.slug == f.slug and not c.holds]
        assert f.paper_dt == paper
        assert f.coarser == tuple(c.dt_ms for c in failing if c.dt_ms > paper)
        assert f.finer == tuple(c.dt_ms for c in failing if c.dt_ms < paper)
        assert f.finest_dt == min(c.dt_ms for c in failing)
        assert f.reason == next(c.reason for c in failing if c.dt_ms == f.finest_dt)


def test_coarse_only_panels_hold_up_to_the_stated_step(cells):
    coarse = dict(accuracy.coarse_only(cells))
    assert set(coarse) == accuracy.DT_DEPENDENT - accuracy.DT_SENSITIVE
    for slug, largest in coarse.items():
        row = accuracy.rows(cells)[slug]
        assert all(c.holds for c in row if c.dt_ms <= largest)
        assert not any(c.holds for c in row if c.dt_ms > largest)


def test_failures_and_coarse_steps_are_on_the_page(files, cells):
    text = files["accuracy.md"].decode()
    for f in accuracy.failures(cells):
        assert f"| {f.reason} (dt = {f.finest_dt:g}) |" in text
    for slug, largest in accuracy.coarse_only(cells):
        assert f"(presets/{slug}.md) needs \\(\\Delta t \\le {largest:g}\\) ms" in text


def test_error_at_reads_the_error_of_one_scheme_at_one_step(results):
    (ref,) = [r for r in results if r.slug == "tonic-spiking" and r.scheme == "reference"]
    got = accuracy.error_at(results, "tonic-spiking", "reference", 0.125)
    assert got == ref.errors[accuracy.CONVERGENCE_DTS.index(0.125)]


# --- the traces that flip, and the comparison tabs -------------------------------------------


@pytest.fixture(scope="module")
def why_runs():
    return accuracy.why_runs()


def test_why_runs_cover_every_drawn_step(why_runs):
    drawn = {(slug, dt) for slug, dts, _ in accuracy.WHY for dt in dts}
    assert set(why_runs) == drawn | set(accuracy.QUOTED)
    for (slug, dt), run in why_runs.items():
        assert run.dt_ms == dt
        assert run.scheme == gallery.preset(slug).scheme


def test_why_facts_are_read_off_the_runs(why_runs):
    why = accuracy.why_facts(why_runs)
    fine = accuracy.FINE_DT
    bistable = why_runs[("bistability", 0.25)].spike_times_ms
    assert why.bistability_paper == tuple(bistable)
    assert why.bistability_drift == pytest.approx(
        bistable[4] - why_runs[("bistability", fine)].spike_times_ms[4]
    )
    assert why.iib_spikes == why_runs[("inhibition-induced-bursting", fine)].n_spikes
    assert why.iib_u_min < -1e5  # the runaway of panel T
    assert [dt for dt, _, _ in why.pulse] == [0.25, 0.2, fine]
    for dt, points, ms in why.pulse:
        assert points == np.count_nonzero(why_runs[("spike-latency", dt)].i_ext)
        assert ms == pytest.approx(points * dt)
    assert why.dap_peak_coarse < why.dap_peak_paper < 30.0
    assert why.latency_fine < why.latency_paper
    assert why.latency_paper - why.after_pulse_paper == pytest.approx(
        why.latency_fine - why.after_pulse_fine
    )


def test_page_quotes_the_why_facts(files, why_runs):
    why = accuracy.why_facts(why_runs)
    text = files["accuracy.md"].decode()
    assert f"{why.iib_spikes:,} spikes at 0.01 ms" in text
    assert f"fifth spike is {why.bistability_drift:.1f} ms earlier" in text
    assert f"{why.latency_fine:.2f} ms, only {why.after_pulse_fine:.1f} ms after it" in text
    mantissa, exponent = section.scientific(why.iib_u_min)
    assert f"\\({mantissa:.2f} \\times 10^{{{exponent}}}\\)" in text


def test_scientific_splits_mantissa_and_exponent():
    assert section.scientific(-7.123e5) == pytest.approx((-7.123, 5))
    assert section.scientific(0.05) == pytest.approx((5.0, -2))


@pytest.mark.parametrize("slug", accuracy.COMPARE)
def test_compare_runs_are_the_four_combinations_of_the_table(files, slug):
    preset = gallery.preset(slug)
    runs = accuracy.compare_runs(slug)
    assert list(runs) == [(s, dt) for s in (preset.scheme, "reference")
                          for dt in (preset.dt_ms, accuracy.FINE_DT)]  # fmt: skip
    text = files["accuracy.md"].decode()
    for (scheme, dt), run in runs.items():
        assert run.amplitude == preset.amplitudes[-1]
        assert f"| `{scheme}` | {dt:g} | {run.n_spikes} | {run.spike_times_ms[0]:.2f}," in text
