"""The published-2004 kernel and ``gallery.simulate`` end to end beside a bare numba loop.

Run: `python benchmarks/bench_kernels.py`. Prints the timings and the two ratios the issue
asks for (each >= 0.8): the scheme's kernel against the bare loop on the same current, and
``gallery.simulate`` end to end (grid, stimulus, kernel, storage, Run) against the same bare
loop. Also the plain-Python loop, for scale. Nothing is asserted about speed (speed is
measured here, never in unit tests); the spike counts of all loops must agree.
"""

import time

import numpy as np
from numba import njit

import gallery
from gallery.model.schemes import SCHEMES
from gallery.model.schemes.primitives import LOG_COLUMNS
from gallery.model.simulate import kernel_params

SLUG = "tonic-spiking"
T_MAX_MS = 250_000.0  # 1,000,001 grid points at the preset's 0.25 ms
REPEATS = 9


def plain_python(i_ext, dt, v, u, a, b, c, d):
    spikes = 0
    for k in range(len(i_ext)):
        v = v + dt * (0.04 * (v * v) + 5.0 * v + 140.0 - u + i_ext[k])
        u = u + dt * a * (b * v - u)
        if v > 30.0:
            spikes += 1
            v, u = c, u + d
    return spikes


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


def best_of(function, repeats=REPEATS):
    """The shortest of ``repeats`` timings [s] and the last result."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    preset = gallery.preset(SLUG)
    m, dt = preset.model, preset.dt_ms
    i_ext = np.array(gallery.simulate(preset, t_max_ms=T_MAX_MS)[0].i_ext)  # the same current
    steps = i_ext.size
    v_out, u_out = np.empty(steps), np.empty(steps)
    spike_steps, spike_log = np.empty(steps, dtype=np.int64), np.empty((steps, LOG_COLUMNS))
    params, kernel = kernel_params(m), SCHEMES[preset.scheme].kernel

    def ours():
        args = (params, i_ext, dt, preset.v0, preset.u0, v_out, u_out, spike_steps, spike_log)
        return kernel(*args)[0]

    def bare():
        args = (i_ext, dt, preset.v0, preset.u0, m.a, m.b, m.c, m.d, v_out, u_out, spike_steps)
        return bare_numba(*args)

    def bare_fresh():
        # The bare loop as a simulation must run it: its outputs allocated for the call.
        v, u, spikes = np.empty(steps), np.empty(steps), np.empty(steps, dtype=np.int64)
        return bare_numba(i_ext, dt, preset.v0, preset.u0, m.a, m.b, m.c, m.d, v, u, spikes)

    def end_to_end():
        return gallery.simulate(preset, t_max_ms=T_MAX_MS)[0].n_spikes

    loops = (bare, ours, end_to_end, bare_fresh)
    for loop in loops:  # compile (or load from the disk cache) before timing
        loop()
    # Interleave the measurements so a busy machine slows all of them alike.
    rounds = [[best_of(loop, 3) for loop in loops] for _ in range(3)]
    (t_bare, n_bare), (t_ours, n_ours), (t_e2e, n_e2e), (t_fresh, _) = (
        min((r[i] for r in rounds), key=lambda x: x[0]) for i in range(len(loops))
    )
    t_python, n_python = best_of(
        lambda: plain_python(i_ext.tolist(), dt, preset.v0, preset.u0, m.a, m.b, m.c, m.d), 1
    )
    assert n_ours == n_bare == n_e2e == n_python, (n_ours, n_bare, n_e2e, n_python)
    print(f"{preset.scheme}, {SLUG}, {steps:,} steps ({n_ours} spikes), best of {3 * 3} runs")
    print("| loop | seconds | steps/s | vs the gallery kernel |")
    print("|---|---|---|---|")
    for name, seconds in (("gallery kernel", t_ours), ("gallery.simulate end to end", t_e2e),
                          ("bare numba loop", t_bare), ("bare loop, fresh outputs", t_fresh),
                          ("plain Python loop", t_python)):  # fmt: skip
        print(f"| {name} | {seconds:.4f} | {steps / seconds:,.0f} | {seconds / t_ours:.2f}x |")
    print(f"\nkernel / bare numba speed: {t_bare / t_ours:.2f} (target >= 0.8)")
    print(f"simulate end to end / bare numba speed: {t_bare / t_e2e:.2f} (target >= 0.8)")
    print(f"simulate end to end / bare loop with fresh outputs: {t_fresh / t_e2e:.2f}")
    print(f"kernel / plain Python speed: {t_python / t_ours:.0f} (target >= 20)")


if __name__ == "__main__":
    main()
