"""The v–u phase plane in closed form: nullclines, fixed points, stability, bifurcations, flow.

Stage: analysis (imports ``catalogue`` only). The equations are those of the kernels
(:mod:`gallery.model.schemes.primitives`)::

    cap * v' = F(v) - u + I       F(v) = A v^2 + B v + C0
    u'       = a * (U(v) - u_decay * u)

with ``A, B, C0 = k2, k1, k0`` in the 2003/2004 form and ``k, -k (vr + vt), k vr vt`` in the
2007 form. ``U`` is linear, ``b (v - u_v_offset)``, with ``b`` switched to ``b_hyper`` at or
below ``b_switch_v`` (2007 TC and RTN cells), or the 2007 FS cell's cubic ``b (v - vb)^3``
above ``vb`` (0 below). Panel R sets ``u_decay = 0``: its u-nullcline is the vertical line
``v = u_v_offset`` and its resting state never disappears as a constant current rises.

Units as in the model: v [mV], u and I in the units of the form (mV/ms or pA), t [ms].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gallery.model.catalogue import Model

KINDS = (
    "stable node",
    "unstable node",
    "stable focus",
    "unstable focus",
    "saddle",
    "saddle-node",
    "centre",
)


@dataclass(frozen=True, slots=True)
class FixedPoint:
    """An equilibrium of the flow (spikes and resets aside) at a constant current."""

    v: float
    u: float
    i_ext: float
    trace: float
    determinant: float
    eigenvalues: tuple[complex, complex]
    kind: str

    @property
    def stable(self) -> bool:
        """Both eigenvalues have a negative real part."""
        return self.kind in ("stable node", "stable focus")

    @property
    def period_ms(self) -> float:
        """The period 2π/ω of the linear oscillation around it [ms] (infinite for a node)."""
        omega = abs(self.eigenvalues[0].imag)
        return 2 * math.pi / omega if omega > 0 else math.inf


@dataclass(frozen=True, slots=True)
class RestLoss:
    """How the resting state ends as a constant current rises: the rheobase of the model.

    ``kind`` is ``"saddle-node"`` (rest merges with a saddle and disappears),
    ``"Andronov-Hopf"`` (rest turns into an unstable focus) or ``"none"`` (no constant current
    ends it, as in panel R). ``v`` and ``u`` locate the rest state at that current.
    """

    kind: str
    current: float
    v: float
    u: float


def quadratic(model: Model) -> tuple[float, float, float]:
    """``(A, B, C0)`` of ``F(v) = A v^2 + B v + C0``."""
    return model.form.coefficients(model)


def capacitance(model: Model) -> float:
    """The factor in front of v' (C in the 2007 form, 1 in the 2003/2004 form)."""
    return model.form.capacitance(model)


def nullcline_v(model: Model, v: ArrayLike, i_ext: float) -> NDArray[np.float64]:
    """The v-nullcline ``u = F(v) + I`` (where v' = 0)."""
    a2, a1, a0 = quadratic(model)
    v = np.asarray(v, dtype=np.float64)
    return a2 * v * v + a1 * v + a0 + i_ext


def recovery_target(model: Model, v: ArrayLike) -> NDArray[np.float64]:
    """``U(v)``, the value u relaxes towards (times ``u_decay``)."""
    v = np.asarray(v, dtype=np.float64)
    if model.vb is not None:
        return np.where(v >= model.vb, model.b * (v - model.vb) ** 3, 0.0)
    slope = np.full_like(v, model.b)
    if model.b_hyper is not None and model.b_switch_v is not None:
        slope = np.where(v <= model.b_switch_v, model.b_hyper, model.b)
    return slope * (v - model.u_v_offset)


def recovery_slope(model: Model, v: float) -> float:
    """``dU/dv`` at ``v``."""
    if model.vb is not None:
        return 3.0 * model.b * (v - model.vb) ** 2 if v >= model.vb else 0.0
    if model.b_hyper is not None and model.b_switch_v is not None and v <= model.b_switch_v:
        return model.b_hyper
    return model.b


def vertical_u_nullcline(model: Model) -> float | None:
    """The voltage of a vertical u-nullcline (``u_decay = 0``), else None."""
    return model.u_v_offset if model.u_decay == 0 and model.vb is None else None


def nullcline_u(model: Model, v: ArrayLike) -> NDArray[np.float64]:
    """The u-nullcline ``u = U(v) / u_decay`` (where u' = 0); NaN where it is vertical."""
    v = np.asarray(v, dtype=np.float64)
    if vertical_u_nullcline(model) is not None:
        return np.full_like(v, np.nan)
    return recovery_target(model, v) / model.u_decay


def derivatives(
    model: Model, v: ArrayLike, u: ArrayLike, i_ext: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(v', u')`` at every point: the flow field (spikes and resets aside)."""
    v = np.asarray(v, dtype=np.float64)
    u = np.asarray(u, dtype=np.float64)
    dv = (nullcline_v(model, v, i_ext) - u) / capacitance(model)
    du = model.a * (recovery_target(model, v) - model.u_decay * u)
    return dv, du


def flow_field(
    model: Model,
    v_range: tuple[float, float],
    u_range: tuple[float, float],
    i_ext: float,
    n: tuple[int, int] = (21, 15),
) -> tuple[NDArray[np.float64], ...]:
    """``(V, U, dV, dU)`` on an ``n[0]`` × ``n[1]`` grid spanning the two ranges."""
    v_grid, u_grid = np.meshgrid(np.linspace(*v_range, n[0]), np.linspace(*u_range, n[1]))
    dv, du = derivatives(model, v_grid, u_grid, i_ext)
    return v_grid, u_grid, dv, du


def jacobian(model: Model, v: float) -> NDArray[np.float64]:
    """The Jacobian of (v', u') with respect to (v, u); it depends on v only."""
    a2, a1, _ = quadratic(model)
    cap = capacitance(model)
    return np.array(
        [
            [(2.0 * a2 * v + a1) / cap, -1.0 / cap],
            [model.a * recovery_slope(model, v), -model.a * model.u_decay],
        ]
    )


def classify(trace: float, determinant: float, tol: float = 1e-12) -> str:
    """Name an equilibrium from the trace and determinant of its Jacobian."""
    scale = max(1.0, abs(trace), abs(determinant))
    if abs(determinant) <= tol * scale:
        return "saddle-node"
    if determinant < 0:
        return "saddle"
    if abs(trace) <= tol * scale:
        return "centre"
    stability = "stable" if trace < 0 else "unstable"
    shape = "node" if trace * trace - 4.0 * determinant >= 0 else "focus"
    return f"{stability} {shape}"


def fixed_point(model: Model, v: float, i_ext: float) -> FixedPoint:
    """The equilibrium at voltage ``v`` (which must solve F(v) + I = U(v) / u_decay)."""
    jac = jacobian(model, v)
    trace = float(jac[0, 0] + jac[1, 1])
    determinant = float(jac[0, 0] * jac[1, 1] - jac[0, 1] * jac[1, 0])
    root = np.sqrt(complex(trace * trace - 4.0 * determinant))
    eigenvalues = (complex((trace - root) / 2.0), complex((trace + root) / 2.0))
    u = float(nullcline_v(model, v, i_ext))
    return FixedPoint(v, u, i_ext, trace, determinant, eigenvalues, classify(trace, determinant))


def _real_roots(coefficients: list[float]) -> list[float]:
    """Real roots of a polynomial (highest power first), a double root counted once."""
    coefficients = list(coefficients)
    while coefficients and coefficients[0] == 0.0:
        coefficients.pop(0)
    if len(coefficients) < 2:
        return []
    if len(coefficients) == 3:  # closed form, exact at a double root
        p2, p1, p0 = coefficients
        disc = p1 * p1 - 4.0 * p2 * p0
        scale = max(p1 * p1, abs(4.0 * p2 * p0), 1e-300)
        if disc < -1e-13 * scale:
            return []
        if disc <= 1e-13 * scale:
            return [-p1 / (2.0 * p2)]
        q = -0.5 * (p1 + math.copysign(math.sqrt(disc), p1))
        return sorted({q / p2, p0 / q})
    roots = np.roots(coefficients)
    real = roots[np.abs(roots.imag) <= 1e-9 * np.maximum(1.0, np.abs(roots.real))].real
    return sorted({float(r) for r in real})


def _polish(model: Model, v: float, i_ext: float) -> float:
    """Two Newton steps on F(v) + I - U(v)/u_decay = 0 (for roots found numerically)."""
    a2, a1, _ = quadratic(model)
    for _ in range(2):
        g = float(nullcline_v(model, v, i_ext) - nullcline_u(model, v))
        slope = 2.0 * a2 * v + a1 - recovery_slope(model, v) / model.u_decay
        if slope == 0.0 or not math.isfinite(g):
            break
        v -= g / slope
    return v


def _distinct(voltages: list[float], tol: float = 1e-9) -> list[float]:
    out: list[float] = []
    for v in sorted(voltages):
        if not out or v - out[-1] > tol * max(1.0, abs(v)):
            out.append(v)
    return out


def equilibrium_voltages(model: Model, i_ext: float) -> list[float]:
    """Voltages of every equilibrium at constant current ``i_ext``, ascending."""
    a2, a1, a0 = quadratic(model)
    vertical = vertical_u_nullcline(model)
    if vertical is not None:
        return [vertical]
    decay = model.u_decay
    if model.vb is not None:
        # below vb U = 0: F(v) + I = 0; above: F(v) + I = b (v - vb)^3 / decay.
        below = [v for v in _real_roots([a2, a1, a0 + i_ext]) if v < model.vb - 1e-9]
        cube = model.b / decay
        vb = model.vb
        poly = [-cube, a2 + 3 * cube * vb, a1 - 3 * cube * vb**2, a0 + i_ext + cube * vb**3]
        above = [max(vb, _polish(model, v, i_ext)) for v in _real_roots(poly) if v >= vb - 1e-9]
        return _distinct(below + above)
    branches = [(model.b, -math.inf, math.inf)]
    if model.b_hyper is not None and model.b_switch_v is not None:
        branches = [
            (model.b_hyper, -math.inf, model.b_switch_v),
            (model.b, model.b_switch_v, math.inf),
        ]
    voltages: list[float] = []
    for slope, low, high in branches:
        beta = slope / decay
        roots = _real_roots([a2, a1 - beta, a0 + i_ext + beta * model.u_v_offset])
        voltages += [v for v in roots if (low < v <= high) or (low == -math.inf and v <= high)]
    return sorted(voltages)


def fixed_points(model: Model, i_ext: float) -> tuple[FixedPoint, ...]:
    """Every equilibrium at constant current ``i_ext``, by ascending voltage."""
    return tuple(fixed_point(model, v, i_ext) for v in equilibrium_voltages(model, i_ext))


def rest_state(model: Model, i_ext: float) -> FixedPoint | None:
    """The resting state: the stable equilibrium of lowest voltage, if there is one."""
    return next((fp for fp in fixed_points(model, i_ext) if fp.stable), None)


def _linear_branch_loss(model: Model, slope: float) -> RestLoss:
    """Rest loss on a branch with a linear u-nullcline of slope ``slope`` (closed form)."""
    a2, a1, a0 = quadratic(model)
    cap, decay = capacitance(model), model.u_decay
    beta = slope / decay
    # Fold: F'(v) = beta. Hopf: trace F'(v)/cap - a*decay = 0 with determinant > 0, i.e. on the
    # rest branch (F'(v) < beta) when a*cap*decay < beta.
    v_fold = (beta - a1) / (2.0 * a2)
    v_hopf = (model.a * cap * decay - a1) / (2.0 * a2)
    kind, v = ("Andronov-Hopf", v_hopf) if v_hopf < v_fold else ("saddle-node", v_fold)
    u = slope * (v - model.u_v_offset) / decay
    current = u - (a2 * v * v + a1 * v + a0)
    return RestLoss(kind, current, v, u)


def rest_loss(model: Model) -> RestLoss:
    """The rheobase: the constant current at which the resting state disappears or destabilises.

    Closed form for a linear u-nullcline (including the voltage-switched b, on the branch
    where the rest state sits); for the 2007 FS cell's cubic nullcline, a bisection on the
    current of the closed-form equilibria.
    """
    if vertical_u_nullcline(model) is not None:
        fp = fixed_point(model, model.u_v_offset, 0.0)
        return RestLoss("none", math.inf, fp.v, fp.u)
    if model.vb is None:
        branches = [(model.b, -math.inf, math.inf)]
        if model.b_hyper is not None and model.b_switch_v is not None:
            branches = [
                (model.b_hyper, -math.inf, model.b_switch_v),
                (model.b, model.b_switch_v, math.inf),
            ]
        losses = [_linear_branch_loss(model, slope) for slope, _, _ in branches]
        inside = [
            loss
            for loss, (_, low, high) in zip(losses, branches, strict=True)
            if low < loss.v <= high
        ]
        if inside:
            return min(inside, key=lambda loss: loss.current)
    return _bisect_rest_loss(model)


def _rest_edge(model: Model, with_rest: float, without_rest: float, tol: float) -> RestLoss:
    """Bisect the current between one with a resting state and one without.

    The loss is a saddle-node when equilibria disappear across the edge, else Andronov-Hopf.
    """
    while abs(without_rest - with_rest) > tol * max(1.0, abs(with_rest)):
        mid = 0.5 * (with_rest + without_rest)
        if rest_state(model, mid) is None:
            without_rest = mid
        else:
            with_rest = mid
    rest = rest_state(model, with_rest)
    assert rest is not None
    fewer = len(fixed_points(model, without_rest)) < len(fixed_points(model, with_rest))
    return RestLoss("saddle-node" if fewer else "Andronov-Hopf", with_rest, rest.v, rest.u)


def _bisect_rest_loss(model: Model, tol: float = 1e-9) -> RestLoss:
    low = -1e3
    if rest_state(model, low) is None:
        raise ValueError("no resting state even at a strongly hyperpolarising current")
    high = 1.0
    while rest_state(model, high) is not None:
        high *= 2.0
        if high > 1e9:
            fp = rest_state(model, 0.0)
            return RestLoss("none", math.inf, fp.v if fp else math.nan, fp.u if fp else math.nan)
    return _rest_edge(model, low, high, tol)


def rest_loss_falling(
    model: Model, i_from: float, span: float = 1e3, tol: float = 1e-9
) -> RestLoss:
    """Where the resting state at ``i_from`` is lost as the current *falls*.

    The inhibition-induced panels fire this way. A bisection on the current over the
    closed-form equilibria; ``kind`` is ``"none"`` when rest survives down to
    ``i_from - span``.
    """
    start = rest_state(model, i_from)
    if start is None:
        raise ValueError(f"no resting state at I = {i_from}")
    if rest_state(model, i_from - span) is not None:
        return RestLoss("none", -math.inf, start.v, start.u)
    high, step = i_from, 1.0
    while rest_state(model, high - step) is not None:  # bracket the first loss below i_from
        high -= step
        step *= 2.0
    return _rest_edge(model, high, max(i_from - span, high - step), tol)


def threshold_u_line(model: Model, u: ArrayLike) -> NDArray[np.float64]:
    """The spike cut-off voltage ``v_peak + v_peak_u * u`` along u."""
    return model.v_peak + model.v_peak_u * np.asarray(u, dtype=np.float64)


def reset_u_line(model: Model, u: ArrayLike) -> NDArray[np.float64]:
    """The after-spike voltage ``c + c_u * u`` along u."""
    return model.c + model.c_u * np.asarray(u, dtype=np.float64)


def reset_jump(model: Model, u: float) -> tuple[float, float]:
    """Where a spike that peaks with recovery ``u`` lands: ``(c + c_u u, min(u + d, u_max))``."""
    return model.c + model.c_u * u, min(u + model.d, model.u_max)
