"""The published-2004 kernel and ``gallery.simulate`` end to end beside a bare numba loop.

Run: `python benchmarks/bench_kernels.py`. Prints, for a run of 100,001 steps and one of
1,000,001 (the sizes of the accuracy page's fine-dt runs), the two ratios the issue asks for
(each >= 0.8): the scheme's kernel against the bare loop on the same current, and
``gallery.simulate`` end to end (grid, stimulus, kernel, storage, Run) against the same bare
loop, whose output buffers are allocated once and reused. The bare loop with outputs
allocated per call shows what fresh memory costs on the host: a 1,000,001-step run needs
32 MB of new trace, whose first-touch page faults are then a large part of the time. The
plain-Python loop is there for scale. Nothing is asserted about speed (speed is measured here,
never in unit tests); the spike counts of all loops must agree.
"""

import math
import time

import numpy as np
from numba import njit

import gallery
from gallery.model.schemes import SCHEMES
from gallery.model.schemes.primitives import LOG_COLUMNS
from gallery.model.simulate import kernel_params

SLUG = "tonic-spiking"
T_MAX_MS = (25_000.0, 250_000.0)  # 100,001 and 1,000,001 grid points at the preset's 0.25 ms
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


def measure(t_max_ms: float) -> dict[str, float]:
    """Best timings [s] of each loop on one run of ``t_max_ms``; checks the spike counts."""
    preset = gallery.preset(SLUG)
    m, dt = preset.model, preset.dt_ms
    i_ext = np.array(gallery.simulate(preset, t_max_ms=t_max_ms)[0].i_ext)  # the same current
    steps = i_ext.size
    v_out, u_out = np.empty(steps), np.empty(steps)
    spike_steps, spike_log = np.empty(steps, dtype=np.int64), np.empty((steps, LOG_COLUMNS))
    params, kernel = kernel_params(m), SCHEMES[preset.scheme].kernel
    start = (preset.v0, preset.u0)
    constants = (m.a, m.b, m.c, m.d)

    def ours():
        return kernel(params, i_ext, dt, *start, v_out, u_out, spike_steps, spike_log)[0]

    def bare():
        return bare_numba(i_ext, dt, *start, *constants, v_out, u_out, spike_steps)

    def bare_fresh():
        # The bare loop as a simulation must run it: its outputs allocated for the call.
        v, u, spikes = np.empty(steps), np.empty(steps), np.empty(steps, dtype=np.int64)
        return bare_numba(i_ext, dt, *start, *constants, v, u, spikes)

    def end_to_end():
        return gallery.simulate(preset, t_max_ms=t_max_ms)[0].n_spikes

    loops = {"gallery kernel": ours, "gallery.simulate end to end": end_to_end,
             "bare numba loop": bare, "bare loop, fresh outputs": bare_fresh}  # fmt: skip
    counts = {name: loop() for name, loop in loops.items()}  # compiled (or loaded) first
    # Interleave the measurements so a busy machine slows all of them alike.
    best = dict.fromkeys(loops, math.inf)
    for _ in range(3):
        for name, loop in loops.items():
            best[name] = min(best[name], best_of(loop, REPEATS // 3)[0])
    best["plain Python loop"], counts["plain Python loop"] = best_of(
        lambda: plain_python(i_ext.tolist(), dt, *start, *constants), 1
    )
    assert len(set(counts.values())) == 1, counts
    return best


def main() -> None:
    for t_max_ms in T_MAX_MS:
        best = measure(t_max_ms)
        steps = round(t_max_ms / gallery.preset(SLUG).dt_ms) + 1
        kernel, bare = best["gallery kernel"], best["bare numba loop"]
        e2e, fresh = best["gallery.simulate end to end"], best["bare loop, fresh outputs"]
        print(f"\npublished-2004, {SLUG}, {steps:,} steps, best of {REPEATS} runs")
        print("| loop | seconds | steps/s | vs the gallery kernel |")
        print("|---|---|---|---|")
        for name, seconds in best.items():
            print(f"| {name} | {seconds:.4f} | {steps / seconds:,.0f} | {seconds / kernel:.2f}x |")
        print(f"kernel / bare numba speed: {bare / kernel:.2f} (target >= 0.8)")
        print(f"simulate end to end / bare numba speed: {bare / e2e:.2f} (target >= 0.8)")
        print(f"simulate end to end / bare loop with fresh outputs: {fresh / e2e:.2f}")
        print(
            f"kernel / plain Python speed: {best['plain Python loop'] / kernel:.0f} (target >= 20)"
        )


if __name__ == "__main__":
    main()
