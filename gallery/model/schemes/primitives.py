"""Numba kernels: the right-hand side, one step rule per scheme, and the time loops.

Stage: model (imports numba only). Kernels take floats, 1-D float64 arrays and a
:class:`ModelParams` tuple of floats; they allocate nothing, do no I/O and draw no random
numbers. ``cache=True`` keeps the compiled code on disk; no ``fastmath`` and no ``parallel``,
so results are bit-for-bit deterministic. Units: v [mV], u [mV/ms in the 2003/2004 form, pA in
the 2007 form], t and dt [ms].

The model, in one form that covers every preset of the catalogue::

    cap * dv/dt = F(v) - u + I
        F(v) = k2*v**2 + k1*v + k0               (2003/2004 form, cap = 1)
        F(v) = k*(v - vr)*(v - vt)               (2007 form, cap = C)
    du/dt = a * (U(v) - u_decay*u)
        U(v) = b*(v - u_v_offset)                 (b = b_hyper where v <= b_switch_v)
        U(v) = b*(v - vb)**3 if v >= vb else 0    (when vb is set: the 2007 FS cell)
    if v crosses v_peak + v_peak_u*u:  v <- c + c_u*u,  u <- min(u + d, u_max)

Every loop returns ``(n_spikes, n_done, v_final, u_final)``: ``n_done`` is less than the number
of steps when the state stopped being finite (the loop stops there), and the final state is
the true state after the last step (the stored trace may show a clipped peak instead).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from numba import njit


class ModelParams(NamedTuple):
    """Model constants as plain floats (numba passes them by value, no aliasing)."""

    form_2007: float  # 1.0 selects F(v) = k*(v - vr)*(v - vt)
    k2: float
    k1: float
    k0: float
    cap: float
    k: float
    vr: float
    vt: float
    a: float
    b: float
    b_hyper: float
    b_switch_v: float
    u_v_offset: float
    u_decay: float
    vb: float  # NaN: linear U(v)
    c: float
    c_u: float
    d: float
    u_max: float
    v_peak: float
    v_peak_u: float
    strict: float  # 1.0: spike when v > peak; 0.0: when v >= peak


@njit(cache=True)
def drive_v(v, u, i_ext, p):
    """``cap * dv/dt``, in the published order of operations."""
    if p.form_2007 > 0.0:
        return p.k * (v - p.vr) * (v - p.vt) - u + i_ext
    return p.k2 * (v * v) + p.k1 * v + p.k0 - u + i_ext


@njit(cache=True)
def euler_v(v, u, i_ext, h, p):
    """``v + h * dv/dt`` in the scripts' order: ``v + h*(...)`` in 2004, ``v + h*(...)/C`` in 2007.

    The 2004 form has no division (C = 1), which keeps it off the loop's critical path.
    """
    if p.form_2007 > 0.0:
        return v + h * (p.k * (v - p.vr) * (v - p.vt) - u + i_ext) / p.cap
    return v + h * (p.k2 * (v * v) + p.k1 * v + p.k0 - u + i_ext)


@njit(cache=True)
def drive_u(v, v_branch, u, p):
    """``(du/dt) / a``; ``v_branch`` picks the branch of U, ``v`` is the value it is taken at."""
    if p.vb == p.vb:
        nullcline = 0.0 if v_branch < p.vb else p.b * (v - p.vb) ** 3.0
    else:
        b = p.b_hyper if v_branch <= p.b_switch_v else p.b
        nullcline = b * (v - p.u_v_offset)
    return nullcline - p.u_decay * u


@njit(cache=True)
def spike_peak(u, p):
    """The spike cut-off, which depends on u for the 2007 LTS and TC cells."""
    return p.v_peak + p.v_peak_u * u


@njit(cache=True)
def crossed(v, peak, strict):
    """The spike test: ``v > peak`` (2003/2004) or ``v >= peak`` (2007 most types)."""
    return v > peak if strict > 0.0 else v >= peak


@njit(cache=True)
def reset_v(u, p):
    """After-spike voltage ``c + c_u*u``."""
    return p.c + p.c_u * u


@njit(cache=True)
def reset_u(u, p):
    """After-spike recovery ``u + d``, capped at ``u_max`` (the 2007 LTS cell)."""
    bumped = u + p.d
    return bumped if bumped < p.u_max else p.u_max


@njit(cache=True)
def is_finite(v, u):
    """Both state variables are finite numbers."""
    return math.isfinite(v) and math.isfinite(u)


@njit(cache=True)
def integrate_published_2004(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_peaks):
    """The 2003/2004 figure scripts' loop: v first, u from the new v, test after both.

    A spike stores the cut-off (not the overshoot) as the step's v.
    """
    v = v0
    u = u0
    n_spikes = 0
    for k in range(i_ext.shape[0]):
        v = euler_v(v, u, i_ext[k], dt, p)
        u = u + dt * p.a * drive_u(v, v, u, p)
        peak = spike_peak(u, p)
        if crossed(v, peak, p.strict):
            spike_steps[n_spikes] = k
            spike_peaks[n_spikes] = peak
            n_spikes += 1
            v_out[k] = peak
            v = reset_v(u, p)
            u = reset_u(u, p)
        else:
            v_out[k] = v
        u_out[k] = u
        if not is_finite(v, u):
            return n_spikes, k + 1, v, u
    return n_spikes, i_ext.shape[0], v, u


@njit(cache=True)
def integrate_book_2007(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_peaks):
    """The 2007 book script's loop: forward Euler from the old values.

    U's branch is chosen with the new v but evaluated at the old v, as in the script. Step
    ``i`` writes sample ``i + 1``; the caller pads sample ``i`` with the peak on a spike.
    """
    v = v0
    u = u0
    n_spikes = 0
    for i in range(i_ext.shape[0]):
        v_new = euler_v(v, u, i_ext[i], dt, p)
        u_new = u + dt * p.a * drive_u(v, v_new, u, p)
        peak = spike_peak(u_new, p)
        if crossed(v_new, peak, p.strict):
            spike_steps[n_spikes] = i
            spike_peaks[n_spikes] = peak
            n_spikes += 1
            v_new = reset_v(u_new, p)
            u_new = reset_u(u_new, p)
        v = v_new
        u = u_new
        v_out[i] = v
        u_out[i] = u
        if not is_finite(v, u):
            return n_spikes, i + 1, v, u
    return n_spikes, i_ext.shape[0], v, u


@njit(cache=True)
def integrate_euler(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_peaks):
    """Standard forward Euler (both derivatives at the old state), 2004 storage convention."""
    v = v0
    u = u0
    n_spikes = 0
    for k in range(i_ext.shape[0]):
        v_new = euler_v(v, u, i_ext[k], dt, p)
        u = u + dt * p.a * drive_u(v, v, u, p)
        v = v_new
        peak = spike_peak(u, p)
        if crossed(v, peak, p.strict):
            spike_steps[n_spikes] = k
            spike_peaks[n_spikes] = peak
            n_spikes += 1
            v_out[k] = peak
            v = reset_v(u, p)
            u = reset_u(u, p)
        else:
            v_out[k] = v
        u_out[k] = u
        if not is_finite(v, u):
            return n_spikes, k + 1, v, u
    return n_spikes, i_ext.shape[0], v, u


@njit(cache=True)
def integrate_network_2003(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_peaks):
    """The 2003 network script's rule for one neuron.

    Spike test ``v >= peak`` at the start of the step on the value the last step left, then
    two half steps of v with the same u and I, then one step of u with the new v. No clipping.
    """
    v = v0
    u = u0
    n_spikes = 0
    half = dt * 0.5
    for k in range(i_ext.shape[0]):
        peak = spike_peak(u, p)
        if v >= peak:
            spike_steps[n_spikes] = k
            spike_peaks[n_spikes] = v
            n_spikes += 1
            v = reset_v(u, p)
            u = reset_u(u, p)
        v = euler_v(v, u, i_ext[k], half, p)
        v = euler_v(v, u, i_ext[k], half, p)
        u = u + dt * p.a * drive_u(v, v, u, p)
        v_out[k] = v
        u_out[k] = u
        if not is_finite(v, u):
            return n_spikes, k + 1, v, u
    return n_spikes, i_ext.shape[0], v, u


@njit(cache=True)
def rk4_step(v, u, i_ext, h, p):
    """One classical Runge-Kutta step of size h with the current held at ``i_ext``."""
    k1v = drive_v(v, u, i_ext, p) / p.cap
    k1u = p.a * drive_u(v, v, u, p)
    v2 = v + 0.5 * h * k1v
    u2 = u + 0.5 * h * k1u
    k2v = drive_v(v2, u2, i_ext, p) / p.cap
    k2u = p.a * drive_u(v2, v2, u2, p)
    v3 = v + 0.5 * h * k2v
    u3 = u + 0.5 * h * k2u
    k3v = drive_v(v3, u3, i_ext, p) / p.cap
    k3u = p.a * drive_u(v3, v3, u3, p)
    v4 = v + h * k3v
    u4 = u + h * k3u
    k4v = drive_v(v4, u4, i_ext, p) / p.cap
    k4u = p.a * drive_u(v4, v4, u4, p)
    return (
        v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v),
        u + h / 6.0 * (k1u + 2.0 * k2u + 2.0 * k3u + k4u),
    )


@njit(cache=True)
def time_to_peak(v, u, i_ext, h, p):
    """Bisect the time in (0, h] at which an RK4 step from (v, u) first reaches the peak."""
    lo = 0.0
    hi = h
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        v_mid, u_mid = rk4_step(v, u, i_ext, mid, p)
        if v_mid >= spike_peak(u_mid, p):
            hi = mid
        else:
            lo = mid
    return hi


@njit(cache=True)
def integrate_reference(p, i_ext, dt, v0, u0, v_out, u_out, spike_steps, spike_offsets):
    """Converged reference: RK4 with the threshold crossing located inside the step.

    The reset happens at the located crossing and the rest of the step is integrated from the
    reset state. ``spike_offsets`` receives the crossing time within the step [ms]. A step that
    holds a spike stores the peak, as the published scheme does.
    """
    v = v0
    u = u0
    n_spikes = 0
    for k in range(i_ext.shape[0]):
        remaining = dt
        stored_peak = math.nan
        for _ in range(64):  # resets within one step; more means c is above the peak
            v_try, u_try = rk4_step(v, u, i_ext[k], remaining, p)
            if not v_try >= spike_peak(u_try, p):
                v = v_try
                u = u_try
                break
            theta = time_to_peak(v, u, i_ext[k], remaining, p)
            v_at, u_at = rk4_step(v, u, i_ext[k], theta, p)
            stored_peak = spike_peak(u_at, p)
            if n_spikes < spike_steps.shape[0]:
                spike_steps[n_spikes] = k
                spike_offsets[n_spikes] = dt - remaining + theta
                n_spikes += 1
            v = reset_v(u_at, p)
            u = reset_u(u_at, p)
            remaining = remaining - theta
        v_out[k] = stored_peak if stored_peak == stored_peak else v
        u_out[k] = u
        if not is_finite(v, u):
            return n_spikes, k + 1, v, u
    return n_spikes, i_ext.shape[0], v, u


@njit(cache=True)
def integrate_population(p, i_ext, v, u, dt, n_steps, old_values, spike_log, counts):
    """Many copies of one neuron, each under its own constant current (an f-I sweep).

    The time loop is outside and the neurons inside. ``v`` and ``u`` hold the initial states
    and receive the final ones. ``old_values`` 0.0 is the published 2004 rule (u from the new
    v), 1.0 the 2007 book rule (both from the old values). ``spike_log[j]`` receives neuron
    j's first spike steps (as many as fit); ``counts[j]`` all of its spikes.
    """
    n = v.shape[0]
    room = spike_log.shape[1]
    for step in range(n_steps):
        for j in range(n):
            v_old = v[j]
            u_old = u[j]
            v_new = euler_v(v_old, u_old, i_ext[j], dt, p)
            if old_values > 0.0:
                u_new = u_old + dt * p.a * drive_u(v_old, v_new, u_old, p)
            else:
                u_new = u_old + dt * p.a * drive_u(v_new, v_new, u_old, p)
            if crossed(v_new, spike_peak(u_new, p), p.strict):
                if counts[j] < room:
                    spike_log[j, counts[j]] = step
                counts[j] += 1
                v_new = reset_v(u_new, p)
                u_new = reset_u(u_new, p)
            v[j] = v_new
            u[j] = u_new
