"""The numerical-accuracy page: update rules, convergence, the dt sweep of the 2004 figure.

Stage: assemble (imports ``catalogue``, ``simulate``, ``behaviour``, ``spikes``, ``figures``).
Everything on the page is computed here at build time: spike-time errors against the
``reference`` scheme, fitted orders, the behaviour verdict of each 2004 panel at each step of
``reference/protocols.md`` §7.2, and the traces that show why a verdict flips. Pure: returns
bytes, writes nothing. Times [ms], v [mV].
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from numpy.typing import NDArray

from gallery.behaviour import classify
from gallery.catalogue import SCHEMES, Preset, builtin
from gallery.figures import Theme, draw, new_figure, theme, to_bytes
from gallery.simulate import Run, simulate

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


def sensitive(cells: Sequence[SweepCell]) -> frozenset[str]:
    """Slugs whose behaviour fails at some step finer than the paper's."""
    paper = {p.slug: p.dt_ms for p in builtin().presets}
    return frozenset(c.slug for c in cells if not c.holds and c.dt_ms < paper[c.slug])


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


def envelope(
    t: NDArray[np.float64], v: NDArray[np.float64], bins: int = 1500
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Min and max of ``v`` per time bin, in time order: a plot of it keeps every spike.

    For drawing only; the runs themselves are never resampled.
    """
    if t.size <= 2 * bins:
        return t, v
    edges = np.linspace(0, t.size, bins + 1).astype(int)
    keep = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        chunk = v[lo:hi]
        if not np.isfinite(chunk).any():
            continue
        keep.extend(sorted({lo + int(np.nanargmin(chunk)), lo + int(np.nanargmax(chunk))}))
    index = np.array(keep)
    return t[index], v[index]


# --- figures -----------------------------------------------------------------------------

MARKERS = ("o", "s", "^", "D", "v")


def convergence_figure(results: Sequence[Convergence], th: Theme) -> Figure:
    """Log–log spike-time error against dt, one panel per preset, one line per scheme."""
    slugs = list(dict.fromkeys(r.slug for r in results))
    fig = new_figure(th, (10.0, 3.7))
    axes = fig.subplots(1, len(slugs), sharey=True)
    for ax, slug in zip(np.atleast_1d(axes), slugs, strict=True):
        rows = [r for r in results if r.slug == slug]
        for index, r in enumerate(rows):
            ax.loglog(r.dts, r.errors, marker=MARKERS[index], ms=4, lw=1.2,
                      color=th.runs[index], label=r.scheme, gid=f"error-{r.scheme}")  # fmt: skip
        dts = np.array(CONVERGENCE_DTS)
        for power, r in ((1, rows[SCHEMES.index("euler")]), (4, rows[-1])):
            anchor = r.errors[-1]
            if math.isfinite(anchor):
                ax.loglog(dts, anchor * (dts / dts[-1]) ** power, color=th.faint, lw=0.9,
                          ls="--", zorder=0)  # fmt: skip
                ax.text(dts[0], anchor * (dts[0] / dts[-1]) ** power, f" ∝ dt{_sup(power)}",
                        color=th.muted, fontsize=7.5, va="center")  # fmt: skip
        ax.set_title(builtin().get(slug).label)
        ax.set_xlabel("dt (ms)")
        ax.set_xlim(dts[-1] / 1.4, dts[0] * 2.6)
    np.atleast_1d(axes)[0].set_ylabel(f"max error of the first {FIRST_SPIKES} spike times (ms)")
    handles, labels = np.atleast_1d(axes)[0].get_legend_handles_labels()
    fig.legend(handles, labels, ncols=len(SCHEMES), loc="outside lower center")
    return fig


def _spikes(n: int) -> str:
    return f"{n} spike" if n == 1 else f"{n} spikes"


def _sup(power: int) -> str:
    return "" if power == 1 else "⁴" if power == 4 else f"^{power}"


def _mix(background: str, colour: str, amount: float) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    b, c = np.array(to_rgb(background)), np.array(to_rgb(colour))
    return tuple(float(x) for x in b + amount * (c - b))


def sweep_figure(cells: Sequence[SweepCell], th: Theme) -> Figure:
    """The §7.2 table as a grid: rows panels, columns steps; paper's step outlined."""
    slugs = list(dict.fromkeys(c.slug for c in cells))
    catalogue = builtin()
    fig = new_figure(th, (7.4, 0.3 * len(slugs) + 1.3))
    ax = fig.add_subplot()
    good, bad = _mix(th.background, th.v, 0.28), _mix(th.background, th.u, 0.55)
    for c in cells:
        row, col = slugs.index(c.slug), SWEEP_DTS.index(c.dt_ms)
        ax.add_patch(Rectangle((col, row), 1, 1, facecolor=good if c.holds else bad,
                               edgecolor=th.background, lw=1.5))  # fmt: skip
        mark = "" if c.holds else "✗ "
        ax.text(col + 0.5, row + 0.5, f"{mark}{c.n_spikes}", ha="center", va="center",
                fontsize=7.5, color=th.foreground, fontweight="normal" if c.holds else "bold")
    for row, slug in enumerate(slugs):
        paper = catalogue.get(slug).dt_ms
        if paper in SWEEP_DTS:
            ax.add_patch(Rectangle((SWEEP_DTS.index(paper), row), 1, 1, fill=False,
                                   edgecolor=th.foreground, lw=1.8, gid="paper-dt"))  # fmt: skip
    ax.set_xlim(0, len(SWEEP_DTS))
    ax.set_ylim(len(slugs), 0)
    ax.set_xticks(np.arange(len(SWEEP_DTS)) + 0.5, [f"{d:g}" for d in SWEEP_DTS])
    labels = [f"{catalogue.get(s).source.panel}  {catalogue.get(s).label}" for s in slugs]
    ax.set_yticks(np.arange(len(slugs)) + 0.5, labels)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("dt (ms)")
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title("Spike counts; ✗ = the defining behaviour fails; outlined = the paper's dt",
                 loc="left", fontsize=8.5, fontweight="normal", color=th.muted, pad=22)
    return fig


def _shade_stimulus(ax, run: Run, th: Theme) -> None:
    """Shade where the input differs from its starting value (pulses, lowered drive)."""
    moved = run.i_ext != run.i_ext[0]
    edges = np.flatnonzero(np.diff(moved.astype(np.int8)))
    starts = list(edges[~moved[edges]] + 1) if moved.any() else []
    for start in starts:
        stop = next((e for e in edges if e >= start), run.t_ms.size - 1)
        ax.axvspan(run.t_ms[start], run.t_ms[stop], color=th.faint, alpha=0.5, lw=0, zorder=0)


def why_figure(th: Theme) -> Figure:
    """Overlaid v(t) of the panels whose verdict flips with dt, at the paper's and other steps."""
    catalogue = builtin()
    fig = new_figure(th, (9.0, 2.0 * len(WHY) + 0.3))
    axes = fig.subplots(len(WHY), 1)
    for ax, (slug, dts, window) in zip(axes, WHY, strict=True):
        preset = catalogue.get(slug)
        for index, dt in enumerate(dts):
            run = simulate(preset, dt_ms=dt)[0]
            if index == 0:
                _shade_stimulus(ax, run, th)
            t, v = envelope(run.t_ms, run.v)
            paper = " (paper)" if dt == preset.dt_ms else ""
            ax.plot(t, v, color=th.runs[index], lw=1.4 if index == 0 else 0.9,
                    label=f"dt = {dt:g}{paper}: {_spikes(run.n_spikes)}",
                    gid=f"v-{slug}-{dt:g}", zorder=3 + index)  # fmt: skip
        ax.set_xlim(*(window or (0.0, float(preset.t_max_ms))))
        ax.set_ylim(-90, 62)
        ax.set_ylabel("v (mV)")
        ax.set_title(f"({preset.source.panel}) {preset.label}")
        ax.legend(loc="upper right", ncols=len(dts))
    axes[-1].set_xlabel("time (ms); shaded: the input departs from its starting value")
    return fig


def compare_figure(slug: str, th: Theme) -> Figure:
    """Two overlays: the published rule against RK4 at the paper's dt; paper's dt against 0.01."""
    preset = builtin().get(slug)
    amp = preset.amplitudes[-1:]
    fig = new_figure(th, (8.0, 4.2))
    axes = fig.subplots(2, 1, sharex=True)
    pairs = (
        ((preset.scheme, preset.dt_ms), ("reference", preset.dt_ms)),
        ((preset.scheme, preset.dt_ms), (preset.scheme, FINE_DT)),
    )
    for ax, pair in zip(axes, pairs, strict=True):
        for index, (scheme, dt) in enumerate(pair):
            run = simulate(preset, scheme=scheme, dt_ms=dt, amplitudes=amp)[0]
            t, v = envelope(run.t_ms, run.v)
            ax.plot(t, v, color=th.runs[index], lw=1.4 if index == 0 else 0.9,
                    label=f"{scheme}, dt = {dt:g}: {_spikes(run.n_spikes)}",
                    zorder=3 + index)  # fmt: skip
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + 0.3 * (high - low))
        ax.set_ylabel("v (mV)")
        ax.legend(loc="upper right", ncols=2)
    axes[0].set_title(f"{preset.label}: published rule vs RK4, then the paper's dt vs {FINE_DT:g}")
    axes[-1].set_xlabel("time (ms)")
    return fig
