"""Stimulus protocols: from a protocol description to the current on the time grid.

Stage: model (imports ``expr``). Pure numpy, no I/O. Currents are in the preset's own units
(dimensionless "mV/ms" in the 2003/2004 form, pA in the 2007 form); times in [ms].

A protocol is a baseline current plus an ordered list of windows. At each grid time the first
window that contains it sets the current; if none does, the baseline applies. This is the
``if / elseif / else`` chain of the published scripts. Each window has a start and an end
(expressions of ``t_end``, the last grid time, so ``T/10`` follows the grid as the script's
``tspan(end)/10`` does), its interval ends open or closed (``bounds``: ``"()"``, ``"[)"``,
``"(]"``, ``"[]"``; the papers use strict comparisons, ``"()"``), and a value (an expression
of ``t``, ``t_end`` and the run's amplitude ``amp``: a constant, a ramp, anything).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gallery.model.expr import Expr, to_latex

BOUNDS = ("()", "[)", "(]", "[]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Window:
    """One interval of the protocol; ``start``/``end`` of ``None`` mean unbounded."""

    start: Expr | None
    end: Expr | None
    bounds: str = "()"
    value: Expr

    def __post_init__(self) -> None:
        if self.bounds not in BOUNDS:
            raise ValueError(f"bounds must be one of {', '.join(BOUNDS)}, not {self.bounds!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Stimulus:
    """A protocol: one run per amplitude, each with the same windows."""

    amplitudes: tuple[float, ...]
    baseline: Expr
    windows: tuple[Window, ...] = ()
    amplitude_label: str = "amplitude"


def window_edges(window: Window, t_end: float) -> tuple[float, float]:
    """The window's start and end [ms] on a grid whose last time is ``t_end``."""
    start = -np.inf if window.start is None else float(window.start.evaluate(t_end=t_end))
    end = np.inf if window.end is None else float(window.end.evaluate(t_end=t_end))
    return start, end


def window_mask(window: Window, t: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Grid points inside the window, with the window's open or closed ends."""
    start, end = window_edges(window, float(t[-1]))
    after = t >= start if window.bounds[0] == "[" else t > start
    before = t <= end if window.bounds[1] == "]" else t < end
    return after & before


def window_span(window: Window, t: NDArray[np.float64]) -> tuple[int, int]:
    """The window's points of an ascending grid ``t`` as an index range ``[lo, hi)``.

    The same points as :func:`window_mask`, found by bisection instead of two passes over the
    grid: a long run's protocol then costs almost nothing beside its kernel.
    """
    start, end = window_edges(window, float(t[-1]))
    if math.isnan(start) or math.isnan(end):  # no grid point compares true with NaN
        return 0, 0
    lo = int(np.searchsorted(t, start, side="left" if window.bounds[0] == "[" else "right"))
    hi = int(np.searchsorted(t, end, side="right" if window.bounds[1] == "]" else "left"))
    return lo, max(lo, hi)


def current(
    stimulus: Stimulus,
    t: NDArray[np.float64],
    amp: float,
    out: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """The injected current at every time of the ascending grid ``t`` for one amplitude ``amp``.

    Each window fills the index ranges it covers that no earlier window has filled; the
    baseline fills the rest. Values are evaluated on contiguous slices of ``t``, element by
    element as on the points of a mask. ``out`` receives the current if given.
    """
    t_end = float(t[-1])
    i_ext = np.empty_like(t) if out is None else out
    free = [(0, t.size)]  # index ranges no window has set yet, ascending
    for window in stimulus.windows:
        lo, hi = window_span(window, t)
        left = []
        for a, b in free:
            x, y = max(a, lo), min(b, hi)
            if x >= y:
                left.append((a, b))
                continue
            i_ext[x:y] = window.value.evaluate(t=t[x:y], t_end=t_end, amp=amp)
            left += [piece for piece in ((a, x), (y, b)) if piece[0] < piece[1]]
        free = left
    for a, b in free:
        i_ext[a:b] = stimulus.baseline.evaluate(t=t[a:b], t_end=t_end, amp=amp)
    return i_ext


def _edge_text(value: float) -> str:
    return f"{value:.6g}"


def condition_latex(window: Window, t_end: float) -> str:
    """The window's interval as an inequality in t, with its edges evaluated at ``t_end``."""
    start, end = window_edges(window, t_end)
    left = r"\le" if window.bounds[0] == "[" else "<"
    right = r"\le" if window.bounds[1] == "]" else "<"
    if np.isinf(start) and np.isinf(end):
        return r"\text{always}"
    if np.isinf(start):
        return f"t {right} {_edge_text(end)}"
    if np.isinf(end):
        above = ">" if left == "<" else r"\ge"
        return f"t {above} {_edge_text(start)}"
    return f"{_edge_text(start)} {left} t {right} {_edge_text(end)}"


def protocol_latex(stimulus: Stimulus, t_end: float, amp: float | None = None) -> str:
    """The protocol as a LaTeX ``cases`` formula for I(t); ``amp`` is substituted if given.

    Rows are in the order the windows are tried, the first match winning, so the formula
    reads exactly as the protocol runs.
    """
    values = {"t_end": t_end} | ({} if amp is None else {"amp": amp})
    rows = [f"{to_latex(w.value, values)} & {condition_latex(w, t_end)}" for w in stimulus.windows]
    baseline = to_latex(stimulus.baseline, values)
    if not rows:
        return f"I(t) = {baseline}"
    rows.append(rf"{baseline} & \text{{otherwise}}")
    return r"I(t) = \begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"
