"""The defining behaviour of the 2007 book's cell types (each preset's ``behaviour`` text).

Stage: analysis (imports ``spikes`` and ``verdict``). Times in [ms].
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gallery.analysis.behaviour.verdict import Verdict, classifier, verdict
from gallery.analysis.spikes import bursts, isis
from gallery.model.simulate import Run


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
    return verdict([_rising(runs), _adapts(runs[-1])])


@classifier("lts-2007")
def _lts_2007(runs: Sequence[Run]) -> Verdict:
    return verdict([_rising(runs), _adapts(runs[-1])])


def _opens_with_burst(times: np.ndarray) -> bool:
    """The first interval is under half the typical later one (the book cells burst slowly)."""
    intervals = isis(times)
    return intervals.size >= 2 and intervals[0] < 0.5 * float(np.median(intervals[1:]))


@classifier("ib-2007")
def _ib_2007(runs: Sequence[Run]) -> Verdict:
    return verdict([
        (runs[0].n_spikes == 0, "silent below rheobase"),
        (_opens_with_burst(runs[-1].spike_times_ms), "an initial burst, then slower single spikes"),
        _rising(runs),
    ])  # fmt: skip


@classifier("ch-2007")
def _ch_2007(runs: Sequence[Run]) -> Verdict:
    bursting = [any(g.size >= 2 for g in bursts(r.spike_times_ms)) for r in runs]
    return verdict([_rising(runs), (all(bursting), "bursts at every amplitude")])


@classifier("fs-2007")
def _fs_2007(runs: Sequence[Run]) -> Verdict:
    run = runs[-1]
    intervals = isis(run.spike_times_ms)
    flat = intervals.size >= 3 and intervals[-1] < 1.5 * intervals[0]
    rate = 1000.0 * run.n_spikes / float(run.t_ms[-1] + run.dt_ms)
    return verdict([
        _rising(runs),
        (bool(flat), "no adaptation at the largest current"),
        (rate > 100, f"{rate:.0f} Hz at the largest current (fast spiking: > 100 Hz)"),
    ])  # fmt: skip


@classifier("tc-2007")
def _tc_2007(runs: Sequence[Run]) -> Verdict:
    return verdict([_rising(runs)])


@classifier("rtn-2007")
def _rtn_2007(runs: Sequence[Run]) -> Verdict:
    return verdict([_rising(runs)])


def _burst_mode(runs: Sequence[Run]) -> Verdict:
    quiet = all(not r.spike_times_ms[r.spike_times_ms < 120].size for r in runs)
    after = [r.spike_times_ms[r.spike_times_ms >= 120] for r in runs]
    prompt = all(t.size and t[0] < 120 + 50 for t in after)
    rebound = all(t.size >= 3 and isis(t)[0] < 0.5 * isis(t)[-1] for t in after)
    return verdict([
        (quiet, "no spike during the hyperpolarising pre-step"),
        (prompt and rebound, "a rebound burst within 50 ms of release at every amplitude"),
        _rising(runs),
    ])  # fmt: skip


@classifier("tc-burst-2007")
def _tc_burst_2007(runs: Sequence[Run]) -> Verdict:
    return _burst_mode(runs)


@classifier("rtn-burst-2007")
def _rtn_burst_2007(runs: Sequence[Run]) -> Verdict:
    return _burst_mode(runs)
