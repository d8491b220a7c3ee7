"""The Hodgkin–Huxley (1952) squid giant axon, one forward-Euler step of its four equations.

Stage: model (numba). Hodgkin & Huxley (1952) J. Physiol. 117:500–544: the membrane
equation and the rate functions of their Part II (squid at 6.3 °C), written (as in Dayan &
Abbott 2001, §5.6) for the membrane potential V [mV] with rest at −65 mV (the paper measures
the depolarisation from rest, with the opposite sign):

    C V' = I − g_Na m³ h (V − E_Na) − g_K n⁴ (V − E_K) − g_L (V − E_L)
    x'   = α_x(V) (1 − x) − β_x(V) x,   x = m, h, n

C = 1 µF/cm², g_Na = 120, g_K = 36, g_L = 0.3 mS/cm², E_Na = 50, E_K = −77, E_L = −54.387 mV;
I [µA/cm²], t [ms]. A spike is an upward crossing of 0 mV.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import NDArray

NAME = "Hodgkin–Huxley (1952)"
V_SPIKE = 0.0  # [mV]: the crossing that counts as a spike
V_REST = -65.0


def params(
    g_na: float = 120.0, g_k: float = 36.0, g_l: float = 0.3,
    e_na: float = 50.0, e_k: float = -77.0, e_l: float = -54.387, cap: float = 1.0,
) -> NDArray:  # fmt: skip
    """``[g_Na, g_K, g_L, E_Na, E_K, E_L, C]`` [mS/cm², mV, µF/cm²] of the squid axon."""
    return np.array([g_na, g_k, g_l, e_na, e_k, e_l, cap], dtype=np.float64)


@njit(inline="always")
def ratio(x):
    """X / (1 − e^(−x)), with its limit 1 + x/2 near the removable singularity x = 0."""
    if abs(x) < 1e-6:
        return 1.0 + 0.5 * x
    return x / (1.0 - math.exp(-x))


@njit(inline="always")
def rates(v):
    """α and β of m, h and n at V [1/ms]: Hodgkin & Huxley's fits."""
    alpha_m = ratio((v + 40.0) / 10.0)
    beta_m = 4.0 * math.exp((v + 65.0) / -18.0)
    alpha_h = 0.07 * math.exp((v + 65.0) / -20.0)
    beta_h = 1.0 / (1.0 + math.exp((v + 35.0) / -10.0))
    alpha_n = 0.1 * ratio((v + 55.0) / 10.0)
    beta_n = 0.125 * math.exp((v + 65.0) / -80.0)
    return alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n


@njit(inline="always")
def step(v, m, h, n, i_ext, dt, p):
    """One forward-Euler step of all four variables from the old state."""
    alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n = rates(v)
    i_na = p[0] * (m * m * m) * h * (v - p[3])
    i_k = p[1] * ((n * n) * (n * n)) * (v - p[4])
    i_l = p[2] * (v - p[5])
    v_new = v + dt * ((i_ext - i_na - i_k - i_l) / p[6])
    m = m + dt * (alpha_m * (1.0 - m) - beta_m * m)
    h = h + dt * (alpha_h * (1.0 - h) - beta_h * h)
    n = n + dt * (alpha_n * (1.0 - n) - beta_n * n)
    return v_new, m, h, n


def start(p: NDArray) -> NDArray:
    """[V, m, h, n] at rest: V = −65 mV, each gate at its steady state α/(α + β) there."""
    a_m, b_m, a_h, b_h, a_n, b_n = rates.py_func(V_REST)
    return np.array([V_REST, a_m / (a_m + b_m), a_h / (a_h + b_h), a_n / (a_n + b_n)])


@njit(cache=True)
def run(i_ext, dt, n_steps, p, state, spike_steps):
    """``n_steps`` steps at constant ``i_ext`` from ``state`` = [V, m, h, n] (updated in place).

    Returns the number of spikes (upward crossings of 0 mV); ``spike_steps`` receives the
    index of each step that crossed (up to its length).
    """
    v, m, h, n = state[0], state[1], state[2], state[3]
    count = 0
    for k in range(n_steps):
        v_new, m, h, n = step(v, m, h, n, i_ext, dt, p)
        if v < V_SPIKE <= v_new:
            if count < spike_steps.shape[0]:
                spike_steps[count] = k
            count += 1
        v = v_new
    state[0], state[1], state[2], state[3] = v, m, h, n
    return count
