"""The behaviour that defines each built-in preset, as a classifier that works at any dt.

Stage: analyse (imports ``spikes``). Each classifier reads the runs of one preset and returns a
:class:`Verdict`: whether the defining statement of ``reference/protocols.md`` §7.1 (or the
preset's ``behaviour`` text for the 2003 and 2007 types) holds, and why. They are used by the
tests at the paper's dt and at every other dt, and by the numerical-accuracy pages to show which
panels survive a change of step. Times in [ms]; ``t_end`` is the last grid time, so windows
follow the protocol rule (``t_end/10`` ...) as the stimulus does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from gallery.analysis.spikes import bursts, isis
from gallery.model.simulate import Run


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a run shows its defining behaviour, with the evidence in words."""

    holds: bool
    reason: str


Classifier = Callable[[Sequence[Run]], Verdict]
CLASSIFIERS: dict[str, Classifier] = {}


def classifier(slug: str) -> Callable[[Classifier], Classifier]:
    """Register a classifier for a preset slug."""

    def register(function: Classifier) -> Classifier:
        CLASSIFIERS[slug] = function
        return function

    return register


def classify(slug: str, runs: Sequence[Run]) -> Verdict | None:
    """The verdict for ``slug``'s runs, or None when no classifier is known for it."""
    function = CLASSIFIERS.get(slug)
    return None if function is None else function(runs)


def _verdict(checks: Sequence[tuple[bool, str]]) -> Verdict:
    failed = [why for ok, why in checks if not ok]
    if failed:
        return Verdict(False, "; ".join(failed))
    return Verdict(True, "; ".join(why for _, why in checks))


def _between(times: np.ndarray, start: float, stop: float) -> np.ndarray:
    return times[(times > start) & (times < stop)]


def _one(runs: Sequence[Run]) -> tuple[np.ndarray, float]:
    run = runs[0]
    return run.spike_times_ms, float(run.t_ms[-1])


# --- 2004 figure, panels A-T ---------------------------------------------------------------


@classifier("tonic-spiking")
def _tonic_spiking(runs: Sequence[Run]) -> Verdict:
    times, t_end = _one(runs)
    intervals = isis(times)
    steady = intervals.size >= 3 and abs(intervals[-1] - intervals[-2]) <= 0.1 * intervals[-1]
    sustained = times.size > 0 and t_end - times[-1] < 2 * (intervals[-1] if intervals.size else 0)
    return _verdict([
        (times.size >= 4, f"{times.size} spikes"),
        (not _between(times, -1, t_end / 10 + 1e-9).size, "no spike before the step"),
        (bool(steady), "the last intervals are equal"),
        (bool(sustained), "firing lasts to the end"),
    ])  # fmt: skip


@classifier("phasic-spiking")
def _phasic_spiking(runs: Sequence[Run]) -> Verdict:
    times, _ = _one(runs)
    return _verdict([
        (times.size == 1, f"{times.size} spike(s), expected exactly 1"),
        (times.size > 0 and times[0] > 20, "the spike follows the step onset"),
    ])  # fmt: skip


@classifier("tonic-bursting")
def _tonic_bursting(runs: Sequence[Run]) -> Verdict:
    times, t_end = _one(runs)
    groups = bursts(times)
    sizes = [g.size for g in groups]
    within = max((isis(g).max() for g in groups if g.size > 1), default=0.0)
    gaps = [b[0] - a[-1] for a, b in zip(groups, groups[1:], strict=False)]
    return _verdict([
        (len(groups) >= 3, f"{len(groups)} bursts"),
        (all(s >= 2 for s in sizes), f"burst sizes {sizes}"),
        (bool(gaps) and min(gaps) > 3 * within, "gaps much longer than intra-burst intervals"),
        (bool(groups) and t_end - groups[-1][0] < 2 * max(gaps, default=0), "bursting lasts"),
    ])  # fmt: skip


@classifier("phasic-bursting")
def _phasic_bursting(runs: Sequence[Run]) -> Verdict:
    times, _ = _one(runs)
    groups = bursts(times)
    return _verdict([
        (len(groups) == 1, f"{len(groups)} burst(s), expected exactly 1"),
        (bool(groups) and groups[0].size >= 2, "the burst has at least 2 spikes"),
        (times.size > 0 and times[0] > 20, "the burst follows the step onset"),
    ])  # fmt: skip


@classifier("mixed-mode")
def _mixed_mode(runs: Sequence[Run]) -> Verdict:
    times, _ = _one(runs)
    groups = bursts(times)
    singles = [g for g in groups[1:] if g.size == 1]
    return _verdict([
        (bool(groups) and groups[0].size >= 2, "an initial burst"),
        (len(groups) >= 3 and len(singles) == len(groups) - 1, "followed by single spikes"),
    ])  # fmt: skip


@classifier("spike-frequency-adaptation")
def _adaptation(runs: Sequence[Run]) -> Verdict:
    times, _ = _one(runs)
    intervals = isis(times)
    return _verdict([
        (times.size >= 4, f"{times.size} spikes"),
        (bool(np.all(np.diff(intervals) > 0)), "strictly increasing intervals"),
    ])  # fmt: skip


@classifier("class-1-excitable")
def _class_1(runs: Sequence[Run]) -> Verdict:
    intervals = isis(_one(runs)[0])
    return _verdict([
        (intervals.size >= 2, f"{intervals.size + 1} spikes"),
        (intervals.size >= 2 and intervals[0] >= 30, "slow onset (first ISI >= 30 ms)"),
        (intervals.size >= 2 and intervals[-1] < intervals[0] / 2, "rate rises with the current"),
    ])  # fmt: skip


@classifier("class-2-excitable")
def _class_2(runs: Sequence[Run]) -> Verdict:
    intervals = isis(_one(runs)[0])
    return _verdict([
        (intervals.size >= 2, f"{intervals.size + 1} spikes"),
        (intervals.size >= 2 and intervals[0] <= 25, "fast onset (first ISI <= 25 ms)"),
        (intervals.size >= 2 and intervals.max() < 2.5 * intervals.min(), "rate varies < 2.5x"),
    ])  # fmt: skip


@classifier("spike-latency")
def _latency(runs: Sequence[Run]) -> Verdict:
    times, t_end = _one(runs)
    pulse_end = t_end / 10 + 3
    return _verdict([
        (times.size == 1, f"{times.size} spike(s), expected exactly 1"),
        (times.size > 0 and times[0] >= pulse_end, "the spike comes after the pulse"),
    ])  # fmt: skip


@classifier("subthreshold-oscillations")
def _subthreshold(runs: Sequence[Run]) -> Verdict:
    run = runs[0]
    late = run.t_ms > 60
    v = run.v[late]
    peaks = np.flatnonzero((v[1:-1] > v[:-2]) & (v[1:-1] >= v[2:])) + 1
    return _verdict([
        (run.n_spikes <= 1, f"{run.n_spikes} spike(s), at most 1 allowed"),
        (bool(np.all(v < -50)), "v stays below -50 mV after 60 ms"),
        (peaks.size >= 2, f"{peaks.size} oscillation peaks after 60 ms"),
    ])  # fmt: skip


@classifier("resonator")
def _resonator(runs: Sequence[Run]) -> Verdict:
    times, t_end = _one(runs)
    return _verdict([
        (not times[times < 0.7 * t_end].size, "the 20-ms doublet does not fire"),
        (times[times > 0.7 * t_end + 40].size >= 1, "the 40-ms doublet fires"),
    ])  # fmt: skip


@classifier("integrator")
def _integrator(runs: Sequence[Run]) -> Verdict:
    times, t_end = _one(runs)
    return _verdict([
        (_between(times, t_end / 11 + 5, 0.7 * t_end).size == 1, "the 5-ms doublet fires once"),
        (not times[times > 0.7 * t_end].size, "the 10-ms doublet does not fire"),
    ])  # fmt: skip


def _rebound(runs: Sequence[Run]) -> tuple[np.ndarray, list[np.ndarray]]:
    times, _ = _one(runs)
    return times, bursts(times[times >= 25])


@classifier("rebound-spike")
def _rebound_spike(runs: Sequence[Run]) -> Verdict:
    times, _ = _rebound(runs)
    return _verdict([
        (not times[times < 25].size, "no spike during the inhibitory pulse"),
        (times.size == 1, f"{times.size} spike(s) after release, expected exactly 1"),
    ])  # fmt: skip


@classifier("rebound-burst")
def _rebound_burst(runs: Sequence[Run]) -> Verdict:
    times, groups = _rebound(runs)
    return _verdict([
        (not times[times < 25].size, "no spike during the inhibitory pulse"),
        (len(groups) == 1 and groups[0].size >= 2, "one burst after release"),
    ])  # fmt: skip


@classifier("threshold-variability")
def _threshold_variability(runs: Sequence[Run]) -> Verdict:
    times, _ = _one(runs)
    return _verdict([
        (not times[times < 70].size, "the excitatory pulse alone is subthreshold"),
        (times[times > 80].size == 1, "after inhibition the same pulse fires one spike"),
    ])  # fmt: skip


@classifier("bistability")
def _bistability(runs: Sequence[Run]) -> Verdict:
    times, t_end = _one(runs)
    on = t_end / 8
    return _verdict([
        (not times[times <= on].size, "silent before the first pulse"),
        (_between(times, on, 216).size >= 3, "the first pulse switches tonic firing on"),
        (not times[times >= 216].size, "the second pulse switches it off"),
    ])  # fmt: skip


@classifier("depolarizing-after-potential")
def _dap(runs: Sequence[Run]) -> Verdict:
    run = runs[0]
    times = run.spike_times_ms
    after = run.v[run.t_ms > times[0]] if times.size else run.v[:0]
    rise = float(after.max() - (-60.0)) if after.size else 0.0
    return _verdict([
        (times.size == 1, f"{times.size} spike(s), expected exactly 1"),
        (rise > 3.0, f"after the reset v rises {rise:.2f} mV above c"),
        (after.size > 0 and after[-1] < -65.0, "then relaxes to rest"),
    ])  # fmt: skip


@classifier("accommodation")
def _accommodation(runs: Sequence[Run]) -> Verdict:
    times, _ = _one(runs)
    return _verdict([
        (not times[times < 200].size, "the slow ramp does not fire"),
        (_between(times, 300, 320).size >= 1, "the fast ramp fires"),
    ])  # fmt: skip


@classifier("inhibition-induced-spiking")
def _inhibition_spiking(runs: Sequence[Run]) -> Verdict:
    times, _ = _one(runs)
    return _verdict([
        (not times[times < 50].size, "silent at the high drive"),
        (times[(times >= 50) & (times <= 250)].size >= 2, "fires while the drive is lowered"),
        (times[times > 250].size <= 1, "at most one late spike after the drive returns"),
    ])  # fmt: skip


@classifier("inhibition-induced-bursting")
def _inhibition_bursting(runs: Sequence[Run]) -> Verdict:
    times, _ = _one(runs)
    inside = times[(times >= 50) & (times <= 250)]
    groups = bursts(inside)
    return _verdict([
        (not times[times < 50].size, "silent before the drive is lowered"),
        (not times[times > 250].size, "silent after the drive returns"),
        (bool(groups) and all(g.size >= 2 for g in groups), f"{len(groups)} burst(s) inside"),
    ])  # fmt: skip


# --- 2003 classes -------------------------------------------------------------------------


@classifier("rs-2003")
def _rs_2003(runs: Sequence[Run]) -> Verdict:
    times, t_end = _one(runs)
    intervals = isis(times)
    return _verdict([
        (not times[times <= t_end / 10].size, "silent before the step"),
        (intervals.size >= 3, f"{times.size} spikes"),
        (intervals.size >= 3 and intervals[-1] > 2 * intervals[0], "the intervals lengthen"),
    ])  # fmt: skip


@classifier("ib-2003")
def _ib_2003(runs: Sequence[Run]) -> Verdict:
    groups = bursts(_one(runs)[0])
    return _verdict([
        (bool(groups) and groups[0].size >= 3, "an initial burst of at least 3 spikes"),
        (len(groups) >= 3 and all(g.size == 1 for g in groups[1:]), "then single spikes"),
    ])  # fmt: skip


@classifier("ch-2003")
def _ch_2003(runs: Sequence[Run]) -> Verdict:
    groups = bursts(_one(runs)[0])
    return _verdict([
        (len(groups) >= 2, f"{len(groups)} bursts"),
        (all(g.size >= 3 for g in groups), f"burst sizes {[g.size for g in groups]}"),
    ])  # fmt: skip


@classifier("fs-2003")
def _fs_2003(runs: Sequence[Run]) -> Verdict:
    intervals = isis(_one(runs)[0])
    later = intervals[1:]
    return _verdict([
        (later.size >= 3, f"{intervals.size + 1} spikes"),
        (later.size >= 3 and 1000 / later[-1] > 100, "settled rate above 100 Hz"),
        (later.size >= 3 and later.max() < 2 * later.min(), "little adaptation"),
    ])  # fmt: skip


@classifier("lts-2003")
def _lts_2003(runs: Sequence[Run]) -> Verdict:
    intervals = isis(_one(runs)[0])
    return _verdict([
        (intervals.size >= 3, f"{intervals.size + 1} spikes"),
        (intervals.size >= 3 and intervals[-1] > 3 * intervals[0], "strong adaptation"),
    ])  # fmt: skip


@classifier("tc-2003")
def _tc_2003(runs: Sequence[Run]) -> Verdict:
    times, _ = _one(runs)
    intervals = isis(times)
    return _verdict([
        (not times[times <= 30].size, "silent before the step"),
        (intervals.size >= 1 and bool(np.all(intervals > 10)), "single spikes at a low rate"),
    ])  # fmt: skip


@classifier("tc-burst-2003")
def _tc_burst_2003(runs: Sequence[Run]) -> Verdict:
    times, t_end = _one(runs)
    release = 3 * t_end / 10
    groups = bursts(times[times > release])
    return _verdict([
        (not times[times <= release].size, "no spike while hyperpolarised"),
        (bool(groups) and groups[0].size >= 3, "a rebound burst after release"),
        (not times[times > release + 50].size, "then silence"),
    ])  # fmt: skip


@classifier("rz-2003")
def _rz_2003(runs: Sequence[Run]) -> Verdict:
    times, t_end = _one(runs)
    pulse = t_end / 10 + 50
    return _verdict([
        (not times[times <= pulse].size, "silent before the pulse"),
        (times.size == 2 and times[1] - times[0] < 10, "the pulse fires a doublet"),
    ])  # fmt: skip


# --- 2007 book types ----------------------------------------------------------------------


def _counts(runs: Sequence[Run]) -> list[int]:
    return [run.n_spikes for run in runs]


def _rising(runs: Sequence[Run]) -> tuple[bool, str]:
    counts = _counts(runs)
    return all(b > a for a, b in zip(counts, counts[1:], strict=False)), f"spike counts {counts}"


def _adapts(run: Run) -> tuple[bool, str]:
    intervals = isis(run.spike_times_ms)
    ok = intervals.size >= 2 and intervals[-1] > intervals[0]
    return bool(ok), "the intervals lengthen at the largest current"


@classifier("rs-2007")
def _rs_2007(runs: Sequence[Run]) -> Verdict:
    return _verdict([_rising(runs), _adapts(runs[-1])])


@classifier("lts-2007")
def _lts_2007(runs: Sequence[Run]) -> Verdict:
    return _verdict([_rising(runs), _adapts(runs[-1])])


def _opens_with_burst(times: np.ndarray) -> bool:
    """The first interval is under half the typical later one (the book cells burst slowly)."""
    intervals = isis(times)
    return intervals.size >= 2 and intervals[0] < 0.5 * float(np.median(intervals[1:]))


@classifier("ib-2007")
def _ib_2007(runs: Sequence[Run]) -> Verdict:
    return _verdict([
        (runs[0].n_spikes == 0, "silent below rheobase"),
        (_opens_with_burst(runs[-1].spike_times_ms), "an initial burst, then slower single spikes"),
        _rising(runs),
    ])  # fmt: skip


@classifier("ch-2007")
def _ch_2007(runs: Sequence[Run]) -> Verdict:
    bursting = [any(g.size >= 2 for g in bursts(r.spike_times_ms)) for r in runs]
    return _verdict([_rising(runs), (all(bursting), "bursts at every amplitude")])


@classifier("fs-2007")
def _fs_2007(runs: Sequence[Run]) -> Verdict:
    run = runs[-1]
    intervals = isis(run.spike_times_ms)
    flat = intervals.size >= 3 and intervals[-1] < 1.5 * intervals[0]
    rate = 1000.0 * run.n_spikes / float(run.t_ms[-1] + run.dt_ms)
    return _verdict([
        _rising(runs),
        (bool(flat), "no adaptation at the largest current"),
        (rate > 100, f"{rate:.0f} Hz at the largest current (fast spiking: > 100 Hz)"),
    ])  # fmt: skip


@classifier("tc-2007")
def _tc_2007(runs: Sequence[Run]) -> Verdict:
    return _verdict([_rising(runs)])


@classifier("rtn-2007")
def _rtn_2007(runs: Sequence[Run]) -> Verdict:
    return _verdict([_rising(runs)])


def _burst_mode(runs: Sequence[Run]) -> Verdict:
    quiet = all(not r.spike_times_ms[r.spike_times_ms < 120].size for r in runs)
    after = [r.spike_times_ms[r.spike_times_ms >= 120] for r in runs]
    prompt = all(t.size and t[0] < 120 + 50 for t in after)
    rebound = all(t.size >= 3 and isis(t)[0] < 0.5 * isis(t)[-1] for t in after)
    return _verdict([
        (quiet, "no spike during the hyperpolarising pre-step"),
        (prompt and rebound, "a prompt rebound burst on release at every amplitude"),
        _rising(runs),
    ])  # fmt: skip


@classifier("tc-burst-2007")
def _tc_burst_2007(runs: Sequence[Run]) -> Verdict:
    return _burst_mode(runs)


@classifier("rtn-burst-2007")
def _rtn_burst_2007(runs: Sequence[Run]) -> Verdict:
    return _burst_mode(runs)
