"""The 2003 network: numba kernel against a NumPy net.m, and the sparse network at scale.

Run: `python benchmarks/bench_network.py [--record]`. Prints wall time per simulated second at
N = 1000 (kernel and NumPy reference, and their ratio) and simulated seconds per wall second
for the sparse network (K = 100) at N = 10 000 and 100 000, with the kernel on one thread and
on all numba threads; the thalamic noise is drawn on one more thread in both. Nothing is
asserted; the times include drawing the noise, exclude building the network and compiling.
``--record`` also writes the numbers to ``gallery/site/sections/network_speed.json``, which the
network page shows (a committed measurement, so the site stays byte-for-byte reproducible).
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gallery import network  # noqa: E402
from tests import network_reference  # noqa: E402

RECORD = ROOT / "gallery" / "site" / "sections" / "network_speed.json"  # the page reads it
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help=f"also write {RECORD.name}")
    args = parser.parse_args(argv)
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
    if args.record:
        record = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": f"{cpu_name()}, {os.cpu_count()} cores",
            "load_average": round(load, 2),
            "dense": {key: round(value, 2) for key, value in dense.items()},
            "sparse": [{key: round(value, 3) for key, value in row.items()} for row in sparse],
        }
        RECORD.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
        print(f"recorded in {RECORD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
