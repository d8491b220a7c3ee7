"""The population kernel beside a vectorised NumPy loop doing the same work.

Run: `python benchmarks/bench_population.py [N] [steps]` (default N = 40 000 neurons, 2400
steps: the atlas protocol). Every neuron has its own a, b, c, d and amplitude (spread over
the atlas planes); both loops run the published-2004 rule under the atlas's step protocol
and keep the same per-neuron features (spike count, first, second and last spike steps, the
late count and its first step, extreme late intervals). The NumPy loop updates the features
of the neurons that fired only (np.flatnonzero per step), its fastest form. The kernel runs
on every numba thread, then on one; each figure is the best of a few runs, compile excluded.
Nothing is asserted about speed; the features of both loops must agree exactly.
"""

import sys
import time

import numba
import numpy as np

from gallery.analysis import atlas
from gallery.model.population import run_population
from gallery.model.schemes.population import FEATURES
from gallery.model.simulate import kernel_params

REPEATS = 3
CHECKED = ("count", "first", "second", "last", "late_count", "late_first", "late_min_isi",
           "late_max_isi")  # fmt: skip


def neurons(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.0, 0.12, n)
    b = rng.uniform(0.15, 0.26, n)
    c = rng.uniform(-75.0, -40.0, n)
    d = rng.uniform(0.0, 10.0, n)
    amp = rng.uniform(0.0, 15.0, n)
    v0 = np.full(n, -65.0)
    return a, b, c, d, amp, v0, b * v0


def numpy_loop(a, b, c, d, amp, v0, u0, protocol):
    """The same rule and features with whole-array NumPy operations per step."""
    n = a.size
    v, u = v0.copy(), u0.copy()
    dta = protocol.dt * a
    feats = {name: np.full(n, -1, dtype=np.int64) for name in CHECKED}
    feats["count"][:] = 0
    feats["late_count"][:] = 0
    zero = np.zeros(n)
    for k in range(protocol.n_steps):
        drive = amp if k >= protocol.onset else zero
        v = v + protocol.dt * (0.04 * (v * v) + 5.0 * v + 140.0 - u + drive)
        u = u + dta * (b * v - u)
        fired = v > 30.0
        v = np.where(fired, c, v)
        u = np.where(fired, u + d, u)
        idx = np.flatnonzero(fired)
        if idx.size:
            _log(feats, idx, k, protocol.late)
    return feats


def _log(feats, idx, k, late):
    count = feats["count"][idx]
    isi = k - feats["last"][idx]
    feats["first"][idx] = np.where(count == 0, k, feats["first"][idx])
    feats["second"][idx] = np.where(count == 1, k, feats["second"][idx])
    if k >= late:
        lc = feats["late_count"][idx]
        feats["late_first"][idx] = np.where(lc == 0, k, feats["late_first"][idx])
        feats["late_count"][idx] = lc + 1
        has = count > 0
        lo, hi = feats["late_min_isi"][idx], feats["late_max_isi"][idx]
        feats["late_min_isi"][idx] = np.where(has, np.where(lo < 0, isi, np.minimum(lo, isi)), lo)
        feats["late_max_isi"][idx] = np.where(has, np.maximum(hi, isi), hi)
    feats["last"][idx] = k
    feats["count"][idx] = count + 1


def best(function, repeats=REPEATS):
    """Best wall time [s], best CPU time of the process [s] (all threads), the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40_000
    protocol = atlas.protocol()
    if len(sys.argv) > 2:
        protocol = type(protocol)(protocol.dt, int(sys.argv[2]), protocol.onset,
                                  protocol.late, protocol.gap)  # fmt: skip
    a, b, c, d, amp, v0, u0 = neurons(n)
    params = kernel_params(atlas.MODEL)
    work = n * protocol.n_steps

    def kernel():
        return run_population("published-2004", params, protocol, a=a, b=b, c=c, d=d, amp=amp,
                              v0=v0, u0=u0)  # fmt: skip

    kernel()  # compile or load from the disk cache
    threads = numba.get_num_threads()
    t_par, c_par, run = best(kernel)
    numba.set_num_threads(1)
    t_one, c_one, _ = best(kernel)
    numba.set_num_threads(threads)
    t_np, c_np, feats = best(lambda: numpy_loop(a, b, c, d, amp, v0, u0, protocol), repeats=1)
    for name in CHECKED:
        assert np.array_equal(run.features[:, FEATURES.index(name)], feats[name]), name
    print(f"N = {n} neurons x {protocol.n_steps} steps = {work / 1e6:.1f} M neuron-steps, float64")
    print("                           wall [s]  G n-steps/s (wall)   CPU [s]  G n-steps/CPU-s")
    for label, wall, cpu in ((f"numba kernel, {threads} threads", t_par, c_par),
                             ("numba kernel, 1 thread", t_one, c_one),
                             ("NumPy loop", t_np, c_np)):  # fmt: skip
        print(
            f"{label:26s} {wall:8.4f}  {work / wall / 1e9:10.3f}        {cpu:8.4f}  "
            f"{work / cpu / 1e9:8.3f}"
        )
    print(f"ratio kernel ({threads} threads) / NumPy, wall: {t_np / t_par:.1f}x")
    print(f"ratio kernel (1 thread) / NumPy, CPU time: {c_np / c_one:.1f}x")
    print(f"spikes: {int(run.feature('count').sum())} (identical features in both loops)")


if __name__ == "__main__":
    main()
