"""Running the 2003 network (net.m): the 1 ms step loop, fed by noise drawn on a second thread.

Stage: network (imports only numpy, the network's ``build``, ``kernels`` and ``noise``). Units:
v [mV], time [ms]. Each 1 ms step of net.m (Izhikevich 2003, Fig. 3): thalamic input
I = 5·N(0, 1) (excitatory) or 2·N(0, 1) (inhibitory); cells with v >= 30 fire (v <- c,
u <- u + d); I += the S columns of the fired cells; v <- v + 0.5 (0.04 v² + 5 v + 140 - u + I)
twice; u <- u + a (b v - u).

The noise comes from ``numpy.random.Generator(numpy.random.SFC64(seed))``: each step, N standard
normals in neuron order (excitatory first), scaled by 5 or 2. The network draws 10⁸ of them per
simulated second at 100 000 cells, so the noise uses NumPy's fastest bit generator, and
:func:`gallery.network.noise.fill_standard_normal` draws exactly its values inline.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gallery.network import kernels, noise
from gallery.network.build import Network, initial_state

# The parallel kernel synchronises its threads every 1 ms step. On the shared 2-core machine it
# measured slower than one thread at every N (benchmarks/bench_network.py), so it is opt-in.
PARALLEL_FROM_N = 10**9
NOISE_CHUNK_VALUES = 1 << 16  # normals per pre-drawn chunk (512 kB), drawn while the last runs
NOISE_BUFFER_BYTES = 128 << 20  # the ring of pre-drawn chunks: at most this, or two chunks
NOISE_BUFFERS_MAX = 8  # measured at N = 100 000: 2 -> 8 buffers, 0.74 -> 0.64 s per simulated s
LOG_VALUES_PER_SPIKE = 40  # log room: 25 Hz; beyond it the kernel stops and gets a new log
MIN_CHUNK_STEPS = 16  # fewer thread hand-offs for large N (each may wait for a time slice)
MAX_DURATION_MS = 1_000_000
ENGINES = ("numba", "nest")  # nest: gallery.network.nest_engine, the optional extra [nest]


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


@dataclass(frozen=True, eq=False)
class _Loop:
    """The state one run's chunks advance in place, and how they are integrated."""

    net: Network
    state: NDArray[np.float64]
    syn: NDArray[np.float64]
    fired: NDArray[np.int64]
    use_parallel: bool


def simulate_network(
    net: Network,
    duration_ms: int,
    seed: int,
    *,
    parallel: bool | None = None,
    engine: str = "numba",
    threads: int = 1,
) -> NetworkResult:
    """Run the net.m loop for ``duration_ms`` steps of 1 ms.

    The thalamic noise is pre-drawn in chunks of steps by a second thread, up to a few chunks
    ahead of the kernel; the draws are sequential in one generator, so the values are
    those of drawing N normals per step in the loop, as net.m does.

    Parameters
    ----------
    net : Network
        From :func:`gallery.network.build.build_network`.
    duration_ms : int
        Number of 1 ms steps (1 .. 1e6).
    seed : int
        Seed of the thalamic noise generator (SFC64): N standard normals per step, in order.
    parallel : bool, optional
        Use the multi-threaded kernel; by default only from ``PARALLEL_FROM_N`` cells. The
        result is the same bit for bit either way, and for any number of threads.
    engine : {"numba", "nest"}
        ``"nest"`` builds and runs the same network, noise and timing in NEST
        (:mod:`gallery.network.nest_engine`; raises its ``NestMissingError`` without NEST).
    threads : int
        NEST's threads (``engine="nest"`` only).

    Returns
    -------
    NetworkResult
    """
    steps = int(duration_ms)
    if steps != duration_ms or not 1 <= steps <= MAX_DURATION_MS:
        raise ValueError(f"duration_ms must be a whole number in 1 .. {MAX_DURATION_MS}")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}; got {engine!r}")
    if engine == "nest":
        from gallery.network import nest_engine  # noqa: PLC0415 (it imports this module)

        return nest_engine.simulate_in_nest(net, steps, seed, threads).result
    use_parallel = net.n >= PARALLEL_FROM_N if parallel is None else parallel
    loop = _Loop(
        net, initial_state(net), np.zeros(net.n), np.empty(net.n, dtype=np.int64), use_parallel
    )
    logs = _run_chunks(loop, steps, noise_generator_state(seed))
    return NetworkResult(
        spike_t_ms=np.concatenate([log[0] for log in logs]),
        spike_index=np.concatenate([log[1] for log in logs]),
        n_exc=net.n_exc,
        n_inh=net.n_inh,
        duration_ms=steps,
    )


def _run_chunks(loop: _Loop, steps: int, noise_state: NDArray[np.uint64]) -> list[NDArray]:
    """Integrate chunk after chunk while the noise thread draws the chunks ahead."""
    n = loop.net.n
    chunk = min(steps, max(MIN_CHUNK_STEPS, NOISE_CHUNK_VALUES // n))
    # The kernel waits for the first chunk alone, so that one is short.
    starts = [0, *range(min(chunk, MIN_CHUNK_STEPS), steps, chunk)]
    # A ring of noise buffers, reused (fresh arrays would cost a page fault per 4 kB, more than
    # drawing the numbers). The noise thread may run several chunks ahead: the kernel's time
    # per chunk swings with the network's rhythm (population bursts cost many times a quiet
    # spell) while the noise costs the same every chunk, so a deeper ring lets the two even out.
    n_buffers = min(len(starts), NOISE_BUFFERS_MAX, NOISE_BUFFER_BYTES // (chunk * n * 8))
    n_buffers = max(n_buffers, min(len(starts), 2))
    buffers = [np.empty((chunk, n)) for _ in range(n_buffers)]
    logs = []
    with ThreadPoolExecutor(max_workers=1) as noise_thread:

        def draw(index: int) -> Future[NDArray[np.float64]]:
            stop = starts[index + 1] if index + 1 < len(starts) else steps
            rows = stop - starts[index]
            return noise_thread.submit(_draw, noise_state, buffers[index % n_buffers][:rows])

        # one worker thread runs the draws in the order submitted: one sequence of normals
        pending = deque(draw(index) for index in range(n_buffers))
        for index, first in enumerate(starts):
            normals = pending.popleft().result()
            logs += _integrate_chunk(loop, normals, first)
            if index + n_buffers < len(starts):
                pending.append(draw(index + n_buffers))
    return logs


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
    loop: _Loop, normals: NDArray[np.float64], first: int
) -> list[NDArray[np.int64]]:
    """Advance the state by one chunk; returns rasters (rows t [ms], index) from t = first + 1."""
    net = loop.net
    capacity = max(2 * net.n, normals.size // LOG_VALUES_PER_SPIKE)
    logs = []
    done = 0
    while done < normals.shape[0]:
        log = np.empty((2, capacity), dtype=np.int64)
        args = (net.cells, loop.state, net.weights, net.targets, normals[done:], log, loop.syn,
                loop.fired)  # fmt: skip
        if loop.use_parallel:
            n_done, n_spikes = kernels.integrate_network_parallel(*args, kernels.network_blocks())
        else:
            n_done, n_spikes = kernels.integrate_network_serial(*args)
        log[0, :n_spikes] += first + done + 1  # step k of the call is net.m's t = k + 1
        logs.append(log[:, :n_spikes])
        done += n_done
    return logs
