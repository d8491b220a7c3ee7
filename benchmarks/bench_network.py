"""The 2003 network: numba kernel against a NumPy net.m, and the sparse network at scale.

Run: `python benchmarks/bench_network.py [--engines numba,nest] [--record]`. Prints wall time
per simulated second at N = 1000 (kernel and NumPy reference, and their ratio) and simulated
seconds per wall second for the sparse network (K = 100) at N = 10 000 and 100 000, with the
kernel on one thread and on all numba threads; the thalamic noise is drawn on one more thread
in both. Nothing is asserted; the times include drawing the noise, exclude building the
network and compiling. With ``nest`` among the engines, the same three networks run in NEST
(1 and 2 threads), timed apart: building (cells, synapses, noise) and simulating (which
includes loading the noise into the generators chunk by chunk).
``--record`` also writes the numbers to ``gallery/site/sections/network_speed.json``, which the
network page shows (a committed measurement, so the site stays byte-for-byte reproducible),
and with ``nest`` the NEST rasters of the page's seeds to ``network_nest_runs.json``.
Other processes slow the runs, the multi-threaded ones most: check the load average printed.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numba
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gallery import network  # noqa: E402
from tests import network_reference  # noqa: E402

RECORD = ROOT / "gallery" / "site" / "sections" / "network_speed.json"  # the page reads it
NEST_RUNS = RECORD.with_name("network_nest_runs.json")  # the page reads it too
ENGINES = ("numba", "nest")
NEST_THREADS = (1, 2)
SPARSE_SIZES = (10_000, 100_000)
DENSE_ROUNDS = 5
SYNAPSES_PER_NEURON = 100
VECTOR_FLAGS = (("avx512f", "AVX-512"), ("avx2", "AVX2"), ("sse4_2", "SSE4.2"))


def best_of(function, repeats):
    """The shortest wall time [s] of ``repeats`` calls, and the last call's result."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def cpu_name():
    """Model name and widest vector extension: hosts sold under one name differ in both."""
    name, vectors = platform.processor() or "unknown", ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name":
            name = value.strip()
        elif key.strip() == "flags":
            flags = set(value.split())
            vectors = next((v for f, v in VECTOR_FLAGS if f in flags), "")
            break
    return f"{name} ({vectors})" if vectors else name


def measure_dense(rounds=DENSE_ROUNDS):
    """Best of 20 runs, in each of several rounds a second apart: this host's speed drifts."""
    net = network.build_network(800, 200, seed=0)
    network.simulate_network(net, 5, 0)  # compile
    kernel_s = []
    for _ in range(rounds):
        kernel_s.append(best_of(lambda: network.simulate_network(net, 1000, 0), 20)[0])
        time.sleep(1.0)
    numpy_s, _ = best_of(lambda: network_reference.run(800, 200, 0, 1000, 0), 5)
    return {
        "n": 1000,
        "kernel_ms": min(kernel_s) * 1e3,
        "kernel_ms_median": statistics.median(kernel_s) * 1e3,
        "numpy_ms": numpy_s * 1e3,
    }


def measure_sparse(n, parallel):
    net = network.build_network(n * 4 // 5, n // 5, seed=0, synapses_per_neuron=SYNAPSES_PER_NEURON)
    network.simulate_network(net, 2, 0, parallel=parallel)  # compile
    wall, result = best_of(lambda: network.simulate_network(net, 1000, 0, parallel=parallel), 3)
    return {
        "n": n,
        "k": SYNAPSES_PER_NEURON,
        "kernel_threads": numba.get_num_threads() if parallel else 1,
        "wall_s": wall,
        "real_time": 1.0 / wall,
        "rate_hz": result.spike_t_ms.size / n,
    }


def measure_nest(n, k, threads):
    """One NEST run of 1 simulated s (best of 2 below 100 000 cells): build and run times."""
    from gallery.network import nest_engine  # noqa: PLC0415 (optional extra)

    net = network.build_network(n * 4 // 5, n // 5, seed=0, synapses_per_neuron=k)
    runs = [
        nest_engine.simulate_in_nest(net, 1000, 0, threads) for _ in range(1 if n >= 10**5 else 2)
    ]
    best = min(runs, key=lambda run: run.sim_wall_s)
    return {
        "n": n,
        "k": k if k is not None else n,
        "threads": best.threads,
        "build_s": min(run.build_wall_s for run in runs),
        "wall_s": best.sim_wall_s,
        "real_time": 1.0 / best.sim_wall_s,
        "rate_hz": best.result.spike_t_ms.size / n,
    }


def record_nest_runs():
    """NEST's raster of each page seed (1000 cells, 1 s): base64 of little-endian uint16 pairs."""
    import base64  # noqa: PLC0415

    from gallery.network import experiments, nest_engine  # noqa: PLC0415

    seeds = []
    for seed in experiments.SEEDS:
        net = network.build_network(experiments.N_EXC, experiments.N_INH, seed=seed)
        run = nest_engine.simulate_in_nest(net, experiments.DURATION_MS, seed)
        pairs = np.empty((run.result.spike_t_ms.size, 2), dtype="<u2")
        pairs[:, 0], pairs[:, 1] = run.result.spike_t_ms, run.result.spike_index
        seeds.append({"seed": seed, "spikes": base64.b64encode(pairs.tobytes()).decode()})
    return {
        "date": time.strftime("%Y-%m-%d"),
        "nest_version": nest_engine.import_nest().__version__,
        "n_exc": experiments.N_EXC, "n_inh": experiments.N_INH,
        "duration_ms": experiments.DURATION_MS,
        "seeds": seeds,
    }  # fmt: skip


def print_nest(rows):
    print("NEST 3 (izhikevich, consistent_integration=False), 1 simulated s:")
    for row in rows:
        print(
            f"  N = {row['n']:>7,}  K = {row['k']:>5}  {row['threads']} thread(s)  "
            f"build {row['build_s']:6.2f} s  simulate {row['wall_s']:7.3f} s  "
            f"{row['real_time']:6.3f}x real time  ({row['rate_hz']:.1f} Hz)"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help=f"also write {RECORD.name}")
    parser.add_argument(
        "--engines", default="numba", help="comma-separated: numba, nest (default numba)"
    )
    args = parser.parse_args(argv)
    engines = args.engines.split(",")
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown or "numba" not in engines:
        parser.error(f"--engines: numba, optionally with nest; got {args.engines!r}")
    load = os.getloadavg()[0]
    print(f"load average {load:.2f}, numba threads {numba.get_num_threads()}")
    dense = measure_dense()
    print(f"dense N = 1000, 1 simulated s (best of 20 in each of {DENSE_ROUNDS} rounds / 5):")
    print(
        f"  numba kernel   {dense['kernel_ms']:8.2f} ms per simulated s "
        f"(median round {dense['kernel_ms_median']:.2f} ms)"
    )
    print(f"  NumPy net.m    {dense['numpy_ms']:8.2f} ms per simulated s")
    print(f"  speed-up       {dense['numpy_ms'] / dense['kernel_ms']:8.1f} x")
    print(f"sparse, K = {SYNAPSES_PER_NEURON} (simulated s per wall s; best of 3 runs of 1 s):")
    sparse = []
    for n in SPARSE_SIZES:
        for parallel in (False, True):
            row = measure_sparse(n, parallel)
            sparse.append(row)
            threads = f"kernel on {row['kernel_threads']} thread(s) + noise thread"
            print(
                f"  N = {n:>7,}  {threads}  {row['real_time']:6.2f}x real time  "
                f"({row['wall_s']:.3f} s wall, {row['rate_hz']:.1f} Hz mean rate)"
            )
    nest_rows = []
    if "nest" in engines:
        sizes = [(dense["n"], None), *((n, SYNAPSES_PER_NEURON) for n in SPARSE_SIZES)]
        nest_rows = [measure_nest(n, k, t) for n, k in sizes for t in NEST_THREADS]
        print_nest(nest_rows)
    if args.record:
        record = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": f"{cpu_name()}, {os.cpu_count()} cores",
            "load_average": round(load, 2),
            "dense": {key: round(value, 2) for key, value in dense.items()},
            "sparse": [{key: round(value, 3) for key, value in row.items()} for row in sparse],
        }
        if nest_rows:
            record["nest"] = [{key: round(value, 3) for key, value in row.items()}
                              for row in nest_rows]  # fmt: skip
            record["load_average_end"] = round(os.getloadavg()[0], 2)
            NEST_RUNS.write_text(json.dumps(record_nest_runs(), indent=1, sort_keys=True) + "\n")
            print(f"recorded in {NEST_RUNS.relative_to(ROOT)}")
        RECORD.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
        print(f"recorded in {RECORD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
