"""Compiled kernels against their plain-Python twins, chunking and convergence order."""

import importlib
import math

import numpy as np
import pytest

import gallery
from gallery.model.schemes import SCHEMES, loops, primitives
from gallery.model.schemes.primitives import LOG_COLUMNS
from gallery.model.simulate import kernel_params
from gallery.model.stimulus import current
from tests import twins

CASES = [
    ("published-2004", twins.published_2004),
    ("book-2007", twins.book_2007),
    ("euler", twins.euler),
    ("network-2003", twins.network_2003),
]
SLUGS = [
    "tonic-spiking", "class-1-excitable", "accommodation", "inhibition-induced-bursting",
    "rs-2003", "lts-2007", "fs-2007", "tc-burst-2007", "rtn-2007",
]  # fmt: skip


def _inputs(slug, scheme=None):
    """The preset and the currents that drive its steps on the scheme's grid."""
    preset = gallery.preset(slug)
    grid = SCHEMES[scheme or preset.scheme].grid
    t = grid.times(preset.dt_ms, preset.t_max_ms)
    return preset, grid.driving(current(preset.stimulus, t, preset.amplitudes[-1]))


def _run(kernel, params, i_ext, dt, v0, u0):
    n = i_ext.size
    v, u = np.empty(n), np.empty(n)
    steps, log = np.empty(n, dtype=np.int64), np.empty((n, LOG_COLUMNS))
    n_spikes, n_done, v_end, u_end = kernel(params, i_ext, dt, v0, u0, v, u, steps, log)
    return v, u, steps[:n_spikes].tolist(), n_done, (v_end, u_end), log[:n_spikes]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize(("scheme", "twin"), CASES, ids=[c[0] for c in CASES])
def test_kernel_equals_plain_python_twin(slug, scheme, twin):
    preset, i_ext = _inputs(slug, scheme)
    v, u, spikes, n_done, _, _ = _run(
        SCHEMES[scheme].kernel, kernel_params(preset.model), i_ext, preset.dt_ms, preset.v0,
        preset.u0,
    )  # fmt: skip
    v_twin, u_twin, spikes_twin = twin(preset.model, i_ext, preset.dt_ms, preset.v0, preset.u0)
    assert n_done == i_ext.size
    assert spikes == spikes_twin
    np.testing.assert_array_equal(v, np.array(v_twin))
    np.testing.assert_array_equal(u, np.array(u_twin))


@pytest.mark.parametrize("scheme", ["published-2004", "book-2007", "network-2003"])
def test_the_log_holds_the_state_after_each_reset(scheme):
    preset, i_ext = _inputs("tc-burst-2007" if scheme == "book-2007" else "tonic-bursting")
    v, u, spikes, _, _, log = _run(
        SCHEMES[scheme].kernel, kernel_params(preset.model), i_ext, preset.dt_ms, preset.v0,
        preset.u0,
    )  # fmt: skip
    assert len(spikes) > 5
    m = preset.model
    np.testing.assert_array_equal(log[:, 1], m.c + m.c_u * (log[:, 2] - m.d))
    if scheme == "book-2007":  # the sample of a spike step is the reset state
        np.testing.assert_array_equal(log[:, 1:], np.column_stack([v[spikes], u[spikes]]))
    if scheme == "published-2004":  # the sample shows the cut-off and the reset u
        np.testing.assert_array_equal(log[:, 2], u[spikes])
        np.testing.assert_array_equal(log[:, 0], v[spikes])


@pytest.mark.parametrize("scheme", ["published-2004", "book-2007", "euler", "network-2003"])
@pytest.mark.parametrize("recovery", [primitives.drive_u, primitives.drive_u_linear])
def test_compiled_equals_interpreted_step(scheme, recovery):
    # The cached kernel inlines the skeleton and the step; run both as Python around the
    # compiled primitives. This also catches a kernel cached before primitives.py changed
    # (numba invalidates a cache only when the function's own file changes).
    preset, i_ext = _inputs("tc-burst-2007" if scheme == "book-2007" else "tonic-bursting", scheme)
    params = kernel_params(preset.model)
    assert primitives.linear_recovery(params) != preset.model.form.factored
    compiled = _run(SCHEMES[scheme].kernel, params, i_ext, preset.dt_ms, preset.v0, preset.u0)
    step = importlib.import_module(SCHEMES[scheme].kernel.__module__).step.py_func

    def interpreted(p, i, dt, v0, u0, *out):
        return loops.run_steps.py_func(step, recovery, p, i, dt, (v0, u0), *out)

    result = _run(interpreted, params, i_ext, preset.dt_ms, preset.v0, preset.u0)
    if recovery is primitives.drive_u_linear and preset.model.form.factored:
        assert compiled[2] != result[2]  # the shortcut is not the 2007 cells' recovery
        return
    assert compiled[2] == result[2]
    np.testing.assert_array_equal(compiled[0], result[0])
    np.testing.assert_array_equal(compiled[1], result[1])


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_two_chunks_equal_one_run(scheme):
    preset, i_ext = _inputs("tonic-bursting", "published-2004")
    kernel = SCHEMES[scheme].kernel
    params, dt = kernel_params(preset.model), preset.dt_ms
    whole = _run(kernel, params, i_ext, dt, preset.v0, preset.u0)
    cut = 411  # inside a burst
    first = _run(kernel, params, i_ext[:cut], dt, preset.v0, preset.u0)
    second = _run(kernel, params, i_ext[cut:], dt, *first[4])
    np.testing.assert_array_equal(whole[0], np.concatenate([first[0], second[0]]))
    assert whole[2] == first[2] + [cut + s for s in second[2]]
    assert len(whole[2]) > 10


def test_non_finite_state_stops_the_loop():
    preset, i_ext = _inputs("tonic-spiking")
    params = kernel_params(preset.model)._replace(k2=math.nan)
    v, _, _, n_done, _, _ = _run(
        SCHEMES["published-2004"].kernel, params, i_ext, preset.dt_ms, preset.v0, preset.u0
    )
    assert n_done == 1
    assert math.isnan(v[0])


def _subthreshold_error(scheme, dt, truth_dt=0.0005):
    """Error in v at t = 20 ms of a relaxation to rest (no spike, constant current)."""
    preset = gallery.preset("tonic-spiking")
    params = kernel_params(preset.model)
    kernel = SCHEMES[scheme].kernel

    def v_at_20(step):
        n = round(20 / step)
        v, *_ = _run(kernel, params, np.full(n, 2.0), step, -60.0, -14.0)
        return v[-1]  # the value stored after n steps, i.e. at 20 ms of physical time

    reference = _run(
        SCHEMES["reference"].kernel, params, np.full(round(20 / truth_dt), 2.0), truth_dt,
        -60.0, -14.0,
    )[0][-1]  # fmt: skip
    return abs(v_at_20(dt) - reference)


@pytest.mark.parametrize(
    ("scheme", "steps", "order"),
    [("euler", (0.1, 0.05, 0.025, 0.0125), 1.0), ("reference", (0.8, 0.4, 0.2, 0.1), 4.0)],
)
def test_convergence_order(scheme, steps, order):
    errors = [_subthreshold_error(scheme, dt) for dt in steps]
    slope = np.polyfit(np.log(steps), np.log(errors), 1)[0]
    assert slope == pytest.approx(order, abs=0.15)


def test_reference_locates_spikes_inside_the_step():
    # rs-2007 has its current from t = 0, so no protocol edge moves with dt.
    preset = gallery.preset("rs-2007")
    coarse = gallery.simulate(preset, scheme="reference", dt_ms=0.05)[-1].spike_times_ms
    fine = gallery.simulate(preset, scheme="reference", dt_ms=0.0125)[-1].spike_times_ms
    assert coarse.size == fine.size == 7
    np.testing.assert_allclose(coarse, fine, atol=1e-3)
    assert not np.allclose(fine % 0.0125, 0)  # not snapped to the grid


def test_protocol_onset_moves_with_dt_even_for_the_reference():
    # The published rule `t > T1` switches the step on one dt after T1, whatever the scheme.
    preset = gallery.preset("tonic-spiking")
    coarse = gallery.simulate(preset, scheme="reference", dt_ms=0.05)[0].spike_times_ms
    fine = gallery.simulate(preset, scheme="reference", dt_ms=0.0125)[0].spike_times_ms
    np.testing.assert_allclose(coarse - fine, 0.05 - 0.0125, atol=2e-3)
