"""Time grids of the integration schemes.

Stage: bottom; imports nothing of the package. Times in [ms].

Two conventions exist in the published scripts and both are kept exactly:

* the 2003/2004 scripts loop over ``tspan = 0:tau:T``: ``T/tau + 1`` points, both ends
  included; the value stored at ``t_k`` is the state *after* the step taken at ``t_k``;
* the 2007 book script has ``n = round(T/tau)`` samples at ``0, tau, ..., (n-1)*tau``; the first
  sample is the initial state and step ``i`` (driven by the current at ``t_i``) writes sample
  ``i + 1``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

MAX_STEPS = 10_000_000
"""Runs longer than this are refused: they are a typo, not a lesson."""

_COLON_TOLERANCE = 1e-9


def steps_needed(dt_ms: float, t_max_ms: float) -> float:
    """Number of steps a run of ``t_max_ms`` takes at ``dt_ms`` (for validation)."""
    return t_max_ms / dt_ms


def published_grid(dt_ms: float, t_max_ms: float) -> NDArray[np.float64]:
    """Grid ``0:dt:T`` as MATLAB's colon operator builds it: ``k*dt`` up to ``T``, both ends."""
    n = math.floor(t_max_ms / dt_ms + _COLON_TOLERANCE)
    return np.arange(n + 1, dtype=np.float64) * dt_ms


def book_grid(dt_ms: float, t_max_ms: float) -> NDArray[np.float64]:
    """Grid of the 2007 script: ``round(T/dt)`` samples ``i*dt`` starting at 0."""
    n = round(t_max_ms / dt_ms)
    return np.arange(n, dtype=np.float64) * dt_ms
