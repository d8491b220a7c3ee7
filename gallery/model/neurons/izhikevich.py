"""The Izhikevich (2003) neuron with the published update, in the comparison's loop shape.

Stage: model (numba). v' = 0.04 v² + 5 v + 140 − u + I, u' = a (b v − u); v [mV], t [ms].
The update is the ``published-2004`` scheme's (v from the old state, u from the new v, the
spike test ``v > 30`` after both) for a constant current; the tests check that its spike
steps are the gallery's kernel's.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

NAME = "Izhikevich (2003)"
V_PEAK = 30.0  # [mV], the spike cut-off of the 2003 paper


def params(a: float = 0.02, b: float = 0.2, c: float = -65.0, d: float = 6.0) -> NDArray:
    """``[a, b, c, d]``; the default is the 2004 figure's tonic-spiking neuron (panel A)."""
    return np.array([a, b, c, d], dtype=np.float64)


def start(p: NDArray) -> NDArray:
    """The initial state [v, u] = (−70, b·(−70)), as in figure1.m's tonic-spiking panel."""
    return np.array([-70.0, p[1] * -70.0])


@njit(inline="always")
def step(v, u, i_ext, dt, p):
    """One published step; returns ``(v, u, fired)`` (after the reset when it fired)."""
    v = v + dt * (0.04 * (v * v) + 5.0 * v + 140.0 - u + i_ext)
    u = u + dt * (p[0] * (p[1] * v - u))
    if v > V_PEAK:
        return p[2], u + p[3], True
    return v, u, False


@njit(cache=True)
def run(i_ext, dt, n_steps, p, state, spike_steps):
    """``n_steps`` steps at constant ``i_ext`` from ``state`` = [v, u] (updated in place).

    Returns the number of spikes; ``spike_steps`` receives the index of each step that fired
    (up to its length).
    """
    v, u = state[0], state[1]
    n = 0
    for k in range(n_steps):
        v, u, fired = step(v, u, i_ext, dt, p)
        if fired:
            if n < spike_steps.shape[0]:
                spike_steps[n] = k
            n += 1
    state[0], state[1] = v, u
    return n
