"""Numba primitives shared by the schemes: the model's terms, its reset, RK4, the spike log.

Stage: model (imports numba only). Every scheme file builds its step from these. Kernels take
floats, 1-D float64 arrays and a :class:`ModelParams` tuple of floats; they allocate nothing,
do no I/O and draw no random numbers. ``cache=True`` keeps the compiled code on disk; no
``fastmath`` and no ``parallel``, so results are bit-for-bit deterministic. Units: v [mV],
u [mV/ms in the 2003/2004 form, pA in the 2007 form], t and dt [ms].

The model, in one form that covers every preset of the catalogue::

    cap * dv/dt = F(v) - u + I
        F(v) = k2*v**2 + k1*v + k0               (2003/2004 form, cap = 1)
        F(v) = k*(v - vr)*(v - vt)               (2007 form, cap = C)
    du/dt = a * (U(v) - u_decay*u)
        U(v) = b*(v - u_v_offset)                 (b = b_hyper where v <= b_switch_v)
        U(v) = b*(v - vb)**3 if v >= vb else 0    (when vb is set: the 2007 FS cell)
    if v crosses v_peak + v_peak_u*u:  v <- c + c_u*u,  u <- min(u + d, u_max)

A spike is logged by :func:`record`: its step in ``spike_steps`` and, in a row of
``spike_log``, the scheme's extra value (the peak it stores, or the crossing time inside the
step), then the state after the reset.

Numba invalidates a kernel's disk cache only when the kernel's own file changes, not when a
primitive it inlines does: after editing this file, delete ``gallery/model/schemes/
__pycache__`` (``tests/test_kernels.py`` compares every cached kernel with its step run
afresh, so a stale one fails there).
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
def drive_u_linear(v, v_branch, u, p):
    """``drive_u`` when U(v) = b*v and u_decay = 1 (the 2003/2004 cells): ``b*v - u``.

    The same floating-point result as :func:`drive_u` for those models (``v - 0.0`` is ``v``
    and ``1.0*u`` is ``u`` exactly), without the branch and the two extra operations that
    sit on the loop's critical path: the loop runs about 1.5x faster.
    """
    return p.b * v - u


@njit(cache=True)
def linear_recovery(p):
    """Whether :func:`drive_u_linear` gives the model's exact ``drive_u``."""
    return p.vb != p.vb and p.b_hyper == p.b and p.u_v_offset == 0.0 and p.u_decay == 1.0


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


LOG_COLUMNS = 3
"""Columns of ``spike_log``: the scheme's extra value, v and u after the reset."""


@njit(cache=True)
def record(spike_steps, spike_log, n, k, extra, v_reset, u_reset):
    """Log spike ``n`` (at step ``k``) if there is room; return the new count.

    A log that is full drops the spike, so the count never exceeds the room.
    """
    if n >= spike_steps.shape[0]:
        return n
    spike_steps[n] = k
    spike_log[n, 0] = extra
    spike_log[n, 1] = v_reset
    spike_log[n, 2] = u_reset
    return n + 1


@njit(cache=True)
def fill_times(t, dt):
    """``t[k] = k*dt``: a grid's times written in one pass (the same values as ``arange * dt``).

    Written once instead of NumPy's two passes (count, then scale), which at 10^6 steps cost
    a tenth of the kernel's time.
    """
    for k in range(t.shape[0]):
        t[k] = k * dt
