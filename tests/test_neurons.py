"""The comparison neurons' kernels against plain Python loops written here (no shared code),
bit for bit; the Izhikevich loop against the gallery's published-2004 kernel; the squid axon
at rest where Hodgkin and Huxley's fits put it."""

import math
from dataclasses import replace

import numpy as np
import pytest

import gallery
from gallery.model.expr import parse
from gallery.model.neurons import hodgkin_huxley, izhikevich, lif
from gallery.model.stimulus import Stimulus


def plain_izhikevich(i, dt, n, a, b, c, d):
    v, u, spikes = -70.0, b * -70.0, []
    for k in range(n):
        v = v + dt * (0.04 * (v * v) + 5.0 * v + 140.0 - u + i)
        u = u + dt * (a * (b * v - u))
        if v > 30.0:
            spikes.append(k)
            v, u = c, u + d
    return spikes, v, u


def plain_lif(ri, dt, n, tau=10.0, e_l=-65.0, theta=-50.0, v_reset=-65.0):
    v, spikes = e_l, []
    for k in range(n):
        v = v + dt * ((e_l - v + ri) / tau)
        if v >= theta:
            spikes.append(k)
            v = v_reset
    return spikes, v


def _trap(x):
    return 1.0 + 0.5 * x if abs(x) < 1e-6 else x / (1.0 - math.exp(-x))


def plain_hh(i, dt, n, state, g):
    g_na, g_k, g_l, e_na, e_k, e_l, cap = g
    v, m, h, gate_n = state
    spikes = []
    for k in range(n):
        am, bm = _trap((v + 40.0) / 10.0), 4.0 * math.exp((v + 65.0) / -18.0)
        ah, bh = 0.07 * math.exp((v + 65.0) / -20.0), 1.0 / (1.0 + math.exp((v + 35.0) / -10.0))
        an, bn = 0.1 * _trap((v + 55.0) / 10.0), 0.125 * math.exp((v + 65.0) / -80.0)
        i_na = g_na * (m * m * m) * h * (v - e_na)
        i_k = g_k * ((gate_n * gate_n) * (gate_n * gate_n)) * (v - e_k)
        i_l = g_l * (v - e_l)
        v_new = v + dt * ((i - i_na - i_k - i_l) / cap)
        m = m + dt * (am * (1.0 - m) - bm * m)
        h = h + dt * (ah * (1.0 - h) - bh * h)
        gate_n = gate_n + dt * (an * (1.0 - gate_n) - bn * gate_n)
        if v < 0.0 <= v_new:
            spikes.append(k)
        v = v_new
    return spikes, (v, m, h, gate_n)


def test_izhikevich_kernel_is_the_plain_loop():
    p = izhikevich.params(d=8.0)
    state, steps = izhikevich.start(p), np.zeros(100, dtype=np.int64)
    n = izhikevich.run(10.0, 0.25, 4000, p, state, steps)
    spikes, v, u = plain_izhikevich(10.0, 0.25, 4000, 0.02, 0.2, -65.0, 8.0)
    assert list(steps[:n]) == spikes
    assert n > 5
    assert (state[0], state[1]) == (v, u)


def test_lif_kernel_is_the_plain_loop():
    p = lif.params()
    state, steps = lif.start(p), np.zeros(100, dtype=np.int64)
    n = lif.run(20.0, 0.1, 5000, p, state, steps)
    spikes, v = plain_lif(20.0, 0.1, 5000)
    assert list(steps[:n]) == spikes
    assert n > 5
    assert state[0] == v


def test_hodgkin_huxley_kernel_is_the_plain_loop():
    p = hodgkin_huxley.params()
    state, steps = hodgkin_huxley.start(p), np.zeros(100, dtype=np.int64)
    start = tuple(state)
    n = hodgkin_huxley.run(10.0, 0.01, 20000, p, state, steps)
    spikes, end = plain_hh(10.0, 0.01, 20000, start, tuple(p))
    assert list(steps[:n]) == spikes
    assert n > 5
    assert tuple(state) == end


def test_the_squid_axon_rests_at_minus_65_mv_without_input():
    p = hodgkin_huxley.params()
    state, steps = hodgkin_huxley.start(p), np.zeros(4, dtype=np.int64)
    assert hodgkin_huxley.run(0.0, 0.01, 50000, p, state, steps) == 0
    assert state[0] == pytest.approx(-65.0, abs=0.05)  # E_L = -54.387 is chosen for that


def test_izhikevich_loop_fires_where_the_gallerys_published_kernel_does():
    preset = gallery.preset("tonic-spiking")
    m = preset.model
    constant = replace(preset, v0=-70.0, u0=m.b * -70.0, t_max_ms=100.0,
                       stimulus=Stimulus(amplitudes=(14.0,), baseline=parse("amp")))  # fmt: skip
    times = gallery.simulate(constant)[0].spike_times_ms.tolist()
    p = izhikevich.params(m.a, m.b, m.c, m.d)
    state, steps = izhikevich.start(p), np.zeros(100, dtype=np.int64)
    n = izhikevich.run(14.0, 0.25, 401, p, state, steps)  # the grid 0:0.25:100, 401 samples
    assert len(times) > 3
    assert times == [k * 0.25 for k in steps[:n]]  # step k is stored at the sample t = k dt
