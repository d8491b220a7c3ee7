"""The static figures of the live cells: one figure family per view.

Stage: render (imports ``style``, ``trace``, ``phase`` and the analysis stage). Each figure is
the first paint of a cell (and what print and no-JS readers see), drawn from the result of
:func:`gallery.analysis.cell_views.analyse` for the cell's starting state. Trace and phase
cells reuse the preset pages' figures; the other four views are drawn here. Curves carry a
``gid`` for the tests.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from gallery.analysis import manifold, phase_plane
from gallery.analysis.bifurcation import Bifurcation
from gallery.analysis.cell_state import CellState, state_model
from gallery.analysis.cell_views import view_preset
from gallery.analysis.fi_sweep import FISweep
from gallery.analysis.reset_map import ResetMap
from gallery.model.catalogue import Preset
from gallery.render.phase import phase_figure
from gallery.render.style import THEMES, Theme, draw, new_figure, to_bytes, units
from gallery.render.trace import trace_figure

SIZE = (6.4, 4.2)


def _window(points: list[float], floor: tuple[float, float]) -> tuple[float, float]:
    finite = [x for x in points if math.isfinite(x)]
    lo, hi = min(finite + [floor[0]]), max(finite + [floor[1]])
    pad = 0.08 * (hi - lo) if hi > lo else 1.0
    return lo - pad, hi + pad


def nullclines_figure(preset: Preset, state: CellState, points, th: Theme) -> Figure:
    """The v–u plane at constant current I: both nullclines and the typed fixed points."""
    model = state_model(preset, state)
    fig = new_figure(th, SIZE)
    ax = fig.add_subplot()
    v_lo = min([-90.0, model.c] + [p.v - 10 for p in points])
    v = np.linspace(v_lo, model.v_peak, 400)
    vn = phase_plane.nullcline_v(model, v, state.amp)
    un = phase_plane.nullcline_u(model, v)
    ax.plot(v, vn, color=th.v, lw=1.8, gid="v-nullcline", label=f"v-nullcline, I = {state.amp:g}")
    vertical = phase_plane.vertical_u_nullcline(model)
    if vertical is not None:
        ax.axvline(vertical, color=th.u, lw=1.8, gid="u-nullcline", label="u-nullcline")
    else:
        ax.plot(v, un, color=th.u, lw=1.8, gid="u-nullcline", label="u-nullcline")
    finite = [x for x in np.concatenate([vn, un]) if math.isfinite(x)]
    box = manifold.nullclines_box(model, tuple(points), float(np.median(finite)))
    threshold = manifold.stable_manifold(model, state.amp, box)
    for k, (vs, us) in enumerate(threshold.branches if threshold else ()):
        ax.plot(vs, us, color=th.foreground, lw=1.4, ls=(0, (6, 4)), gid="stable-manifold",
                label="threshold: the saddle's stable manifold" if k == 0 else None)  # fmt: skip
    for p in points:
        ax.plot(p.v, p.u, "o", ms=7, mec=th.foreground, mew=1.2, zorder=5,
                mfc=th.foreground if p.stable else th.background, gid="fixed-point")  # fmt: skip
        ax.annotate(p.kind, (p.v, p.u), xytext=(6, -12), textcoords="offset points",
                    fontsize=8, color=th.muted)  # fmt: skip
    ax.set_xlim(box.v_lo, box.v_hi)
    ax.set_ylim(box.u_lo, box.u_hi)
    ax.set_xlabel("v (mV)")
    ax.set_ylabel(f"u ({units(model)[0]})")
    ax.legend(loc="upper left")
    ax.set_title(f"{preset.label}: nullclines at I = {state.amp:g}")
    return fig


def fi_figure(preset: Preset, state: CellState, sweep: FISweep, th: Theme) -> Figure:
    """Rate against current, the rising and the falling sweep as two curves."""
    fig = new_figure(th, SIZE)
    ax = fig.add_subplot()
    ax.plot(sweep.currents, sweep.rising, "o-", color=th.v, lw=1.6, ms=4, gid="fi-rising",
            label="rising current")  # fmt: skip
    ax.plot(sweep.currents, sweep.falling, "s--", color=th.u, lw=1.4, ms=3.5, gid="fi-falling",
            label="falling current (state carried over)")  # fmt: skip
    ax.set_xlabel(f"I ({units(state_model(preset, state))[1]})")
    ax.set_ylabel("rate (Hz)")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left")
    ax.set_title(f"{preset.label}: f–I, up then down")
    return fig


def reset_map_figure(preset: Preset, state: CellState, result: ResetMap, th: Theme) -> Figure:
    """M(u_n) = u_{n+1} with the diagonal, the cobweb of one run and the fixed point."""
    fig = new_figure(th, SIZE)
    ax = fig.add_subplot()
    u, after = np.array(result.u), np.array(result.after)
    ax.plot(u, u, color=th.muted, lw=1.0, ls=":", label="u_{n+1} = u_n")
    ax.plot(u, after, color=th.v, lw=1.8, gid="reset-map", label="reset map")
    web = result.orbit
    xs, ys = [web[0]] if web else [], [web[0]] if web else []
    for a, b in zip(web, web[1:], strict=False):
        xs += [a, b]
        ys += [b, b]
    if xs:
        ax.plot(xs, ys, color=th.accent, lw=1.1, gid="cobweb", label="cobweb of one run")
    if result.fixed is not None:
        stable = result.slope is not None and abs(result.slope) < 1
        ax.plot(result.fixed, result.fixed, "o", ms=7, mec=th.foreground, gid="map-fixed-point",
                mfc=th.foreground if stable else th.background, zorder=5)  # fmt: skip
    lo, hi = _window(list(u) + list(after), (result.u[0], result.u[-1]))
    ax.set_xlim(result.u[0], result.u[-1])
    ax.set_ylim(lo, hi)
    unit = units(state_model(preset, state))[0]
    ax.set_xlabel(f"u after spike n ({unit})")
    ax.set_ylabel(f"u after spike n + 1 ({unit})")
    ax.legend(loc="upper left")
    ax.set_title(f"{preset.label}: reset map at I = {state.amp:g}")
    return fig


def bifurcation_figure(preset: Preset, state: CellState, result: Bifurcation, th: Theme) -> Figure:
    """Fixed points v* against I: stable filled, unstable hollow; where rest is lost."""
    fig = new_figure(th, SIZE)
    ax = fig.add_subplot()
    stable = [(p.current, p.v) for p in result.points if p.stable]
    other = [(p.current, p.v) for p in result.points if not p.stable]
    if stable:
        ax.plot(*zip(*stable, strict=False), "o", ms=2.6, color=th.v, gid="stable", label="stable")
    if other:
        ax.plot(*zip(*other, strict=False), "o", ms=2.6, mfc=th.background, mec=th.u,
                gid="unstable", label="unstable")  # fmt: skip
    loss = result.loss
    if math.isfinite(loss.current):
        ax.axvline(loss.current, color=th.accent, lw=1.0, ls="--", gid="rest-loss",
                   label=f"rest lost ({loss.kind}), I = {loss.current:.4g}")  # fmt: skip
    ax.axvline(state.amp, color=th.muted, lw=0.9, ls=":", label=f"I = {state.amp:g}")
    ax.set_xlim(result.currents[0], result.currents[-1])
    model = state_model(preset, state)
    ax.set_ylim(max(-150.0, min([p.v for p in result.points] + [-90.0]) - 5), model.v_peak)
    ax.set_xlabel(f"I ({units(model)[1]})")
    ax.set_ylabel("v* (mV)")
    ax.legend(loc="upper right")
    ax.set_title(f"{preset.label}: fixed points against I")
    return fig


def cell_figure(preset: Preset, view: str, state: CellState, result: Any, th: Theme) -> Figure:
    """The figure of one cell view, drawn from its analysis result."""
    if view == "trace":
        return trace_figure(view_preset(preset, state), result, th)
    if view == "phase":
        return phase_figure(view_preset(preset, state), result, th)
    builders = {"nullclines": nullclines_figure, "fi": fi_figure,
                "reset-map": reset_map_figure, "bifurcation": bifurcation_figure}  # fmt: skip
    return builders[view](preset, state, result, th)


def render_cell(preset: Preset, view: str, state: CellState, result: Any) -> dict[str, bytes]:
    """The cell's figure as SVG in each theme: ``{"light": ..., "dark": ...}``."""
    out = {}
    for name, th in THEMES.items():
        out[name] = to_bytes(draw(th, _drawn, preset, view, state, result), "svg")
    return out


def _drawn(preset: Preset, view: str, state: CellState, result: Any, th: Theme) -> Figure:
    return cell_figure(preset, view, state, result, th)
