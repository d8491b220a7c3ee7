"""The 2007 book script's scheme (izhi2007.m): forward Euler from the old values.

Stage: model (numba). Grid ``round(T/dt)`` samples with the initial state first; step ``i``
writes sample ``i + 1``, and U's branch is chosen with the new v but evaluated at the old v,
as in the script. The caller pads the sample before a spike with the peak.
"""

from __future__ import annotations

from numba import njit

from gallery.model.grid import BOOK_GRID
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
from gallery.model.schemes.scheme import BOOK_SAMPLES, Scheme


@njit(inline="always")
def advance(v, u, i_ext, dt, p, recovery):
    """Both from the old values (U's branch from the new v)."""
    v_new = euler_v(v, u, i_ext, dt, p)
    return v_new, u + dt * p.a * recovery(v, v_new, u, p)


@njit(inline="always")
def step(v, u, i_ext, dt, p, recovery):
    """One step; the sample stores the state after the reset and the log the peak."""
    v, u = advance(v, u, i_ext, dt, p, recovery)
    peak = spike_peak(u, p)
    if crossed(v, peak, p.strict):
        v_reset = reset_v(u, p)
        u_reset = reset_u(u, p)
        return v_reset, u_reset, v_reset, True, peak, v_reset, u_reset
    return v, u, v, False, 0.0, 0.0, 0.0


@njit(cache=True)
def integrate(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_log):
    """The book loop over ``i_ext`` (see :func:`~.loops.run_steps`)."""
    start = (v0, u0)
    if linear_recovery(p):
        return run_steps(
            step, drive_u_linear, p, i_ext, dt, start, v_out, u_out, spike_steps, spike_log
        )
    return run_steps(step, drive_u, p, i_ext, dt, start, v_out, u_out, spike_steps, spike_log)


@njit(cache=True, parallel=True)
def population(p, neurons, v, u, features, protocol, dt, block):
    """The book rule for many neurons (see :func:`~.population.run_population`)."""
    if linear_recovery(p):
        run_population(advance, drive_u_linear, p, neurons, v, u, features, protocol, dt, block)
    else:
        run_population(advance, drive_u, p, neurons, v, u, features, protocol, dt, block)


SCHEME = Scheme(
    name="book-2007",
    js_name="book-2007",
    description="The 2007 book script: Euler from the old values on round(T/dt) samples.",
    grid=BOOK_GRID,
    spike_test="after both updates: v >= peak (or v > peak as the model sets)",
    storage=BOOK_SAMPLES,
    kernel=integrate,
    population=population,
    population_rule="exact: the same update, test and reset",
)
