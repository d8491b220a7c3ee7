"""The reset map: from the recovery u right after one spike to u right after the next.

Stage: analysis (imports the model stage and :mod:`cell_state`). Under a constant current the
state right after a reset is ``(c + c_u u_pre, u_n)``: the next spike, and so ``u_{n+1}``,
depends on ``u_n`` only, a one-dimensional map (Izhikevich 2007, ch. 8 and 9). Its fixed point
``u* = M(u*)`` is tonic spiking with one interval; slope ``|M'(u*)| < 1`` makes it attract.
Where no spike follows within ``HORIZON_MS`` the map is undefined (the cell rests or pauses
longer): for a burster the orbit leaves the map's domain at the end of each burst.
Each value of M is one simulation with the state's scheme from that start; the cobweb is the
sequence of after-spike u of one run from the preset's (v0, u0). The browser twin is
``cellMath.resetMap`` in ``site_src/js/cell-math.js`` (tests/test_cell_parity.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from gallery.analysis.cell_state import CellState, constant, state_preset
from gallery.model.catalogue import Preset
from gallery.model.simulate import Run, simulate

POINTS = 41
HORIZON_MS = 500.0
COBWEB_SPIKES = 12
GRID_SCHEMES = ("published-2004", "euler", "book-2007", "network-2003")
"""Schemes whose spikes sit on the time grid (the reference's crossings fall between steps)."""


@dataclass(frozen=True, slots=True)
class ResetMap:
    """The map on a grid of u, the cobweb of one run, and the map's fixed point.

    ``after[j]`` is M(``u[j]``), NaN where no spike follows within the horizon; ``orbit`` the
    after-spike u of the run from the preset's start (the cobweb's corners); ``fixed`` the
    u* where M(u) - u changes sign between grid points (linear interpolation), or None, and
    ``slope`` M' there (from the two grid points around it).
    """

    u: tuple[float, ...]
    after: tuple[float, ...]
    orbit: tuple[float, ...]
    fixed: float | None
    slope: float | None


def _first_reset_u(run: Run) -> float:
    return float(run.reset_u[0]) if run.n_spikes else math.nan


def next_u(preset: Preset, state: CellState, u_n: float, horizon_ms: float = HORIZON_MS) -> float:
    """M(u_n): u right after the first spike from the reset state with recovery ``u_n``."""
    cell = state_preset(preset, state)
    m = cell.model
    v_start = m.c + m.c_u * (u_n - m.d)  # the reset voltage of a spike that led to u_n
    start = replace(cell, v0=v_start, u0=u_n, stimulus=constant(state.amp), t_max_ms=horizon_ms)
    return _first_reset_u(simulate(start)[0])


def orbit(preset: Preset, state: CellState, horizon_ms: float = HORIZON_MS) -> list[float]:
    """After-spike u of the run from the preset's (v0, u0) under the constant current."""
    cell = replace(state_preset(preset, state), stimulus=constant(state.amp),
                   t_max_ms=horizon_ms * COBWEB_SPIKES / 4)  # fmt: skip
    return [float(x) for x in simulate(cell)[0].reset_u[:COBWEB_SPIKES]]


def u_grid(points_u: list[float], d: float, points: int = POINTS) -> list[float]:
    """The map's u range: the orbit's span, widened by |d| either side (a default without one)."""
    pad = max(abs(d), 1e-3)
    lo, hi = (min(points_u) - pad, max(points_u) + pad) if points_u else (-pad, 2 * pad)
    return [float(x) for x in np.linspace(lo, hi, points)]


def crossing(u: list[float], after: list[float]) -> tuple[float | None, float | None]:
    """The first sign change of M(u) - u between defined grid neighbours, and M' there."""
    for j in range(len(u) - 1):
        g0, g1 = after[j] - u[j], after[j + 1] - u[j + 1]
        if math.isfinite(g0) and math.isfinite(g1) and g0 * g1 <= 0 and g0 != g1:
            s = g0 / (g0 - g1)
            return u[j] + s * (u[j + 1] - u[j]), (after[j + 1] - after[j]) / (u[j + 1] - u[j])
    return None, None


def reset_map(preset: Preset, state: CellState, points: int = POINTS) -> ResetMap:
    """The reset map of ``preset`` at ``state``, with its cobweb and fixed point."""
    if state.scheme not in GRID_SCHEMES:
        raise ValueError(f"the reset map needs a grid scheme ({', '.join(GRID_SCHEMES)})")
    path = orbit(preset, state)
    grid = u_grid(path, state.d, points)
    after = [next_u(preset, state, u) for u in grid]
    fixed, slope = crossing(grid, after)
    return ResetMap(tuple(grid), tuple(after), tuple(path), fixed, slope)
