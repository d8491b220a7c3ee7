"""Plain-Python twins of the numba kernels, written as literal loops after the scripts.

They share no code with ``gallery.kernels``: each reads the Model dataclass directly and
spells out the update of its scheme, so a test that compares them catches a kernel that
drifted from the published rule.
"""

from __future__ import annotations

import math

from gallery.model.catalogue import Model


def _cap_dv(m: Model, v: float, u: float, i: float) -> float:
    if m.form.name == "2007":
        return m.k * (v - m.vr) * (v - m.vt) - u + i
    return m.k2 * (v * v) + m.k1 * v + m.k0 - u + i


def _u_drive(m: Model, v_at: float, v_branch: float, u: float) -> float:
    if m.vb is not None:
        target = 0.0 if v_branch < m.vb else m.b * (v_at - m.vb) ** 3.0
    else:
        b = m.b
        if m.b_hyper is not None and v_branch <= m.b_switch_v:
            b = m.b_hyper
        target = b * (v_at - m.u_v_offset)
    return target - m.u_decay * u


def _cap(m: Model) -> float:
    return m.C if m.form.name == "2007" else 1.0


def _fires(m: Model, v: float, u: float) -> tuple[bool, float]:
    peak = m.v_peak + m.v_peak_u * u
    return (v > peak if m.spike_test == ">" else v >= peak), peak


def _reset(m: Model, u: float) -> tuple[float, float]:
    return m.c + m.c_u * u, min(u + m.d, m.u_max)


def published_2004(m: Model, i_ext, dt, v, u):
    """figure1.m: V from old (V, u); u from the new V; test V > peak after both; store peak."""
    vs, us, spikes = [], [], []
    for k, i in enumerate(i_ext):
        v = v + dt * _cap_dv(m, v, u, i) / _cap(m)
        u = u + dt * m.a * _u_drive(m, v, v, u)
        fired, peak = _fires(m, v, u)
        if fired:
            spikes.append(k)
            vs.append(peak)
            v, u = _reset(m, u)
        else:
            vs.append(v)
        us.append(u)
    return vs, us, spikes


def book_2007(m: Model, i_ext, dt, v, u):
    """izhi2007.m: both from the old values; U's branch from the new v; returns step indices."""
    vs, us, spikes = [], [], []
    for k, i in enumerate(i_ext):
        v_new = v + dt * _cap_dv(m, v, u, i) / _cap(m)
        u_new = u + dt * m.a * _u_drive(m, v, v_new, u)
        fired, _ = _fires(m, v_new, u_new)
        if fired:
            spikes.append(k)
            v_new, u_new = _reset(m, u_new)
        v, u = v_new, u_new
        vs.append(v)
        us.append(u)
    return vs, us, spikes


def euler(m: Model, i_ext, dt, v, u):
    """Textbook forward Euler with the 2004 storage convention."""
    vs, us, spikes = [], [], []
    for k, i in enumerate(i_ext):
        dv = _cap_dv(m, v, u, i) / _cap(m)
        du = m.a * _u_drive(m, v, v, u)
        v, u = v + dt * dv, u + dt * du
        fired, peak = _fires(m, v, u)
        if fired:
            spikes.append(k)
            vs.append(peak)
            v, u = _reset(m, u)
        else:
            vs.append(v)
        us.append(u)
    return vs, us, spikes


def network_2003(m: Model, i_ext, dt, v, u):
    """net.m for one neuron: test v >= peak first, two half steps of v, then u."""
    vs, us, spikes = [], [], []
    for k, i in enumerate(i_ext):
        if v >= m.v_peak + m.v_peak_u * u:
            spikes.append(k)
            v, u = _reset(m, u)
        v = v + dt * 0.5 * _cap_dv(m, v, u, i) / _cap(m)
        v = v + dt * 0.5 * _cap_dv(m, v, u, i) / _cap(m)
        u = u + dt * m.a * _u_drive(m, v, v, u)
        vs.append(v)
        us.append(u)
    return vs, us, spikes


def finite(*values: float) -> bool:
    return all(math.isfinite(x) for x in values)
