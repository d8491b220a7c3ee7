"""The 2003/2004 figure scripts' scheme (figure1.m, izhi2003.m): v first, u from the new v.

Stage: model (numba). Grid ``0:dt:T``; the spike test comes after both updates and the
step's sample stores the cut-off (not the overshoot) and the reset u.
"""

from __future__ import annotations

from numba import njit

from gallery.model.grid import PUBLISHED_GRID
from gallery.model.schemes.loops import run_steps
from gallery.model.schemes.population import run_population
from gallery.model.schemes.primitives import (
    crossed,
    drive_u,
    drive_u_linear,
    euler_v,
    linear_recovery,
    reset_u,
    reset_v,
    spike_peak,
)
from gallery.model.schemes.scheme import AFTER_STEP, Scheme


@njit(inline="always")
def advance(v, u, i_ext, dt, p, recovery):
    """The new v from the old (v, u), then the new u from the new v."""
    v = euler_v(v, u, i_ext, dt, p)
    return v, u + dt * p.a * recovery(v, v, u, p)


@njit(inline="always")
def step(v, u, i_ext, dt, p, recovery):
    """One step; a spike stores the cut-off as the step's v (and the log keeps it too)."""
    v, u = advance(v, u, i_ext, dt, p, recovery)
    peak = spike_peak(u, p)
    if crossed(v, peak, p.strict):
        v_reset = reset_v(u, p)
        u_reset = reset_u(u, p)
        return v_reset, u_reset, peak, True, peak, v_reset, u_reset
    return v, u, v, False, 0.0, 0.0, 0.0


@njit(cache=True)
def integrate(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_log):
    """The published loop over ``i_ext`` (see :func:`~.loops.run_steps`)."""
    start = (v0, u0)
    if linear_recovery(p):
        return run_steps(
            step, drive_u_linear, p, i_ext, dt, start, v_out, u_out, spike_steps, spike_log
        )
    return run_steps(step, drive_u, p, i_ext, dt, start, v_out, u_out, spike_steps, spike_log)


@njit(cache=True, parallel=True)
def population(p, neurons, v, u, features, protocol, dt, block):
    """The published rule for many neurons (see :func:`~.population.run_population`)."""
    if linear_recovery(p):
        run_population(advance, drive_u_linear, p, neurons, v, u, features, protocol, dt, block)
    else:
        run_population(advance, drive_u, p, neurons, v, u, features, protocol, dt, block)


SCHEME = Scheme(
    name="published-2004",
    js_name="published-2004",
    description="The 2003/2004 scripts: v by Euler, then u from the new v; the cut-off is stored.",
    grid=PUBLISHED_GRID,
    spike_test="after both updates: v > peak (or v >= peak as the model sets)",
    storage=AFTER_STEP,
    kernel=integrate,
    population=population,
    population_rule="exact: the same update, test and reset",
)
