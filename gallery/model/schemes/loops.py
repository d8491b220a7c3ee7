"""The loop skeleton every scheme runs for one neuron over time.

Stage: model (imports numba and ``primitives``). A scheme passes its step function in; numba
compiles one specialisation per step function. The skeletons are inlined into each scheme's
cached kernel (``inline="always"``), because a cached function that receives a function as an
argument cannot be cached (its type names the function object of one process), while a cached
kernel that inlines the skeleton with its step bound can.

A step is ``step(v, u, i_ext, dt, p, recovery)`` and returns ``(v, u, shown, fired, extra,
v_reset, u_reset)``: the state after the step, the value the trace stores for it, whether it
fired, and for a spike the value the log keeps (``extra``) and the state right after the
reset. ``recovery`` is the model's :func:`~.primitives.drive_u`, or its exact shortcut
:func:`~.primitives.drive_u_linear`, which each scheme's kernel picks where it is exact.
Steps take and return numbers only: a step that received the log arrays would pay their
reference counting at every step (about 2.5x the loop's time), so the skeleton logs. The
reference, whose step can hold several crossings, keeps its own loop for that reason.
A population rule is ``advance(v, u, i_ext, dt, p, recovery) -> (v, u)``, the update before
the spike test; the population skeleton (:mod:`~.population`) tests, logs and resets itself.
Steps and rules are ``inline="always"`` too, since they receive a function.
"""

from __future__ import annotations

from numba import njit

from gallery.model.schemes.primitives import (
    is_finite,
    record,
)


@njit(inline="always")
def run_steps(step, recovery, p, i_ext, dt, start, v_out, u_out, spike_steps, spike_log):
    """Step from ``start = (v0, u0)`` under ``i_ext``; returns ``(n_spikes, n_done, v, u)``.

    ``n_done`` is less than the number of steps when the state stopped being finite (the loop
    stops there); the final state is the true state after the last step (the stored trace may
    show a clipped peak instead).
    """
    v, u = start
    n = 0
    for k in range(i_ext.shape[0]):
        v, u, shown, fired, extra, v_reset, u_reset = step(v, u, i_ext[k], dt, p, recovery)
        if fired:
            n = record(spike_steps, spike_log, n, k, extra, v_reset, u_reset)
        v_out[k] = shown
        u_out[k] = u
        if not is_finite(v, u):
            return n, k + 1, v, u
    return n, i_ext.shape[0], v, u
