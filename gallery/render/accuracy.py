"""Figures of the accuracy page: convergence, the dt sweep, the traces whose verdict flips.

Stage: render (imports ``catalogue``, ``analysis.accuracy`` and the house style). Every figure
draws runs and numbers computed by :mod:`gallery.analysis.accuracy`; nothing is simulated
here. Times [ms], v [mV].
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from numpy.typing import NDArray

from gallery.analysis.accuracy import (
    CONVERGENCE_DTS,
    FINE_DT,
    FIRST_SPIKES,
    SWEEP_DTS,
    WHY,
    Convergence,
    Runs,
    SweepCell,
)
from gallery.model.catalogue import SCHEMES, builtin
from gallery.model.simulate import Run
from gallery.render.figures import Theme, new_figure
from gallery.render.style import mix

MARKERS = ("o", "s", "^", "D", "v")


def envelope(
    t: NDArray[np.float64], v: NDArray[np.float64], bins: int = 900
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


def _spikes(n: int) -> str:
    return f"{n} spike" if n == 1 else f"{n} spikes"


def _sup(power: int) -> str:
    return "" if power == 1 else "⁴" if power == 4 else f"^{power}"


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


def _sweep_cells(ax: Axes, cells: Sequence[SweepCell], slugs: list[str], th: Theme) -> None:
    """One coloured square per cell with its spike count; the paper's step outlined."""
    good, bad = mix(th.background, th.v, 0.28), mix(th.background, th.u, 0.55)
    for c in cells:
        row, col = slugs.index(c.slug), SWEEP_DTS.index(c.dt_ms)
        ax.add_patch(Rectangle((col, row), 1, 1, facecolor=good if c.holds else bad,
                               edgecolor=th.background, lw=1.5))  # fmt: skip
        mark = "" if c.holds else "✗ "
        ax.text(col + 0.5, row + 0.5, f"{mark}{c.n_spikes}", ha="center", va="center",
                fontsize=7.5, color=th.foreground,
                fontweight="normal" if c.holds else "bold")  # fmt: skip
    for row, slug in enumerate(slugs):
        paper = builtin().get(slug).dt_ms
        if paper in SWEEP_DTS:
            ax.add_patch(Rectangle((SWEEP_DTS.index(paper), row), 1, 1, fill=False,
                                   edgecolor=th.foreground, lw=1.8, gid="paper-dt"))  # fmt: skip


def sweep_figure(cells: Sequence[SweepCell], th: Theme) -> Figure:
    """The §7.2 table as a grid: rows panels, columns steps; paper's step outlined."""
    slugs = list(dict.fromkeys(c.slug for c in cells))
    catalogue = builtin()
    fig = new_figure(th, (7.4, 0.3 * len(slugs) + 1.3))
    ax = fig.add_subplot()
    _sweep_cells(ax, cells, slugs, th)
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
    ax.set_title(
        "Spike counts; ✗ = the defining behaviour fails; outlined = the paper's dt",
        loc="left",
        fontsize=8.5,
        fontweight="normal",
        color=th.muted,
        pad=22,
    )
    return fig


def _shade_stimulus(ax: Axes, run: Run, th: Theme) -> None:
    """Shade where the input differs from its starting value (pulses, lowered drive)."""
    moved = run.i_ext != run.i_ext[0]
    edges = np.flatnonzero(np.diff(moved.astype(np.int8)))
    starts = list(edges[~moved[edges]] + 1) if moved.any() else []
    for start in starts:
        stop = next((e for e in edges if e >= start), run.t_ms.size - 1)
        ax.axvspan(run.t_ms[start], run.t_ms[stop], color=th.faint, alpha=0.5, lw=0, zorder=0)


def why_figure(runs: Runs, th: Theme) -> Figure:
    """Overlaid v(t) of the panels whose verdict flips with dt, at the paper's and other steps.

    ``runs`` holds the first run of each panel of :data:`WHY` at each of its steps.
    """
    catalogue = builtin()
    fig = new_figure(th, (9.0, 2.0 * len(WHY) + 0.3))
    axes = fig.subplots(len(WHY), 1)
    for ax, (slug, dts, window) in zip(axes, WHY, strict=True):
        preset = catalogue.get(slug)
        for index, dt in enumerate(dts):
            run = runs[(slug, dt)]
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


def compare_figure(slug: str, runs: Runs, th: Theme) -> Figure:
    """Two overlays: the published rule against RK4 at the paper's dt; paper's dt against 0.01.

    ``runs`` are the preset's comparison runs by (scheme, dt) (``analysis.accuracy``).
    """
    preset = builtin().get(slug)
    fig = new_figure(th, (8.0, 4.2))
    axes = fig.subplots(2, 1, sharex=True)
    pairs = (
        ((preset.scheme, preset.dt_ms), ("reference", preset.dt_ms)),
        ((preset.scheme, preset.dt_ms), (preset.scheme, FINE_DT)),
    )
    for ax, pair in zip(axes, pairs, strict=True):
        for index, (scheme, dt) in enumerate(pair):
            run = runs[(scheme, dt)]
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


def builders(
    cells: Sequence[SweepCell],
    results: Sequence[Convergence],
    why_runs: Runs,
    compare: Mapping[str, Runs],
) -> dict[str, Callable[[Theme], Figure]]:
    """The page's figure builders by name, each taking a theme (see ``style.draw``)."""
    out: dict[str, Callable[[Theme], Figure]] = {
        "convergence": lambda th: convergence_figure(results, th),
        "sweep": lambda th: sweep_figure(cells, th),
        "why": lambda th: why_figure(why_runs, th),
    }
    for slug, runs in compare.items():
        out[f"compare-{slug}"] = lambda th, s=slug, r=runs: compare_figure(s, r, th)
    return out
