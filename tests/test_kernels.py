"""Compiled kernels against their plain-Python twins, chunking and convergence order."""

import math

import numpy as np
import pytest

import gallery
from gallery.model.grid import book_grid, published_grid
from gallery.model.schemes import kernels
from gallery.model.simulate import kernel_params
from gallery.model.stimulus import current
from tests import twins

CASES = [
    ("published-2004", kernels.integrate_published_2004, twins.published_2004),
    ("book-2007", kernels.integrate_book_2007, twins.book_2007),
    ("euler", kernels.integrate_euler, twins.euler),
    ("network-2003", kernels.integrate_network_2003, twins.network_2003),
]
SLUGS = [
    "tonic-spiking", "class-1-excitable", "accommodation", "inhibition-induced-bursting",
    "rs-2003", "lts-2007", "fs-2007", "tc-burst-2007", "rtn-2007",
]  # fmt: skip


def _inputs(slug):
    preset = gallery.preset(slug)
    grid = book_grid if preset.scheme == "book-2007" else published_grid
    t = grid(preset.dt_ms, preset.t_max_ms)
    return preset, current(preset.stimulus, t, preset.amplitudes[-1])


def _run(kernel, params, i_ext, dt, v0, u0):
    n = i_ext.size
    v, u = np.empty(n), np.empty(n)
    steps, extra = np.empty(n, dtype=np.int64), np.empty(n)
    n_spikes, n_done, v_end, u_end = kernel(params, i_ext, dt, v0, u0, v, u, steps, extra)
    return v, u, steps[:n_spikes].tolist(), n_done, (v_end, u_end)


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize(("scheme", "kernel", "twin"), CASES, ids=[c[0] for c in CASES])
def test_kernel_equals_plain_python_twin(slug, scheme, kernel, twin):
    preset, i_ext = _inputs(slug)
    v, u, spikes, n_done, _ = _run(
        kernel, kernel_params(preset.model), i_ext, preset.dt_ms, preset.v0, preset.u0
    )
    v_twin, u_twin, spikes_twin = twin(preset.model, i_ext, preset.dt_ms, preset.v0, preset.u0)
    assert n_done == i_ext.size
    assert spikes == spikes_twin
    np.testing.assert_array_equal(v, np.array(v_twin))
    np.testing.assert_array_equal(u, np.array(u_twin))


@pytest.mark.parametrize(("scheme", "kernel", "twin"), CASES[:2], ids=["published", "book"])
def test_compiled_equals_interpreted_kernel(scheme, kernel, twin):
    preset, i_ext = _inputs("tc-burst-2007" if scheme == "book-2007" else "tonic-bursting")
    args = (kernel_params(preset.model), i_ext, preset.dt_ms, preset.v0, preset.u0)
    compiled = _run(kernel, *args)
    interpreted = _run(kernel.py_func, *args)
    assert compiled[2] == interpreted[2]
    np.testing.assert_array_equal(compiled[0], interpreted[0])


@pytest.mark.parametrize("scheme", list(gallery.simulate.__globals__["KERNELS"]))
def test_two_chunks_equal_one_run(scheme):
    preset, i_ext = _inputs("tonic-bursting")
    kernel = gallery.simulate.__globals__["KERNELS"][scheme]
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
    v, _, _, n_done, _ = _run(
        kernels.integrate_published_2004, params, i_ext, preset.dt_ms, preset.v0, preset.u0
    )
    assert n_done == 1
    assert math.isnan(v[0])


def _subthreshold_error(scheme, dt, truth_dt=0.0005):
    """Error in v at t = 20 ms of a relaxation to rest (no spike, constant current)."""
    preset = gallery.preset("tonic-spiking")
    params = kernel_params(preset.model)
    kernel = gallery.simulate.__globals__["KERNELS"][scheme]

    def v_at_20(step):
        n = round(20 / step)
        v, *_ = _run(kernel, params, np.full(n, 2.0), step, -60.0, -14.0)
        return v[-1]  # the value stored after n steps, i.e. at 20 ms of physical time

    reference = _run(
        kernels.integrate_reference, params, np.full(round(20 / truth_dt), 2.0), truth_dt,
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
