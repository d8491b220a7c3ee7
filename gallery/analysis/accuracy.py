"""Accuracy experiments: spike-time convergence of each scheme, the dt sweep of the 2004 figure.

Stage: analysis (imports ``catalogue``, ``simulate`` and ``behaviour``). Numbers only: the
spike-time errors against the ``reference`` scheme and their fitted orders, the behaviour
verdict of each 2004 panel at each step of ``reference/protocols.md`` §7.2, where and why a
verdict flips, and the runs the accuracy page draws. Times [ms], v [mV].
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gallery.analysis.behaviour import classify
from gallery.model.catalogue import SCHEMES, Preset, builtin
from gallery.model.simulate import Run, simulate
from gallery.model.stimulus import window_edges

SWEEP_DTS = (0.5, 0.25, 0.2, 0.1, 0.05, 0.01, 0.001)
"""The steps of protocols.md §7.2 [ms]."""

CONVERGENCE_SLUGS = ("tonic-spiking", "tonic-bursting", "rs-2007")
"""Presets that start at rest, so moving the step onset with dt only shifts them in time."""

CONVERGENCE_DTS = (0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625)
"""Powers of two [ms]: exact in binary, and every protocol time stays on the grid."""

TRUTH_DT = 2.0**-10
"""Step of the ``reference`` run that the errors are measured against [ms]."""

FIRST_SPIKES = 3
"""The error of a run is the largest error among its first spike times."""

FIT_POINTS = 4
"""The order is fitted over this many of the smallest steps (the asymptotic range)."""

WHY = (
    ("bistability", (0.25, 0.01), None),
    ("depolarizing-after-potential", (0.1, 0.01), (0.0, 50.0)),
    ("inhibition-induced-bursting", (0.5, 0.01), None),
    ("spike-latency", (0.25, 0.2, 0.01), (0.0, 40.0)),
)
"""Panels whose verdict flips with dt: (slug, steps overlaid, time window or None)."""

COMPARE = ("tonic-spiking", "class-2-excitable", "rebound-burst", "rs-2007")
"""Presets of the comparison tabs: published rule against RK4, paper's step against 0.01."""

FINE_DT = 0.01
"""The fine step that the paper's step is compared with [ms]."""

DT_SENSITIVE = frozenset({"bistability", "depolarizing-after-potential",
                          "inhibition-induced-bursting"})  # fmt: skip
"""Panels whose defining behaviour fails at some step of the sweep finer than the paper's.

A constant, so the preset pages can link here without running the sweep; a test checks it
against :func:`sweep`.
"""

DT_DEPENDENT = DT_SENSITIVE | frozenset({"spike-latency", "resonator", "rebound-spike",
                                         "rebound-burst"})  # fmt: skip
"""Panels whose defining behaviour fails at any step of the sweep (coarser ones included)."""


@dataclass(frozen=True, slots=True)
class SweepCell:
    """One panel at one step: does its defining behaviour hold, and how many spikes."""

    slug: str
    dt_ms: float
    holds: bool
    n_spikes: int
    reason: str


@dataclass(frozen=True, slots=True)
class Convergence:
    """Spike-time error of one scheme on one preset at each step, and the fitted order."""

    slug: str
    scheme: str
    dts: tuple[float, ...]
    errors: tuple[float, ...]  # NaN where the run has fewer than FIRST_SPIKES spikes
    order: float


@dataclass(frozen=True, slots=True)
class Failure:
    """A panel that fails somewhere in the sweep: the failing steps on each side of its own."""

    slug: str
    paper_dt: float
    coarser: tuple[float, ...]
    finer: tuple[float, ...]
    reason: str  # the classifier's words at the finest failing step
    finest_dt: float


def panels() -> tuple[Preset, ...]:
    """The 20 presets of the 2004 figure, in the paper's order."""
    return tuple(p for p in builtin().presets if p.family == "2004 figure")


def sweep(presets: Sequence[Preset] | None = None) -> tuple[SweepCell, ...]:
    """Every panel at every step of :data:`SWEEP_DTS`, with its scheme and protocol."""
    cells = []
    for preset in panels() if presets is None else presets:
        for dt in SWEEP_DTS:
            runs = simulate(preset, dt_ms=dt)
            verdict = classify(preset.slug, runs)
            cells.append(SweepCell(preset.slug, dt, verdict.holds, runs[0].n_spikes,
                                   verdict.reason))  # fmt: skip
    return tuple(cells)


def rows(cells: Sequence[SweepCell]) -> dict[str, tuple[SweepCell, ...]]:
    """The cells of each panel, in sweep order."""
    out: dict[str, tuple[SweepCell, ...]] = {}
    for cell in cells:
        out[cell.slug] = (*out.get(cell.slug, ()), cell)
    return out


def sensitive(cells: Sequence[SweepCell]) -> frozenset[str]:
    """Slugs whose behaviour fails at some step finer than the paper's."""
    paper = {p.slug: p.dt_ms for p in builtin().presets}
    return frozenset(c.slug for c in cells if not c.holds and c.dt_ms < paper[c.slug])


def failures(cells: Sequence[SweepCell]) -> tuple[Failure, ...]:
    """The panels that fail at some step, in sweep order."""
    out = []
    for slug, row in rows(cells).items():
        failed = [c for c in row if not c.holds]
        if failed:
            paper = builtin().get(slug).dt_ms
            out.append(Failure(slug, paper, tuple(c.dt_ms for c in failed if c.dt_ms > paper),
                               tuple(c.dt_ms for c in failed if c.dt_ms < paper),
                               failed[-1].reason, failed[-1].dt_ms))  # fmt: skip
    return tuple(out)


def coarse_only(cells: Sequence[SweepCell]) -> tuple[tuple[str, float], ...]:
    """(slug, largest step that holds) of the panels that fail only at coarser steps."""
    out = []
    for slug, row in rows(cells).items():
        paper = builtin().get(slug).dt_ms
        if any(not c.holds for c in row) and all(c.holds for c in row if c.dt_ms <= paper):
            out.append((slug, max(c.dt_ms for c in row if c.holds)))
    return tuple(out)


def onset_ms(run: Run) -> float:
    """The first grid time at which the input differs from its starting value (0 if never)."""
    moved = np.flatnonzero(run.i_ext != run.i_ext[0])
    return float(run.t_ms[moved[0]]) if moved.size else 0.0


def first_spikes(preset: Preset, scheme: str, dt: float) -> NDArray[np.float64]:
    """The first spike times after the effective onset, largest amplitude [ms].

    The published rule ``t > T1`` switches a step on at the first grid time after ``T1``,
    which moves with dt for every scheme; counting from that onset leaves the integrator's
    error alone (the presets of :data:`CONVERGENCE_SLUGS` sit at rest before it).
    """
    run = simulate(preset, scheme=scheme, dt_ms=dt, amplitudes=preset.amplitudes[-1:])[0]
    return run.spike_times_ms[:FIRST_SPIKES] - onset_ms(run)


def fit_order(dts: Sequence[float], errors: Sequence[float]) -> float:
    """Slope of log(error) against log(dt) over the :data:`FIT_POINTS` smallest finite steps."""
    pairs = sorted((d, e) for d, e in zip(dts, errors, strict=True) if math.isfinite(e) and e > 0)
    pairs = pairs[:FIT_POINTS]
    if len(pairs) < 2:
        return math.nan
    x, y = np.log([p[0] for p in pairs]), np.log([p[1] for p in pairs])
    return float(np.polyfit(x, y, 1)[0])


def convergence(slug: str) -> tuple[Convergence, ...]:
    """Every scheme on one preset, against the ``reference`` scheme at :data:`TRUTH_DT`."""
    preset = builtin().get(slug)
    truth = first_spikes(preset, "reference", TRUTH_DT)
    out = []
    for scheme in SCHEMES:
        errors = []
        for dt in CONVERGENCE_DTS:
            times = first_spikes(preset, scheme, dt)
            ok = times.size == truth.size == FIRST_SPIKES
            errors.append(float(np.max(np.abs(times - truth))) if ok else math.nan)
        out.append(Convergence(slug, scheme, CONVERGENCE_DTS, tuple(errors),
                               fit_order(CONVERGENCE_DTS, errors)))  # fmt: skip
    return tuple(out)


def error_at(results: Sequence[Convergence], slug: str, scheme: str, dt: float) -> float:
    """The spike-time error of one scheme on one preset at one step of the convergence runs."""
    (result,) = (r for r in results if r.slug == slug and r.scheme == scheme)
    return result.errors[result.dts.index(dt)]


Runs = Mapping[tuple[str, float], Run]
"""Runs keyed by (slug, dt), or by (scheme, dt) for one preset."""

QUOTED = (("depolarizing-after-potential", 0.25),)
"""Runs the page quotes but does not draw: (slug, dt)."""


def why_runs() -> dict[tuple[str, float], Run]:
    """The first run of each panel of :data:`WHY` at each of its steps, and :data:`QUOTED`."""
    catalogue = builtin()
    keys = [(slug, dt) for slug, dts, _ in WHY for dt in dts] + list(QUOTED)
    return {(slug, dt): simulate(catalogue.get(slug), dt_ms=dt)[0] for slug, dt in keys}


@dataclass(frozen=True, slots=True)
class WhyFacts:
    """The numbers quoted beside the traces whose verdict flips with dt [ms, mV]."""

    bistability_paper: tuple[float, ...]  # spike times at the paper's 0.25 ms
    bistability_fine: tuple[float, ...]  # at FINE_DT
    bistability_drift: float  # how much earlier the fifth spike comes at FINE_DT
    dap_peak_coarse: float  # highest v after the first spike at 0.25 ms
    dap_peak_paper: float  # at the paper's 0.1 ms
    dap_fine: tuple[float, ...]  # spike times at FINE_DT
    iib_spikes: int  # inhibition-induced bursting at FINE_DT
    iib_u_min: float
    pulse: tuple[tuple[float, int, float], ...]  # spike latency's pulse: (dt, points, ms)
    latency_paper: float  # first spike of spike latency at the paper's 0.2 ms
    latency_fine: float
    after_pulse_paper: float  # the same, counted from the nominal end of the pulse
    after_pulse_fine: float
    second_pulse_ms: float  # bistability: the nominal start of its second (switching-off) pulse
    fine_dt: float
    dap_coarse_dt: float  # the coarser step the after-potential is quoted at
    latency_coarse_dt: float  # the coarser step spike latency's pulse is counted at
    pulse_nominal_ms: float  # spike latency's nominal pulse length


def _dap_peak(run: Run) -> float:
    return float(run.v[run.t_ms > run.spike_times_ms[0]].max())


def why_facts(runs: Runs) -> WhyFacts:
    """The quoted numbers, from :func:`why_runs`."""
    bistable = {
        dt: tuple(map(float, runs[("bistability", dt)].spike_times_ms)) for dt in (0.25, FINE_DT)
    }
    dap = {dt: runs[("depolarizing-after-potential", dt)] for dt in (0.25, 0.1, FINE_DT)}
    iib = runs[("inhibition-induced-bursting", FINE_DT)]
    latency = {dt: runs[("spike-latency", dt)] for dt in (0.25, 0.2, FINE_DT)}
    pulse = {dt: int(np.count_nonzero(run.i_ext)) for dt, run in latency.items()}
    (window,) = builtin().get("spike-latency").stimulus.windows
    start, pulse_end = window_edges(window, float(latency[0.2].t_ms[-1]))
    switch = builtin().get("bistability")
    second_pulse = window_edges(switch.stimulus.windows[1], switch.t_max_ms)[0]
    first = {dt: float(run.spike_times_ms[0]) for dt, run in latency.items() if run.n_spikes}
    return WhyFacts(
        bistability_paper=bistable[0.25],
        bistability_fine=bistable[FINE_DT],
        bistability_drift=bistable[0.25][4] - bistable[FINE_DT][4],
        dap_peak_coarse=_dap_peak(dap[0.25]),
        dap_peak_paper=_dap_peak(dap[0.1]),
        dap_fine=tuple(map(float, dap[FINE_DT].spike_times_ms)),
        iib_spikes=iib.n_spikes,
        iib_u_min=float(np.nanmin(iib.u)),
        pulse=tuple((dt, points, points * dt) for dt, points in pulse.items()),
        latency_paper=first[0.2],
        latency_fine=first[FINE_DT],
        after_pulse_paper=first[0.2] - pulse_end,
        after_pulse_fine=first[FINE_DT] - pulse_end,
        second_pulse_ms=second_pulse,
        fine_dt=FINE_DT,
        dap_coarse_dt=0.25,
        latency_coarse_dt=0.25,
        pulse_nominal_ms=pulse_end - start,
    )


def compare_runs(slug: str) -> dict[tuple[str, float], Run]:
    """The largest amplitude under the published rule and RK4, at the paper's step and 0.01.

    Keyed by (scheme, dt), in the order of the page's table.
    """
    preset = builtin().get(slug)
    return {
        (scheme, dt): simulate(preset, scheme=scheme, dt_ms=dt,
                               amplitudes=preset.amplitudes[-1:])[0]
        for scheme in (preset.scheme, "reference")
        for dt in (preset.dt_ms, FINE_DT)
    }  # fmt: skip
