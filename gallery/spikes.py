"""Spike-train statistics: intervals, bursts, rates.

Stage: analyse (imports nothing of the package but plain numpy). Times in [ms], rates in [Hz].
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

BURST_GAP_MS = 10.0
"""Spikes closer than this belong to the same burst (the rule used in protocols.md §7)."""


def isis(spike_times_ms: ArrayLike) -> NDArray[np.float64]:
    """Inter-spike intervals [ms]."""
    return np.diff(np.asarray(spike_times_ms, dtype=np.float64))


def bursts(spike_times_ms: ArrayLike, gap_ms: float = BURST_GAP_MS) -> list[NDArray[np.float64]]:
    """Group spikes into bursts: a new group starts after an interval of ``gap_ms`` or more.

    A single spike is a group of one.
    """
    times = np.asarray(spike_times_ms, dtype=np.float64)
    if times.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(times) >= gap_ms) + 1
    return list(np.split(times, breaks))


def firing_rate_hz(spike_times_ms: ArrayLike, start_ms: float, stop_ms: float) -> float:
    """Mean rate [Hz] over ``[start_ms, stop_ms)``."""
    times = np.asarray(spike_times_ms, dtype=np.float64)
    count = np.count_nonzero((times >= start_ms) & (times < stop_ms))
    return 1000.0 * count / (stop_ms - start_ms)
