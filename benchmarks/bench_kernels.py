"""Steps per second of the published-2004 kernel beside a plain-Python loop and a bare numba loop.

Run: `python benchmarks/bench_kernels.py`. Prints the figures and the ratios; nothing is
asserted (speed is measured here, never in unit tests).
"""

import time

import numpy as np
from numba import njit

import gallery
from gallery.model.schemes import kernels
from gallery.model.simulate import kernel_params

STEPS = 1_000_000


def plain_python(i_ext, dt, v, u, a, b, c, d):
    v_out, u_out, spikes = [], [], []
    for k in range(len(i_ext)):
        v = v + dt * (0.04 * (v * v) + 5.0 * v + 140.0 - u + i_ext[k])
        u = u + dt * a * (b * v - u)
        if v > 30.0:
            spikes.append(k)
            v_out.append(30.0)
            v, u = c, u + d
        else:
            v_out.append(v)
        u_out.append(u)
    return len(spikes)


@njit(cache=True)
def bare_numba(i_ext, dt, v, u, a, b, c, d, v_out, u_out, spikes):
    n = 0
    for k in range(i_ext.shape[0]):
        v = v + dt * (0.04 * (v * v) + 5.0 * v + 140.0 - u + i_ext[k])
        u = u + dt * a * (b * v - u)
        if v > 30.0:
            spikes[n] = k
            n += 1
            v_out[k] = 30.0
            v = c
            u = u + d
        else:
            v_out[k] = v
        u_out[k] = u
    return n


def best_of(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    preset = gallery.preset("tonic-spiking")
    m = preset.model
    i_ext = np.full(STEPS, 14.0)
    dt = 0.25
    v_out, u_out = np.empty(STEPS), np.empty(STEPS)
    steps, extra = np.empty(STEPS, dtype=np.int64), np.empty(STEPS)
    params = kernel_params(m)

    def ours():
        return kernels.integrate_published_2004(
            params, i_ext, dt, preset.v0, preset.u0, v_out, u_out, steps, extra
        )[0]

    def bare():
        return bare_numba(i_ext, dt, preset.v0, preset.u0, m.a, m.b, m.c, m.d, v_out, u_out, steps)

    ours(), bare()  # compile (or load from the disk cache) before timing
    t_ours, n_ours = best_of(ours, 7)
    t_bare, n_bare = best_of(bare, 7)
    t_python, n_python = best_of(
        lambda: plain_python(i_ext.tolist(), dt, preset.v0, preset.u0, m.a, m.b, m.c, m.d), 1
    )
    assert n_ours == n_bare == n_python, (n_ours, n_bare, n_python)
    rate = STEPS / t_ours
    print(f"published-2004, one neuron, {STEPS:,} steps ({n_ours} spikes), best of 7 runs")
    print("| loop | seconds | steps/s | gallery kernel vs this |")
    print("|---|---|---|---|")
    for name, seconds in (("gallery kernel", t_ours), ("bare numba loop", t_bare),
                          ("plain Python loop", t_python)):  # fmt: skip
        print(f"| {name} | {seconds:.4f} | {STEPS / seconds:,.0f} | {seconds / t_ours:.2f}x |")
    print(f"\ngallery / bare numba speed: {t_bare / t_ours:.2f} (target >= 0.8)")
    print(f"gallery / plain Python speed: {t_python / t_ours:.0f} (target >= 20)")
    print(f"gallery kernel: {rate:,.0f} steps/s")


if __name__ == "__main__":
    main()
