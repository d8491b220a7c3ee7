"""Time grids of the integration schemes.

Stage: model; imports nothing of the package. Times in [ms].

Two conventions exist in the published scripts and both are kept exactly:

* the 2003/2004 scripts loop over ``tspan = 0:tau:T``: ``T/tau + 1`` points, both ends
  included; the value stored at ``t_k`` is the state *after* the step taken at ``t_k``;
* the 2007 book script has ``n = round(T/tau)`` samples at ``0, tau, ..., (n-1)*tau``; the first
  sample is the initial state and step ``i`` (driven by the current at ``t_i``) writes sample
  ``i + 1``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

MAX_STEPS = 10_000_000
"""Runs longer than this are refused: they are a typo, not a lesson."""

_COLON_TOLERANCE = 1e-9


def steps_needed(dt_ms: float, t_max_ms: float) -> float:
    """Number of steps a run of ``t_max_ms`` takes at ``dt_ms`` (for validation)."""
    return t_max_ms / dt_ms


def published_points(dt_ms: float, t_max_ms: float) -> int:
    """Number of points of ``0:dt:T``, both ends included."""
    return math.floor(t_max_ms / dt_ms + _COLON_TOLERANCE) + 1


def book_points(dt_ms: float, t_max_ms: float) -> int:
    """Number of samples of the 2007 script, ``round(T/dt)``."""
    return round(t_max_ms / dt_ms)


def published_grid(dt_ms: float, t_max_ms: float) -> NDArray[np.float64]:
    """Grid ``0:dt:T`` as MATLAB's colon operator builds it: ``k*dt`` up to ``T``, both ends."""
    return grid_times(published_points(dt_ms, t_max_ms), dt_ms)


def book_grid(dt_ms: float, t_max_ms: float) -> NDArray[np.float64]:
    """Grid of the 2007 script: ``round(T/dt)`` samples ``i*dt`` starting at 0."""
    return grid_times(book_points(dt_ms, t_max_ms), dt_ms)


def grid_times(n: int, dt_ms: float) -> NDArray[np.float64]:
    """``k*dt`` for k < n, scaled in place (one array, not two: a long grid is memory-bound)."""
    t = np.arange(n, dtype=np.float64)
    t *= dt_ms
    return t


@dataclass(frozen=True, slots=True)
class Grid:
    """A grid convention: how its times are built and which samples the steps write.

    With ``initial_sample`` the first sample is the initial state and the step driven by the
    current at ``t_i`` writes sample ``i + 1`` (so the last current drives no step); without
    it every grid time drives the step taken there and stores the state after it.
    """

    rule: str  # as the scripts write it
    initial_sample: bool
    count: Callable[[float, float], int] = field(repr=False)

    def points(self, dt_ms: float, t_max_ms: float) -> int:
        """Number of grid times of a run of ``t_max_ms`` at ``dt_ms``."""
        return self.count(dt_ms, t_max_ms)

    def times(self, dt_ms: float, t_max_ms: float) -> NDArray[np.float64]:
        """The grid times [ms] of a run of ``t_max_ms`` at ``dt_ms``."""
        return grid_times(self.points(dt_ms, t_max_ms), dt_ms)

    def driving(self, i_ext: NDArray[np.float64]) -> NDArray[np.float64]:
        """The currents that drive a step, one per step."""
        return i_ext[:-1] if self.initial_sample else i_ext


PUBLISHED_GRID = Grid("0:dt:T", False, published_points)
BOOK_GRID = Grid("round(T/dt)", True, book_points)
