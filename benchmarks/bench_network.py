"""The 2003 network: numba kernel against a NumPy net.m, and the sparse network at scale.

Run: `python benchmarks/bench_network.py`. Prints wall time per simulated second at N = 1000
(kernel and NumPy reference, and their ratio) and simulated seconds per wall second for the
sparse network (K = 100) at N = 10 000 and 100 000. Nothing is asserted; the times include the
drawing of the thalamic noise, exclude building the network and compiling the kernels. Other
processes on the machine slow the multi-threaded runs most: check the load average printed.
"""

import os
import sys
import time
from pathlib import Path

import numba

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gallery import network  # noqa: E402
from tests import network_reference  # noqa: E402


def best_of(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    print(f"load average {os.getloadavg()[0]:.2f}, numba threads {numba.get_num_threads()}")
    net = network.build_network(800, 200, seed=0)
    network.simulate_network(net, 5, 0)  # compile
    kernel_s = best_of(lambda: network.simulate_network(net, 1000, 0), 20)
    numpy_s = best_of(lambda: network_reference.run(800, 200, 0, 1000, 0), 5)
    print("dense N = 1000, 1 simulated s (best of 20 / 5):")
    print(f"  numba kernel   {kernel_s * 1e3:8.2f} ms per simulated s")
    print(f"  NumPy net.m    {numpy_s * 1e3:8.2f} ms per simulated s")
    print(f"  speed-up       {numpy_s / kernel_s:8.1f} x")
    print("sparse, K = 100 (simulated s per wall s; best of 3 runs of 1 s):")
    for n in (10_000, 100_000):
        sparse = network.build_network(n * 4 // 5, n // 5, seed=0, synapses_per_neuron=100)
        for parallel in (False, True):
            network.simulate_network(sparse, 2, 0, parallel=parallel)  # compile

            def run(net=sparse, parallel=parallel):
                return network.simulate_network(net, 1000, 0, parallel=parallel)

            wall = best_of(run, 3)
            label = "2 threads" if parallel else "1 thread "
            print(f"  N = {n:>7,}  {label}  {1.0 / wall:6.2f}x real time  ({wall:.3f} s wall)")


if __name__ == "__main__":
    main()
