"""Building the 2003 network (net.m): 1000 randomly coupled neurons that show cortical rhythms.

Stage: network (imports only numpy). Units: v [mV], time [ms]. The recipe is Izhikevich (2003),
*Simple model of spiking neurons*, IEEE TNN 14, Fig. 3 and its MATLAB listing net.m (facts in
``protocols.md`` §5); :mod:`gallery.network.simulate` runs it.

* ``n_exc`` excitatory cells (RS to CH) and ``n_inh`` inhibitory cells (LTS to FS), each with one
  uniform random number r: excitatory a = 0.02, b = 0.2, c = -65 + 15 r², d = 8 - 6 r²;
  inhibitory a = 0.02 + 0.08 r, b = 0.25 - 0.05 r, c = -65, d = 2.
* Dense synapses S[post, pre]: 0.5·U(0, 1) from excitatory, -U(0, 1) from inhibitory cells,
  all to all (self-connections included), no delays.
* v = -65, u = b·v.

Random draws, in order, from ``numpy.random.default_rng(seed)``: r_e (``n_exc`` uniforms), r_i
(``n_inh`` uniforms), then the synapses: dense, the excitatory block of S (N × ``n_exc``,
row-major) and then the inhibitory block (N × ``n_inh``); sparse, the targets of each source in
index order (``Generator.choice`` without replacement, then sorted) and then the uniforms of the
weights (N × K, row-major).

Sparse variant (``synapses_per_neuron=K``): each source projects to K distinct targets drawn
uniformly from all N cells (self included, as in net.m), with the net.m weights multiplied by
``NET_M_FAN_IN / K`` = 1000 / K. Each cell then receives on average K inputs of that size, so
its mean synaptic input at given rates equals that of the published 1000-cell network, whatever
N is. (Scaling to the dense network of the same N instead would make large networks explode.)
The fluctuations are larger than in the dense network: fewer, stronger synapses.

The sparse synapses are stored as int32 targets and float32 weights (the float64 draws rounded
to 24 significant bits, a relative change below 6e-8; the input is still summed in float64).
At 100 000 cells a step's time goes into fetching the synapse rows of the cells that fired, so
half the bytes per synapse is what lets the network run faster than real time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

NET_M_FAN_IN = 1000  # inputs per cell in the published dense network (800 + 200)
NOISE_EXC = 5.0  # thalamic input scale [mV/ms per N(0,1)]
NOISE_INH = 2.0
MAX_NEURONS = 1_000_000


@dataclass(frozen=True, eq=False, kw_only=True)
class Network:
    """A built net.m network; the arrays are read-only.

    Attributes
    ----------
    n_exc, n_inh : int
        Numbers of excitatory cells (indices ``0 .. n_exc-1``) and inhibitory cells (the rest).
    seed : int
        Seed of the generator that drew the cells and synapses.
    synapses_per_neuron : int or None
        K of the sparse variant; None for the dense net.m matrix.
    cells : ndarray, shape (5, N)
        Rows a, b, c, d and the thalamic noise scale (5 or 2).
    weights : ndarray
        Dense: float64, shape (N, N), ``weights[pre, post]`` = net.m's ``S[post, pre]``.
        Sparse: float32, shape (N, K), the weight of each source's k-th synapse.
    targets : ndarray of int32
        Sparse: shape (N, K), the target of each source's k-th synapse (sorted per source).
        Dense: shape (0, 0).
    """

    n_exc: int
    n_inh: int
    seed: int
    synapses_per_neuron: int | None
    cells: NDArray[np.float64]
    weights: NDArray[np.float64]
    targets: NDArray[np.int32]

    @property
    def n(self) -> int:
        """Total number of cells."""
        return self.n_exc + self.n_inh


def _check_sizes(n_exc: int, n_inh: int, synapses_per_neuron: int | None) -> None:
    if n_exc < 1 or n_inh < 0 or n_exc + n_inh > MAX_NEURONS:
        raise ValueError(
            f"need n_exc >= 1, n_inh >= 0 and n_exc + n_inh <= {MAX_NEURONS}; got {n_exc}, {n_inh}"
        )
    k = synapses_per_neuron
    if k is not None and not 1 <= k <= n_exc + n_inh:
        raise ValueError(f"synapses_per_neuron must be in 1 .. {n_exc + n_inh}; got {k}")


def _read_only(array: NDArray) -> NDArray:
    array.flags.writeable = False
    return array


def _cells(n_exc: int, n_inh: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """Rows a, b, c, d and noise scale of every cell, from one uniform number per cell."""
    r_e = rng.random(n_exc)
    r_i = rng.random(n_inh)
    cells = np.empty((5, n_exc + n_inh))
    cells[0] = np.concatenate([np.full(n_exc, 0.02), 0.02 + 0.08 * r_i])
    cells[1] = np.concatenate([np.full(n_exc, 0.2), 0.25 - 0.05 * r_i])
    cells[2] = np.concatenate([-65.0 + 15.0 * r_e**2, np.full(n_inh, -65.0)])
    cells[3] = np.concatenate([8.0 - 6.0 * r_e**2, np.full(n_inh, 2.0)])
    cells[4] = np.concatenate([np.full(n_exc, NOISE_EXC), np.full(n_inh, NOISE_INH)])
    return cells


def _synapses(
    n_exc: int, n_inh: int, k: int | None, rng: np.random.Generator
) -> tuple[NDArray, NDArray[np.int32]]:
    """``(weights, targets)``: the dense S transposed, or K sorted targets per source."""
    n = n_exc + n_inh
    if k is None:
        s_post_pre = np.hstack([0.5 * rng.random((n, n_exc)), -rng.random((n, n_inh))])
        return np.ascontiguousarray(s_post_pre.T), np.empty((0, 0), dtype=np.int32)
    sign = np.concatenate([np.full(n_exc, 0.5), np.full(n_inh, -1.0)])  # per source
    targets = np.empty((n, k), dtype=np.int32)
    for pre in range(n):
        targets[pre] = np.sort(rng.choice(n, size=k, replace=False))
    weights = rng.random((n, k)) * (sign * (NET_M_FAN_IN / k))[:, None]
    return weights.astype(np.float32), targets  # see "Sparse variant" in the module docstring


def build_network(
    n_exc: int, n_inh: int, seed: int, synapses_per_neuron: int | None = None
) -> Network:
    """Draw the cells and synapses of a net.m network.

    Parameters
    ----------
    n_exc, n_inh : int
        Population sizes (net.m: 800 and 200).
    seed : int
        Seed of ``numpy.random.default_rng``; the order of draws is in the module docstring.
    synapses_per_neuron : int, optional
        K targets per source (sparse variant, weights scaled by 1000 / K); None for the dense
        all-to-all matrix.

    Returns
    -------
    Network
    """
    _check_sizes(n_exc, n_inh, synapses_per_neuron)
    rng = np.random.default_rng(seed)
    cells = _cells(n_exc, n_inh, rng)
    weights, targets = _synapses(n_exc, n_inh, synapses_per_neuron, rng)
    return Network(
        n_exc=n_exc,
        n_inh=n_inh,
        seed=seed,
        synapses_per_neuron=synapses_per_neuron,
        cells=_read_only(cells),
        weights=_read_only(weights),
        targets=_read_only(targets),
    )


def initial_state(net: Network) -> NDArray[np.float64]:
    """net.m's start: v = -65 and u = b·v, as rows (v, u) [mV]."""
    v = np.full(net.n, -65.0)
    return np.stack([v, net.cells[1] * v])
