"""The saddle's stable manifold: the model's true threshold, a curve in the v–u plane.

Stage: analysis (imports :mod:`phase_plane`). At a constant current the states that flow into
the saddle form two curves, one on each side of it; they divide the states that return to rest
from those that fire. Each is traced by starting a hair's breadth from the saddle along its
stable eigenvector and integrating the flow **backwards** in time, so that the saddle's pull
becomes a push along the curve and every other direction is squeezed onto it.

The integration (RK4) runs in the plotting box scaled to the unit square, so the branches are
sampled alike whatever the units of u, with steps of at most ``STEP`` in that square and
``DT_MAX`` in time: a pure arc-length step would be stiff near the saddle, where the flow is
slow along the curve and fast across it (eigenvalues -0.016 and 1.0 per ms for tonic
spiking at I = 0), and the curve would zigzag. It stops where a branch leaves the box or
reaches another fixed point (a repelling focus or node, into which it winds).
``threshold.stableManifold`` in ``site_src/js/cell-nullclines.js`` is the browser twin, step
for step; tests/test_cell_parity.py compares the two.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from gallery.analysis import phase_plane
from gallery.analysis.phase_plane import FixedPoint
from gallery.model.catalogue import Model

START = 1e-3  # first step off the saddle, in box units
STEP = 5e-3  # the longest step, in box units (a 1 x 1 box after scaling)
DT_MAX = 0.5  # ms: the longest step in time, where the flow is slow (near the saddle)
MAX_STEPS = 3000  # per branch
END = 2 * STEP  # a branch this close to another fixed point (box units) has reached it


@dataclass(frozen=True, slots=True)
class Box:
    """The plotting window the manifold is traced in: v from ``v_lo`` to ``v_hi``, u likewise."""

    v_lo: float
    v_hi: float
    u_lo: float
    u_hi: float

    def inside(self, v: float, u: float) -> bool:
        """Whether ``(v, u)`` is in the window (edges included)."""
        return self.v_lo <= v <= self.v_hi and self.u_lo <= u <= self.u_hi


@dataclass(frozen=True, slots=True)
class Manifold:
    """The saddle and its two stable branches, each as voltages and recoveries from the saddle."""

    saddle: FixedPoint
    slope: float  # du/dv of the stable eigenvector at the saddle
    branches: tuple[tuple[tuple[float, ...], tuple[float, ...]], ...]


def stable_slope(model: Model, saddle: FixedPoint) -> float:
    """du/dv of the saddle's stable eigenvector, ``(lambda - J11) / J12``, lambda < 0."""
    jac = phase_plane.jacobian(model, saddle.v)
    trace, det = saddle.trace, saddle.determinant
    stable = (trace - math.sqrt(trace * trace - 4.0 * det)) / 2.0
    return float((stable - jac[0, 0]) / jac[0, 1])


def _backward(model: Model, i_ext: float, box: Box, x: float, y: float) -> tuple[float, float]:
    """The time-reversed flow at box coordinates ``(x, y)``, in box units per ms."""
    sv, su = box.v_hi - box.v_lo, box.u_hi - box.u_lo
    dv, du = phase_plane.derivatives(model, box.v_lo + x * sv, box.u_lo + y * su, i_ext)
    return -float(dv) / sv, -float(du) / su


def _branch(model: Model, i_ext: float, box: Box, saddle: FixedPoint, slope: float, sign: float,
            ends: tuple[tuple[float, float], ...]):  # fmt: skip
    sv, su = box.v_hi - box.v_lo, box.u_hi - box.u_lo
    ex, ey = 1.0 / sv, slope / su
    norm = math.hypot(ex, ey)
    x = (saddle.v - box.v_lo) / sv + sign * START * ex / norm
    y = (saddle.u - box.u_lo) / su + sign * START * ey / norm
    vs, us = [saddle.v], [saddle.u]
    for _ in range(MAX_STEPS):
        k1 = _backward(model, i_ext, box, x, y)
        speed = math.hypot(*k1)
        if speed == 0.0:
            break
        h = min(DT_MAX, STEP / speed)  # time steps near the saddle, arc length far from it
        k2 = _backward(model, i_ext, box, x + 0.5 * h * k1[0], y + 0.5 * h * k1[1])
        k3 = _backward(model, i_ext, box, x + 0.5 * h * k2[0], y + 0.5 * h * k2[1])
        k4 = _backward(model, i_ext, box, x + h * k3[0], y + h * k3[1])
        x += h * (k1[0] + 2.0 * k2[0] + 2.0 * k3[0] + k4[0]) / 6.0
        y += h * (k1[1] + 2.0 * k2[1] + 2.0 * k3[1] + k4[1]) / 6.0
        v, u = box.v_lo + x * sv, box.u_lo + y * su
        if not box.inside(v, u):
            break
        vs.append(v)
        us.append(u)
        # at a repelling fixed point the flow has no direction: the branch ends there
        if any(math.hypot((v - ev) / sv, (u - eu) / su) < END for ev, eu in ends):
            break
    return tuple(vs), tuple(us)


def stable_manifold(model: Model, i_ext: float, box: Box) -> Manifold | None:
    """Both stable branches of the saddle at ``i_ext`` inside ``box``; None without a saddle."""
    points = phase_plane.fixed_points(model, i_ext)
    saddle = next((p for p in points if p.kind == "saddle"), None)
    if saddle is None:
        return None
    slope = stable_slope(model, saddle)
    ends = tuple((p.v, p.u) for p in points if p is not saddle)
    branches = tuple(_branch(model, i_ext, box, saddle, slope, sign, ends) for sign in (1.0, -1.0))
    return Manifold(saddle, slope, branches)


def nullclines_box(model: Model, points: tuple[FixedPoint, ...], u_median: float) -> Box:
    """The window of the live cells' nullclines view (as cell-nullclines.js draws it).

    v from below the lowest fixed point (or -90 mV, or the reset) to the cut-off; u around the
    fixed points (or ``u_median``, the middle of the nullclines, when there are none).
    """
    v_lo = min([-90.0, model.c] + [p.v - 10.0 for p in points])
    mid = [p.u for p in points] or [u_median]
    pad = max(5.0, 0.6 * (max(mid) - min(mid)) + 5.0)
    return Box(v_lo, model.v_peak, min(mid) - pad, max(mid) + pad)


def threshold_v(found: Manifold, u: float) -> float | None:
    """The voltage at which the manifold crosses recovery ``u`` (the lowest, if several).

    A voltage kick from a state with this ``u`` fires if and only if it carries v past it.
    """
    crossings = []
    for vs, us in found.branches:
        for k in range(len(vs) - 1):
            if (us[k] - u) * (us[k + 1] - u) <= 0.0 and us[k] != us[k + 1]:
                s = (u - us[k]) / (us[k + 1] - us[k])
                crossings.append(vs[k] + s * (vs[k + 1] - vs[k]))
    return min(crossings) if crossings else None
