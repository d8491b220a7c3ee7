"""The leaky integrate-and-fire neuron (Lapicque 1907, in its modern form), one Euler step.

Stage: model (numba). τ v' = E_L − v + R I; v ≥ θ → v = v_reset. v [mV], t [ms], the input
as R·I [mV]. No refractory period: the cheapest model that spikes, the floor of the cost.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

NAME = "leaky integrate-and-fire"


def params(
    tau: float = 10.0, e_l: float = -65.0, theta: float = -50.0, v_reset: float = -65.0
) -> NDArray:
    """``[tau, e_l, theta, v_reset]`` [ms, mV, mV, mV]: a textbook cortical cell's values."""
    return np.array([tau, e_l, theta, v_reset], dtype=np.float64)


def start(p: NDArray) -> NDArray:
    """At rest: [E_L, 0]; the second variable is unused (the shape is shared)."""
    return np.array([p[1], 0.0])


@njit(inline="always")
def step(v, u, i_ext, dt, p):
    """One Euler step; returns ``(v, u, fired)`` (after the reset when it fired)."""
    v = v + dt * ((p[1] - v + i_ext) / p[0])
    if v >= p[2]:
        return p[3], u, True
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
