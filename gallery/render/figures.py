"""Figures with matplotlib's object API: trace, phase plane, thumbnail, f–I, poster, theory.

Stage: draw (imports ``simulate``, ``phase_plane``, ``spikes``). No pyplot: every figure is a
:class:`matplotlib.figure.Figure` built by a pure function and turned into bytes by
:func:`to_bytes`, which fixes everything that could vary between runs (SVG hash salt, dates,
software tags), so the same inputs give byte-identical files.

Every artist that tests look for carries a ``gid`` (``reset-jumps``, ``fixed-points-stable``,
``fixed-points-unstable``, ``trajectory``, ``v-nullcline-rest``, ``v-nullcline-stimulus``,
``u-nullcline``, ``threshold``, ``reset-line``, ``flow``).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib import colormaps
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from numpy.typing import NDArray

from gallery.analysis import phase_plane
from gallery.model.catalogue import Model, Preset
from gallery.model.simulate import Run, simulate

STYLE = Path(__file__).with_name("izhikevich.mplstyle")
KINDS = ("trace", "phase", "thumb", "fi")
FORMATS = ("svg", "png")


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours of one palette (Okabe–Ito hues, which stay distinct for colour-blind readers)."""

    name: str
    background: str
    foreground: str
    muted: str
    faint: str
    v: str
    u: str
    i_ext: str
    accent: str
    reset: str
    runs: tuple[str, ...]
    time_map: tuple[float, float]  # the part of the colour map used for time


THEMES = {
    "light": Theme(
        name="light", background="#ffffff", foreground="#1f2328", muted="#57606a",
        faint="#c8ced6", v="#0072B2", u="#D55E00", i_ext="#009E73", accent="#CC79A7",
        reset="#009E73", runs=("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"),
        time_map=(0.0, 0.82),
    ),
    "dark": Theme(
        name="dark", background="#1e2129", foreground="#e3e6eb", muted="#a4acb9",
        faint="#3f4552", v="#56B4E9", u="#E69F00", i_ext="#3fcf9f", accent="#e38fc0",
        reset="#3fcf9f", runs=("#56B4E9", "#E69F00", "#3fcf9f", "#e38fc0", "#F0E442", "#a1c9f4"),
        time_map=(0.25, 1.0),
    ),
}  # fmt: skip


def theme(name: str) -> Theme:
    """The palette called ``name``; a clear error for any other name."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r} (known: {', '.join(THEMES)})") from None


def time_colormap(th: Theme) -> ListedColormap:
    """Viridis, trimmed so that neither end vanishes into the background."""
    return ListedColormap(colormaps["viridis"](np.linspace(*th.time_map, 256)), name="time")


def style(th: Theme) -> dict:
    """The house style file with the theme's colours: the rcParams every figure is drawn in."""
    rc = mpl.rc_params_from_file(str(STYLE), use_default_template=True)
    rc.update(
        {
            "text.color": th.foreground,
            "axes.labelcolor": th.foreground,
            "axes.edgecolor": th.muted,
            "axes.titlecolor": th.foreground,
            "xtick.color": th.muted,
            "ytick.color": th.muted,
            "xtick.labelcolor": th.foreground,
            "ytick.labelcolor": th.foreground,
            "figure.facecolor": th.background,
            "axes.facecolor": th.background,
            "savefig.facecolor": th.background,
            "legend.labelcolor": th.foreground,
        }
    )
    return dict(rc)


def new_figure(th: Theme, size: tuple[float, float], *, constrained: bool = True) -> Figure:
    """A blank figure (call inside ``mpl.rc_context(style(th))``, as :func:`draw` does).

    The per-preset figures, drawn 37 times a build, pass ``constrained=False`` and place their
    axes in inches: the constrained-layout solver costs as much as the drawing itself.
    """
    fig = Figure(figsize=size, layout="constrained" if constrained else None)
    fig._ig_rc = style(th)  # to_bytes saves in the same style
    return fig


def draw(th: Theme, builder, *args, **kwargs) -> Figure:
    """Run a figure builder inside the theme's style (rcParams are read while drawing)."""
    with mpl.rc_context(style(th)):
        return builder(*args, th, **kwargs)


def to_bytes(fig: Figure, fmt: str = "svg") -> bytes:
    """The figure as SVG or PNG bytes, byte-identical for identical figures."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r} (known: {', '.join(FORMATS)})")
    out = io.BytesIO()
    metadata = (
        {"Date": None, "Creator": "Izhikevich Gallery"} if fmt == "svg" else {"Software": None}
    )
    with mpl.rc_context(getattr(fig, "_ig_rc", {})):
        fig.savefig(out, format=fmt, metadata=metadata)
    return out.getvalue()


# --- what the figures show, derived from a run -------------------------------------------


def featured_run(runs: Sequence[Run]) -> Run:
    """The run a single-run figure shows: the most spikes, the later one on a tie."""
    best = max(range(len(runs)), key=lambda i: (runs[i].n_spikes, i))
    return runs[best]


def phase_currents(run: Run) -> tuple[float, str, float]:
    """``(I_rest, what it is, I_stimulus)``: the two currents whose v-nullclines are drawn.

    The rest current is the first sample's; when the stimulus holds from t = 0 (the 2007
    protocols) the comparison is with no input at all.
    """
    i_rest, i_stim = float(run.i_ext[0]), stimulus_current(run)
    if i_stim == i_rest and i_rest != 0.0:
        return 0.0, "no input", i_stim
    return i_rest, "rest", i_stim


def stimulus_current(run: Run) -> float:
    """The current the stimulus holds longest, or its most extreme value for a ramp."""
    i_ext = run.i_ext[np.isfinite(run.i_ext)]
    rest = i_ext[0]
    active = i_ext[i_ext != rest]
    if active.size == 0:
        return float(rest)
    values, counts = np.unique(active, return_counts=True)
    if counts.max() >= 0.02 * i_ext.size:
        return float(values[np.argmax(counts)])
    return float(active[np.argmax(np.abs(active - rest))])


@dataclass(frozen=True, slots=True)
class Trajectory:
    """A run in the phase plane: continuous pieces between resets, and the reset jumps."""

    pieces: tuple[tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]], ...]
    jumps: tuple[tuple[float, float, float, float], ...]  # (v_peak, u, c, u + d)


def trajectory(run: Run, model: Model) -> Trajectory:
    """Split a run at its spikes: each spike ends a piece at the cut-off and jumps to the reset.

    The kernels store a spike as its cut-off voltage. In the 2004-style loops that sample also
    holds the reset u (the reset v is never stored); in the 2007 book's convention the sample
    before the crossing is padded with the cut-off and the crossing sample is the reset state.
    """
    t, v, u = run.t_ms, run.v, run.u
    bad = np.flatnonzero(~(np.isfinite(v) & np.isfinite(u)))
    end = int(bad[0]) if bad.size else t.size
    book = run.scheme == "book-2007"
    pieces = []
    jumps = []
    start = 0
    head: tuple[float, float, float] | None = None  # a reset point that opens the next piece
    for s in np.searchsorted(t, run.spike_times_ms).tolist():
        k = s - 1 if book else s
        if k >= end or (book and s >= end):
            break
        if book:
            post_v, post_u = float(v[s]), float(u[s])
            pre_u = (post_v - model.c) / model.c_u if model.c_u else post_u - model.d
        else:
            post_u = float(u[k])
            pre_u = post_u - model.d
            post_v = float(model.c + model.c_u * pre_u)
        piece_t, piece_v, piece_u = [t[start:k]], [v[start:k]], [u[start:k]]
        if head is not None:
            piece_t.insert(0, [head[0]])
            piece_v.insert(0, [head[1]])
            piece_u.insert(0, [head[2]])
        piece_t.append([t[k]])
        piece_v.append([v[k]])
        piece_u.append([pre_u])
        pieces.append(
            tuple(np.concatenate(x).astype(np.float64) for x in (piece_t, piece_v, piece_u))
        )
        jumps.append((float(v[k]), float(pre_u), post_v, post_u))
        if book:
            start, head = s, None
        else:
            start, head = k + 1, (float(t[k]), post_v, post_u)
    tail = [t[start:end]], [v[start:end]], [u[start:end]]
    if head is not None:
        for part, value in zip(tail, head, strict=True):
            part.insert(0, [value])
    tail_arrays = tuple(np.concatenate(x).astype(np.float64) for x in tail)
    if tail_arrays[0].size:
        pieces.append(tail_arrays)
    return Trajectory(tuple(pieces), tuple(jumps))


# --- trace -------------------------------------------------------------------------------


def units(model: Model) -> tuple[str, str]:
    """Units of u and I in the model's form."""
    return ("pA", "pA") if model.form == "2007" else ("mV/ms", "mV/ms")


def trace_figure(preset: Preset, runs: Sequence[Run], th: Theme) -> Figure:
    """v(t) per run with spikes to the cut-off, u(t), and I(t) as a strip below (the paper's)."""
    u_unit, i_unit = units(preset.model)
    n = len(runs)
    width, height = 7.2, 2.3 + 1.25 * n
    fig = new_figure(th, (width, height), constrained=False)
    grid = fig.add_gridspec(
        n + 2, 1, height_ratios=[2.6] * n + [1.5, 0.9], hspace=0.18,
        left=0.8 / width, right=1 - 0.12 / width, top=1 - 0.32 / height, bottom=0.5 / height,
    )  # fmt: skip
    axes = [fig.add_subplot(grid[0, 0])]
    axes += [fig.add_subplot(grid[i, 0], sharex=axes[0]) for i in range(1, n + 2)]
    many = n > 1
    for index, run in enumerate(runs):
        colour = th.runs[index % len(th.runs)] if many else th.v
        ax = axes[index]
        ax.plot(run.t_ms, run.v, color=colour, lw=0.9, gid=f"v-{index}")
        ax.set_ylabel("v (mV)")
        if many:
            ax.text(
                1.0, 0.95, run.label, transform=ax.transAxes, ha="right", va="top",
                fontsize=8, color=colour, zorder=5,
                bbox={"facecolor": th.background, "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
            )  # fmt: skip
        if run.diverged_at_ms is not None:
            ax.axvline(run.diverged_at_ms, color=th.accent, lw=0.8, ls=":")
            ax.text(
                run.diverged_at_ms, 0.5, " diverged", transform=ax.get_xaxis_transform(),
                color=th.accent, fontsize=7.5,
            )  # fmt: skip
        elif run.runaway is not None:
            # a stamp over the trace on purpose: the curve is not the model's behaviour
            ax.text(
                0.5, 0.5, "numerical runaway: fires at almost every step",
                transform=ax.transAxes, ha="center", va="center", color=th.accent, fontsize=9,
                gid=f"runaway-{index}", zorder=6,
                bbox={"facecolor": th.background, "edgecolor": th.accent, "alpha": 0.9, "pad": 4},
            )  # fmt: skip
    ax_u, ax_i = axes[n], axes[n + 1]
    for index, run in enumerate(runs):
        colour = th.runs[index % len(th.runs)] if many else th.u
        ax_u.plot(run.t_ms, run.u, color=colour, lw=0.9, gid=f"u-{index}")
        colour = th.runs[index % len(th.runs)] if many else th.i_ext
        ax_i.plot(run.t_ms, run.i_ext, color=colour, lw=1.0, gid=f"i-{index}")
    ax_u.set_ylabel(f"u ({u_unit})")
    ax_i.set_ylabel(f"I ({i_unit})")
    ax_i.set_xlabel("time (ms)")
    ax_i.margins(y=0.25)
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)
    for ax in axes:
        ax.yaxis.set_label_coords(-0.085, 0.5)
    source = preset.source.figure + (f", {preset.source.panel}" if preset.source.panel else "")
    axes[0].set_title(
        f"{preset.label}   ·   {source}   ·   {runs[0].scheme}, dt = {runs[0].dt_ms:g} ms"
    )
    return fig


# --- phase plane -------------------------------------------------------------------------


def phase_limits(
    model: Model, run: Run, path: Trajectory, currents: Sequence[float]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Axis limits that show the whole trajectory, the resets and the nearby fixed points."""
    vs = [v for piece in path.pieces for v in piece[1]]
    us = [u for piece in path.pieces for u in piece[2]]
    vs += [j[2] for j in path.jumps]
    us += [j[3] for j in path.jumps]
    for i_ext in currents:
        for fp in phase_plane.fixed_points(model, i_ext):
            if fp.v >= min(vs) - 25 and fp.v <= max(vs) + 25:
                vs.append(fp.v)
                us.append(fp.u)
    v_lo = min(min(vs), model.c) - 6.0
    v_hi = max(max(vs), float(phase_plane.threshold_u_line(model, max(us)))) + 4.0
    u_lo, u_hi = min(us), max(us)
    span = max(u_hi - u_lo, 0.05 * max(abs(u_lo), abs(u_hi)), 0.5)
    middle = 0.5 * (u_lo + u_hi)
    u_lo, u_hi = min(u_lo, middle - span / 2), max(u_hi, middle + span / 2)
    margin = 0.12 * (u_hi - u_lo)
    return (v_lo, v_hi), (u_lo - margin, u_hi + margin)


def _time_pieces(
    path: Trajectory, norm: Normalize, bins: int = 48
) -> tuple[list[NDArray[np.float64]], list[float]]:
    """Polylines of the trajectory cut at time-bin edges, each with its bin's mid time."""
    edges = np.linspace(norm.vmin, norm.vmax, bins + 1)
    lines, times = [], []
    for t, v, u in path.pieces:
        if t.size < 2:
            continue
        which = np.clip(np.searchsorted(edges, t, side="right") - 1, 0, bins - 1)
        cuts = np.flatnonzero(np.diff(which)) + 1
        starts = np.concatenate(([0], cuts))
        stops = np.concatenate((cuts, [t.size]))
        for a, b in zip(starts, stops, strict=True):
            stop = min(b + 1, t.size)  # overlap one point so the pieces join
            if stop - a < 2:
                continue
            lines.append(np.column_stack((v[a:stop], u[a:stop])))
            times.append(0.5 * (edges[which[a]] + edges[which[a] + 1]))
    return lines, times


def phase_axes(
    ax,
    model: Model,
    run: Run,
    th: Theme,
    *,
    legend: bool = True,
    colorbar_fig: Figure | None = None,
) -> dict[str, int]:
    """Draw a run's phase plane into ``ax``; returns counts of what was drawn."""
    path = trajectory(run, model)
    i_rest, rest_label, i_stim = phase_currents(run)
    currents = [i_rest] if i_stim == i_rest else [i_rest, i_stim]
    (v_lo, v_hi), (u_lo, u_hi) = phase_limits(model, run, path, currents)
    ax.set_xlim(v_lo, v_hi)
    ax.set_ylim(u_lo, u_hi)
    v_grid = np.linspace(v_lo, v_hi, 600)

    # flow: direction only, in screen proportions, so every arrow is legible
    grid_v, grid_u, dv, du = phase_plane.flow_field(
        model, (v_lo, v_hi), (u_lo, u_hi), i_stim, n=(19, 13)
    )
    sx, sy = dv / (v_hi - v_lo), du / (u_hi - u_lo)
    norm = np.hypot(sx, sy)
    norm[norm == 0] = 1.0
    length = 0.028
    ax.quiver(
        grid_v, grid_u, sx / norm * length * (v_hi - v_lo), sy / norm * length * (u_hi - u_lo),
        angles="xy", scale_units="xy", scale=1, color=th.faint, width=0.0022, headwidth=4,
        headlength=4, headaxislength=3.5, zorder=1, gid="flow",
    )  # fmt: skip

    # nullclines
    vertical = phase_plane.vertical_u_nullcline(model)
    if vertical is None:
        ax.plot(v_grid, phase_plane.nullcline_u(model, v_grid), color=th.u, lw=1.4,
                label="u-nullcline", zorder=3, gid="u-nullcline")  # fmt: skip
    else:
        ax.axvline(vertical, color=th.u, lw=1.4, label="u-nullcline", zorder=3, gid="u-nullcline")
    ax.plot(
        v_grid, phase_plane.nullcline_v(model, v_grid, i_rest), color=th.muted, lw=1.2, ls="--",
        label=f"v-nullcline, I = {i_rest:g} ({rest_label})", zorder=3, gid="v-nullcline-rest",
    )  # fmt: skip
    if len(currents) > 1:
        ax.plot(
            v_grid, phase_plane.nullcline_v(model, v_grid, i_stim), color=th.v, lw=1.4,
            label=f"v-nullcline, I = {i_stim:g} (stimulus)", zorder=3, gid="v-nullcline-stimulus",
        )  # fmt: skip

    # threshold and reset lines
    u_line = np.array([u_lo, u_hi])
    ax.plot(phase_plane.threshold_u_line(model, u_line), u_line, color=th.accent, lw=1.0,
            ls=(0, (4, 2)), label="spike cut-off", zorder=2, gid="threshold")  # fmt: skip
    ax.plot(phase_plane.reset_u_line(model, u_line), u_line, color=th.reset, lw=1.0,
            ls=(0, (1, 1.5)), label="reset v = c", zorder=2, gid="reset-line")  # fmt: skip

    # trajectory coloured by time, and the reset jumps
    t_norm = Normalize(float(run.t_ms[0]), float(run.t_ms[-1]))
    lines, times = _time_pieces(path, t_norm)
    cmap = time_colormap(th)
    ax.add_collection(
        LineCollection(lines, colors=cmap(t_norm(np.array(times))), linewidths=1.3, zorder=4,
                       gid="trajectory", capstyle="round", joinstyle="round")
    )  # fmt: skip
    if path.jumps:
        segments = [((a, b), (c, d)) for a, b, c, d in path.jumps]
        ax.add_collection(
            LineCollection(segments, colors=th.muted, linewidths=0.8, linestyles=(0, (2, 2)),
                           zorder=4, gid="reset-jumps")
        )  # fmt: skip
        ax.plot([j[2] for j in path.jumps], [j[3] for j in path.jumps], ls="none", marker="o",
                ms=2.5, color=th.muted, zorder=5, gid="reset-points")  # fmt: skip

    # fixed points at both currents
    stable, unstable = [], []
    for i_ext in currents:
        for fp in phase_plane.fixed_points(model, i_ext):
            if v_lo <= fp.v <= v_hi and u_lo <= fp.u <= u_hi:
                (stable if fp.stable else unstable).append((fp.v, fp.u))
    edge = th.foreground
    ax.plot([p[0] for p in stable], [p[1] for p in stable], ls="none", marker="o", ms=6.5,
            mfc=edge, mec=th.background, mew=1.0, zorder=6, gid="fixed-points-stable")  # fmt: skip
    ax.plot([p[0] for p in unstable], [p[1] for p in unstable], ls="none", marker="o",
            ms=6.5, mfc=th.background, mec=edge, mew=1.3, zorder=6,
            gid="fixed-points-unstable")  # fmt: skip
    u_unit, _ = units(model)
    ax.set_xlabel("v (mV)")
    ax.set_ylabel(f"u ({u_unit})")
    if legend:
        handles, labels = ax.get_legend_handles_labels()
        handles += [
            Line2D([], [], color=cmap(0.6), lw=1.3),
            Line2D([], [], ls="none", marker="o", ms=6, mfc=edge, mec=th.background),
            Line2D([], [], ls="none", marker="o", ms=6, mfc=th.background, mec=edge),
        ]
        labels += ["trajectory", "stable fixed point", "unstable fixed point"]
        if path.jumps:
            handles.append(Line2D([], [], color=th.muted, lw=0.8, ls=(0, (2, 2))))
            labels.append("reset jump")
        target = colorbar_fig or ax.figure
        constrained = target.get_layout_engine() is not None
        target.legend(
            handles, labels, ncols=3, loc="outside lower center" if constrained else "lower center"
        )
    if colorbar_fig is not None:
        mappable = mpl.cm.ScalarMappable(norm=t_norm, cmap=cmap)
        if colorbar_fig.get_layout_engine() is None and len(colorbar_fig.axes) > 1:
            bar = colorbar_fig.colorbar(mappable, cax=colorbar_fig.axes[1])
        else:
            bar = colorbar_fig.colorbar(mappable, ax=ax, pad=0.01, fraction=0.04)
        bar.set_label("time (ms)")
        bar.outline.set_visible(False)
    return {
        "jumps": len(path.jumps),
        "stable": len(stable),
        "unstable": len(unstable),
    }


def phase_figure(preset: Preset, runs: Sequence[Run], th: Theme) -> Figure:
    """The v–u plane of the featured run with nullclines, fixed points, flow and resets."""
    run = featured_run(runs)
    width, height = 6.4, 5.2
    fig = new_figure(th, (width, height), constrained=False)
    left, bottom, top, bar = 0.8, 1.15, 0.32, 0.9
    ax = fig.add_axes(
        (left / width, bottom / height, 1 - (left + bar) / width, 1 - (bottom + top) / height)
    )
    fig.add_axes(
        (1 - (bar - 0.12) / width, bottom / height, 0.14 / width, 1 - (bottom + top) / height)
    )
    phase_axes(ax, preset.model, run, th, colorbar_fig=fig)
    title = preset.label + (f"   ·   {run.label}" if len(runs) > 1 else "")
    ax.set_title(title)
    return fig


# --- thumbnail ---------------------------------------------------------------------------


def thumb_figure(preset: Preset, runs: Sequence[Run], th: Theme) -> Figure:
    """A 240 × 60 px sparkline of v(t) for the gallery grid."""
    run = featured_run(runs)
    fig = Figure(figsize=(2.4, 0.6), dpi=100)
    fig.patch.set_alpha(0.0)
    ax = fig.add_axes((0.0, 0.04, 1.0, 0.92))
    ax.plot(run.t_ms, run.v, color=th.v, lw=0.8)
    ax.set_xlim(run.t_ms[0], run.t_ms[-1])
    ax.set_axis_off()
    fig._ig_rc = {"svg.hashsalt": "izhikevich-gallery", "svg.fonttype": "path",
                  "savefig.transparent": True, "path.simplify_threshold": 0.3}  # fmt: skip
    return fig


# --- f–I ----------------------------------------------------------------------------------


def fi_axes(ax, preset: Preset, th: Theme, colour: str, label: str | None = None) -> None:
    """Draw the f–I curve of a preset into ``ax``, the onset marked."""
    from gallery.analysis.spikes import fi_curve

    loss = phase_plane.rest_loss(preset.model)
    centre = loss.current if math.isfinite(loss.current) else 10.0
    span = max(abs(centre), 1.0)
    currents = np.linspace(centre - 0.5 * span, centre + 1.5 * span, 161)
    curve = fi_curve(preset, currents, t_max_ms=3000.0, transient_ms=500.0, rate="interval")
    ax.plot(curve.currents, curve.rates_hz, color=colour, lw=1.4, label=label or preset.label,
            gid="fi")  # fmt: skip
    if curve.onset_current is not None and math.isfinite(curve.onset_current):
        ax.axvline(curve.onset_current, color=colour, lw=0.8, ls=":")
    _, i_unit = units(preset.model)
    ax.set_xlabel(f"constant current I ({i_unit})")
    ax.set_ylabel("firing rate (Hz)")


def fi_figure(preset: Preset, th: Theme) -> Figure:
    """Steady firing rate against constant current, computed in one population run."""
    fig = new_figure(th, (5.6, 3.6))
    ax = fig.add_subplot()
    fi_axes(ax, preset, th, th.v)
    ax.set_title(f"{preset.label}: f–I curve")
    return fig


# --- entry points ------------------------------------------------------------------------


def figure(preset: Preset, kind: str, theme_name: str = "light", runs: Sequence[Run] | None = None):
    """Build one figure of a preset (``kind`` in KINDS)."""
    th = theme(theme_name)
    if kind not in KINDS:
        raise ValueError(f"unknown figure kind {kind!r} (known: {', '.join(KINDS)})")
    if kind == "fi":
        return draw(th, fi_figure, preset)
    runs = simulate(preset) if runs is None else runs
    builder = {"trace": trace_figure, "phase": phase_figure, "thumb": thumb_figure}[kind]
    return draw(th, builder, preset, runs)


def render(
    preset: Preset, kind: str, *, theme: str = "light", fmt: str = "svg",
    runs: Sequence[Run] | None = None,
) -> bytes:  # fmt: skip
    """One figure of a preset as SVG or PNG bytes."""
    return to_bytes(figure(preset, kind, theme, runs), fmt)
