"""The 2003 network (net.m) in NEST: the same cells, synapses and thalamic noise, NEST's loop.

Stage: network (imports numpy, the network's ``build``, ``noise`` and ``result``; NEST only
inside the functions, since it is an optional extra: ``pip install 'izhikevich-gallery[nest]'``).

How each part of net.m maps onto NEST 3.10, every mapping measured (``tests/test_network_nest.py``):

* Cells: ``izhikevich`` with ``consistent_integration=False``, which takes v in two 0.5 ms
  half steps and u from the new v, as net.m does. Resolution 1 ms.
* Synapses: one ``static_synapse`` per net.m synapse with delay 1 ms (NEST's minimum, one
  step), made from the arrays with ``nest.Connect(pre, post, "one_to_one", ...)``. A NEST cell
  whose update crosses 30 mV in step k is stamped k + 1 ms; with the one-step delay its weight
  reaches the targets in step k + 1, added to I in both half steps. That is exactly net.m,
  which finds the cell at the start of step k + 1 and adds S to I for that step's half steps.
* Noise: one ``step_current_generator`` per cell. An amplitude set at time t ms reaches the
  cell in step t + 1 (the step from t + 1 to t + 2 ms), so the steps 0 and 1 of net.m cannot
  come from a generator (times must be > 0); they come from the cells' constant ``I_e``,
  which the update adds in the same step. The amplitudes are loaded ``NOISE_CHUNK_VALUES`` at
  a time: NEST copies each value into an interpreter object when it is set (measured 1.4 GB
  of peak memory for all of 1 s at 10 000 cells in one go). A chunk is loaded while the run
  is paused at its start s; NEST ignores amplitude times <= s, and the values for the
  steps s and s + 1 (times s - 1 and s) came with the chunk before.
* Spikes: a ``spike_recorder``; NEST's time T [ms] is net.m's t = T + 1, and a spike NEST
  stamps at the last step (t = duration + 1) is one net.m never reaches.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gallery.network import noise
from gallery.network.build import Network
from gallery.network.result import NetworkResult, noise_generator_state

INSTALL_HINT = "pip install 'izhikevich-gallery[nest]' (or: pip install nest-simulator)"
RESOLUTION_MS = 1.0  # net.m's step
DELAY_MS = 1.0  # NEST's minimum delay: one step, which is net.m's timing (module docstring)
NOISE_CHUNK_VALUES = 1 << 22  # per chunk: NEST holds ~100 B per value while loading (400 MB)
FIRST_GENERATOR_STEP = 2  # the first net.m step a generator can reach (time 1 ms)


class NestMissingError(RuntimeError):
    """NEST is not installed (``--engine nest`` without the ``[nest]`` extra)."""


class NestConflictError(RuntimeError):
    """NEST cannot run in this process: numba's OpenMP threads have run in it already."""


def _numba_openmp_has_run() -> bool:
    """Whether this process has launched a parallel numba kernel on numba's OpenMP layer.

    The NEST wheel brings its own copy of GNU OpenMP; once numba's layer (the system's
    libgomp) has run and changed its thread count, NEST's ``ResetKernel`` crashes the
    process (measured: a segmentation fault, NEST 3.10, numba 0.68). NEST first, then
    numba, works.
    """
    import numba  # noqa: PLC0415 (only to ask which threading layer has started)

    try:
        return numba.threading_layer() == "omp"
    except ValueError:  # no parallel kernel has run yet
        return False


def import_nest() -> Any:
    """The ``nest`` module, quiet; :class:`NestMissingError` naming how to install it.

    Raises :class:`NestConflictError` where NEST would crash the process (see
    :func:`_numba_openmp_has_run`): run NEST in a fresh process, or before numba's parallel
    kernels, or with ``NUMBA_THREADING_LAYER=workqueue``.
    """
    if _numba_openmp_has_run():
        raise NestConflictError(
            "NEST cannot run in a process where numba's OpenMP threads have run (two OpenMP"
            " runtimes crash it): start a fresh process for NEST, run it first, or set"
            " NUMBA_THREADING_LAYER=workqueue"
        )
    os.environ.setdefault("PYNEST_QUIET", "1")  # NEST's banner would go into our JSON on stdout
    try:
        import nest  # noqa: PLC0415 (optional extra)
    except ImportError as error:
        raise NestMissingError(f"NEST is not installed ({error}); {INSTALL_HINT}") from None
    nest.verbosity = nest.VerbosityLevel.ERROR
    return nest


@dataclass(frozen=True, eq=False, kw_only=True)
class NestRun:
    """One NEST run: the raster as :func:`gallery.network.simulate_network` gives it, and times.

    Attributes
    ----------
    result : NetworkResult
    build_wall_s : float
        Creating the cells and synapses and drawing the noise [s].
    sim_wall_s : float
        ``nest.Simulate`` and loading the generators' noise chunk by chunk [s].
    threads, processes : int
        NEST's threads per process and MPI processes.
    """

    result: NetworkResult
    build_wall_s: float
    sim_wall_s: float
    threads: int
    processes: int


@dataclass(frozen=True, eq=False)
class NestNetwork:
    """A network built in the current NEST kernel: its node collections and the noise."""

    cells: Any  # nest.NodeCollection of izhikevich
    generators: Any  # nest.NodeCollection of step_current_generator, one per cell
    recorder: Any  # nest.NodeCollection, one spike_recorder
    thalamic: NDArray[np.float64]  # (duration, N): net.m's I from the thalamus per step


def thalamic_input(net: Network, duration_ms: int, seed: int) -> NDArray[np.float64]:
    """The noise of :func:`gallery.network.simulate_network`: N normals per step, times 5 or 2."""
    normals = np.empty((duration_ms, net.n))
    noise.fill_standard_normal(noise_generator_state(seed), normals)
    normals *= net.cells[4]  # in place: 800 MB per simulated second at 100 000 cells
    return normals


def synapse_arrays(net: Network) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray]:
    """``(pre, post, weight)`` of every synapse, 0-based, in the network's storage order."""
    n = net.n
    if net.synapses_per_neuron is None:
        pre = np.repeat(np.arange(n, dtype=np.int64), n)
        post = np.tile(np.arange(n, dtype=np.int64), n)
        return pre, post, net.weights.ravel()
    k = net.synapses_per_neuron
    pre = np.repeat(np.arange(n, dtype=np.int64), k)
    return pre, net.targets.ravel().astype(np.int64), net.weights.ravel().astype(np.float64)


def build_in_nest(net: Network, duration_ms: int, seed: int, threads: int = 1) -> NestNetwork:
    """Reset the NEST kernel and create the network, its noise generators and a recorder."""
    nest = import_nest()
    nest.ResetKernel()
    nest.resolution = RESOLUTION_MS
    nest.local_num_threads = threads
    a, b, c, d, _ = net.cells
    cells = nest.Create("izhikevich", net.n, params={"consistent_integration": False})
    v0 = np.full(net.n, -65.0)
    cells.set(a=a.tolist(), b=b.tolist(), c=c.tolist(), d=d.tolist(), V_m=v0.tolist(),
              U_m=(b * v0).tolist())  # fmt: skip
    first = cells[0].global_id  # node ids are consecutive from here
    pre, post, weight = synapse_arrays(net)
    nest.Connect(
        pre + first, post + first, "one_to_one",
        syn_spec={"synapse_model": "static_synapse", "weight": weight,
                  "delay": np.full(weight.size, DELAY_MS)},
    )  # fmt: skip
    generators = nest.Create("step_current_generator", net.n)
    nest.Connect(generators, cells, "one_to_one")
    recorder = nest.Create("spike_recorder")
    nest.Connect(cells, recorder)
    return NestNetwork(cells, generators, recorder, thalamic_input(net, duration_ms, seed))


def _load_noise(built: NestNetwork, first_step: int, stop_step: int) -> int:
    """Give each generator the values of net.m's steps ``first_step .. stop_step - 1``.

    Returns ``stop_step``, the first step not yet loaded.
    """
    if stop_step > first_step:
        times = np.arange(first_step - 1, stop_step - 1, dtype=np.float64)  # step k: time k - 1
        values = built.thalamic[first_step:stop_step]
        built.generators.set(
            [{"amplitude_times": times, "amplitude_values": values[:, i]}
             for i in range(values.shape[1])]
        )  # fmt: skip
    return stop_step


def run_in_nest(built: NestNetwork, net: Network) -> NetworkResult:
    """Simulate a :func:`build_in_nest` network for its noise's duration; the net.m raster."""
    nest = import_nest()
    steps, n = built.thalamic.shape
    chunk = max(FIRST_GENERATOR_STEP, NOISE_CHUNK_VALUES // n)
    ahead = FIRST_GENERATOR_STEP  # paused at step s, times <= s are past: load 2 steps ahead
    now = min(steps, FIRST_GENERATOR_STEP)
    loaded = _load_noise(built, FIRST_GENERATOR_STEP, min(steps, now + chunk + ahead))
    for k in range(now):  # no generator reaches these steps; I_e counts in its own step
        built.cells.set(I_e=built.thalamic[k].tolist())
        nest.Simulate(RESOLUTION_MS)
    built.cells.set(I_e=0.0)
    while now < steps:
        stop = min(steps, now + chunk)
        loaded = _load_noise(built, loaded, min(steps, stop + ahead))
        nest.Simulate(float(stop - now))
        now = stop
    events = built.recorder.get("events")
    stamped = np.asarray(events["times"])
    kept = stamped < steps  # stamped at the last step: net.m's t = duration + 1
    spike_t = np.rint(stamped[kept]).astype(np.int64) + 1
    spike_index = np.asarray(events["senders"])[kept].astype(np.int64) - built.cells[0].global_id
    order = np.lexsort((spike_index, spike_t))
    return NetworkResult(
        spike_t_ms=spike_t[order],
        spike_index=spike_index[order],
        n_exc=net.n_exc,
        n_inh=net.n_inh,
        duration_ms=steps,
    )


def simulate_in_nest(net: Network, duration_ms: int, seed: int, threads: int = 1) -> NestRun:
    """Build and run ``net`` in NEST; the raster equals net.m's timing, with both wall times.

    Under MPI each process records its own cells' spikes; the raster returned is this
    process's share (``NestRun.processes`` says how many there are).
    """
    start = time.perf_counter()
    built = build_in_nest(net, duration_ms, seed, threads)
    built_at = time.perf_counter()
    result = run_in_nest(built, net)
    done = time.perf_counter()
    nest = import_nest()
    return NestRun(
        result=result,
        build_wall_s=built_at - start,
        sim_wall_s=done - built_at,
        threads=int(nest.local_num_threads),
        processes=int(nest.num_processes),
    )


def gather_raster(run: NestRun) -> NestRun:
    """Under MPI, every process's share of the raster joined (on every process); else ``run``.

    NEST keeps a cell's spikes on the process that holds the cell, so a run over several
    processes needs this to report the whole network. It uses mpi4py, which an MPI-built NEST
    installation has beside it; the wheel from PyPI has no MPI, so here it returns ``run``.
    """
    if run.processes == 1:
        return run
    try:
        from mpi4py import MPI  # noqa: PLC0415 (only under an MPI-built NEST)
    except ImportError:
        raise NestMissingError(
            f"NEST runs on {run.processes} MPI processes; joining their spikes needs mpi4py"
            " (pip install mpi4py)"
        ) from None
    shares = MPI.COMM_WORLD.allgather((run.result.spike_t_ms, run.result.spike_index))
    spike_t = np.concatenate([share[0] for share in shares])
    spike_index = np.concatenate([share[1] for share in shares])
    order = np.lexsort((spike_index, spike_t))
    result = NetworkResult(
        spike_t_ms=spike_t[order],
        spike_index=spike_index[order],
        n_exc=run.result.n_exc,
        n_inh=run.result.n_inh,
        duration_ms=run.result.duration_ms,
    )
    return NestRun(result=result, build_wall_s=run.build_wall_s, sim_wall_s=run.sim_wall_s,
                   threads=run.threads, processes=run.processes)  # fmt: skip
