"""The converged reference: RK4 with the threshold crossing located inside the step.

Stage: model (numba). Grid ``0:dt:T``. The reset happens at the located crossing and the rest
of the step is integrated from the reset state; the log keeps the crossing time within the
step [ms]. A step that holds a spike stores the peak, as the published scheme does.
"""

from __future__ import annotations

import math

from numba import njit

from gallery.model.grid import PUBLISHED_GRID
from gallery.model.schemes.primitives import (
    is_finite,
    record,
    reset_u,
    reset_v,
    rk4_step,
    spike_peak,
    time_to_peak,
)
from gallery.model.schemes.scheme import IN_STEP_OFFSET, Scheme

MAX_RESETS_PER_STEP = 64
"""Resets within one step; more means the reset c is above the peak."""


@njit(cache=True)
def integrate(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_log):
    """The reference loop over ``i_ext``; returns ``(n_spikes, n_done, v, u)`` as the others.

    Its own loop, not :func:`~.loops.run_steps`: one step can hold several crossings, each
    logged, and a step function that wrote the log itself would slow every scheme's loop.
    """
    v = v0
    u = u0
    n = 0
    for k in range(i_ext.shape[0]):
        remaining = dt
        stored_peak = math.nan
        for _ in range(MAX_RESETS_PER_STEP):
            v_try, u_try = rk4_step(v, u, i_ext[k], remaining, p)
            if not v_try >= spike_peak(u_try, p):
                v = v_try
                u = u_try
                break
            theta = time_to_peak(v, u, i_ext[k], remaining, p)
            v_at, u_at = rk4_step(v, u, i_ext[k], theta, p)
            stored_peak = spike_peak(u_at, p)
            v = reset_v(u_at, p)
            u = reset_u(u_at, p)
            n = record(spike_steps, spike_log, n, k, dt - remaining + theta, v, u)
            remaining = remaining - theta
        v_out[k] = stored_peak if stored_peak == stored_peak else v
        u_out[k] = u
        if not is_finite(v, u):
            return n, k + 1, v, u
    return n, i_ext.shape[0], v, u


SCHEME = Scheme(
    name="reference",
    js_name="reference",
    description="Converged reference: RK4, each crossing located inside the step and reset there.",
    grid=PUBLISHED_GRID,
    spike_test="inside the step: the first time v reaches the peak, located by bisection",
    storage=IN_STEP_OFFSET,
    kernel=integrate,
    population=None,
    population_rule="none: a located crossing has no population loop",
)
