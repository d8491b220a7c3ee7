"""The cell views' analyses against independent computations: plain loops (tests/twins.py)
on currents built here with numpy, and the closed forms of the fold and the Hopf point."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

import gallery
from gallery.analysis.bifurcation import bifurcation
from gallery.analysis.cell_state import published_state, state_model
from gallery.analysis.fi_sweep import HOLD_MS, POINTS, SETTLE_MS, fi_sweep
from gallery.analysis.reset_map import next_u, reset_map
from tests import twins


def _published_grid(dt, t_max):
    return np.arange(math.floor(t_max / dt + 1e-9) + 1) * dt


def test_fi_sweep_counts_what_a_plain_loop_over_the_staircase_counts():
    preset = gallery.preset("bistability")
    state = published_state(preset)
    currents = np.linspace(0.0, state.amp, POINTS)
    levels = np.concatenate([currents, currents[::-1]])
    t = _published_grid(state.dt, levels.size * HOLD_MS)
    step = np.minimum((t // HOLD_MS).astype(int), levels.size)
    i_ext = np.where(step < levels.size, levels[np.minimum(step, levels.size - 1)], 0.0)
    _, _, spikes = twins.published_2004(preset.model, i_ext, state.dt, preset.v0, preset.u0)
    times = t[spikes]
    windows = [times[(times >= k * HOLD_MS + SETTLE_MS) & (times < (k + 1) * HOLD_MS)]
               for k in range(levels.size)]  # fmt: skip
    # two spikes or more: by their intervals; fewer: counted over the window
    rate = np.array([1000.0 * (w.size - 1) / (w[-1] - w[0]) if w.size >= 2
                     else 1000.0 * w.size / (HOLD_MS - SETTLE_MS) for w in windows])  # fmt: skip
    sweep = fi_sweep(preset, state)
    np.testing.assert_allclose(sweep.rising, rate[:POINTS])
    np.testing.assert_allclose(sweep.falling, rate[POINTS:][::-1])
    # the bistable panel fires on the way down where it rested on the way up
    assert sweep.hysteresis
    assert sweep.offset < sweep.onset


def test_fi_sweep_of_slow_class_1_firing_is_no_loop():
    """Class 1 at the excitability page's top current: near the fold it fires a spike every
    few hundred ms, which one sweep's window catches and the other's misses; that is not a
    loop (rest is gone above the fold), and the top rate is the intervals' (about 9.7 Hz)."""
    preset = gallery.preset("class-1-excitable")
    sweep = fi_sweep(preset, replace(published_state(preset), amp=4.0))
    assert not sweep.hysteresis
    assert sweep.rising[-1] == pytest.approx(9.66, abs=0.05)


def test_fi_sweep_rate_of_tonic_spiking_is_its_interval_not_a_count():
    """At I = 8 tonic spiking's steady interval is 49.6 ms: 20.2 Hz, where a count of the
    200-ms window reads 20 or 25 Hz."""
    preset = gallery.preset("tonic-spiking")
    sweep = fi_sweep(preset, replace(published_state(preset), amp=8.0))
    assert max(sweep.rising) == pytest.approx(20.2, abs=0.15)


def test_fi_sweep_of_a_class_1_cell_has_no_hysteresis():
    preset = gallery.preset("rs-2007")
    sweep = fi_sweep(preset, published_state(preset))
    assert not sweep.hysteresis
    assert sweep.onset is not None
    assert all(r > 0 for i, r in zip(sweep.currents, sweep.rising, strict=True) if i > sweep.onset)


@pytest.mark.parametrize("u_n", [-8.0, -2.0, 1.0, 3.0])
def test_reset_map_is_the_u_after_the_next_spike_of_a_plain_loop(u_n):
    preset = gallery.preset("tonic-spiking")
    state = published_state(preset)
    m = preset.model
    t = _published_grid(state.dt, 500.0)
    i_ext = np.full(t.size, state.amp)
    _, us, spikes = twins.published_2004(m, i_ext, state.dt, m.c, u_n)
    want = us[spikes[0]] if spikes else math.nan
    assert next_u(preset, state, u_n) == want


def test_reset_map_fixed_point_is_where_the_map_meets_the_diagonal():
    preset = gallery.preset("tonic-spiking")
    state = published_state(preset)
    result = reset_map(preset, state)
    assert result.fixed is not None
    assert abs(result.slope) < 1
    # tonic spiking: the cobweb of one run ends next to u*
    assert result.orbit[-1] == pytest.approx(result.fixed, abs=0.05)
    g = [next_u(preset, state, result.fixed + s) - (result.fixed + s) for s in (-0.3, 0.3)]
    assert g[0] > 0 > g[1]


def test_bifurcation_fold_of_the_2007_form_is_where_the_quadratic_has_a_double_root():
    preset = gallery.preset("rs-2007")
    state = published_state(preset)
    m = preset.model
    # k v^2 - (k (vr + vt) + b) v + k vr vt + b vr + I = 0 has a double root at the fold
    p = m.k * (m.vr + m.vt) + m.b
    fold = p * p / (4 * m.k) - m.k * m.vr * m.vt - m.b * m.vr
    result = bifurcation(preset, state)
    assert result.loss.kind == "saddle-node"
    assert result.loss.current == pytest.approx(fold, rel=1e-12)
    assert result.loss.v == pytest.approx(p / (2 * m.k), rel=1e-12)
    counts = {i: sum(1 for q in result.points if q.current == i) for i in result.currents}
    assert all(n == 2 for i, n in counts.items() if i < fold - 1e-6)
    assert all(n == 0 for i, n in counts.items() if i > fold + 1e-6)


@pytest.mark.parametrize("b", [0.2, 0.25])
def test_bifurcation_hopf_of_tonic_spiking_is_where_the_trace_vanishes(b):
    preset = gallery.preset("tonic-spiking")
    state = replace(published_state(preset), b=b)
    m = state_model(preset, state)
    v_h = (m.a - m.k1) / (2 * m.k2)  # trace 2 k2 v + k1 - a = 0
    i_h = m.b * v_h - (m.k2 * v_h * v_h + m.k1 * v_h + m.k0)
    fold = (m.k1 - m.b) ** 2 / (4 * m.k2) - m.k0  # the fold comes later
    result = bifurcation(preset, state)
    assert result.loss.kind == "Andronov-Hopf"
    assert result.loss.current == pytest.approx(i_h, rel=1e-12)
    assert i_h < fold
    below = [q for q in result.points if q.current < i_h - 1e-6 and q.v < v_h]
    assert below
    assert all(q.stable for q in below)
