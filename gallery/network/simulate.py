"""The 2003 network (net.m): 1000 randomly coupled neurons that show cortical rhythms.

Stage: network (imports only numpy and the network's kernels and noise). Units: v [mV], time [ms],
rates [Hz]. The recipe is Izhikevich (2003), *Simple model of spiking neurons*, IEEE TNN 14,
Fig. 3 and its MATLAB listing net.m (facts in ``protocols.md`` §5):

* ``n_exc`` excitatory cells (RS to CH) and ``n_inh`` inhibitory cells (LTS to FS), each with one
  uniform random number r: excitatory a = 0.02, b = 0.2, c = -65 + 15 r², d = 8 - 6 r²;
  inhibitory a = 0.02 + 0.08 r, b = 0.25 - 0.05 r, c = -65, d = 2.
* Dense synapses S[post, pre]: 0.5·U(0, 1) from excitatory, -U(0, 1) from inhibitory cells,
  all to all (self-connections included), no delays.
* v = -65, u = b·v. Each 1 ms step: thalamic input I = 5·N(0, 1) (excitatory) or 2·N(0, 1)
  (inhibitory); cells with v >= 30 fire (v <- c, u <- u + d); I += the S columns of the fired
  cells; v <- v + 0.5 (0.04 v² + 5 v + 140 - u + I) twice; u <- u + a (b v - u).

Random draws, in order. :func:`build_network`, from ``numpy.random.default_rng(seed)``: r_e
(``n_exc`` uniforms), r_i (``n_inh`` uniforms), then the synapses: dense, the excitatory block
of S (N × ``n_exc``, row-major) and then the inhibitory block (N × ``n_inh``); sparse, the
targets of each source in index order (``Generator.choice`` without replacement, then sorted)
and then the uniforms of the weights (N × K, row-major).
:func:`simulate_network`, from ``numpy.random.Generator(numpy.random.SFC64(seed))``: each step,
N standard normals in neuron order (excitatory first), scaled by 5 or 2. The network draws 10⁸
of them per simulated second at 100 000 cells, so the noise uses NumPy's fastest bit
generator, and :func:`gallery.network.noise.fill_standard_normal` draws exactly its values inline.

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

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gallery.network import kernels, noise

NET_M_FAN_IN = 1000  # inputs per cell in the published dense network (800 + 200)
NOISE_EXC = 5.0  # thalamic input scale [mV/ms per N(0,1)]
NOISE_INH = 2.0
# The parallel kernel synchronises its threads every 1 ms step. On the shared 2-core machine it
# measured slower than one thread at every N (benchmarks/bench_network.py), so it is opt-in.
PARALLEL_FROM_N = 10**9
MAX_NEURONS = 1_000_000
NOISE_CHUNK_VALUES = 1 << 16  # normals per pre-drawn chunk (512 kB), drawn while the last runs
NOISE_BUFFER_BYTES = 128 << 20  # the ring of pre-drawn chunks: at most this, or two chunks
NOISE_BUFFERS_MAX = 8  # measured at N = 100 000: 2 -> 8 buffers, 0.74 -> 0.64 s per simulated s
LOG_VALUES_PER_SPIKE = 40  # log room: 25 Hz; beyond it the kernel stops and gets a new log
MIN_CHUNK_STEPS = 16  # fewer thread hand-offs for large N (each may wait for a time slice)
MAX_DURATION_MS = 1_000_000
# The EEG bands the rhythms of the 2003 network are described in [Hz] (conventional edges).
ALPHA_BAND_HZ = (8.0, 13.0)
GAMMA_BAND_HZ = (30.0, 80.0)


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


@dataclass(frozen=True)
class PopulationRates:
    """Mean firing rate of each population [Hz]."""

    excitatory: float
    inhibitory: float


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
    n = n_exc + n_inh
    r_e = rng.random(n_exc)
    r_i = rng.random(n_inh)
    cells = np.empty((5, n))
    cells[0] = np.concatenate([np.full(n_exc, 0.02), 0.02 + 0.08 * r_i])
    cells[1] = np.concatenate([np.full(n_exc, 0.2), 0.25 - 0.05 * r_i])
    cells[2] = np.concatenate([-65.0 + 15.0 * r_e**2, np.full(n_inh, -65.0)])
    cells[3] = np.concatenate([8.0 - 6.0 * r_e**2, np.full(n_inh, 2.0)])
    cells[4] = np.concatenate([np.full(n_exc, NOISE_EXC), np.full(n_inh, NOISE_INH)])
    sign = np.concatenate([np.full(n_exc, 0.5), np.full(n_inh, -1.0)])  # per source
    if synapses_per_neuron is None:
        s_post_pre = np.hstack([0.5 * rng.random((n, n_exc)), -rng.random((n, n_inh))])
        weights = np.ascontiguousarray(s_post_pre.T)
        targets = np.empty((0, 0), dtype=np.int32)
    else:
        k = synapses_per_neuron
        targets = np.empty((n, k), dtype=np.int32)
        for pre in range(n):
            targets[pre] = np.sort(rng.choice(n, size=k, replace=False))
        weights = rng.random((n, k)) * (sign * (NET_M_FAN_IN / k))[:, None]
        weights = weights.astype(np.float32)  # see "Sparse variant" in the module docstring
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


def simulate_network(
    net: Network, duration_ms: int, seed: int, *, parallel: bool | None = None
) -> NetworkResult:
    """Run the net.m loop for ``duration_ms`` steps of 1 ms.

    The thalamic noise is pre-drawn in chunks of steps by a second thread, up to a few chunks
    ahead of the kernel; the draws are sequential in one generator, so the values are
    those of drawing N normals per step in the loop, as net.m does.

    Parameters
    ----------
    net : Network
        From :func:`build_network`.
    duration_ms : int
        Number of 1 ms steps (1 .. 1e6).
    seed : int
        Seed of the thalamic noise generator (SFC64): N standard normals per step, in order.
    parallel : bool, optional
        Use the multi-threaded kernel; by default only from ``PARALLEL_FROM_N`` cells. The
        result is the same bit for bit either way, and for any number of threads.

    Returns
    -------
    NetworkResult
    """
    steps = int(duration_ms)
    if steps != duration_ms or not 1 <= steps <= MAX_DURATION_MS:
        raise ValueError(f"duration_ms must be a whole number in 1 .. {MAX_DURATION_MS}")
    use_parallel = net.n >= PARALLEL_FROM_N if parallel is None else parallel
    noise_state = noise_generator_state(seed)
    chunk = min(steps, max(MIN_CHUNK_STEPS, NOISE_CHUNK_VALUES // net.n))
    state = initial_state(net)
    syn = np.zeros(net.n)
    fired = np.empty(net.n, dtype=np.int64)
    logs = []
    # The kernel waits for the first chunk alone, so that one is short.
    starts = [0, *range(min(chunk, MIN_CHUNK_STEPS), steps, chunk)]
    # A ring of noise buffers, reused (fresh arrays would cost a page fault per 4 kB, more than
    # drawing the numbers). The noise thread may run several chunks ahead: the kernel's time
    # per chunk swings with the network's rhythm (population bursts cost many times a quiet
    # spell) while the noise costs the same every chunk, so a deeper ring lets the two even out.
    n_buffers = min(len(starts), NOISE_BUFFERS_MAX, NOISE_BUFFER_BYTES // (chunk * net.n * 8))
    n_buffers = max(n_buffers, min(len(starts), 2))
    buffers = [np.empty((chunk, net.n)) for _ in range(n_buffers)]
    with ThreadPoolExecutor(max_workers=1) as noise_thread:

        def draw(index: int) -> Future[NDArray[np.float64]]:
            stop = starts[index + 1] if index + 1 < len(starts) else steps
            rows = stop - starts[index]
            return noise_thread.submit(_draw, noise_state, buffers[index % n_buffers][:rows])

        # one worker thread runs the draws in the order submitted: one sequence of normals
        pending = deque(draw(index) for index in range(n_buffers))
        for index, first in enumerate(starts):
            normals = pending.popleft().result()
            logs += _integrate_chunk(net, state, normals, syn, fired, first, use_parallel)
            if index + n_buffers < len(starts):
                pending.append(draw(index + n_buffers))
    return NetworkResult(
        spike_t_ms=np.concatenate([log[0] for log in logs]),
        spike_index=np.concatenate([log[1] for log in logs]),
        n_exc=net.n_exc,
        n_inh=net.n_inh,
        duration_ms=steps,
    )


def noise_generator_state(seed: int) -> NDArray[np.uint64]:
    """The state of ``numpy.random.SFC64(seed)`` as the uint64 array the kernel advances."""
    state = np.random.SFC64(seed).state
    if state["has_uint32"]:  # a fresh SFC64 has no buffered half-word; the kernel keeps none
        raise RuntimeError("SFC64 came with a buffered 32-bit value")
    return np.array(state["state"]["state"], dtype=np.uint64)


def _draw(noise_state: NDArray[np.uint64], out: NDArray[np.float64]) -> NDArray[np.float64]:
    if noise_state.dtype != np.uint64 or noise_state.shape != (4,):
        # any other integer type would compile and silently draw other numbers
        raise TypeError(f"the SFC64 state must be 4 uint64 words, not {noise_state.dtype}")
    noise.fill_standard_normal(noise_state, out)
    return out


def _integrate_chunk(
    net: Network,
    state: NDArray[np.float64],
    normals: NDArray[np.float64],
    syn: NDArray[np.float64],
    fired: NDArray[np.int64],
    first: int,
    use_parallel: bool,
) -> list[NDArray[np.int64]]:
    """Advance ``state`` by one chunk; returns rasters (rows t [ms], index) from t = first + 1."""
    capacity = max(2 * net.n, normals.size // LOG_VALUES_PER_SPIKE)
    logs = []
    done = 0
    while done < normals.shape[0]:
        log = np.empty((2, capacity), dtype=np.int64)
        args = (net.cells, state, net.weights, net.targets, normals[done:], log, syn, fired)
        if use_parallel:
            n_done, n_spikes = kernels.integrate_network_parallel(*args, kernels.network_blocks())
        else:
            n_done, n_spikes = kernels.integrate_network_serial(*args)
        log[0, :n_spikes] += first + done + 1  # step k of the call is net.m's t = k + 1
        logs.append(log[:, :n_spikes])
        done += n_done
    return logs


def population_rates_hz(result: NetworkResult) -> PopulationRates:
    """Mean rate of the excitatory and of the inhibitory cells [Hz] (0 for an empty population)."""
    seconds = result.duration_ms / 1000.0
    n_exc_spikes = int(np.count_nonzero(result.spike_index < result.n_exc))
    n_inh_spikes = result.spike_index.size - n_exc_spikes
    return PopulationRates(
        excitatory=n_exc_spikes / (result.n_exc * seconds),
        inhibitory=n_inh_spikes / (result.n_inh * seconds) if result.n_inh else 0.0,
    )


def population_rate_hz(
    result: NetworkResult, bin_ms: int = 1
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Whole-network rate per time bin: ``(bin start [ms], rate [Hz])``."""
    n_bins = result.duration_ms // bin_ms
    counts = np.bincount((result.spike_t_ms - 1) // bin_ms, minlength=n_bins)[:n_bins]
    n = result.n_exc + result.n_inh
    return np.arange(n_bins, dtype=float) * bin_ms, counts / (n * bin_ms / 1000.0)


def rate_spectrum(
    result: NetworkResult, bin_ms: int = 1
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Power spectrum of the population rate: ``(frequency [Hz], power [Hz²·s])``.

    The periodogram ``|FFT(rate - mean)|² · bin / n_bins`` of :func:`population_rate_hz`; the
    mean is removed, so the DC bin is zero.
    """
    _, rate = population_rate_hz(result, bin_ms)
    bin_s = bin_ms / 1000.0
    power = np.abs(np.fft.rfft(rate - rate.mean())) ** 2 * bin_s / max(rate.size, 1)
    return np.fft.rfftfreq(rate.size, d=bin_s), power


def spectrum_peak_hz(
    result: NetworkResult, band_hz: tuple[float, float] = (2.0, 100.0), bin_ms: int = 1
) -> float:
    """Frequency [Hz] of the largest power of :func:`rate_spectrum` within ``band_hz``.

    Returns NaN when the band holds no frequency bin or the rate is flat.
    """
    freq, power = rate_spectrum(result, bin_ms)
    inside = (freq >= band_hz[0]) & (freq <= band_hz[1])
    if not inside.any() or not power[inside].any():
        return float("nan")
    return float(freq[inside][np.argmax(power[inside])])


def spectral_peaks(
    result: NetworkResult, band_hz: tuple[float, float] = (2.0, 100.0), bin_ms: int = 1
) -> list[tuple[float, float]]:
    """The local maxima of :func:`rate_spectrum` within ``band_hz``: ``(frequency [Hz], power)``.

    Strongest first; a bin is a local maximum when it exceeds both neighbours (the band's
    edge bins, having one neighbour inside, never count).
    """
    freq, power = rate_spectrum(result, bin_ms)
    inside = np.flatnonzero((freq >= band_hz[0]) & (freq <= band_hz[1]))
    found = [
        (float(freq[k]), float(power[k]))
        for k in inside[1:-1]
        if power[k] > power[k - 1] and power[k] > power[k + 1]
    ]
    return sorted(found, key=lambda peak: -peak[1])
