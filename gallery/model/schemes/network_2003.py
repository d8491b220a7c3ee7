"""The 2003 network script's rule for one neuron (net.m).

Stage: model (numba). Grid ``0:dt:T``. The spike test ``v >= peak`` comes first, on the value
the last step left; then two half steps of v with the same u and I, then one step of u with
the new v. No clipping: the log keeps the unclipped v that fired.
"""

from __future__ import annotations

from numba import njit

from gallery.model.grid import PUBLISHED_GRID
from gallery.model.schemes import published_2004
from gallery.model.schemes.loops import run_steps
from gallery.model.schemes.primitives import (
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
    """Test and reset first, then two half steps of v and one of u (the log keeps v as fired)."""
    fired = v >= spike_peak(u, p)
    fired_v = v
    v_reset = 0.0
    u_reset = 0.0
    if fired:
        v_reset = reset_v(u, p)
        u_reset = reset_u(u, p)
        v = v_reset
        u = u_reset
    half = dt * 0.5
    v = euler_v(v, u, i_ext, half, p)
    v = euler_v(v, u, i_ext, half, p)
    u = u + dt * p.a * recovery(v, v, u, p)
    return v, u, v, fired, fired_v, v_reset, u_reset


@njit(cache=True)
def integrate(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_log):
    """The net.m loop over ``i_ext`` (see :func:`~.loops.run_steps`)."""
    start = (v0, u0)
    if linear_recovery(p):
        return run_steps(
            step, drive_u_linear, p, i_ext, dt, start, v_out, u_out, spike_steps, spike_log
        )
    return run_steps(step, drive_u, p, i_ext, dt, start, v_out, u_out, spike_steps, spike_log)


SCHEME = Scheme(
    name="network-2003",
    js_name="network-2003",
    description="The 2003 network script for one neuron: test first, two half steps of v, then u.",
    grid=PUBLISHED_GRID,
    spike_test="before the step, on the value the last step left: v >= peak",
    storage=AFTER_STEP,
    kernel=integrate,
    # net.m takes u from the new v as the 2004 rule does; an approximation, since net.m takes
    # v in two half steps and tests for a spike at the start of the step.
    population=published_2004.population,
    population_rule="the published-2004 rule: an approximation (one v step, test after)",
)
