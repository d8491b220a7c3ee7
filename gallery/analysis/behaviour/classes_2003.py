"""The defining behaviour of the 2003 paper's cell classes (each preset's ``behaviour`` text).

Stage: analysis (imports ``spikes`` and ``verdict``). Times in [ms].
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gallery.analysis.behaviour.verdict import Verdict, classifier, one_run, verdict
from gallery.analysis.spikes import bursts, isis
from gallery.model.simulate import Run


@classifier("rs-2003")
def _rs_2003(runs: Sequence[Run]) -> Verdict:
    times, t_end = one_run(runs)
    intervals = isis(times)
    return verdict([
        (not times[times <= t_end / 10].size, "silent before the step"),
        (intervals.size >= 3, f"{times.size} spikes"),
        (intervals.size >= 3 and intervals[-1] > 2 * intervals[0], "the intervals lengthen"),
    ])  # fmt: skip


@classifier("ib-2003")
def _ib_2003(runs: Sequence[Run]) -> Verdict:
    groups = bursts(one_run(runs)[0])
    return verdict([
        (bool(groups) and groups[0].size >= 3, "an initial burst of at least 3 spikes"),
        (len(groups) >= 3 and all(g.size == 1 for g in groups[1:]), "then single spikes"),
    ])  # fmt: skip


@classifier("ch-2003")
def _ch_2003(runs: Sequence[Run]) -> Verdict:
    groups = bursts(one_run(runs)[0])
    return verdict([
        (len(groups) >= 2, f"{len(groups)} bursts"),
        (all(g.size >= 3 for g in groups), f"burst sizes {[g.size for g in groups]}"),
    ])  # fmt: skip


@classifier("fs-2003")
def _fs_2003(runs: Sequence[Run]) -> Verdict:
    intervals = isis(one_run(runs)[0])
    later = intervals[1:]
    return verdict([
        (later.size >= 3, f"{intervals.size + 1} spikes"),
        (later.size >= 3 and 1000 / later[-1] > 100, "settled rate above 100 Hz"),
        (later.size >= 3 and later.max() < 2 * later.min(), "little adaptation"),
    ])  # fmt: skip


@classifier("lts-2003")
def _lts_2003(runs: Sequence[Run]) -> Verdict:
    intervals = isis(one_run(runs)[0])
    return verdict([
        (intervals.size >= 3, f"{intervals.size + 1} spikes"),
        (intervals.size >= 3 and intervals[-1] > 3 * intervals[0], "strong adaptation"),
    ])  # fmt: skip


@classifier("tc-2003")
def _tc_2003(runs: Sequence[Run]) -> Verdict:
    times, _ = one_run(runs)
    intervals = isis(times)
    return verdict([
        (not times[times <= 30].size, "silent before the step"),
        (intervals.size >= 1 and bool(np.all(intervals > 10)), "single spikes at a low rate"),
    ])  # fmt: skip


@classifier("tc-burst-2003")
def _tc_burst_2003(runs: Sequence[Run]) -> Verdict:
    times, t_end = one_run(runs)
    release = 3 * t_end / 10
    groups = bursts(times[times > release])
    return verdict([
        (not times[times <= release].size, "no spike while hyperpolarised"),
        (bool(groups) and groups[0].size >= 3, "a rebound burst after release"),
        (not times[times > release + 50].size, "then silence"),
    ])  # fmt: skip


@classifier("rz-2003")
def _rz_2003(runs: Sequence[Run]) -> Verdict:
    times, t_end = one_run(runs)
    pulse = t_end / 10 + 50
    return verdict([
        (not times[times <= pulse].size, "silent before the pulse"),
        (times.size == 2 and times[1] - times[0] < 10, "the pulse fires a doublet"),
    ])  # fmt: skip
