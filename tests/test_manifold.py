"""The saddle's stable manifold is the threshold: checked with plain numpy, not the package.

The tangent at the saddle is numpy.linalg's stable eigenvector of a hand-written Jacobian; and
states a little to either side of the traced curve, integrated forward by a plain RK4 loop of
the 2004 equations (no reset), end differently: one side returns to rest, the other fires.
"""

import numpy as np
import pytest

import gallery
from gallery.analysis import manifold, phase_plane


def _flow(a, b, i_ext):
    return lambda v, u: np.array([0.04 * v * v + 5 * v + 140 - u + i_ext, a * (b * v - u)])


def _fate(a, b, i_ext, v, u, rest, dt=0.01, t_max=2000.0):
    """'fires' if v passes 30 mV, 'rest' once within 0.01 mV of the resting state."""
    f, x = _flow(a, b, i_ext), np.array([v, u])
    for _ in range(round(t_max / dt)):
        k1 = f(*x)
        k2 = f(*(x + 0.5 * dt * k1))
        k3 = f(*(x + 0.5 * dt * k2))
        k4 = f(*(x + dt * k3))
        x = x + dt * (k1 + 2 * k2 + 2 * k3 + k4) / 6
        if x[0] > 30:
            return "fires"
        if np.hypot(*(x - rest)) < 0.01:
            return "rest"
    return "undecided"


CASES = [("tonic-spiking", 0.0), ("tonic-spiking", 2.0), ("resonator", 0.0)]


@pytest.mark.parametrize(("slug", "i_ext"), CASES)
def test_the_stable_manifold_leaves_the_saddle_along_the_stable_eigenvector(slug, i_ext):
    model = gallery.preset(slug).model
    a, b = model.a, model.b
    saddle_v = np.sort(np.roots([0.04, 5 - b, 140 + i_ext]).real)[1]  # a > 0: the upper root
    values, vectors = np.linalg.eig(np.array([[0.08 * saddle_v + 5, -1.0], [a * b, -a]]))
    stable = np.argmin(values)
    assert values[stable] < 0 < values[1 - stable]
    box = manifold.Box(-90.0, 30.0, -25.0, 0.0)
    found = manifold.stable_manifold(model, i_ext, box)
    assert found.saddle.v == pytest.approx(saddle_v)
    assert found.slope == pytest.approx(vectors[1, stable] / vectors[0, stable])
    for vs, us in found.branches:
        chord = (us[3] - us[0]) / (vs[3] - vs[0])  # the curve's first few samples
        assert chord == pytest.approx(found.slope, rel=5e-3)  # a curve: its chord turns


@pytest.mark.parametrize(("slug", "i_ext"), CASES)
def test_states_either_side_of_the_manifold_rest_or_fire(slug, i_ext):
    model = gallery.preset(slug).model
    a, b = model.a, model.b
    rest_v = np.sort(np.roots([0.04, 5 - b, 140 + i_ext]).real)[0]
    rest = np.array([rest_v, b * rest_v])
    box = manifold.nullclines_box(model, phase_plane.fixed_points(model, i_ext), 0.0)
    found = manifold.stable_manifold(model, i_ext, box)
    checked = 0
    for vs, us in found.branches:
        for k in range(10, len(vs) - 1, 25):
            # the curve's normal, scaled to the box, half a percent of it to each side
            tv, tu = (
                (vs[k + 1] - vs[k - 1]) / 120.0,
                (us[k + 1] - us[k - 1]) / (box.u_hi - box.u_lo),
            )
            n = np.array([-tu * 120.0, tv * (box.u_hi - box.u_lo)]) / np.hypot(tv, tu) * 0.005
            sides = {_fate(a, b, i_ext, vs[k] + s * n[0], us[k] + s * n[1], rest) for s in (1, -1)}
            assert sides == {"rest", "fires"}, (slug, i_ext, k, vs[k], us[k])
            checked += 1
    assert checked >= 6


def test_the_spike_latency_state_lingers_on_the_manifold():
    # issue 16, Wrong today 1: after the pulse (I = 0) the state waits by the saddle's stable
    # manifold (v about -54.6, u about -13.9): it sits within a few tenths of a mV of the curve
    model = gallery.preset("tonic-spiking").model
    box = manifold.nullclines_box(model, phase_plane.fixed_points(model, 0.0), 0.0)
    found = manifold.stable_manifold(model, 0.0, box)
    curve = np.concatenate([np.column_stack(branch) for branch in found.branches])
    distance = np.hypot(curve[:, 0] + 54.6, curve[:, 1] + 13.9).min()
    assert distance < 0.3
