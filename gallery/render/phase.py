"""The phase-plane figure: nullclines, fixed points, flow, and the trajectory with its resets.

Stage: render (imports ``style``, the analysis stage's ``phase_plane`` and ``trajectory``).
Every artist that tests look for carries a ``gid`` (``reset-jumps``, ``reset-points``,
``fixed-points-stable``, ``fixed-points-unstable``, ``trajectory``, ``v-nullcline-rest``,
``v-nullcline-stimulus``, ``u-nullcline``, ``threshold``, ``reset-line``, ``flow``).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from numpy.typing import NDArray

from gallery.analysis import phase_plane
from gallery.analysis.trajectory import Trajectory, featured_run, phase_currents, trajectory
from gallery.model.catalogue import Model, Preset
from gallery.model.simulate import Run
from gallery.render.style import Theme, new_figure, time_colormap, units

Limits = tuple[tuple[float, float], tuple[float, float]]


def phase_limits(model: Model, run: Run, path: Trajectory, currents: Sequence[float]) -> Limits:
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


def _flow(ax, model: Model, limits: Limits, i_stim: float, th: Theme) -> None:
    """The flow as direction only, in screen proportions, so every arrow is legible."""
    (v_lo, v_hi), (u_lo, u_hi) = limits
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


def _nullclines(ax, model: Model, limits: Limits, run: Run, th: Theme) -> None:
    """The u-nullcline, the v-nullcline at rest and (if it differs) at the stimulus current."""
    (v_lo, v_hi), _ = limits
    i_rest, rest_label, i_stim = phase_currents(run)
    v_grid = np.linspace(v_lo, v_hi, 600)
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
    if i_stim != i_rest:
        ax.plot(
            v_grid, phase_plane.nullcline_v(model, v_grid, i_stim), color=th.v, lw=1.4,
            label=f"v-nullcline, I = {i_stim:g} (stimulus)", zorder=3, gid="v-nullcline-stimulus",
        )  # fmt: skip


def _threshold_and_reset(ax, model: Model, limits: Limits, th: Theme) -> None:
    """The spike cut-off and the reset voltage, as lines across the u range."""
    u_line = np.array(limits[1])
    ax.plot(phase_plane.threshold_u_line(model, u_line), u_line, color=th.accent, lw=1.0,
            ls=(0, (4, 2)), label="spike cut-off", zorder=2, gid="threshold")  # fmt: skip
    ax.plot(phase_plane.reset_u_line(model, u_line), u_line, color=th.reset, lw=1.0,
            ls=(0, (1, 1.5)), label="reset v = c", zorder=2, gid="reset-line")  # fmt: skip


def _path(ax, path: Trajectory, t_norm: Normalize, th: Theme) -> None:
    """The trajectory coloured by time, and the reset jumps with their landing points."""
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


def _fixed_points(
    ax, model: Model, limits: Limits, currents: Sequence[float], th: Theme
) -> tuple[int, int]:
    """The fixed points inside the axes at every current; returns (stable, unstable) counts."""
    (v_lo, v_hi), (u_lo, u_hi) = limits
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
    return len(stable), len(unstable)


def _legend(ax, target: Figure, jumps: bool, th: Theme) -> None:
    """The labelled artists, plus proxies for the trajectory, fixed points and reset jumps."""
    edge = th.foreground
    handles, labels = ax.get_legend_handles_labels()
    handles += [
        Line2D([], [], color=time_colormap(th)(0.6), lw=1.3),
        Line2D([], [], ls="none", marker="o", ms=6, mfc=edge, mec=th.background),
        Line2D([], [], ls="none", marker="o", ms=6, mfc=th.background, mec=edge),
    ]
    labels += ["trajectory", "stable fixed point", "unstable fixed point"]
    if jumps:
        handles.append(Line2D([], [], color=th.muted, lw=0.8, ls=(0, (2, 2))))
        labels.append("reset jump")
    constrained = target.get_layout_engine() is not None
    target.legend(
        handles, labels, ncols=3, loc="outside lower center" if constrained else "lower center"
    )


def _colorbar(ax, fig: Figure, t_norm: Normalize, th: Theme) -> None:
    """The time scale of the trajectory's colours, in the figure's second axes if it has one."""
    mappable = mpl.cm.ScalarMappable(norm=t_norm, cmap=time_colormap(th))
    if fig.get_layout_engine() is None and len(fig.axes) > 1:
        bar = fig.colorbar(mappable, cax=fig.axes[1])
    else:
        bar = fig.colorbar(mappable, ax=ax, pad=0.01, fraction=0.04)
    bar.set_label("time (ms)")
    bar.outline.set_visible(False)


def phase_axes(
    ax, model: Model, run: Run, th: Theme, *, legend: bool = True,
    colorbar_fig: Figure | None = None,
) -> dict[str, int]:  # fmt: skip
    """Draw a run's phase plane into ``ax``; returns counts of what was drawn."""
    path = trajectory(run, model)
    i_rest, _, i_stim = phase_currents(run)
    currents = [i_rest] if i_stim == i_rest else [i_rest, i_stim]
    limits = phase_limits(model, run, path, currents)
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    _flow(ax, model, limits, i_stim, th)
    _nullclines(ax, model, limits, run, th)
    _threshold_and_reset(ax, model, limits, th)
    t_norm = Normalize(float(run.t_ms[0]), float(run.t_ms[-1]))
    _path(ax, path, t_norm, th)
    stable, unstable = _fixed_points(ax, model, limits, currents, th)
    ax.set_xlabel("v (mV)")
    ax.set_ylabel(f"u ({units(model)[0]})")
    if legend:
        _legend(ax, colorbar_fig or ax.figure, bool(path.jumps), th)
    if colorbar_fig is not None:
        _colorbar(ax, colorbar_fig, t_norm, th)
    return {"jumps": len(path.jumps), "stable": stable, "unstable": unstable}


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
