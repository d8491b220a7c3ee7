"""Standard forward Euler: both derivatives at the old state, the 2004 storage convention.

Stage: model (numba). Grid ``0:dt:T``; the spike test after the step, the cut-off stored.
"""

from __future__ import annotations

from numba import njit

from gallery.model.grid import PUBLISHED_GRID
from gallery.model.schemes import book_2007
from gallery.model.schemes.loops import run_steps
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
def step(v, u, i_ext, dt, p, recovery):
    """One Euler step from the old (v, u); a spike stores the cut-off as the step's v."""
    v_new = euler_v(v, u, i_ext, dt, p)
    u = u + dt * p.a * recovery(v, v, u, p)
    v = v_new
    peak = spike_peak(u, p)
    if crossed(v, peak, p.strict):
        v_reset = reset_v(u, p)
        u_reset = reset_u(u, p)
        return v_reset, u_reset, peak, True, peak, v_reset, u_reset
    return v, u, v, False, 0.0, 0.0, 0.0


@njit(cache=True)
def integrate(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_log):
    """The Euler loop over ``i_ext`` (see :func:`~.loops.run_steps`)."""
    start = (v0, u0)
    if linear_recovery(p):
        return run_steps(
            step, drive_u_linear, p, i_ext, dt, start, v_out, u_out, spike_steps, spike_log
        )
    return run_steps(step, drive_u, p, i_ext, dt, start, v_out, u_out, spike_steps, spike_log)


SCHEME = Scheme(
    name="euler",
    js_name="euler",
    description="Textbook forward Euler: both derivatives at the old state, the cut-off stored.",
    grid=PUBLISHED_GRID,
    spike_test="after the step: v > peak (or v >= peak as the model sets)",
    storage=AFTER_STEP,
    kernel=integrate,
    # The book rule differs from Euler only in U's branch (picked with the new v), i.e. in the
    # step that crosses b_switch_v or vb (2007 LTS, TC, FS cells).
    population=book_2007.population,
    population_rule="the book-2007 rule: identical except where U switches branch",
)
