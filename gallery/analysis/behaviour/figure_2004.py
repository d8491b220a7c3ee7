"""The defining behaviour of the 2004 figure's panels A-T (``reference/protocols.md`` §7.1).

Stage: analysis (imports ``spikes`` and ``verdict``). Times in [ms]; ``t_end`` is the last grid
time, so windows follow the protocol rule (``t_end/10`` ...) as the stimulus does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gallery.analysis.behaviour.verdict import Verdict, between, classifier, one_run, verdict
from gallery.analysis.spikes import bursts, isis
from gallery.model.simulate import Run


@classifier("tonic-spiking")
def _tonic_spiking(runs: Sequence[Run]) -> Verdict:
    times, t_end = one_run(runs)
    intervals = isis(times)
    steady = intervals.size >= 3 and abs(intervals[-1] - intervals[-2]) <= 0.1 * intervals[-1]
    sustained = times.size > 0 and t_end - times[-1] < 2 * (intervals[-1] if intervals.size else 0)
    return verdict([
        (times.size >= 4, f"{times.size} spikes"),
        (not between(times, -1, t_end / 10 + 1e-9).size, "no spike before the step"),
        (bool(steady), "the last intervals are equal"),
        (bool(sustained), "firing lasts to the end"),
    ])  # fmt: skip


@classifier("phasic-spiking")
def _phasic_spiking(runs: Sequence[Run]) -> Verdict:
    times, _ = one_run(runs)
    return verdict([
        (times.size == 1, f"{times.size} spike(s), expected exactly 1"),
        (times.size > 0 and times[0] > 20, "the spike follows the step onset"),
    ])  # fmt: skip


@classifier("tonic-bursting")
def _tonic_bursting(runs: Sequence[Run]) -> Verdict:
    times, t_end = one_run(runs)
    groups = bursts(times)
    sizes = [g.size for g in groups]
    within = max((isis(g).max() for g in groups if g.size > 1), default=0.0)
    gaps = [b[0] - a[-1] for a, b in zip(groups, groups[1:], strict=False)]
    return verdict([
        (len(groups) >= 3, f"{len(groups)} bursts"),
        (all(s >= 2 for s in sizes), f"burst sizes {sizes}"),
        (bool(gaps) and min(gaps) > 3 * within, "gaps much longer than intra-burst intervals"),
        (bool(groups) and t_end - groups[-1][0] < 2 * max(gaps, default=0), "bursting lasts"),
    ])  # fmt: skip


@classifier("phasic-bursting")
def _phasic_bursting(runs: Sequence[Run]) -> Verdict:
    times, _ = one_run(runs)
    groups = bursts(times)
    return verdict([
        (len(groups) == 1, f"{len(groups)} burst(s), expected exactly 1"),
        (bool(groups) and groups[0].size >= 2, "the burst has at least 2 spikes"),
        (times.size > 0 and times[0] > 20, "the burst follows the step onset"),
    ])  # fmt: skip


@classifier("mixed-mode")
def _mixed_mode(runs: Sequence[Run]) -> Verdict:
    times, _ = one_run(runs)
    groups = bursts(times)
    singles = [g for g in groups[1:] if g.size == 1]
    return verdict([
        (bool(groups) and groups[0].size >= 2, "an initial burst"),
        (len(groups) >= 3 and len(singles) == len(groups) - 1, "followed by single spikes"),
    ])  # fmt: skip


@classifier("spike-frequency-adaptation")
def _adaptation(runs: Sequence[Run]) -> Verdict:
    times, _ = one_run(runs)
    intervals = isis(times)
    return verdict([
        (times.size >= 4, f"{times.size} spikes"),
        (bool(np.all(np.diff(intervals) > 0)), "strictly increasing intervals"),
    ])  # fmt: skip


@classifier("class-1-excitable")
def _class_1(runs: Sequence[Run]) -> Verdict:
    intervals = isis(one_run(runs)[0])
    return verdict([
        (intervals.size >= 2, f"{intervals.size + 1} spikes"),
        (intervals.size >= 2 and intervals[0] >= 30, "slow onset (first ISI >= 30 ms)"),
        (intervals.size >= 2 and intervals[-1] < intervals[0] / 2, "rate rises with the current"),
    ])  # fmt: skip


@classifier("class-2-excitable")
def _class_2(runs: Sequence[Run]) -> Verdict:
    intervals = isis(one_run(runs)[0])
    return verdict([
        (intervals.size >= 2, f"{intervals.size + 1} spikes"),
        (intervals.size >= 2 and intervals[0] <= 25, "fast onset (first ISI <= 25 ms)"),
        (intervals.size >= 2 and intervals.max() < 2.5 * intervals.min(), "rate varies < 2.5x"),
    ])  # fmt: skip


@classifier("spike-latency")
def _latency(runs: Sequence[Run]) -> Verdict:
    times, t_end = one_run(runs)
    pulse_end = t_end / 10 + 3
    return verdict([
        (times.size == 1, f"{times.size} spike(s), expected exactly 1"),
        (times.size > 0 and times[0] >= pulse_end, "the spike comes after the pulse"),
    ])  # fmt: skip


@classifier("subthreshold-oscillations")
def _subthreshold(runs: Sequence[Run]) -> Verdict:
    run = runs[0]
    late = run.t_ms > 60
    v = run.v[late]
    peaks = np.flatnonzero((v[1:-1] > v[:-2]) & (v[1:-1] >= v[2:])) + 1
    return verdict([
        (run.n_spikes <= 1, f"{run.n_spikes} spike(s), at most 1 allowed"),
        (bool(np.all(v < -50)), "v stays below -50 mV after 60 ms"),
        (peaks.size >= 2, f"{peaks.size} oscillation peaks after 60 ms"),
    ])  # fmt: skip


@classifier("resonator")
def _resonator(runs: Sequence[Run]) -> Verdict:
    times, t_end = one_run(runs)
    return verdict([
        (not times[times < 0.7 * t_end].size, "the 20-ms doublet does not fire"),
        (times[times > 0.7 * t_end + 40].size >= 1, "the 40-ms doublet fires"),
    ])  # fmt: skip


@classifier("integrator")
def _integrator(runs: Sequence[Run]) -> Verdict:
    times, t_end = one_run(runs)
    return verdict([
        (between(times, t_end / 11 + 5, 0.7 * t_end).size == 1, "the 5-ms doublet fires once"),
        (not times[times > 0.7 * t_end].size, "the 10-ms doublet does not fire"),
    ])  # fmt: skip


def _rebound(runs: Sequence[Run]) -> tuple[np.ndarray, list[np.ndarray]]:
    times, _ = one_run(runs)
    return times, bursts(times[times >= 25])


@classifier("rebound-spike")
def _rebound_spike(runs: Sequence[Run]) -> Verdict:
    times, _ = _rebound(runs)
    return verdict([
        (not times[times < 25].size, "no spike during the inhibitory pulse"),
        (times.size == 1, f"{times.size} spike(s) after release, expected exactly 1"),
    ])  # fmt: skip


@classifier("rebound-burst")
def _rebound_burst(runs: Sequence[Run]) -> Verdict:
    times, groups = _rebound(runs)
    return verdict([
        (not times[times < 25].size, "no spike during the inhibitory pulse"),
        (len(groups) == 1 and groups[0].size >= 2, "one burst after release"),
    ])  # fmt: skip


@classifier("threshold-variability")
def _threshold_variability(runs: Sequence[Run]) -> Verdict:
    times, _ = one_run(runs)
    return verdict([
        (not times[times < 70].size, "the excitatory pulse alone is subthreshold"),
        (times[times > 80].size == 1, "after inhibition the same pulse fires one spike"),
    ])  # fmt: skip


@classifier("bistability")
def _bistability(runs: Sequence[Run]) -> Verdict:
    times, t_end = one_run(runs)
    on = t_end / 8
    return verdict([
        (not times[times <= on].size, "silent before the first pulse"),
        (between(times, on, 216).size >= 3, "the first pulse switches tonic firing on"),
        (not times[times >= 216].size, "the second pulse switches it off"),
    ])  # fmt: skip


@classifier("depolarizing-after-potential")
def _dap(runs: Sequence[Run]) -> Verdict:
    run = runs[0]
    times = run.spike_times_ms
    after = run.v[run.t_ms > times[0]] if times.size else run.v[:0]
    rise = float(after.max() - (-60.0)) if after.size else 0.0
    return verdict([
        (times.size == 1, f"{times.size} spike(s), expected exactly 1"),
        (rise > 3.0, f"after the reset v rises {rise:.2f} mV above c"),
        (after.size > 0 and after[-1] < -65.0, "then relaxes to rest"),
    ])  # fmt: skip


@classifier("accommodation")
def _accommodation(runs: Sequence[Run]) -> Verdict:
    times, _ = one_run(runs)
    return verdict([
        (not times[times < 200].size, "the slow ramp does not fire"),
        (between(times, 300, 320).size >= 1, "the fast ramp fires"),
    ])  # fmt: skip


@classifier("inhibition-induced-spiking")
def _inhibition_spiking(runs: Sequence[Run]) -> Verdict:
    times, _ = one_run(runs)
    return verdict([
        (not times[times < 50].size, "silent at the high drive"),
        (times[(times >= 50) & (times <= 250)].size >= 2, "fires while the drive is lowered"),
        (times[times > 250].size <= 1, "at most one late spike after the drive returns"),
    ])  # fmt: skip


@classifier("inhibition-induced-bursting")
def _inhibition_bursting(runs: Sequence[Run]) -> Verdict:
    times, _ = one_run(runs)
    inside = times[(times >= 50) & (times <= 250)]
    groups = bursts(inside)
    return verdict([
        (not times[times < 50].size, "silent before the drive is lowered"),
        (not times[times > 250].size, "silent after the drive returns"),
        (bool(groups) and all(g.size >= 2 for g in groups), f"{len(groups)} burst(s) inside"),
    ])  # fmt: skip
