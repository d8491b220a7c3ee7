"""Figures of the reset lesson: the fast–slow view of tonic spiking and tonic bursting.

Stage: render (imports ``style``, the analysis stage's ``fast_slow`` and ``theory_reset``, and
the model stage). The figure draws what the page's prose quotes from the same functions
(:mod:`gallery.analysis.theory_reset`), so figure and text cannot drift apart.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gallery.analysis import theory_reset as lessons
from gallery.analysis.fast_slow import branches
from gallery.model.catalogue import builtin
from gallery.model.simulate import simulate
from gallery.render.style import Theme, new_figure


def _fast_slow_axes(ax, slug: str, th: Theme) -> None:
    preset = builtin().get(slug)
    run = simulate(preset)[0]
    system = lessons.fast_slow_of(preset)
    m = preset.model
    u_lo, u_hi = float(run.u.min()) - 1.0, float(run.u.max()) + 1.0
    u = np.linspace(system.u_fold, u_hi, 300)
    low, high = branches(system, u)
    if system.bistable:
        ax.axvspan(system.u_fold, system.spike_edge, color=th.faint, alpha=0.6, lw=0,
                   label="rest and spiking coexist")  # fmt: skip
    on = run.t_ms >= lessons.onset_ms(preset)
    ax.plot(run.u[on], np.minimum(run.v[on], m.v_peak), color=th.muted, lw=0.6,
            label="the run: (u(t), v(t))", gid="trajectory")  # fmt: skip
    ax.plot(u, low, color=th.v, lw=1.8, label="fast rest v₋(u), stable", gid="branch-stable")
    ax.plot(u, high, color=th.u, lw=1.4, ls="--", label="fast threshold v₊(u), unstable",
            gid="branch-unstable")  # fmt: skip
    ax.axhline(m.c, color=th.reset, lw=1.0, ls=":", label="reset v = c (value in each title)")
    ax.plot(system.u_fold, system.v_fold, "o", color=th.foreground, ms=5, gid="fold")
    ax.set_xlim(u_lo, u_hi)
    ax.set_ylim(min(-80.0, float(run.v.min()) - 2.0), m.v_peak + 5.0)
    ax.set_xlabel("u, frozen (slow variable)")
    ax.set_ylabel("v (mV)")
    ax.set_title(f"{preset.label}: c = {m.c:g}, d = {m.d:g}, I = {system.i_ext:g}")


def fast_slow_figure(th: Theme) -> Figure:
    """Tonic spiking and tonic bursting against the fixed points of their fast subsystem."""
    fig = new_figure(th, (10.0, 5.2))
    axes = fig.subplots(1, 2)
    for ax, slug in zip(axes, lessons.FAST_SLOW_PRESETS, strict=True):
        _fast_slow_axes(ax, slug, th)
    handles, labels = axes[1].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=3, fontsize=7, frameon=False)
    return fig


LESSON_FIGURES = {"fast-slow": fast_slow_figure}
