"""The population kernel beside a vectorised NumPy loop doing the same work.

Run: `python benchmarks/bench_population.py [N] [steps]` (default N = 40 000 neurons, 2400
steps: the atlas protocol). Every neuron has its own a, b, c, d and amplitude (spread over
the atlas planes); both loops run the published-2004 rule under the atlas's step protocol
and keep the same per-neuron features (spike count, first, second and last spike steps, the
late counts, bursts and intervals: all 13 of FEATURES). The NumPy loop is written for speed:
in-place operations on preallocated buffers, and the features of the neurons that fired only
(np.flatnonzero per step). The kernel runs on every numba thread, then on one; each figure is
the best of a few runs, compile excluded.
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
    """The same rule and all 13 features with whole-array NumPy operations per step.

    Written for speed: every step works in place on preallocated buffers (no temporaries),
    in the kernel's order of operations (so the same bits), and the features of the neurons
    that fired are updated on their indices only.
    """
    n = a.size
    v, u = v0.copy(), u0.copy()
    dta = protocol.dt * a
    x, y = np.empty(n), np.empty(n)
    fired = np.empty(n, dtype=bool)
    feats = {name: np.full(n, -1, dtype=np.int64) for name in FEATURES}
    for name in ("count", "pre_count", "late_count", "late_bursts", "first_burst",
                 "burst_max_isi"):  # fmt: skip
        feats[name][:] = 0
    zero = np.zeros(n)
    for k in range(protocol.n_steps):
        drive = amp if k >= protocol.onset else zero
        # v + dt*(0.04*(v*v) + 5*v + 140 - u + I), then u + (dt*a)*(b*v - u)
        np.multiply(v, v, out=x)
        x *= 0.04
        np.multiply(v, 5.0, out=y)
        x += y
        x += 140.0
        x -= u
        x += drive
        x *= protocol.dt
        v += x
        np.multiply(b, v, out=y)
        y -= u
        y *= dta
        u += y
        np.greater(v, 30.0, out=fired)
        idx = np.flatnonzero(fired)
        if idx.size:
            v[idx] = c[idx]
            u[idx] += d[idx]
            _log(feats, idx, k, protocol)
    return feats


def _log(f, idx, k, protocol):
    """population.log_spike on the neurons ``idx`` that fired at step ``k``."""
    n, last = f["count"][idx], f["last"][idx]
    burst, ended = f["first_burst"][idx], f["break_isi"][idx]
    isi = k - last
    opens = n == 0
    in_burst = (n > 0) & (burst == n) & (ended < 0)
    grows = in_burst & (isi < protocol.gap)
    f["first"][idx] = np.where(opens, k, f["first"][idx])
    f["second"][idx] = np.where(n == 1, k, f["second"][idx])
    f["first_burst"][idx] = np.where(opens, 1, np.where(grows, n + 1, burst))
    f["burst_max_isi"][idx] = np.where(grows, np.maximum(f["burst_max_isi"][idx], isi),
                                       f["burst_max_isi"][idx])  # fmt: skip
    f["break_isi"][idx] = np.where(in_burst & (isi >= protocol.gap), isi, ended)
    if k < protocol.onset:
        f["pre_count"][idx] += 1
    if k >= protocol.late:
        late_n = f["late_count"][idx]
        f["late_first"][idx] = np.where(late_n == 0, k, f["late_first"][idx])
        f["late_count"][idx] = late_n + 1
        f["late_bursts"][idx] += opens | (isi >= protocol.gap)
        spaced = n > 0
        low, high = f["late_min_isi"][idx], f["late_max_isi"][idx]
        f["late_min_isi"][idx] = np.where(spaced, np.where(low < 0, isi, np.minimum(low, isi)),
                                          low)  # fmt: skip
        f["late_max_isi"][idx] = np.where(spaced, np.maximum(high, isi), high)
    f["last"][idx] = k
    f["count"][idx] = n + 1


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
    for name in FEATURES:
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
