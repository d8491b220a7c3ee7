"""What a run of the network gives and where its noise starts, shared by both engines.

Stage: network (imports only numpy). :mod:`~gallery.network.simulate` (numba) and
:mod:`~gallery.network.nest_engine` (NEST) both return a :class:`NetworkResult` and draw the
thalamic noise from :func:`noise_generator_state`; keeping them here keeps the engines from
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, eq=False, kw_only=True)
class NetworkResult:
    """The raster of one run.

    Attributes
    ----------
    spike_t_ms : ndarray of int64
        Spike times [ms]: net.m's loop counter t (1 .. duration), the step in which ``v >= 30``
        was detected. Sorted, and within one t by cell index.
    spike_index : ndarray of int64
        Cell index of each spike (0-based; excitatory first).
    n_exc, n_inh : int
        Population sizes.
    duration_ms : int
        Simulated time [ms] (number of 1 ms steps).
    """

    spike_t_ms: NDArray[np.int64]
    spike_index: NDArray[np.int64]
    n_exc: int
    n_inh: int
    duration_ms: int


def noise_generator_state(seed: int) -> NDArray[np.uint64]:
    """The state of ``numpy.random.SFC64(seed)`` as the uint64 array the kernel advances."""
    state = np.random.SFC64(seed).state
    if state["has_uint32"]:  # a fresh SFC64 has no buffered half-word; the kernel keeps none
        raise RuntimeError("SFC64 came with a buffered 32-bit value")
    return np.array(state["state"]["state"], dtype=np.uint64)
